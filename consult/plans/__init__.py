"""The plan: processes, phases, versions and sections."""

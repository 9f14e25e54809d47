"""The audit log: who did what, when, before and after."""

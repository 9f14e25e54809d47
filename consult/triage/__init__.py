"""Triage: contributions split into suggestions, routed to groups, recommended, decided, traced."""

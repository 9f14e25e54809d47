"""Accounts, organisations and roles."""

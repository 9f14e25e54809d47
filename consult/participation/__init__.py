"""Participation: comments on sections, written statements and forum feedback."""

"""Hostile and broken input: clear errors, nothing lost, nothing executed."""

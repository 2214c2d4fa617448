"""Aggregates and their events, one module per concept."""

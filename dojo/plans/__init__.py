"""Dojo plans: a facilitator's exercise for a group, as rounds of the same scenario and seed for everyone."""

"""Reusable widgets of the game."""

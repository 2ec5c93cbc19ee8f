"""The session engine: coaching cycles on one scenario, UI-free, emitting events."""

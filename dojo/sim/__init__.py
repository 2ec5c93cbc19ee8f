"""The simulated work process: stations in sequence, driven by a small event engine."""

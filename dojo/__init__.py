"""Kata Dojo: rehearse Toyota Kata coaching against a simulated learner.

The package root stays import-light: the engine (scenarios, sim, learner,
coaching, session, storage) never imports Textual; only ``dojo.tui`` does.
"""

__version__ = "0.1.0"

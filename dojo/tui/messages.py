"""The game's own messages (up the tree); state goes down through reactives."""

from __future__ import annotations

from textual.message import Message


class StartSession(Message):
    """The home screen asks the app to start (or continue) a session."""

    def __init__(self, scenario: str, mode: str, seed: int | None = None, saved_key: str | None = None) -> None:
        super().__init__()
        self.scenario = scenario
        self.mode = mode
        self.seed = seed
        self.saved_key = saved_key

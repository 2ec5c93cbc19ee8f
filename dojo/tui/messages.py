"""The game's own messages (up the tree); state goes down through reactives."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from dojo.plans.joining import Joined
    from dojo.storage.recorder import SavedSession


class StartSession(Message):
    """The home screen asks the app to start a session, or to continue ``saved``."""

    def __init__(
        self, scenario: str, mode: str, seed: int | None = None, saved: SavedSession | None = None,
        joined: Joined | None = None,
    ) -> None:
        super().__init__()
        self.scenario = scenario
        self.mode = mode
        self.seed = seed
        self.saved = saved
        self.joined = joined  # the dojo plan round played (its scenario, seed and mode are the ones above)


class SavingStopped(Message):
    """Saving the session in play failed (posted from the store's thread); the game goes on."""

    def __init__(self, problem: str) -> None:
        super().__init__()
        self.problem = problem

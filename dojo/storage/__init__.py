"""Where sessions are kept: one store interface, its SQLite implementation, one recorder.

Plain Python (stdlib ``sqlite3`` and pydantic): never imports Textual. The game, the
headless commands and the tests all use the same store through :mod:`dojo.storage.api`.

- :mod:`dojo.storage.paths` — the data directory (``DOJO_HOME`` or the platform's user data dir);
- :mod:`dojo.storage.api` — the ``SessionStore`` protocol (the one store interface) and its errors;
- :mod:`dojo.storage.rows` — the rows it returns (sessions, notes);
- :mod:`dojo.storage.sqlite` — ``SqliteStore`` (WAL, one transaction per action, migrations);
- :mod:`dojo.storage.memory` — ``MemoryStore``: the same contract in memory (the contract test runs both);
- :mod:`dojo.storage.recorder` — ``SessionRecorder``: keeps a running ``Session`` in a store,
  driven by its events (headless play and the game alike), resumes one, lists what can be resumed;
- :mod:`dojo.storage.filters` — which sessions a listing is about (kind, player, dojo plan and round);
- :mod:`dojo.storage.history` — progress over time, aggregated in SQL;
- :mod:`dojo.storage.export` — the export data model (what ``dojo export`` writes and
  ``dojo import`` reads) and import; rendering it for people is :mod:`dojo.render`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dojo.storage.sqlite import SqliteStore


def open_store(path: str | Path | None = None, **kw: float) -> SqliteStore:
    """Open the default store (SQLite in the data directory). See :func:`dojo.storage.sqlite.open_store`."""
    from dojo.storage.sqlite import open_store as _open

    return _open(path, **kw)

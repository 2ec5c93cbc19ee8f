"""Where sessions are kept: a small store interface and its SQLite implementation.

Plain Python (stdlib ``sqlite3`` and pydantic): never imports Textual. The TUI, the
headless commands and the tests all use the same store through :mod:`dojo.storage.api`.

- :mod:`dojo.storage.paths` — the data directory (``DOJO_HOME`` or the platform's user data dir);
- :mod:`dojo.storage.api` — the ``SessionStore`` protocol and the rows it returns;
- :mod:`dojo.storage.sqlite` — ``SqliteStore`` (WAL, one transaction per action, migrations);
- :mod:`dojo.storage.recorder` — ``SessionRecorder``: connects a running ``Session`` to a store;
- :mod:`dojo.storage.history` — progress over time, aggregated in SQL;
- :mod:`dojo.storage.export` — export (JSON, Markdown, HTML) and import.
"""

from __future__ import annotations


def open_store(path=None, **kw):  # noqa: ANN001, ANN201 - lazy re-export
    """Open the default store (SQLite in the data directory). See :func:`dojo.storage.sqlite.open_store`."""
    from dojo.storage.sqlite import open_store as _open  # noqa: PLC0415

    return _open(path, **kw)

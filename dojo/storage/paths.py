"""The data directory: ``$DOJO_HOME`` (set by ``--data-dir`` too) or the platform's user data dir."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "DOJO_HOME"
DB_NAME = "dojo.sqlite3"


def data_dir() -> Path:
    value = os.environ.get(ENV_VAR, "").strip()
    if value:
        try:
            return Path(value).expanduser()
        except RuntimeError:  # ``~nouser/x``: no such user, or no home directory
            from dojo.storage.api import StoreError

            raise StoreError(
                f"{value}: cannot find the home directory of {value.split('/', 1)[0]!r} (--data-dir or {ENV_VAR})"
            ) from None
    from platformdirs import user_data_dir

    return Path(user_data_dir("kata-dojo", appauthor=False))


def db_path() -> Path:
    return data_dir() / DB_NAME

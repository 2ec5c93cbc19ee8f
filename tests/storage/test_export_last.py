"""``dojo export last`` exports the last finished session and names a newer unfinished one."""

from __future__ import annotations

import argparse

import pytest

from dojo.storage.api import StoreError
from dojo.storage.sqlite import open_store
from tests.storage.conftest import play


def test_last_finished_skips_a_newer_unfinished_session(store, scenario):
    with pytest.raises(StoreError, match="no sessions stored yet"):
        store.resolve("last", finished=True)
    first_open = play(store, scenario, cycles=1, seed=1).session_id
    with pytest.raises(StoreError, match="no finished session yet"):
        store.resolve("last", finished=True)
    done = play(store, scenario, seed=2).session_id
    newer_open = play(store, scenario, cycles=1, seed=3).session_id
    assert store.resolve("last") == newer_open  # other commands (notes, delete) keep "the last touched"
    assert store.resolve("last", finished=True) == done
    assert store.resolve(first_open[:8], finished=True) == first_open  # an id is taken as given


def test_export_last_says_which_session_it_exported(tmp_path, monkeypatch, capsys, scenario):
    from dojo.cli import export

    monkeypatch.setenv("DOJO_HOME", str(tmp_path))
    store = open_store()
    try:
        done = play(store, scenario, seed=2).session_id
        newer_open = play(store, scenario, cycles=1, seed=3).session_id
    finally:
        store.close()
    assert export.run(argparse.Namespace(session="last", format="json", output=None, force=False)) == 0
    out, err = capsys.readouterr()
    assert done in out and newer_open not in out
    assert newer_open[:8] in err and "unfinished" in err and len(err.strip().splitlines()) == 1

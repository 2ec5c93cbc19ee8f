"""Arguments a user can get wrong: each is one line, and none quietly falls back to the real data directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fuzz.cli_run import keeps_contract, run


@pytest.mark.parametrize("argv, message", [
    (["history", "--limit"], "argument --limit: expected one argument (see: dojo history --help)"),
    (["export", "last", "--turn", "1"], "unrecognized arguments: --turn 1"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
    (["play", "--seed", "x"], "argument --seed: invalid int value: 'x'"),
])
def test_a_mistake_in_the_arguments_is_one_line_without_the_usage(tmp_path: Path, argv: list[str], message: str) -> None:
    o = keeps_contract(run(argv, home=tmp_path))
    assert o.code == 2 and message in o.err and "usage:" not in o.err


@pytest.mark.parametrize("value", ["", "   "])
def test_an_empty_data_dir_is_refused_not_the_default(tmp_path: Path, value: str) -> None:
    o = keeps_contract(run(["--data-dir", value, "history"], home=tmp_path))
    assert o.code == 2 and "--data-dir is empty" in o.err


def test_a_file_as_the_data_dir_is_named_as_such(tmp_path: Path) -> None:
    f = tmp_path / "a-file"
    f.write_text("x", encoding="utf-8")
    o = keeps_contract(run(["history"], home=f))
    assert o.code != 0 and "not a directory" in o.err and "File exists" not in o.err

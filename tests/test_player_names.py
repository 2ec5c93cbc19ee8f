"""The one rule for a player name, how names compare, and the last name remembered."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dojo.errors import UserError
from dojo.players import MAX_NAME, key, last_player, normalize, remember, settings_path


@pytest.mark.parametrize(
    ("raw", "name"),
    [("Ana", "Ana"), ("  Ana   María ", "Ana María"), ("Ana\tMaría", "Ana María"), ("x" * MAX_NAME, "x" * MAX_NAME),
     ("[bold]Eve[/bold]", "[bold]Eve[/bold]"), ("O'Brien-Smith", "O'Brien-Smith"), ("李小龍", "李小龍")],
)
def test_a_valid_name_is_kept_as_typed_without_extra_spaces(raw, name):
    assert normalize(raw) == name


@pytest.mark.parametrize(
    ("raw", "why"),
    [("", "empty"), ("   \n ", "empty"), ("x" * (MAX_NAME + 1), "41 characters"), ("a\x1b[31mb", "U\\+001B"),
     ("a\u202eb", "U\\+202E"), ("a\ud800", "U\\+D800"), ("a\x00", "U\\+0000"), ("a\u200bb", "U\\+200B")],
)
def test_anything_else_is_one_line_saying_why(raw, why):
    with pytest.raises(UserError, match=why) as err:
        normalize(raw)
    assert "\n" not in str(err.value) and "\x1b" not in str(err.value)


@given(st.text(max_size=60))
def test_normalize_accepts_or_refuses_any_text_and_is_idempotent(raw):
    try:
        name = normalize(raw)
    except UserError:
        return
    assert 1 <= len(name) <= MAX_NAME and name.isprintable() and name == name.strip()
    assert normalize(name) == name and "  " not in name


def test_names_differing_in_case_or_spacing_are_one_player():
    assert key("Ana María") == key("  ana   MARÍA") and key("Ana") != key("Anna")
    assert key("Straße") == key("STRASSE")


def test_the_last_name_is_remembered_in_the_data_directory(tmp_path):
    assert last_player(tmp_path) == ""
    remember("  Ana  ", tmp_path)
    assert last_player(tmp_path) == "Ana"
    settings_path(tmp_path).write_text(json.dumps({"player": "Ben", "theme": "dark"}))
    remember("Cleo", tmp_path)
    assert json.loads(settings_path(tmp_path).read_text()) == {"player": "Cleo", "theme": "dark"}
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]  # no temporary file left behind
    with pytest.raises(UserError):
        remember("\x07", tmp_path)
    assert last_player(tmp_path) == "Cleo"


@pytest.mark.parametrize("content", [b"", b"{not json", b"[1, 2]", b'{"player": 3}', b'{"player": "a\\u001b"}',
                                     b"\xff\xfe", b'{"player": "' + b"x" * 70_000 + b'"}'])
def test_a_damaged_settings_file_means_no_name_remembered(tmp_path, content):
    settings_path(tmp_path).write_bytes(content)
    assert last_player(tmp_path) == ""
    remember("Ana", tmp_path)  # and it is replaced whole
    assert last_player(tmp_path) == "Ana"


def test_a_settings_file_that_cannot_be_written_is_one_line(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("")
    with pytest.raises(UserError, match="cannot remember the player name"):
        remember("Ana", blocked)

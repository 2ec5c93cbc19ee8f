"""Nothing a player typed or a file supplied reaches the terminal raw: one sanitiser, every command."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dojo.terminal import BIDI, clean, clean_json

ROOT = Path(__file__).resolve().parents[2]
OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"
NASTY = f"{OSC52}\x9b31m\u202egnp.exe\x7f\r"  # no NUL: it cannot be an argument or a file name
#: What must never be written raw: C0 but newline and tab, DEL, C1, separators, bidi controls, surrogates.
RAW = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{BIDI}\ud800-\udfff]")


def unsafe(text: str, *, newlines: bool = True, tabs: bool = True) -> list[str]:
    allowed = ("\n" if newlines else "") + ("\t" if tabs else "")
    return [
        ch for ch in text
        if ch not in allowed
        and (unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") or ch in BIDI)
    ]


@given(st.text(), st.booleans(), st.booleans())
def test_cleaned_text_has_no_character_a_terminal_acts_on(text: str, newlines: bool, tabs: bool) -> None:
    out = clean(text, newlines=newlines, tabs=tabs)
    assert unsafe(out, newlines=newlines, tabs=tabs) == []
    out.encode("utf-8")  # no lone surrogate left: it can be written at all


@given(st.text())
def test_clean_leaves_ordinary_text_alone_and_is_idempotent(text: str) -> None:
    once = clean(text, newlines=True)
    assert clean(once, newlines=True) == once
    if not unsafe(text):
        assert once == text


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
                    max_leaves=12))
def test_cleaned_json_is_the_same_value_with_nothing_raw(value: object) -> None:
    for dumped in (json.dumps(value, ensure_ascii=False), json.dumps(value, ensure_ascii=False, indent=2)):
        out = clean_json(dumped)
        assert unsafe(out) == []
        assert json.loads(out) == value


def test_an_osc52_clipboard_write_is_shown_not_sent() -> None:
    assert clean(NASTY + "\x00") == "\\x1b]52;c;ZWNobyBwd25lZA==\\x07\\x9b31m\\u202egnp.exe\\x7f\\x0d\\x00"


# --------------------------------------------------------------------------- the commands, as a user runs them


def dojo(*args: str, home: Path, stdin: bytes | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dojo", "--data-dir", str(home), *args], capture_output=True, input=stdin, cwd=ROOT,
        timeout=120, env={**os.environ, **(env or {})},
    )


def assert_nothing_raw(r: subprocess.CompletedProcess) -> str:
    out, err = r.stdout.decode("utf-8"), r.stderr.decode("utf-8")
    assert "Traceback" not in err
    assert RAW.findall(out) == [], out[:2000]
    assert RAW.findall(err) == [], err[:2000]
    return out + err


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with one played session whose coach lines and note carry terminal escapes."""
    home = tmp_path_factory.mktemp("nasty-home")
    script = home / "script.txt"
    script.write_text(
        f"What is the target condition? {NASTY}\x00\nWhat is the actual condition now?\n{NASTY}\n---\n", encoding="utf-8"
    )
    r = dojo("play", "--headless", "--scenario", "assembly-cell", "--script", str(script), "--seed", "3", home=home)
    assert r.returncode == 0, r.stderr
    (home / "play.out").write_bytes(r.stdout)
    r = dojo("notes", "last", "--turn", "1", f"note {NASTY}", "--author", f"eve{NASTY}", home=home)
    assert r.returncode == 0, r.stderr
    return home


def test_headless_play_shows_coach_lines_without_raw_escapes(home: Path) -> None:
    out = (home / "play.out").read_bytes().decode("utf-8")
    assert "\\x1b]52;c;ZWNobyBwd25lZA==\\x07" in out, "the coach line is shown, made visible"
    assert RAW.findall(out) == []


def test_notes_list_shows_author_and_text_escaped(home: Path) -> None:
    r = dojo("notes", "last", home=home)
    text = assert_nothing_raw(r)
    assert "(eve\\x1b]52;c;" in text and "note \\x1b]52" in text


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_exports_on_standard_output_carry_nothing_raw(home: Path, fmt: str) -> None:
    r = dojo("export", "last", "--format", fmt, home=home)
    assert r.returncode == 0, r.stderr
    assert_nothing_raw(r)


def test_a_json_export_keeps_the_exact_text_behind_its_escapes(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    r = dojo("export", "last", "--format", "json", "-o", str(out), home=home)
    assert r.returncode == 0, r.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert RAW.findall(out.read_text(encoding="utf-8")) == []
    assert any(n["text"] == f"note {NASTY}".strip() for n in data["notes"])  # a note is stored stripped


def test_import_history_and_json_history_show_a_crafted_title_escaped(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    assert dojo("export", "last", "--format", "json", "-o", str(out), home=home).returncode == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    data["session"]["title"] = f"Title {NASTY}"
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    other = tmp_path / "other-home"
    r = dojo("import", str(out), home=other)
    assert r.returncode == 0, r.stderr
    assert "Title \\x1b]52" in assert_nothing_raw(r)
    for args in (("history",), ("history", "--json"), ("history", "--json", "--summary")):
        assert_nothing_raw(dojo(*args, home=other))


def test_scenario_list_and_validate_show_titles_and_file_names_escaped(tmp_path: Path) -> None:
    src = (ROOT / "scenarios" / "assembly-cell.yaml").read_text(encoding="utf-8")
    d = tmp_path / "mine"
    d.mkdir()
    titled = re.sub(r"(?m)^title:.*$", lambda _: 'title: "Cell \\e]52;c;eA==\\a \\u202e"', src, count=1)
    titled = re.sub(r"(?m)^id:.*$", "id: nasty-cell", titled, count=1)
    (d / "nasty-cell.yaml").write_text(titled, encoding="utf-8")
    (d / f"bad{OSC52}\u202e.yaml").write_text("id: [\n", encoding="utf-8")
    env = {"DOJO_SCENARIOS": str(d)}
    listed = dojo("scenarios", "list", home=tmp_path, env=env)
    assert "nasty-cell" in assert_nothing_raw(listed)
    assert_nothing_raw(dojo("scenarios", "list", "--json", home=tmp_path, env=env))
    checked = dojo("scenarios", "validate", str(d), home=tmp_path, env=env)
    assert checked.returncode == 1
    assert "bad\\x1b]52" in assert_nothing_raw(checked)


def test_an_error_message_quoting_what_was_typed_is_escaped(tmp_path: Path) -> None:
    r = dojo("export", f"zz{NASTY}", home=tmp_path)
    assert r.returncode != 0
    assert_nothing_raw(r)
    assert len(r.stderr.decode().strip().splitlines()) == 1


def test_score_shows_a_transcript_with_escapes_as_text(tmp_path: Path) -> None:
    talk = tmp_path / "talk.txt"
    talk.write_text(f"What is the target condition? {NASTY}\nlearner: {NASTY}\n---\n", encoding="utf-8")
    for extra in ((), ("--json",)):
        r = dojo("score", str(talk), *extra, home=tmp_path)
        assert r.returncode == 0, r.stderr
        assert_nothing_raw(r)

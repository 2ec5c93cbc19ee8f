"""Helpers for the scenario tests: the valid fixture, edited copies of it, line lookup."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "valid.yaml"
VALID_TEXT = VALID.read_text(encoding="utf-8")


def edited(*pairs: tuple[str, str], text: str = VALID_TEXT) -> str:
    """The fixture text with each ``old`` replaced by ``new`` (each ``old`` must occur exactly once)."""
    for old, new in pairs:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in the fixture"
        text = text.replace(old, new)
    return text


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the only line that contains ``needle``."""
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(hits) == 1, f"{needle!r} is on lines {hits}"
    return hits[0]


def write(tmp_path: Path, text: str | bytes, name: str = "s.yaml") -> Path:
    p = tmp_path / name
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return p


SCHEMA = Path(__file__).resolve().parents[2] / "scenarios" / "scenario.schema.json"
#: The fixture with an absolute schema path on its first line, for copies outside fixtures/.
PORTABLE_TEXT = f"# yaml-language-server: $schema={SCHEMA}\n" + VALID_TEXT.split("\n", 1)[1]

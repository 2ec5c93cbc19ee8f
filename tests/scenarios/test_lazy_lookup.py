"""A scenario looked up by id parses only its own file: 200 files in DOJO_SCENARIOS cost one parse, not 200.

Every file's ``id:`` line is read as text (cheap); only a file naming the id, or one whose
id cannot be read so simply, is parsed. The answer is the one :func:`discover` gives.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from scenario_helpers import PORTABLE_TEXT

from dojo.errors import UserError
from dojo.scenarios import registry
from dojo.scenarios.loader import ScenarioError

ID_LINE = "id: fixture-sandwich-line"


pytestmark = pytest.mark.usefixtures("fresh_registry")


@pytest.fixture
def parsed(monkeypatch) -> list[Path]:
    """The files the registry parses, in order."""
    seen: list[Path] = []
    real = registry.load_file

    def counting(path, **kw):
        seen.append(Path(path))
        return real(path, **kw)

    monkeypatch.setattr(registry, "load_file", counting)
    return seen


def many(tmp_path: Path, monkeypatch, n: int = 30) -> Path:
    d = tmp_path / "many"
    d.mkdir()
    assert PORTABLE_TEXT.count(ID_LINE + "\n") == 1
    for i in range(n):
        (d / f"s{i:03}.yaml").write_text(PORTABLE_TEXT.replace(ID_LINE, f"id: shop-{i}"), encoding="utf-8")
    monkeypatch.setenv(registry.ENV_VAR, str(d))
    return d


def test_a_lookup_by_id_parses_only_that_file(tmp_path, monkeypatch, parsed) -> None:
    d = many(tmp_path, monkeypatch)
    assert registry.load_scenario("shop-17").id == "shop-17"
    assert parsed == [d / "s017.yaml"]
    assert registry.find_path("shop-17") == registry.discover().paths["shop-17"]


def test_an_id_written_another_way_is_still_found_and_the_first_file_wins(tmp_path, monkeypatch, parsed) -> None:
    d = many(tmp_path, monkeypatch, n=3)
    (d / "a-flow.yaml").write_text(PORTABLE_TEXT.replace(ID_LINE, "'id' : shop-2"), encoding="utf-8")
    path = registry.find_path("shop-2")
    assert path == d / "a-flow.yaml" == registry.discover().paths["shop-2"]  # sorted first: it shadows s002


def test_a_broken_file_does_not_shadow_a_valid_one(tmp_path, monkeypatch) -> None:
    d = many(tmp_path, monkeypatch, n=3)
    (d / "a-broken.yaml").write_text(PORTABLE_TEXT.replace(ID_LINE, "id: shop-1\nnot_a_key: 1"), encoding="utf-8")
    assert registry.find_path("shop-1") == d / "s001.yaml" == registry.discover().paths["shop-1"]


def test_an_unknown_id_names_the_known_ones_and_a_broken_file_by_that_name_says_why(tmp_path, monkeypatch) -> None:
    d = many(tmp_path, monkeypatch, n=3)
    with pytest.raises(UserError, match=r"unknown scenario 'shop-9'; did you mean 'shop-2'\?; known: .*shop-0, shop-1, shop-2"):
        registry.load_scenario("shop-9")
    (d / "cafe.yaml").write_text(PORTABLE_TEXT.replace(ID_LINE, "id: cafe\nnot_a_key: 1"), encoding="utf-8")
    with pytest.raises(ScenarioError, match="unknown key 'not_a_key'"):
        registry.load_scenario("cafe")

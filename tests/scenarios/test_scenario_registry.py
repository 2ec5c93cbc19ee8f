"""Finding scenarios: built-in directory, $DOJO_SCENARIOS, lookup by id or path, the cache."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from scenario_helpers import VALID, VALID_TEXT, edited, write

from dojo.errors import UserError
from dojo.scenarios import registry
from dojo.scenarios.loader import ScenarioError

REPO = Path(__file__).resolve().parents[2]


pytestmark = pytest.mark.usefixtures("fresh_registry")


@pytest.fixture
def own(tmp_path, monkeypatch) -> Path:
    d = tmp_path / "mine"
    d.mkdir()
    shutil.copy(VALID, d / "sandwich.yaml")
    monkeypatch.setenv(registry.ENV_VAR, str(d))
    return d


def test_builtin_dir_is_the_repo_scenarios_directory():
    assert registry.builtin_dir() == REPO / "scenarios"


def test_builtin_scenarios_listed_and_valid():
    infos = registry.list_scenarios()
    assert all(i.builtin for i in infos)
    for info in infos:
        assert registry.load_scenario(info.id).id == info.id


def test_own_directory_listed_first(own):
    infos = registry.list_scenarios()
    assert infos[0].id == "fixture-sandwich-line"
    assert infos[0].builtin is False
    assert infos[0].persona == ["eager", "jumps_to_solutions"]
    assert infos[0].learner == "Sam"
    assert Path(infos[0].path).name == "sandwich.yaml"


def test_several_directories_in_env(tmp_path, monkeypatch):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    write(a, VALID_TEXT, "one.yaml")
    write(b, edited(("id: fixture-sandwich-line", "id: second")), "two.yaml")
    monkeypatch.setenv(registry.ENV_VAR, f"{a}{os.pathsep}{b}{os.pathsep}")
    ids = [i.id for i in registry.list_scenarios()]
    assert ids[:2] == ["fixture-sandwich-line", "second"]


def test_own_copy_shadows_builtin_with_same_id(tmp_path, monkeypatch):
    builtin = registry.list_scenarios()
    if not builtin:
        pytest.skip("no built-in scenarios yet")
    d = tmp_path / "mine"
    d.mkdir()
    src = Path(builtin[0].path)  # relative to the working directory, or absolute
    text = src.read_text(encoding="utf-8")
    first_title = next(line for line in text.splitlines() if line.startswith("title:"))
    write(d, text.replace(first_title, "title: My own copy", 1), "copy.yaml")
    monkeypatch.setenv(registry.ENV_VAR, str(d))
    infos = [i for i in registry.list_scenarios() if i.id == builtin[0].id]
    assert len(infos) == 1 and infos[0].title == "My own copy" and not infos[0].builtin
    assert registry.load_scenario(builtin[0].id).title == "My own copy"


def test_missing_env_directory_is_a_user_error(monkeypatch, tmp_path):
    monkeypatch.setenv(registry.ENV_VAR, str(tmp_path / "nope"))
    with pytest.raises(UserError, match=r"^DOJO_SCENARIOS: .*nope: no such directory$"):
        registry.list_scenarios()


def test_load_by_id_and_by_path(own):
    by_id = registry.load_scenario("fixture-sandwich-line")
    by_path = registry.load_scenario(str(own / "sandwich.yaml"))
    assert by_id is by_path  # the same cached object
    assert registry.load_scenario(own / "sandwich.yaml") is by_id


def test_unknown_id_lists_known_ones(own):
    with pytest.raises(UserError) as info:
        registry.load_scenario("fixture-sandwich")
    msg = str(info.value)
    assert msg.startswith("unknown scenario 'fixture-sandwich'; did you mean 'fixture-sandwich-line'?; known: ")
    assert "fixture-sandwich-line" in msg.split("known: ")[1]
    assert not isinstance(info.value, ScenarioError)


def test_broken_file_is_left_out_of_the_list_but_reported_by_discover(own):
    write(own, "id: [\n", "broken.yaml")
    assert "broken" not in [i.id for i in registry.list_scenarios()]
    catalog = registry.discover()
    assert [p.name for p, _ in catalog.broken] == ["broken.yaml"]
    with pytest.raises(ScenarioError, match=r"broken\.yaml:2: YAML syntax error"):
        registry.load_scenario("broken")  # the file stem names it when its id cannot be read


def test_cache_rereads_an_edited_file(own):
    first = registry.load_scenario("fixture-sandwich-line")
    assert registry.load_scenario("fixture-sandwich-line") is first
    p = own / "sandwich.yaml"
    p.write_text(edited(("title: The sandwich line", "title: The sandwich line, edited")), encoding="utf-8")
    st = p.stat()
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns + 10_000_000))
    assert registry.load_scenario("fixture-sandwich-line").title == "The sandwich line, edited"


def test_no_builtin_dir_when_not_marked(tmp_path, monkeypatch):
    # a non-editable install: the package's grandparent has no scenarios/scenario.schema.json
    fake_pkg = tmp_path / "site-packages" / "dojo" / "scenarios"
    fake_pkg.mkdir(parents=True)
    (tmp_path / "site-packages" / "scenarios").mkdir()  # somebody else's directory
    monkeypatch.setattr(registry, "_PACKAGE_DIR", fake_pkg)
    assert registry.builtin_dir() is None
    assert registry.list_scenarios() == []
    with pytest.raises(UserError, match=r"no scenarios found .*DOJO_SCENARIOS"):
        registry.load_scenario("anything")
    (fake_pkg / "builtin").mkdir()  # package data, if a wheel build ships them
    assert registry.builtin_dir() == fake_pkg / "builtin"

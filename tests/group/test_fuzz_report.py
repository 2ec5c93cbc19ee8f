"""``dojo report`` keeps the command-line contract whatever it is given: no traceback, a failure is
one line and a non-zero exit, and nothing a terminal would act on reaches the screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.cli_run import keeps_contract, run

NASTY_CHARS = "\x1b\x07\x9b\u202e\ud800\x00\r\n|*_<>[]()`#"
nasty_text = st.text(alphabet=st.sampled_from(NASTY_CHARS) | st.characters(codec="utf-8"), max_size=30)
PLAN = """\
id: fuzz-plan
title: "Fuzz \\e]52;c;eA==\\a <b>plan</b>"
rounds:
  - title: "One \\u202e"
    scenario: assembly-cell
    seed: 7
    minutes: 20
    focus: "[x](http://evil.example) \\e[2J"
"""
VALUES = ["fuzz-plan", "nope", "plans/fuzz-plan.yaml", "broken.yaml", "0", "1", "2", "-1", str(10**30), "x",
          "/dev/null", "/", "", " ", "md", "html", "text", "json", "out.md", "~nouser-fuzz/x", "\x1b]52;c;eA==\x07"]
OPTIONS = ["--plan", "--round", "--format", "-o", "--force", "--names", "--help"]


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("fuzz-report")
    (home / "plans").mkdir()
    (home / "plans" / "fuzz-plan.yaml").write_text(PLAN)
    (home / "broken.yaml").write_text("id: [\nrounds: !!python/object:os.system x\n")
    return home


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(OPTIONS) | st.sampled_from(VALUES) | nasty_text, max_size=6), st.booleans())
def test_any_arguments_keep_the_contract(home, monkeypatch_module, rest, with_plan):
    args = ["report", *([] if not with_plan else ["--plan", "fuzz-plan"]), *[r.replace("\x00", "") for r in rest]]
    o = run(args, home=home)
    if "--help" in rest:
        assert "Traceback" not in o.err
        return
    keeps_contract(o)
    assert o.code in (0, 2)


@pytest.fixture(scope="module")
def monkeypatch_module(home: Path):
    """Relative paths in the arguments (plans/…, out.md) are the data directory's."""
    mp = pytest.MonkeyPatch()
    mp.chdir(home)
    yield mp
    mp.undo()

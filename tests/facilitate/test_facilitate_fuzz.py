"""``dojo facilitate`` keeps the command-line contract for hypothesis-made arguments and hostile plan files:
no traceback, a failure is one line and exit 2, nothing a terminal acts on is printed; the screen never opens."""

from __future__ import annotations

from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.cli_run import keeps_contract, run

ARGS = ["listening-dojo", "plans/listening-dojo.yaml", "--restart", "--help", "", " ", "[bold]", "\x1b]52;c;eA==\x07",
        "\u202etxt", "/dev/null", "/", "../etc", "x" * 300, "nope", "-", "--round", "1"]
PLAN_TEXTS = ["", "id: x\n", "id: [\n", "version: 1\nid: Bad Id\ntitle: t\nrounds: []\n", "a: &a [*a]\n", "\x1b[31m: 1\n",
              "id: ok\ntitle: t\nrounds:\n  - {title: r, scenario: assembly-cell, seed: 1, minutes: 999, focus: f}\n",
              "id: ok\ntitle: '[red]x'\nrounds:\n  - {title: r, scenario: nope, seed: 1, minutes: 5, focus: f}\n"]


def _no_screen(app):
    app.close_store()
    return 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.sampled_from(ARGS) | st.text(max_size=20), max_size=4), st.sampled_from(PLAN_TEXTS))
def test_any_arguments_and_plan_files_keep_the_contract(tmp_path_factory, rest, plan_text):
    home = tmp_path_factory.mktemp("fuzz-facilitate")
    plan_file = home / "given.yaml"
    plan_file.write_text(plan_text)
    argv = ["facilitate", *[r.replace("\x00", "") for r in rest]]
    if len(rest) % 2:
        argv.append(str(plan_file))
    with mock.patch("dojo.tui.screens.facilitate_app.run_facilitator", _no_screen):
        o = run(argv, home=home)
    if "--help" in rest:
        assert "Traceback" not in o.err
        return
    keeps_contract(o)
    assert o.code in (0, 2), o


def test_the_shipped_plan_gets_as_far_as_the_screen(tmp_path):
    with mock.patch("dojo.tui.screens.facilitate_app.run_facilitator", _no_screen) as opened:
        o = keeps_contract(run(["facilitate", "listening-dojo"], home=tmp_path))
    assert (o.code, o.err) == (0, "")
    assert opened is _no_screen and (tmp_path / "plans" / "listening-dojo.state.json").is_file()

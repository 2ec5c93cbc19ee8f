"""``dojo scenarios``: validate, list, schema; one line per problem and never a traceback."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from scenario_helpers import PORTABLE_TEXT, VALID, VALID_TEXT, edited, line_of, write

from dojo.cli import scenarios as scenarios_cli
from dojo.errors import UserError
from dojo.scenarios import registry
from dojo.scenarios.loader import display_path
from dojo.scenarios.schema import schema_text

REPO = Path(__file__).resolve().parents[2]
PROBLEM_LINE = re.compile(r"^[^:\n]+(:\d+)?: (\S+: )?.+$")


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    monkeypatch.delenv(registry.ENV_VAR, raising=False)
    registry.clear_cache()


def main(argv: list[str]) -> int:
    """``dojo.cli.main.main`` with only this command registered, so that other commands
    being written at the same time cannot break these tests (the subprocess tests run
    the real program)."""
    import argparse

    parser = argparse.ArgumentParser(prog="dojo")
    sub = parser.add_subparsers(dest="command")
    scenarios_cli.add_parser(sub).set_defaults(_run=scenarios_cli.run)
    args = parser.parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except UserError as exc:
        print(f"dojo: error: {exc}", file=sys.stderr)
        return exc.exit_code


def dojo(*args: str) -> tuple[int, str, str]:
    """The real program in a subprocess."""
    script = REPO / ".venv" / "bin" / "dojo"
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "dojo"]
    # the test's own data directory: the scenario index must not land in the repository's HOME
    env = {"PATH": "/usr/bin:/bin", "HOME": str(REPO), "LANG": "C.UTF-8", "DOJO_HOME": os.environ["DOJO_HOME"]}
    r = subprocess.run([*cmd, *args], capture_output=True, text=True, cwd=REPO, env=env, timeout=60)
    return r.returncode, r.stdout, r.stderr


# ----------------------------------------------------------------------------- validate


def test_validate_valid_file(capsys):
    assert main(["scenarios", "validate", str(VALID)]) == 0
    out, err = capsys.readouterr()
    assert out == "ok: 1 scenario\n" and err == ""


def test_validate_builtin_scenarios(capsys):
    if registry.builtin_dir() is None or not registry.scenario_files(registry.builtin_dir()):
        pytest.skip("no built-in scenarios yet")
    code = main(["scenarios", "validate"])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert re.fullmatch(r"ok: \d+ scenarios?\n", out)


def test_validate_directory_and_problems(tmp_path, capsys):
    write(tmp_path, PORTABLE_TEXT, "a.yaml")
    bad = edited(("      mean: 35\n", "      mean: -35\n"), ("  - cycle: 2", "  - cycle: 9"), text=PORTABLE_TEXT)
    write(tmp_path, bad, "b.yaml")
    write(tmp_path, "not a scenario", "notes.txt")  # ignored: not *.yaml
    code = main(["scenarios", "validate", str(tmp_path)])
    out, err = capsys.readouterr()
    f = display_path(tmp_path / "b.yaml")
    assert code == 1
    assert out.splitlines() == [
        f"{f}:{line_of(bad, 'mean: -35')}: process.stations.1.mean: Input should be greater than 0 (got -35)",
        f"{f}:{line_of(bad, 'cycle: 9')}: events.0.cycle: cycle 9 is after the last cycle (4)",
    ]
    assert err == "2 problems in 1 of 2 scenario files\n"


def test_validate_requires_schema_line(tmp_path, capsys):
    p = write(tmp_path, VALID_TEXT.split("\n", 1)[1])
    assert main(["scenarios", "validate", str(p)]) == 1
    out, _ = capsys.readouterr()
    assert out.startswith(f"{display_path(p)}:1: the first line should be '# yaml-language-server: $schema=")


def test_validate_duplicate_ids_across_files(tmp_path, capsys):
    write(tmp_path, PORTABLE_TEXT, "a.yaml")
    write(tmp_path, PORTABLE_TEXT, "b.yaml")
    assert main(["scenarios", "validate", str(tmp_path)]) == 1
    out, _ = capsys.readouterr()
    assert out == (
        f"{display_path(tmp_path / 'b.yaml')}:2: id: scenario id 'fixture-sandwich-line' is also used by "
        f"{display_path(tmp_path / 'a.yaml')}\n"
    )


def test_validate_empty_directory(tmp_path, capsys):
    assert main(["scenarios", "validate", str(tmp_path)]) == 1
    out, _ = capsys.readouterr()
    assert out == f"{display_path(tmp_path)}: no *.yaml scenario files in this directory\n"


def test_bad_inputs_in_a_subprocess_one_line_each_no_traceback(tmp_path):
    write(tmp_path, b"id: caf\xe9\n", "latin1.yaml")
    write(tmp_path, "", "empty.yaml")
    write(tmp_path, "- a\n- b\n", "list.yaml")
    write(tmp_path, "id: [x\ntitle: y\n", "syntax.yaml")
    write(tmp_path, "id: !!python/object/apply:os.system ['echo pwned']\n", "tag.yaml")
    (tmp_path / "dir.yaml").mkdir()
    with (tmp_path / "huge.yaml").open("wb") as f:
        f.truncate(10 * 1024 * 1024)
    names = ["latin1", "empty", "list", "syntax", "tag", "dir", "huge", "missing"]
    code, out, err = dojo("scenarios", "validate", *(str(tmp_path / f"{n}.yaml") for n in names))
    assert code == 1
    assert "Traceback" not in err and "Traceback" not in out
    assert "pwned" not in out + err
    lines = out.splitlines()
    for name in names:
        mine = [line for line in lines if line.startswith(display_path(tmp_path / f"{name}.yaml") + ":")]
        assert mine, f"no problem reported for {name}.yaml"
        assert all(PROBLEM_LINE.match(line) for line in mine), mine
    # dir.yaml is a directory argument: its *.yaml files are checked (there are none, a problem)
    assert re.fullmatch(r"\d+ problems in 7 of 7 scenario files\n", err)


def test_unknown_env_directory_in_a_subprocess(tmp_path):
    script = REPO / ".venv" / "bin" / "dojo"
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "dojo"]
    r = subprocess.run(
        [*cmd, "scenarios", "list"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={"PATH": "/usr/bin:/bin", "HOME": str(REPO), "DOJO_SCENARIOS": str(tmp_path / "nope")},
        timeout=60,
    )
    assert r.returncode == 2
    assert r.stderr == f"dojo: error: DOJO_SCENARIOS: {tmp_path / 'nope'}: no such directory\n"


# ----------------------------------------------------------------------------- list and schema


def test_list_json_shape(tmp_path, monkeypatch, capsys):
    shutil.copy(VALID, tmp_path / "sandwich.yaml")
    write(tmp_path, "id: [\n", "broken.yaml")
    monkeypatch.setenv(registry.ENV_VAR, str(tmp_path))
    assert main(["scenarios", "list", "--json"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert isinstance(data, list) and data
    for item in data:
        assert set(item) == {"id", "title", "domain", "difficulty", "persona", "premise", "learner", "path", "builtin"}
        assert isinstance(item["persona"], list)
    assert data[0] == {
        "id": "fixture-sandwich-line",
        "title": "The sandwich line",
        "domain": "service",
        "difficulty": "beginner",
        "persona": ["eager", "jumps_to_solutions"],
        "premise": "A lunchtime sandwich counter where queues grow at noon.",
        "learner": "Sam",
        "path": display_path(tmp_path / "sandwich.yaml"),
        "builtin": False,
    }
    broken = display_path(tmp_path / "broken.yaml")
    assert err == f"dojo: warning: skipped {broken}: 1 problem (dojo scenarios validate {broken})\n"


def test_list_table(tmp_path, monkeypatch, capsys):
    shutil.copy(VALID, tmp_path / "sandwich.yaml")
    monkeypatch.setenv(registry.ENV_VAR, str(tmp_path))
    assert main(["scenarios"]) == 0  # no subcommand: list
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["ID", "TITLE", "DOMAIN", "DIFFICULTY", "PERSONA"]
    assert lines[1].startswith("fixture-sandwich-line  The sandwich line")
    assert lines[1].endswith("beginner      eager, jumps_to_solutions")


def test_schema_command(capsys):
    assert main(["scenarios", "schema"]) == 0
    assert capsys.readouterr().out == schema_text()


def test_scenarios_command_does_not_import_textual():
    code = (
        "import sys\n"
        "import argparse\n"
        "from dojo.cli import scenarios\n"
        "p = argparse.ArgumentParser(); scenarios.add_parser(p.add_subparsers()).set_defaults(_run=scenarios.run)\n"
        f"a = p.parse_args(['scenarios', 'validate', {str(VALID)!r}]); a._run(a)\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert r.returncode == 0, r.stderr


def test_validate_by_id(tmp_path, monkeypatch, capsys):
    write(tmp_path, PORTABLE_TEXT, "sandwich.yaml")
    monkeypatch.setenv(registry.ENV_VAR, str(tmp_path))
    assert main(["scenarios", "validate", "fixture-sandwich-line"]) == 0
    assert capsys.readouterr().out == "ok: 1 scenario\n"
    assert main(["scenarios", "validate", "no-such-scenario"]) == 1
    assert capsys.readouterr().out == "no-such-scenario: no such scenario file\n"

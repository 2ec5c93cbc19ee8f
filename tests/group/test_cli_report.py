"""``dojo report`` end to end: sessions played through the real engine by three made-up coaches (and one
player who did not finish), kept in a store with their players and plan round, exported, and reported on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dojo.group import build_group_report, exported_rounds, stored_rounds
from dojo.render import render as render_export
from dojo.session.record import PlanTag, SessionRecord
from dojo.storage.export import build_export
from dojo.storage.memory import MemoryStore
from dojo.storage.sqlite import open_store
from tests.group.coaches import leader, listener, play_into, reciter

ROOT = Path(__file__).resolve().parents[2]
PLAN_ID = "monday-dojo"
PLAN_YAML = f"""\
id: {PLAN_ID}
title: Monday dojo
rounds:
  - title: Listen for the prediction
    scenario: assembly-cell
    seed: 7
    minutes: 20
    focus: listen for the learner's prediction
  - title: Follow up
    scenario: hospital-lab
    seed: 3
    minutes: 15
    focus: follow up on what the learner says
  - title: Nobody yet
    scenario: review-queue
    seed: 1
    minutes: 15
    focus: the reflection
"""
NAMES = ("Ana", "Ben", "Cai", "Dee")


def dojo(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dojo", "--data-dir", str(home), *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})


def refused(r: subprocess.CompletedProcess[str], match: str) -> None:
    assert r.returncode == 2 and "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and match in lines[0], r.stderr


def _play_group(store: MemoryStore | object) -> None:
    """Round 1: a listener, a card reciter, a leading questioner, and a player who stopped; round 2: one listener."""
    t = 1_700_000_000.0
    for k, (player, coach) in enumerate((("Ana", listener), ("Ben", reciter), ("Cai", leader))):
        play_into(store, "assembly-cell", 7, coach, player=player, plan=PLAN_ID, round_=1, start=t + k)  # type: ignore[arg-type]
    play_into(store, "assembly-cell", 7, listener, player="Dee", plan=PLAN_ID, round_=1, start=t + 10, finish=False)  # type: ignore[arg-type]
    play_into(store, "hospital-lab", 3, listener, player="Ana", plan=PLAN_ID, round_=2, start=t + 100)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> tuple[MemoryStore, Path, list[str]]:
    """The group's sessions in a store, each also exported as JSON (as players hand them in), and a data
    directory with the plan in it."""
    home = tmp_path_factory.mktemp("report-home")
    (home / "plans").mkdir()
    (home / "plans" / f"{PLAN_ID}.yaml").write_text(PLAN_YAML)
    store = MemoryStore()
    _play_group(store)
    files = []
    for k, row in enumerate(store.sessions()):
        path = home / f"session-{k}.json"
        path.write_text(render_export(build_export(store, row.id)[0], "json"))
        files.append(str(path))
    return store, home, files


def test_the_store_and_the_exported_files_give_the_same_debrief(played):
    store, home, files = played
    from dojo.cli.report import load_plan

    plan = load_plan(str(home / "plans" / f"{PLAN_ID}.yaml"))
    stored = stored_rounds(store, PLAN_ID)
    exported, warnings = exported_rounds(files, PLAN_ID)
    assert warnings == []
    assert sorted(stored) == sorted(exported) == [1, 2]
    assert sorted(s.player for s in stored[1]) == list(NAMES)
    assert [s.report is None for s in sorted(stored[1], key=lambda s: s.player)] == [False, False, False, True]
    for n in (1, 2):
        a = build_group_report(stored[n], plan=plan, round=n, names=True)
        b = build_group_report(exported[n], plan=plan, round=n, names=True)
        assert a == b


def test_a_round_debrief_from_exported_files(played):
    _, home, files = played
    r = dojo("report", "--plan", PLAN_ID, "--round", "1", *files, home=home)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "Group debrief: Monday dojo, round 1: Listen for the prediction" in out
    assert "4 players played, 3 finished" in out
    assert "leading questions" in out.split("Most common anti-patterns")[1].split("\n\n")[0]
    for title in ("A follow-up in the learner's own words", "The coach's idea, taken on by the learner", "Moved on from a reply"):
        assert title in out
    assert not [name for name in NAMES if name in out], "no player is named without --names"
    assert "skipped: played for plan monday-dojo round 2" in r.stderr  # the round-2 file


def test_names_list_each_player_alphabetically_into_a_file(played, tmp_path):
    _, home, files = played
    out = tmp_path / "round1.md"
    r = dojo("report", "--plan", PLAN_ID, "--round", "1", "--names", "-o", str(out), *files, home=home)
    assert r.returncode == 0 and f"dojo: wrote {out}" in r.stderr
    md = out.read_text()
    table = md.split("## Per player")[1]
    rows = [line.split("|")[1].strip() for line in table.splitlines() if line.startswith("| ") and "player" not in line]
    assert rows == list(NAMES)
    assert "| Dee | not finished |" in table
    assert " — Ana" in md and " — Cai" in md  # whose session each example is from, when asked
    refused(dojo("report", "--plan", PLAN_ID, "--round", "1", "-o", str(out), *files, home=home),
            "already exists; add --force")


def test_every_round_played_without_round_and_html_from_the_file_name(played, tmp_path):
    _, home, files = played
    out = tmp_path / "plan.html"
    r = dojo("report", "--plan", PLAN_ID, "-o", str(out), *files, home=home)
    assert r.returncode == 0, r.stderr
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>") and "round 1: Listen for the prediction" in page
    assert "round 2: Follow up" in page and "Only one player has finished" in page
    assert "Nobody yet" not in page  # a round nobody played has no debrief


def test_mistakes_are_one_line_and_exit_2(played, tmp_path):
    _, home, files = played
    refused(dojo("report", "--plan", "nope", home=home), "unknown plan 'nope'")
    refused(dojo("report", "--plan", PLAN_ID, "--round", "5", *files, home=home), "has rounds 1 to 3, not 5")
    refused(dojo("report", "--plan", PLAN_ID, "--round", "3", *files, home=home),
            f"no sessions for round 3 of plan {PLAN_ID} in the 5 files given")
    refused(dojo("report", "--plan", PLAN_ID, "--round", "1", home=home),
            f"no sessions for round 1 of plan {PLAN_ID} in {home / 'dojo.sqlite3'}")
    not_export = tmp_path / "talk.txt"
    not_export.write_text("coach: What is the target condition?\n")
    refused(dojo("report", "--plan", PLAN_ID, str(not_export), home=home), f"{not_export}:1: not JSON")
    other = tmp_path / "other.json"
    other.write_text('{"format": "something-else"}')
    refused(dojo("report", "--plan", PLAN_ID, files[0], str(other), home=home), "not a Kata Dojo session export")
    bad_plan = tmp_path / "bad.yaml"
    bad_plan.write_text(PLAN_YAML.replace("seed: 3", "seed: -3"))
    refused(dojo("report", "--plan", str(bad_plan), *files, home=home), f"{bad_plan}:11: rounds.1.seed:")
    refused(dojo("report", "--plan", PLAN_ID, "--round", "x", home=home), "invalid int value")


def _sqlite_keeps_plans(tmp_path: Path) -> bool:
    with open_store(tmp_path / "probe.sqlite3") as store:
        sid = store.create(SessionRecord(scenario_id="x", scenario_digest="d", seed=1, started_at=1.0, player="p",
                                         plan=PlanTag(plan_id="p", round=1)))
        return store.record(sid).plan is not None or store.get(sid).plan_id is not None


def test_the_data_directorys_store_gives_the_rounds_sessions(played, tmp_path):
    """The default: sessions from the SQLite store in the data directory (once it keeps the plan round)."""
    _, home, files = played
    if not _sqlite_keeps_plans(tmp_path):
        pytest.skip("the SQLite store does not keep a session's plan round yet (the players branch adds it)")
    data = tmp_path / "home"
    (data / "plans").mkdir(parents=True)
    (data / "plans" / f"{PLAN_ID}.yaml").write_text(PLAN_YAML)
    with open_store(data / "dojo.sqlite3") as store:
        _play_group(store)
    from_store = dojo("report", "--plan", PLAN_ID, "--round", "1", "--names", "--format", "md", home=data)
    from_files = dojo("report", "--plan", PLAN_ID, "--round", "1", "--names", "--format", "md", *files, home=home)
    assert from_store.returncode == 0, from_store.stderr
    assert from_store.stdout == from_files.stdout


def test_the_facilitators_screen_gets_the_same_report_in_one_call(played):
    store, home, files = played
    from dojo.cli.report import load_plan
    from dojo.group import render, round_report

    plan = load_plan(str(home / "plans" / f"{PLAN_ID}.yaml"))
    report = round_report(store, plan, 1)
    assert report == build_group_report(exported_rounds(files, PLAN_ID, 1)[0][1], plan=plan, round=1)
    assert "4 players played, 3 finished" in render(report, "text")
    assert round_report(store, plan, 3).players == 0  # nobody yet: a report that says so, not an error


def test_a_store_that_selects_by_plan_is_asked_to_and_no_record_is_read(played):
    store, _, _ = played
    from dojo.group.sources import plan_rows

    class Selecting:
        """A store whose sessions() selects by plan and round (as the SQLite store will)."""

        def __init__(self) -> None:
            self.asked: list[tuple[str | None, int | None]] = []

        def sessions(self, *, kind=None, limit=None, player=None, plan=None, round=None):
            self.asked.append((plan, round))
            return plan_rows(store, plan, round)

        def record(self, session_id):
            raise AssertionError("a store that selects by plan needs no record read")

        def debrief(self, session_id):
            return store.debrief(session_id)

    selecting = Selecting()
    rounds = stored_rounds(selecting, PLAN_ID, 1)  # type: ignore[arg-type]
    assert selecting.asked == [(PLAN_ID, 1)] and sorted(s.player for s in rounds[1]) == list(NAMES)

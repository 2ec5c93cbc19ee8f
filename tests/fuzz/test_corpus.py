"""Every crafted file in ``corpus/`` through the commands that read it: the contract holds, and each is refused.

Each file is one way a scenario, transcript or session export has broken the dojo before
(an impossible date, a 5,000-digit number, an alias bomb, an OSC 52 clipboard write,
JSON nested 1,500 deep...); see ``corpus/README.md``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dojo.scenarios.loader import check_file
from tests.fuzz.cli_run import keeps_contract, run

CORPUS = Path(__file__).parent / "corpus"
ROOT = Path(__file__).resolve().parents[2]
GOOD_SCRIPT = str(ROOT / "examples" / "assembly-cell-good.txt")
#: Crafted files that are nonetheless fine: the dojo must read them, not refuse them.
ACCEPTED = {"bom-crlf.yaml", "bidi-title.yaml", "markup-title.yaml", "osc52-title.yaml", "bidi.txt", "crlf.txt", "markup.txt", "nul.txt", "osc52.txt"}


def files(kind: str) -> list[Path]:
    return sorted((CORPUS / kind).iterdir())


@pytest.mark.parametrize("path", files("scenarios"), ids=lambda p: p.name)
def test_a_crafted_scenario_is_refused_in_one_line_by_validate_and_play(path: Path, tmp_path: Path) -> None:
    scenario, problems = check_file(path)
    assert (scenario is not None) == (path.name in ACCEPTED), problems
    assert all("\n" not in str(p) for p in problems)
    keeps_contract(run(["scenarios", "validate", str(path)], home=tmp_path))
    played = keeps_contract(run(["play", "--headless", "--no-save", "--scenario", str(path), "--script", GOOD_SCRIPT],
                                home=tmp_path))
    assert (played.code == 0) == (path.name in ACCEPTED), played


@pytest.mark.parametrize("path", files("transcripts"), ids=lambda p: p.name)
def test_a_crafted_transcript_keeps_the_contract_in_score_and_play(path: Path, tmp_path: Path) -> None:
    scored = keeps_contract(run(["score", str(path)], home=tmp_path))
    assert (scored.code == 0) == (path.name in ACCEPTED), scored
    keeps_contract(run(["play", "--headless", "--no-save", "--scenario", "assembly-cell", "--script", str(path)],
                       home=tmp_path))


@pytest.mark.parametrize("path", files("imports"), ids=lambda p: p.name)
def test_a_crafted_import_is_refused_in_one_line_and_stores_nothing(path: Path, tmp_path: Path) -> None:
    o = keeps_contract(run(["import", str(path)], home=tmp_path))
    assert o.code != 0
    history = keeps_contract(run(["history", "--json"], home=tmp_path))
    assert history.code == 0 and history.out.strip() == "[]"

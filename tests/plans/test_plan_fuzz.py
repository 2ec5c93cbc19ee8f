"""Hypothesis over edited plan files: a plan or problems of one line each, and validate/play keep the CLI's contract."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dojo.plans.loader import check_text
from tests.fuzz.cli_run import keeps_contract, run
from tests.fuzz.test_properties import FUZZ, YAML_VALUES, nasty_text

ROOT = Path(__file__).resolve().parents[2]
VALID = (ROOT / "plans" / "listening-dojo.yaml").read_text(encoding="utf-8")


@st.composite
def mutated_plan(draw: st.DrawFn) -> str:
    lines = VALID.split("\n")
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(["value", "insert", "delete"]))
        value = draw(st.sampled_from(YAML_VALUES) | nasty_text)
        if how == "value" and ":" in lines[i]:
            lines[i] = f"{lines[i].split(':', 1)[0]}: {value}"
        elif how == "insert":
            lines.insert(i, draw(st.sampled_from(["", "  ", "    "])) + draw(st.sampled_from(["x", "seed", "- "])) + f": {value}")
        elif len(lines) > 1:
            del lines[i]
    return "\n".join(lines)


@FUZZ
@given(mutated_plan())
def test_any_edit_of_a_plan_is_a_plan_or_problems_of_one_line_each(text: str) -> None:
    found, problems = check_text(text, "p.yaml")
    assert (found is None) == bool(problems)
    for p in problems:
        assert "\n" not in str(p) and str(p).startswith("p.yaml")


@settings(FUZZ, max_examples=10)
@given(text=mutated_plan(), number=st.sampled_from(["1", "2", "3", "4", "0", "-1"]))
def test_validate_and_play_keep_the_contract_for_any_edited_plan(tmp_path_factory, text: str, number: str) -> None:
    home = tmp_path_factory.mktemp("fuzz-plan")
    path = home / "edited.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    keeps_contract(run(["plans", "validate", str(path)], home=home))
    keeps_contract(run(["play", "--headless", "--no-save", "--plan", str(path), "--round", number, "--script",
                        str(ROOT / "examples" / "assembly-cell-good.txt")], home=home))

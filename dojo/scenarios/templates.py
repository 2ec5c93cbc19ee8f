"""Response templates: ``{name}`` placeholders filled from live data, nothing more.

Only plain names from :data:`FIELDS` are allowed; there is no attribute access, no
indexing, no format spec, so a scenario file cannot reach into Python objects.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from dojo.formatting import number

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")

FIELDS: dict[str, str] = {
    "learner": "the learner's name",
    "process": "the focus process name",
    "challenge": "the challenge",
    "target": "the target condition in words",
    "target_value": "the target value of the focus metric",
    "metric": "the focus metric, in words",
    "statistic": "median, p90 or mean",
    "unit": "the unit of the focus metric (s, min, units/h, %)",
    "achieve_by": "the achieve-by date, as people say it (Friday 13 March)",
    "days_left": "days left until the achieve-by date",
    "latest": "the latest run's value of the target statistic",
    "median": "median of the focus metric in the latest run",
    "p90": "90th percentile of the focus metric in the latest run",
    "mean": "mean of the focus metric in the latest run",
    "min": "smallest value of the focus metric in the latest run",
    "max": "largest value of the focus metric in the latest run",
    "gap": "distance from the latest value to the target",
    "to_go": "the gap said the right way round: '6.5 s to go', or past the line '3 s inside the target'",
    "throughput": "units finished per hour in the latest run",
    "fpy": "first-pass yield in percent in the latest run",
    "defects": "units that needed rework in the latest run",
    "wip": "average units in process in the latest run",
    "units_done": "units finished in the latest run",
    "bottleneck": "the busiest station in the latest run",
    "focus_obstacle": "the obstacle in focus",
    "obstacles": "the obstacles on the parking lot, listed",
    "last_step": "the last step taken",
    "last_expected": "what the learner expected from the last step",
    "last_happened": "what happened in the last step",
    "last_learned": "what was learned from the last step",
    "next_step": "the next step the learner has in mind",
    "next_expected": "what the learner expects from the next step",
    "day": "the day of the session (1, 2, ...)",
    "date": "today's date in the scenario (Wednesday 4 March)",
    "go_see_date": "the date of the next coaching cycle, when the step's result is in (Friday 6 March)",
    "go_see_day": "the weekday of go_see_date (Friday)",
    "cycle": "the coaching cycle number",
    "thing": "the word the coach used for something this process does not have",
    "said": "what the learner already said in this cycle, in short",
    "missing": "why a question cannot be answered yet, in the learner's words",
    "reason": "the learner's reasoning for the obstacle in focus, from what they know",
    "source": "where the learner's numbers come from",
    "observed": "what the last observation step found",
    "observed_step": "the last observation step",
    "check_against": "what the next run is held against: the written prediction, or the target while there is none",
    "last_event": "what else happened in the last run (a scripted event), if anything",
    "extreme": "which end of the run the coach picked out: slowest or fastest (highest or lowest)",
    "extreme_value": "the value of that point: the run's largest or smallest",
    "event_note": "a sentence on an event that hit the last run, starting with a space; empty when none did",
}


def placeholders(template: str) -> list[str]:
    """The placeholder names used in a template (unknown or malformed ones included)."""
    return PLACEHOLDER.findall(template)


def unknown_placeholders(template: str) -> list[str]:
    return [name for name in placeholders(template) if name not in FIELDS]


def render(template: str, values: Mapping[str, object]) -> str:
    """Fill ``{name}`` placeholders; a missing value renders as an empty string, never as code."""

    def fill(m: re.Match[str]) -> str:
        value = values.get(m.group(1))
        if value is None:
            return ""
        if isinstance(value, float):
            return number(value)
        text = str(value)
        # A sentence filled in before the template's next sentence ("What I learned: {x} That's
        # new.") or at its end ("My prediction: {x}") ends with a full stop even when the value
        # was written without one. A count or a
        # name before a capitalised word ("{defects} PRs had…", "{bottleneck} Station") is no sentence.
        if (
            (_NEW_SENTENCE.match(template, m.end()) or not template[m.end():].strip())
            and len(text.split()) >= _SENTENCE_WORDS
            and not text.rstrip().endswith(_SENTENCE_ENDS)
        ):
            return text.rstrip() + "."
        return text

    return PLACEHOLDER.sub(fill, template)


#: What ends a sentence (closing quotes and brackets after it too).
_SENTENCE_ENDS = (".", "!", "?", "\u2026", ":", ";", ".\"", "?\"", "!\"", ".)", "?)", "!)")
#: A template going on with a new sentence after a placeholder: a space and a capitalised word
#: (not an acronym such as "PRs" or "ICU", which go on the sentence they are in).
_NEW_SENTENCE = re.compile(r" +[A-Z](?![A-Z])")
#: A filled-in value this long or longer reads as a sentence of its own.
_SENTENCE_WORDS = 3

"""Fallback answers for situations a scenario leaves out (card steps are always in the scenario)."""

from __future__ import annotations

from dojo.scenarios.models import ResponseKey

DEFAULT_RESPONSES: dict[ResponseKey, list[str]] = {
    ResponseKey.LAST_STEP_NONE: [
        "We haven't run a step yet. This is our first cycle on the board.",
        "Nothing yet. I've only just set up the storyboard.",
    ],
    ResponseKey.EXPECTED_NONE: [
        "Honestly? I didn't write a prediction down. I just wanted to see what happened.",
        "I didn't really say what I expected. I suppose I hoped it would get better.",
    ],
    ResponseKey.DONT_KNOW: [
        "I don't know yet. I'd have to go and look before I could say.",
        "That's the thing: I don't know yet what's really behind it.",
    ],
    ResponseKey.CLARIFY: [
        "Let me show you on the board. The latest run: median {median} {unit}, anywhere from {min} to {max}.",
        "Well, the points on the run chart spread a lot: {min} to {max} {unit}.",
    ],
    ResponseKey.LEADING_ADOPT: [
        "Hm. I hadn't thought of that. If you think so, I can try it.",
        "OK, sure, I can try that.",
    ],
    ResponseKey.TELLING_COMPLY: [
        "OK. If that's what you want, I'll do it.",
        "Right. I'll do that then.",
    ],
    ResponseKey.TELLING_PUSHBACK: [
        "We tried things like that before. I'm not sure it's that simple.",
        "With respect, I've been here a while. That won't fix it on its own.",
    ],
    ResponseKey.JUDGED: [
        "I... think so? Maybe I got it wrong.",
        "I did what I could with the time I had.",
    ],
    ResponseKey.CLOSED: [
        "Yes.",
        "Mostly, yes.",
        "Not really.",
    ],
    ResponseKey.CLOSED_BETTER: [
        "Yes, it moved: {last_happened}.",
        "It did. {last_happened}.",
    ],
    ResponseKey.CLOSED_WORSE: [
        "Not really: {last_happened}.",
        "No. {last_happened}.",
    ],
    ResponseKey.GO_SEE_NO_STEP: [
        "Go and see what, though? We haven't agreed what to try yet.",
        "Once we've agreed on a step, sure. What would we be looking at?",
    ],
    ResponseKey.ASK_COACH: [
        "I don't know. What do you think I should do?",
        "You tell me. What would you do?",
    ],
    ResponseKey.SMALL_TALK: [
        "Sure.",
        "Thanks. Shall we look at the board?",
    ],
}

#: Asked again which obstacle, the learner names the one in focus instead of reading out the parking lot.
FOCUS_ONLY = "This one, for now: {focus_obstacle}."

#: What happened in a step from before the storyboard's run chart, told as it was written down.
BOARD_HAPPENED = "What happened: {last_happened}"

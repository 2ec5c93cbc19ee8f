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
    ResponseKey.LEADING_PUSHBACK: [
        "We tried something like that a few years back. What makes you think it'd be different now?",
        "Hm. That's been suggested before, and it didn't stick. I'd rather not go down that road again.",
    ],
    ResponseKey.HEDGED_PREDICTION: [
        "I'd rather not put a number on it in case I'm wrong. Let's just see what happens.",
        "Honestly, I don't want to promise anything. Can we just try it and see?",
    ],
    ResponseKey.OVER_PROMISE: [
        "And honestly I think this one will get us all the way to the target!",
        "I've got a really good feeling about this one: it could be the one that cracks it!",
        "Between us, I reckon this solves it for good!",
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
    ResponseKey.FAREWELL: [
        "Thanks. See you then.",
        "Cheers. I'll get on with it.",
    ],
    ResponseKey.OFF_TOPIC: [
        "The {thing}? We don't have one here, as far as I know.",
        "Sorry, the {thing}? I'm not with you. That's not part of {process}.",
        "The {thing}? I don't follow. What has that got to do with our target?",
    ],
    ResponseKey.REPEATED: [
        "As I said, {said}",
        "Like I said a minute ago: {said}",
        "As I said before: {said}",
    ],
    ResponseKey.NOT_YET: [
        "{missing}",
        "Hm? {missing}",
    ],
    ResponseKey.EVIDENCE: [
        "From {source}: the {statistic} {metric} in the last run was {latest} {unit}, points from {min} to {max}, "
        "against a target of {target_value}.",
        "I read it off {source}: {units_done} units in the last run, {statistic} {latest} {unit}, "
        "{to_go}.",
    ],
    ResponseKey.REASONING: [
        "Because {reason}",
        "My reasoning: {reason}",
    ],
    ResponseKey.SHOW_CHART: [
        "Here, the last run: the {statistic} is {latest} {unit}, the points go from {min} to {max}, "
        "and the target line is at {target_value}.",
        "See the dots? {min} {unit} at the lowest, {max} at the highest, the {statistic} at {latest}. "
        "The target line is {target_value}.",
    ],
    ResponseKey.OUTLIER: [
        "That's the {extreme} one, {extreme_value} {unit}. The chart only has each one's total, not where the "
        "time went, so I can't tell you what happened to it.{event_note}",
        "The {extreme_value} {unit} one? I don't know what happened there. The chart shows the total, not the "
        "waits inside it.{event_note}",
    ],
    ResponseKey.OBSERVATION: [
        "What we found: {observed}",
        "From the observation ({observed_step}): {observed}",
    ],
    ResponseKey.CHECK: [
        "From the run chart: I'll put the next run's {statistic} {metric} next to {check_against}",
        "We look at the {statistic} {metric} after the next run and hold it against {check_against}",
    ],
}

#: Why a question cannot be answered yet (the ``missing`` value of a ``not_yet`` reply), by situation.
MISSING: dict[str, str] = {
    "which_one": "Which one of what? We haven't been through the obstacles yet.",
    "no_step": "We haven't run a step yet, so there's nothing to look back on.",
    "no_plan": "Expect from what? We haven't talked about a next step yet.",
    "no_observation": "We haven't watched or timed anything yet. I couldn't tell you what it would show.",
    "no_step_agreed": "We didn't agree a step last time, so nothing was changed. The chart just shows the process as it was: {last_happened}.",
    "coach_idea": "Honestly, I haven't thought about what it'll do. It was your idea, so I'd be guessing what you expect.",
}

#: The learner's reasons for the obstacle in focus (the ``reason`` value of a ``reasoning`` reply).
REASONS: dict[str, str] = {
    "from_run": "of the last run: {last_happened}. That's why I'm on this one: {focus_obstacle}.",
    "from_chart": "the chart says the {statistic} is {latest} {unit} against {target_value}, and I think this is "
    "where the time goes: {focus_obstacle}.",
    "gut": "it's what I see every day: {focus_obstacle}. I haven't measured it, to be honest.",
    "observed": "of what we found when we did this: {observed_step}. {observed}",
    "busiest": "{bottleneck} was the busiest station last shift, and this is what I think holds it up: {focus_obstacle}.",
}

#: The learner's reasons for other things a "why" asks about (:class:`dojo.learner.asks.Why`):
#: the target, the step planned or taken, something they do not know.
WHY_REASONS: dict[str, str] = {
    "target": "it's our next step toward the challenge: {challenge_start}. {target_value} {unit} by {achieve_by} is what "
    "we think we can reach on the way, not the whole way.",
    "step": "it goes at the obstacle I'm on: {focus_obstacle}. What I expect from it: {next_expected}",
    "last_step": "it went at the obstacle I was on, and I expected this: {last_expected}",
    "last_step_unplanned": "it looked like the obvious thing at the time. I didn't write down why, or what I expected.",
    "unknown": "I haven't looked closely enough yet. Until I've seen it for myself, I'd be guessing.",
}

#: What the next run is held against (the ``check_against`` value of a ``check`` reply): the
#: prediction once it is written down, the target before.
CHECK_AGAINST: dict[str, str] = {
    "prediction": "what I wrote down: {next_expected}",
    "target": "the target, {target_value} {unit}. I haven't written down what I expect from the step yet.",
}

#: Where the learner's numbers come from (the ``source`` value of an ``evidence`` reply).
SOURCES = {"chart": "the run chart"}

#: When every variant has been used already, a reply is varied with one of these so it never repeats word for word.
VARIATIONS: tuple[str, ...] = ("Again: {text}", "Like I said, {text}", "Still the same: {text}", "Once more: {text}")
#: The same, said in a new cycle: asked afresh, not again ("Again:" would blame the coach).
LATER_VARIATIONS: tuple[str, ...] = (
    "Same as last time: {text}", "As on the board: {text}", "That hasn't changed: {text}", "Still the same: {text}",
)

#: Asked again which obstacle, the learner names the one in focus instead of reading out the parking lot.
FOCUS_ONLY = "This one, for now: {focus_obstacle}."

#: The card's words in roles they cannot play ("What actual condition did the next step expect?"): the
#: learner cannot tell which question it is (an off-topic reply: it counts for nothing).
GARBLED: tuple[str, ...] = (
    "Sorry, you've lost me. {Thing}? Which part of the card do you mean?",
    "I don't follow: {thing}? Could you ask that another way?",
    "Hm? {Thing}? I'm not sure what you're asking me.",
)

#: Asked how they could find out, with a change planned: an observation takes its place first.
FIND_OUT_FIRST = "Good point. Before changing anything, {step} Then we'd know whether the change is worth making."

#: Asked how they could find out, with a change planned and nothing to observe first: the step is the test.
FIND_OUT_BY_TRYING = "By trying it small and looking at the next run: {step} If the chart doesn't move, that's an answer too."

#: Asked how they could find out, with an observation planned already.
FIND_OUT_PLANNED = "That's what the step is for: {step} It changes nothing; it shows us what's really going on."

#: Asked for a smaller step when the planned one is the smallest they have.
SMALLEST = "That's about as small as I can make it: {step} It changes one thing, so we'll see what that one thing does."

#: Asked for a smaller step, the learner swaps a change for a step that learns first.
SMALLER = "Smaller, then: before changing anything, {step} That tells me more than the change would."

#: Asked for a smaller step than a tempting fix, the learner takes a plainer change for the same obstacle.
SMALLER_CHANGE = "Smaller, then: instead of that, {step} If that helps, we know more about why."

#: What happened in a step from before the storyboard's run chart, told as it was written down.
BOARD_HAPPENED = "What happened: {last_happened}"

#: Said after the result of a run that did not get better, when an event played in it.
EVENT_NOTE = "Mind you, something else happened in that run: {last_event}."

#: Asked what is measured ("from where to where?"): what one point of the chart is, from the scenario.
MEASURED = "Each point on the chart is {measure}."

#: Asked for the figures after an answer about the run that did not give the statistic itself.
FIGURES = "In numbers: the {statistic} is {latest} {unit}, the median {median}; {to_go}."

#: A prediction pinned down when the coach asks "how much, by when?": the date the result is in and the target line.
SHARPENED = "By {go_see_date}, when the next run is on the chart against the {target_value} {unit} line: {next_expected}"

#: "What does that tell you?" after a learning: what follows from it is where the learner looks next.
IMPLICATIONS = (
    "It tells me where to look next: {focus_obstacle}.",
    "That the next thing to work on is this one: {focus_obstacle}.",
)

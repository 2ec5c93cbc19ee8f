"""What a follow-up asks for, whatever label it was heard as: small text cues for the learner.

The label says which card step a question belongs to; these cues say what the coach wants
back: the source of the evidence, the reasoning, the run chart, what an observation found, a
yes or no about the last step's effect, or "which one" of something not discussed yet.
"""

from __future__ import annotations

import re
from enum import StrEnum

from dojo.coaching.cues import asks_about_effect
from dojo.learner.vocabulary import normalise


class Ask(StrEnum):
    EVIDENCE = "evidence"  # "How do you know?"
    REASONING = "reasoning"  # "Why do you think so?"
    SHOW_CHART = "show_chart"  # "Show me on the run chart."
    OBSERVATION = "observation"  # "What did the stopwatch show?"
    EFFECT = "effect"  # "Did it help?" — a yes or no about the last step's effect
    MEANING = "meaning"  # "What does that tell you?" — what follows from a learning
    CHECK = "check"  # "How will you know it worked?" — how the coming step's effect will be seen
    MEASURE = "measure"  # "Measured from where to where?" — what one point of the chart is
    OUTLIER = "outlier"  # "What was going on at that high point?" — one point of the run, not the run


_EVIDENCE = re.compile(
    r"\b(how (do|did|can|could) you (know|tell|be sure|measure|see that|check)|how do we know|what makes you (say|sure)"
    r"|where (does|did|do) (that|this|it|the|those|these)\b.*\b(come from|from)|what('s| is) (that|this|it) based on"
    r"|what (evidence|data)|what tells you|how sure are you|what shows (that|this|it)|where did you get)"
)
_REASONING = re.compile(
    r"\b(why (do|did|would) you (think|believe|say|choose|chose|pick|want|go for|feel)|why (that|this) one"
    r"|why (that|this|those|these)\b|what makes you think|what('s| is) your reason(ing)?|why is that|^why\b)"
)
_SHOW_CHART = re.compile(
    r"\b(show me|on the (run )?chart|run chart|on the graph|point (me )?to|where on the|which (dot|point)s?)"
)
_OBSERVATION = re.compile(
    r"\b(what did (the|your|that|those|this) (\w+ )?(stopwatch|observation|timing|study|log|timestamps?|data|count|pull|sheet"
    r"|notes?|tally|survey|list|watch|follow|check)\w*( \w+)? (show|say|tell|give|turn up)"
    r"|\b(stopwatch|timestamps?|observation|tally|count|sheet|notes|log|pull)\w* (showed|said|told|gave)\b"
    r"|\b(the|those|these) (\d+ )?\w+( \w+)? (that |which )?you (timed|watched|followed|observed|counted|pulled|logged|tallied|shadowed)\b"
    r"|what did you (see|notice|find|observe|spot|count)\b.*\b(when|while|as) you"
    r"|what did you (see|notice|find|observe|find out) (there|at|on|in|from)"
    r"|what did (timing|watching|following|observing|counting|logging|pulling) \w+"
    r"|when you (timed|watched|followed|observed|sat|stood|counted|pulled|logged)"
    r"|what (was|were) the (findings|results of the observation))"
)
_MEANING = re.compile(
    r"\b(what (does|did|do) (that|this|it|those|these) (tell|mean|say|show) (to )?(you|us)|what do you make of (that|this|it)"
    r"|so what does (that|this|it) mean|what follows from (that|this|it)|what does that mean for)\b"
)
#: How the coming step's effect will be seen: the future, not "how do you know?" (evidence now).
_CHECK = re.compile(
    r"\bhow (will|would|are|could|can|shall) (you|we|i|they) (be able to |going to |gonna )?(know|tell|see|check|measure|be sure|judge|verify)"
    r"|\bhow (will|would|are) (you|we|i|they) (be able to |going to |gonna )?find out\b"
    r"|\bwhat(?: will| would|'s going to| is going to) (tell|show) (you|us|me)\b"
    r"|\bwhat (will|would) (you|we) (measure|watch|look at|track|count|check)\b"
    r"|\bhow (will|would) (we|you) (measure|track|check)\b"
)
#: What is measured: where the clock starts and stops, what one point is.
_MEASURE = re.compile(
    r"\bmeasured (from|between)\b|\bfrom where to where\b|\bfrom when to when\b|\bstart(s|ing)? and stop(s|ping)?\b"
    r"|\b(where|when) (does|do) (the )?(clock|timer|time|timing|measurement) (start|stop|begin|end)"
    r"|\bwhat (exactly )?(is|are) (you|we) (measuring|timing)\b|\bwhat (does|do) (each|one|a|the) (point|dot)s? (mean|stand for|show)"
    r"|\bwhat('s| is) (a|one|each) (point|dot)\b|\bhow (is|are) (that|it|this|the \w+( \w+)?) (measured|defined|timed)\b"
    r"|\bdefinition of\b"
)
#: One point of the run picked out: the highest or lowest, a spike, a value that stands out.
_OUTLIER = re.compile(
    r"\b(high|higher|highest|top|peak|slowest|worst|longest|biggest|tallest|low|lowest|fastest|best|shortest|odd|stray)"
    r" (point|points|dot|dots|one|ones|value|spike|case|day|run)\b"
    r"|\b(spikes?|outliers?|peaks?)\b"
    r"|\b(that|the|this|those) (\d[\d,]*(\.\d+)? ?(s|h|min|mins|sec|secs|seconds|minutes|hours)?|one|dot|point)( one)? (really )?(stands?|sticks?|jumps?) out\b"
    r"|\bwhat (was|is|were) (going on|happening|up) (at|with|in|on|there)\b.*\b(\d+|high|low|top|peak|spike|that one|point|dot)\b"
)
_LOW = re.compile(r"\b(low|lowest|fastest|best|shortest)\b")
_WHICH_ONE = re.compile(r"\bwhich (one|of them|of those|of these)\b|^which\b(?!.*\b(obstacle|problem|issue|step))")


def asks(text: str) -> Ask | None:
    """The one thing a follow-up asks for, or None. Observation before show-chart ("what did the
    stopwatch show" names a show), reasoning before evidence ("what makes you think" is a why)."""
    t = normalise(text).strip()
    if asks_about_effect(t):
        return Ask.EFFECT
    for ask, pattern in (
        (Ask.CHECK, _CHECK),
        (Ask.MEASURE, _MEASURE),
        (Ask.OUTLIER, _OUTLIER),
        (Ask.MEANING, _MEANING),
        (Ask.OBSERVATION, _OBSERVATION),
        (Ask.REASONING, _REASONING),
        (Ask.EVIDENCE, _EVIDENCE),
        (Ask.SHOW_CHART, _SHOW_CHART),
    ):
        if pattern.search(t):
            return ask
    return None


def asks_about_the_low_end(text: str) -> bool:
    """An outlier question about the fastest or lowest point, not the slowest or highest."""
    return bool(_LOW.search(normalise(text)))


class Why(StrEnum):
    """What a "why" is about, when it is not the learner's last claim or the obstacle in focus."""

    TARGET = "target"  # "Why 44 minutes?", "Why that target?"
    STEP = "step"  # "Why that step?", "Why did you choose to time it?"
    UNKNOWN = "unknown"  # "Why don't you know?", "Why no prediction?"
    RESULT = "result"  # "Why did it go down?", "Why did the p90 get worse?" — what the run means


_WHY = re.compile(r"\b(why|how come|what made you|what's the reason|what is the reason)\b")
_WHY_UNKNOWN = re.compile(
    r"\bwhy (do|did|have|can)(n't| not) you (know|predict|write|say|have|expect|measure|count|check)|why no (prediction|number|data|idea)"
    r"|how come you (don't|didn't|do not|did not|haven't|have not) (know|predict|write|have)"
    r"|\b(not having|without) (a|any) (step|prediction|plan)\b|\bno (step|plan) (again|yet)\b"
)
_WHY_RESULT = re.compile(
    r"\b(why|how come)\b.*\b(it|that|the \w+( \w+)?|things|numbers?|chart|line)\b.*"
    r"\b(go|went|gone|come|came|drop(ped)?|fall|fell|rise|rose|get|got|improve[ds]?|change[ds]?|move[ds]?|stay(ed)?|jump(ed)?|"
    r"(got|get|is|was) (better|worse|lower|higher|faster|slower))\b"
)
_WHY_TARGET = re.compile(r"\b(target|goal|challenge|deadline|that date|the date|by then|the line)\b")
_WHY_STEP = re.compile(
    r"\b(step|experiment|that change|this change|idea|choose|chose|chosen|pick|picked|decide|decided|go for|went for"
    r"|want to (try|do|run)|try (that|this|it)|do (that|this|it)|run (that|this|it))\b"
    r"|\bwhy (did|would|will|do) you (switch|try|run|put|add|move|change|time|count|ask|use|start|stop|set|make|take)\b"
)
_FIGURE = re.compile(r"\d+(?:\.\d+)?")


def why_about(text: str, target: float | None = None) -> Why | None:
    """What a "why" asks the reason for: the target (or its figure), a step, or something the
    learner does not know; None for a why about what they just said."""
    t = normalise(text).strip()
    if not _WHY.search(t):
        return None
    if _WHY_UNKNOWN.search(t):
        return Why.UNKNOWN
    if _WHY_STEP.search(t):
        return Why.STEP
    if _WHY_RESULT.search(t):
        return Why.RESULT
    figures = {float(x) for x in _FIGURE.findall(t)}
    if _WHY_TARGET.search(t) or (target is not None and target in figures):
        return Why.TARGET
    return None


_STEP = re.compile(r"\b(next|step|try|trying|experiment|plan|planning|change|test)\b")


def names_a_step(text: str) -> bool:
    """Does the question itself name a step ("What do you expect from that change?")?"""
    return bool(_STEP.search(normalise(text)))


_ASKS_LIST = re.compile(r"\b(obstacles?|problems?|issues?|in (the|your) way|blocking|stopping|preventing)\b")


def asks_which_one(text: str) -> bool:
    """'Which one?' with nothing named: it points back at a list the conversation must have had.
    A question that asks for the list too ("What's in your way? Which one first?") is not one."""
    t = normalise(text).strip()
    return bool(_WHICH_ONE.search(t)) and not _ASKS_LIST.search(t)


_WHAT_SEEN = re.compile(r"^(and |so |ok,? |okay,? )?what (did|have) you (seen?|noticed?)( so far)?\??$")


def asks_what_seen(text: str) -> bool:
    """A bare "What did you see?": after an opinion it asks what the opinion rests on."""
    return bool(_WHAT_SEEN.search(normalise(text).strip()))




_NUMBERS = re.compile(
    r"\b(numbers?|figures?|data|p\d+|median|average|percent(age)?|how many|how long|how much|in (minutes|seconds|hours|days))\b"
)


def asks_for_numbers(text: str) -> bool:
    """Asks for the current condition in figures ("where are we, in numbers?", "what's the p90 today?")."""
    return bool(_NUMBERS.search(normalise(text)))


_SMALLER = re.compile(
    r"\b(smaller|smallest|tinier|tiniest|simpler|simplest|quicker|quickest|cheaper|cheapest|safer|safest) "
    r"(thing|step|experiment|test|change|version|way|bit)"
    r"|\b(teach|tell|show) (you|us) something\b|\bsomething (small|quick) (you could|to) (try|test|do)"
)


def asks_smaller_step(text: str) -> bool:
    """Asks for a smaller step than the one proposed: "What's the smallest thing you could try that
    would teach you something?"."""
    return bool(_SMALLER.search(normalise(text)))

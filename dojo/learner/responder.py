"""How the learner answers a coach move, and how the move changes the learner.

The learner is believable rather than endlessly cooperative: data comes when asked
for evidence, a deep learning when the reflection compares prediction and result,
a prediction only when asked, and at the edge of their knowledge the learner says
"I don't know yet" — a follow-up that asks for a step to find out pays off.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from dojo.coaching.cues import asks_expectation, asks_to_find_out, is_judgemental
from dojo.coaching.labels import Label
from dojo.learner.defaults import BOARD_HAPPENED, DEFAULT_RESPONSES, FOCUS_ONLY
from dojo.learner.state import CycleFlags, LearnerState
from dojo.scenarios.models import Experiment, Obstacle, ResponseKey, Scenario, Trait
from dojo.scenarios.templates import render

#: At or above this clarity, even a learner who is vague about data answers with data.
CLEAR = 0.85

#: Below this, the learner waits to be told the next step before proposing one.
LOW_OWNERSHIP = 0.35

#: A closed question about the last step's effect ("Did it work?", "Is it better now?").
_ABOUT_EFFECT = re.compile(r"\b(better|worse|work(ed|s)?|help(ed|s)?|improv\w*|faster|slower|any good|succe\w*)\b", re.I)

_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Reply:
    text: str
    key: ResponseKey
    yeti: bool = False  # the learner is at the edge of their knowledge
    effects: tuple[str, ...] = field(default_factory=tuple)  # what the move changed, in words


class Learner:
    """Answers coach moves for one scenario; all mutable state lives in ``state``."""

    def __init__(self, scenario: Scenario, state: LearnerState | None = None) -> None:
        self.scenario = scenario
        self.traits = set(scenario.learner.persona)
        self.state = state or LearnerState(
            clarity=scenario.learner.clarity,
            ownership=scenario.learner.ownership,
            confidence=scenario.learner.confidence,
            focus_obstacle=scenario.storyboard.focus_obstacle,
        )
        self._experiments = {e.id: e for e in scenario.experiments}

    # -- what the learner knows -------------------------------------------------

    def visible_obstacles(self) -> list[Obstacle]:
        return [o for o in self.scenario.storyboard.obstacles if not o.hidden or o.id in self.state.revealed]

    def experiment(self, experiment_id: str | None) -> Experiment | None:
        return self._experiments.get(experiment_id) if experiment_id else None

    def planned(self) -> Experiment | None:
        return self.experiment(self.state.cycle.planned_experiment)

    def _open_experiments(self) -> list[Experiment]:
        visible = {o.id for o in self.visible_obstacles()}
        return [
            e for e in self.scenario.experiments if e.obstacle in visible and e.id not in self.state.experiments_run
        ]

    def well_focused(self) -> bool:
        """Has this cycle's coaching as a whole focused the learner? The obstacles discussed, and
        the evidence looked at, the obstacles followed up ("Which one now?", "Why that one?") or a
        prediction made: one label heard is not enough."""
        flags = self.state.cycle
        if not flags.obstacles_discussed:
            return False
        asked = flags.asked
        after = asked[asked.index(Label.OBSTACLES.value) + 1 :] if Label.OBSTACLES.value in asked else []
        followed_up = Label.OBSTACLES.value in after or Label.CLARIFY.value in after
        return flags.evidence_shown or followed_up or flags.prediction_stated

    def _focused_choice(self, *, find_out: bool = True) -> Experiment | None:
        """The step a well-coached learner takes: for the obstacle in focus, the first not yet run.

        Without ``find_out`` (nobody asked how to find out) a step to find out is passed over:
        the learner goes with the best step they know instead.
        """
        opened = [e for e in self._open_experiments() if find_out or e.kind != "observe"]
        candidates = [e for e in opened if not e.tempting] or opened
        if not candidates:
            return None
        for e in candidates:
            if e.obstacle == self.state.focus_obstacle:
                return e
        return candidates[0]

    def _persona_choice(self, rng: random.Random) -> Experiment | None:
        """The step a learner takes who was not helped to think: the tempting fix, or one at random.
        Never a step to find out: the learner does not propose one unasked."""
        candidates = [e for e in self._open_experiments() if e.kind != "observe"]
        if not candidates:
            return None
        if Trait.JUMPS_TO_SOLUTIONS in self.traits:
            tempting = [e for e in candidates if e.tempting]
            if tempting:
                return tempting[0]
        return rng.choice(candidates)

    def choose(self, rng: random.Random) -> tuple[Experiment | None, str]:
        """The step the learner proposes when asked for one, and why: focused only when the
        coaching has focused them (:meth:`well_focused`), else by persona."""
        if self.well_focused():
            return self._focused_choice(), "focus"
        return self._persona_choice(rng), "persona"

    def _match_idea(self, text: str) -> Experiment | None:
        """The experiment a coach's idea points at, by keywords; None if it matches none.

        Only experiments for an obstacle the learner can see (on the parking lot, or revealed)
        count: an idea about something the learner has never seen is not one they can take up.
        A keyword matches as a run of whole words, each allowed a plural or verb ending: "pre-form"
        matches "pre-form", "pre form" and "pre-forming"; "stage" does not match "backstage".
        """
        said = _WORD.findall(text.lower())
        visible = {o.id for o in self.visible_obstacles()}
        best: tuple[int, Experiment] | None = None
        for e in self.scenario.experiments:
            if e.obstacle not in visible:
                continue
            hits = sum(1 for k in e.keywords if _says(said, _WORD.findall(k.lower())))
            if hits and (best is None or hits > best[0]):
                best = (hits, e)
        return best[1] if best else None

    def settle_focus(self) -> None:
        """Keep the focus on an obstacle that still has a step the learner would consider (not only
        a tempting fix)."""
        choice = self._focused_choice()
        if choice is not None and (
            self.state.focus_obstacle is None
            or not any(
                e.obstacle == self.state.focus_obstacle and not e.tempting for e in self._open_experiments()
            )
        ):
            self.state.focus_obstacle = choice.obstacle

    # -- the cycle ----------------------------------------------------------------

    def start_cycle(self) -> None:
        self.state.cycle = CycleFlags()
        self.settle_focus()

    def experiment_for_cycle_end(self, rng: random.Random) -> tuple[Experiment | None, str]:
        """The experiment run when the cycle ends, and why it was chosen."""
        flags = self.state.cycle
        if flags.planned_experiment:
            return self.planned(), flags.plan_source or "focus"
        if self.well_focused():  # a step to find out only when the coach asked how to find out
            return self._focused_choice(find_out=False), "focus"
        return self._persona_choice(rng), "persona"

    def record_run(self, experiment: Experiment | None) -> None:
        if experiment is None:
            return
        self.state.experiments_run.append(experiment.id)
        for obstacle_id in experiment.reveals:
            if obstacle_id not in self.state.revealed:
                self.state.revealed.append(obstacle_id)
                self.state.focus_obstacle = obstacle_id
        self.settle_focus()

    # -- answering ------------------------------------------------------------------

    def respond(
        self,
        label: Label,
        is_open: bool,
        text: str,
        values: dict[str, object],
        rng: random.Random,
        *,
        has_last_step: bool,
        last_had_prediction: bool,
        last_from_board: bool = False,
        last_improved: bool | None = None,
    ) -> Reply:
        """Answer one coach move. ``last_from_board``: the last step is an earlier record on the
        scenario's storyboard, not a run on this session's chart. ``last_improved``: whether the
        last step moved the process towards the target (None: no step run in this session yet)."""
        s = self.state
        flags = s.cycle
        flags.asked.append(label.value)
        effects: list[str] = []
        yeti = False
        prev = flags.last_reply_key

        def say(*keys: ResponseKey) -> str:
            parts = [render(self._pick(k, rng), values) for k in keys]
            out = " ".join(p for p in parts if p)
            if not is_open and Trait.QUIET in self.traits and label is not Label.OTHER:
                out = _first_sentence(out)
            return out

        if label is Label.TELLING:
            idea = self._match_idea(text)
            if Trait.SCEPTICAL_VETERAN in self.traits and rng.random() < 0.6:
                key = ResponseKey.TELLING_PUSHBACK
                s.nudge(ownership=-0.05, confidence=-0.02)
                effects.append("ownership down a little (pushed back)")
            else:
                key = ResponseKey.TELLING_COMPLY
                s.nudge(ownership=-0.15)
                effects.append("ownership down (complied)")
                if idea is not None:
                    self._plan(idea, "coach")
                    effects.append(f"adopted your idea: {idea.step}")
            s.told += 1
            return self._reply(say(key), key, effects)

        if label is Label.LEADING:
            s.led += 1
            if is_judgemental(text):
                hit = 0.15 if Trait.AFRAID_OF_FAILURE in self.traits else 0.08
                s.nudge(confidence=-hit, ownership=-0.03)
                effects.append("confidence down (felt judged)")
                return self._reply(say(ResponseKey.JUDGED), ResponseKey.JUDGED, effects)
            idea = self._match_idea(text)
            s.nudge(ownership=-0.08)
            effects.append("ownership down (your idea, not theirs)")
            if idea is None:  # nothing the learner could go and do: a yes or a no
                return self._reply(say(ResponseKey.CLOSED), ResponseKey.CLOSED, effects)
            self._plan(idea, "coach")
            effects.append(f"adopted your idea: {idea.step}")
            return self._reply(say(ResponseKey.LEADING_ADOPT), ResponseKey.LEADING_ADOPT, effects)

        if flags.dont_know_pending and label is not Label.GO_SEE and asks_to_find_out(text):
            # After "I don't know yet", a question about finding out is answered as one,
            # however it was heard: the Yeti moment should not hang on a label. "When can we
            # go and see...?" is the card's last question, not a question about finding out.
            return self._find_out(text, say, effects, values)

        # Card steps and the rest: an open question builds ownership a little.
        if is_open and label not in (Label.OTHER, Label.CLOSED):
            s.nudge(ownership=0.02)

        if label is Label.TARGET:
            s.nudge(clarity=0.05)
            return self._reply(say(ResponseKey.TARGET), ResponseKey.TARGET, effects)

        if label is Label.ACTUAL:
            return self._actual(say, effects, asked_again="actual" in flags.asked[:-1])

        if label in (Label.LAST_STEP, Label.EXPECTED, Label.HAPPENED, Label.LEARNED) and not has_last_step:
            return self._reply(say(ResponseKey.LAST_STEP_NONE), ResponseKey.LAST_STEP_NONE, effects)

        if label is Label.LAST_STEP:
            return self._reply(say(ResponseKey.LAST_STEP), ResponseKey.LAST_STEP, effects)

        if label is Label.EXPECTED:
            key = ResponseKey.EXPECTED if last_had_prediction else ResponseKey.EXPECTED_NONE
            return self._reply(say(key), key, effects)

        if label is Label.HAPPENED:
            s.nudge(clarity=0.05)
            if "expected" in flags.asked and last_had_prediction:  # without a prediction there is nothing to compare
                flags.reflection_compared = True
            if last_from_board:  # the scenario's templates quote a run ("the p90 went 84 → 72 s")
                return self._reply(_sentence(render(BOARD_HAPPENED, values)), ResponseKey.HAPPENED, effects)
            return self._reply(say(ResponseKey.HAPPENED), ResponseKey.HAPPENED, effects)

        if label is Label.LEARNED:
            deep = flags.reflection_compared or prev == ResponseKey.LEARNED_SHALLOW or flags.asked[:-1].count("learned")
            if deep:
                return self._learned_deep(say, effects, values)
            return self._reply(say(ResponseKey.LEARNED_SHALLOW), ResponseKey.LEARNED_SHALLOW, effects)

        if label is Label.OBSTACLES:
            if flags.obstacles_discussed:  # "Which one are you addressing now?"
                return self._reply(render(FOCUS_ONLY, values), ResponseKey.OBSTACLES, effects)
            flags.obstacles_discussed = True
            self.settle_focus()
            s.nudge(clarity=0.05)
            return self._reply(say(ResponseKey.OBSTACLES), ResponseKey.OBSTACLES, effects)

        if label is Label.NEXT_STEP:
            return self._next_step(text, say, effects, values, rng)

        if label is Label.GO_SEE:
            if flags.planned_experiment is None and "next_step" not in flags.asked:
                return self._reply(say(ResponseKey.GO_SEE_NO_STEP), ResponseKey.GO_SEE_NO_STEP, effects)
            flags.go_see_agreed = True
            return self._reply(say(ResponseKey.GO_SEE), ResponseKey.GO_SEE, effects)

        if label is Label.CLARIFY:
            s.nudge(clarity=0.05)
            if prev == ResponseKey.ACTUAL_VAGUE:
                return self._actual(say, effects, asked_again=True)
            if prev == ResponseKey.LEARNED_SHALLOW:
                return self._learned_deep(say, effects, values)
            if prev in (ResponseKey.NEXT_STEP,) and asks_expectation(text):
                return self._next_step(text, say, effects, values, rng)
            return self._reply(say(ResponseKey.CLARIFY), ResponseKey.CLARIFY, effects)

        if label is Label.CLOSED:
            if last_improved is not None and _ABOUT_EFFECT.search(text):
                key = ResponseKey.CLOSED_BETTER if last_improved else ResponseKey.CLOSED_WORSE
                return self._reply(say(key), key, effects)
            return self._reply(say(ResponseKey.CLOSED), ResponseKey.CLOSED, effects)

        return self._reply(say(ResponseKey.SMALL_TALK), ResponseKey.SMALL_TALK, effects)

    # -- the pieces ---------------------------------------------------------------------

    def _actual(self, say, effects: list[str], *, asked_again: bool) -> Reply:
        s, flags = self.state, self.state.cycle
        # A learner vague about data grows out of it: once clear, they bring the chart unasked.
        vague_persona = Trait.VAGUE_ABOUT_DATA in self.traits and not flags.evidence_shown and s.clarity < CLEAR
        if (s.clarity < 0.55 or vague_persona) and not asked_again:
            return self._reply(say(ResponseKey.ACTUAL_VAGUE), ResponseKey.ACTUAL_VAGUE, effects)
        if not flags.evidence_shown:
            flags.evidence_shown = True
            s.nudge(clarity=0.15)
            effects.append("clarity up (looked at the data)")
        return self._reply(say(ResponseKey.ACTUAL_DATA), ResponseKey.ACTUAL_DATA, effects)

    def _learned_deep(self, say, effects: list[str], values: dict[str, object]) -> Reply:
        s, flags = self.state, self.state.cycle
        if not values.get("last_learned"):
            # Nothing was learned from that step (an earlier record left it blank, or no step ran).
            return self._reply(say(ResponseKey.LEARNED_SHALLOW), ResponseKey.LEARNED_SHALLOW, effects)
        if not flags.learning_captured:
            flags.learning_captured = True
            s.learnings_captured += 1
            s.nudge(clarity=0.1, confidence=0.1)
            effects.append("learning captured on the storyboard")
        return self._reply(say(ResponseKey.LEARNED_DEEP), ResponseKey.LEARNED_DEEP, effects)

    def _find_out(self, text: str, say, effects: list[str], values: dict[str, object]) -> Reply:
        """After "I don't know yet", a question about finding out: the learner proposes a step to learn."""
        s, flags = self.state, self.state.cycle
        flags.dont_know_pending = False
        step = self._focused_choice()
        if step is None:
            return self._reply(say(ResponseKey.DONT_KNOW), ResponseKey.DONT_KNOW, effects, yeti=True)
        self._plan(step, "find_out")
        values["next_step"] = step.step
        values["next_expected"] = step.expects
        s.nudge(confidence=0.1, ownership=0.05)
        effects.append("confidence up (a step to find out)")
        if asks_expectation(text):
            self._state_prediction(effects)
            return self._reply(say(ResponseKey.NEXT_STEP, ResponseKey.NEXT_STEP_PREDICTION), ResponseKey.NEXT_STEP_PREDICTION, effects)
        return self._reply(say(ResponseKey.NEXT_STEP), ResponseKey.NEXT_STEP, effects)

    def _state_prediction(self, effects: list[str]) -> None:
        s, flags = self.state, self.state.cycle
        if not flags.prediction_stated:
            flags.prediction_stated = True
            s.predictions_made += 1
            s.nudge(confidence=0.05)
            effects.append("prediction written down")

    def _next_step(self, text: str, say, effects: list[str], values: dict[str, object], rng: random.Random) -> Reply:
        s, flags = self.state, self.state.cycle
        if flags.dont_know_pending:  # still at the edge of their knowledge until asked how to find out
            return self._reply(say(ResponseKey.DONT_KNOW), ResponseKey.DONT_KNOW, effects, yeti=True)
        if flags.planned_experiment is None:
            if s.ownership < LOW_OWNERSHIP and not flags.waited_to_be_told:
                # Told too often, the learner waits for the answer; asking again gives it back.
                flags.waited_to_be_told = True
                effects.append("waiting to be told (low ownership)")
                return self._reply(say(ResponseKey.ASK_COACH), ResponseKey.ASK_COACH, effects)
            if flags.waited_to_be_told:
                s.nudge(ownership=0.05)
                effects.append("ownership up (asked again instead of telling)")
            choice, source = self.choose(rng)
            if choice is None:
                return self._reply(say(ResponseKey.DONT_KNOW), ResponseKey.DONT_KNOW, effects, yeti=True)
            if choice.kind == "observe" and source == "focus":  # open experiments have not run yet
                # The learner is at the edge of their knowledge: they don't know the cause yet.
                flags.dont_know_pending = True
                s.dont_knows += 1
                effects.append("at the edge of their knowledge")
                return self._reply(say(ResponseKey.DONT_KNOW), ResponseKey.DONT_KNOW, effects, yeti=True)
            self._plan(choice, source)
        step = self.planned()
        if step is not None:
            values["next_step"] = step.step
            values["next_expected"] = step.expects
        if asks_expectation(text) and step is not None and flags.plan_source == "coach":
            effects.append("no prediction of their own (your idea)")
        elif asks_expectation(text) and step is not None:
            self._state_prediction(effects)
            keys = (ResponseKey.NEXT_STEP_PREDICTION,) if "next_step" in flags.asked[:-1] else (
                ResponseKey.NEXT_STEP,
                ResponseKey.NEXT_STEP_PREDICTION,
            )
            return self._reply(say(*keys), keys[-1], effects)
        return self._reply(say(ResponseKey.NEXT_STEP), ResponseKey.NEXT_STEP, effects)

    def _plan(self, experiment: Experiment, source: str) -> None:
        flags = self.state.cycle
        if flags.prediction_stated and flags.planned_experiment != experiment.id:
            # The prediction was for the step now dropped; the new one has none yet.
            flags.prediction_stated = False
            self.state.predictions_made -= 1
        flags.planned_experiment = experiment.id
        flags.plan_source = source
        flags.dont_know_pending = False
        if source != "coach":
            self.state.focus_obstacle = experiment.obstacle

    def _pick(self, key: ResponseKey, rng: random.Random) -> str:
        options = self.scenario.responses.get(key) or DEFAULT_RESPONSES.get(key) or [""]
        return options[rng.randrange(len(options))]

    def _reply(self, text: str, key: ResponseKey, effects: list[str], *, yeti: bool = False) -> Reply:
        self.state.cycle.last_reply_key = key.value
        return Reply(text=text, key=key, yeti=yeti, effects=tuple(effects))


_ENDINGS = ("", "s", "es", "d", "ed", "ing")


def _says(words: list[str], keyword: list[str]) -> bool:
    """Do ``words`` contain the ``keyword`` words in a row (each with an optional ending)?"""
    n = len(keyword)
    return n > 0 and any(
        all(w.startswith(k) and w[len(k):] in _ENDINGS for w, k in zip(words[i : i + n], keyword))
        for i in range(len(words) - n + 1)
    )


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _first_sentence(text: str) -> str:
    m = re.match(r"(.+?[.!?])(\s|$)", text)
    return m.group(1) if m else text

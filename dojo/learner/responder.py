"""How the learner answers a coach move, and how the move changes the learner.

The learner is believable rather than endlessly cooperative: data comes when asked
for evidence, a deep learning when the reflection compares prediction and result,
a prediction only when asked, and at the edge of their knowledge the learner says
"I don't know yet" — a follow-up that asks for a step to find out pays off.

Replies answer the question that was asked: what it is about comes from
:mod:`dojo.learner.topics` (a thing neither in the scenario nor in the conversation gets a
puzzled ``off_topic`` reply and changes nothing), what a follow-up asks for from
:mod:`dojo.learner.asks` (evidence, reasoning, the run chart, the observation, a yes/no about
the effect); a question whose answer cannot exist yet gets ``not_yet``; asked again in a cycle
with nothing new, the learner says so (``repeated``); and no reply is said twice word for word.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from dojo import shorthand
from dojo.coaching.cues import (
    asks_expectation,
    asks_how_much,
    asks_how_to_know,
    asks_to_find_out,
    garbled,
    is_judgemental,
    reassures,
)
from dojo.coaching.labels import Label
from dojo.coaching.report import ChosenBy
from dojo.learner import vocabulary as vocab
from dojo.learner.asks import (
    Ask,
    Why,
    asks,
    asks_about_the_low_end,
    asks_for_numbers,
    asks_smaller_step,
    asks_what_seen,
    asks_which_one,
    names_a_step,
    why_about,
)
from dojo.learner.defaults import (
    BOARD_HAPPENED,
    CHECK_AGAINST,
    DEFAULT_RESPONSES,
    EVENT_NOTE,
    FIGURES,
    FIND_OUT_BY_TRYING,
    FIND_OUT_FIRST,
    FIND_OUT_PLANNED,
    FOCUS_ONLY,
    GARBLED,
    IMPLICATIONS,
    LATER_VARIATIONS,
    MEASURED,
    MISSING,
    REASONS,
    SHARPENED,
    SMALLER,
    SMALLER_CHANGE,
    SMALLEST,
    SOURCES,
    VARIATIONS,
    WHY_REASONS,
)
from dojo.learner.state import CycleFlags, LearnerState
from dojo.learner.topics import About, KeywordMatcher, TopicMatcher
from dojo.learner.truth import from_now
from dojo.scenarios.models import Experiment, Obstacle, ResponseKey, Scenario, Trait
from dojo.scenarios.templates import render

#: At or above this clarity, even a learner who is vague about data answers with data.
Say = Callable[..., str]  # picks the learner's line for one or more response keys

CLEAR = 0.85

#: Below this, the learner waits to be told the next step before proposing one.
LOW_OWNERSHIP = 0.35

#: Below this confidence a learner afraid of failure will not put a number on their first prediction.
HEDGE_BELOW = 0.5

#: How often a sceptical veteran turns down a coach's idea, told or led to.
PUSHBACK = 0.6

#: A closed question about the last step's effect ("Did it work?", "Is it better now?").
_ABOUT_EFFECT = re.compile(r"\b(better|worse|work(ed|s)?|help(ed|s)?|improv\w*|faster|slower|any good|succe\w*)\b", re.I)

_WORD = re.compile(r"[a-z0-9]+")

#: The end of the conversation, or thanks for it ("Great, see you then. Thanks!", "That's all for today").
_FAREWELL = re.compile(
    r"\b(bye|goodbye|see you|see ya|speak soon|talk (to you )?(soon|later|then|tomorrow)|catch you later"
    r"|have a (good|great|nice) (one|day|weekend|evening|shift)|that'?s (all|it) for (today|now)|let'?s (wrap|stop) (it )?(up|there)"
    r"|thanks?( you)?( so much| a lot)?,? (this|that) (was|has been)|thanks for (your|the|making) time)\b",
    re.I,
)

#: A shallow learning that says the step changed nothing, or that it worked.
_SAYS_NO_CHANGE = re.compile(r"\b(noise|different (day|week|shift)|bit different|didn't work|no different|nothing changed)\b", re.I)
_SAYS_IT_WORKED = re.compile(r"\b(keep it|it worked|it was fine|went well|better)\b", re.I)

#: "Do you know what causes it?": a yes/no about what the learner knows of a cause.
_DO_YOU_KNOW = re.compile(
    r"^(so |and |but |ok,? |okay,? |right,? )?(do|did|does) (you|anyone|anybody|we) (already |actually |really |yet )?know "
    r"(what|why|where|how|who|the cause|the reason|what's)"
)

#: An either/or question ("Is that one shift, or a while?"): "Yes" is no answer to it.
_EITHER_OR = re.compile(r"\w,? or \w", re.I)

#: Replies that carry an answer: given once in a cycle, asked again with nothing new, the learner says so.
CONTENT_KEYS = frozenset(
    {
        ResponseKey.TARGET, ResponseKey.ACTUAL_DATA, ResponseKey.LAST_STEP, ResponseKey.EXPECTED,
        ResponseKey.EXPECTED_NONE, ResponseKey.HAPPENED, ResponseKey.LEARNED_DEEP, ResponseKey.OBSTACLES,
        ResponseKey.NEXT_STEP, ResponseKey.NEXT_STEP_PREDICTION, ResponseKey.GO_SEE, ResponseKey.EVIDENCE,
        ResponseKey.REASONING, ResponseKey.SHOW_CHART, ResponseKey.OBSERVATION, ResponseKey.CHECK, ResponseKey.CLOSED_BETTER,
        ResponseKey.CLOSED_WORSE, ResponseKey.LAST_STEP_NONE, ResponseKey.NOT_YET, ResponseKey.OUTLIER,
    }
)

#: Replies that state an opinion or a fact a coach may ask the grounds for.
_CLAIMS = frozenset(
    k.value
    for k in (
        ResponseKey.ACTUAL_VAGUE, ResponseKey.ACTUAL_DATA, ResponseKey.OBSTACLES, ResponseKey.CLARIFY,
        ResponseKey.REASONING, ResponseKey.LEARNED_SHALLOW, ResponseKey.TELLING_PUSHBACK, ResponseKey.HAPPENED,
        ResponseKey.LEADING_PUSHBACK,
    )
)

#: Replies that carry a learning, which "What does that tell you?" asks the meaning of.
_LEARNINGS = frozenset({ResponseKey.LEARNED_DEEP.value, ResponseKey.OBSERVATION.value})

#: Answers to a follow-up about the learner's last claim (not claims of their own).
_GROUNDS = frozenset({ResponseKey.EVIDENCE, ResponseKey.REASONING, ResponseKey.SHOW_CHART})

#: Replies that give the last step's result: a "why?" after one asks what was learned from it.
_RESULTS = frozenset(k.value for k in (ResponseKey.HAPPENED, ResponseKey.CLOSED_BETTER, ResponseKey.CLOSED_WORSE))

#: The card's questions about the last step.
_LOOKS_BACK = frozenset({Label.LAST_STEP, Label.EXPECTED, Label.HAPPENED, Label.LEARNED})

#: Follow-ups about what the learner just said: its grounds, its reasons, the chart behind it.
_ABOUT_THE_CLAIM = frozenset({Ask.EVIDENCE, Ask.REASONING, Ask.SHOW_CHART})

#: Labels whose talk may wander into lunch and the weekend without being off-topic.
_SMALL_TALK_LABELS = frozenset({Label.OTHER, Label.CLOSED})


@dataclass(frozen=True, slots=True)
class Reply:
    text: str
    key: ResponseKey
    yeti: bool = False  # the learner is at the edge of their knowledge
    effects: tuple[str, ...] = field(default_factory=tuple)  # what the move changed, in words


@dataclass(slots=True)
class _Move:
    """One coach move being answered: what each answer in :data:`_ANSWERS` reads."""

    label: Label
    is_open: bool
    text: str
    values: dict[str, object]
    rng: random.Random
    say: Callable[..., str]  # the reply for response keys, as this learner words it
    effects: list[str]
    prev: str | None  # the key of the learner's previous reply in this cycle
    has_last_step: bool = False
    last_had_prediction: bool = False
    last_from_board: bool = False
    last_improved: bool | None = None


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
        self._topics: TopicMatcher | None = None
        self._about = About()
        self._before: tuple[float, float, float] | None = None
        self._last_improved: bool | None = None  # the last step moved the run towards the target (None: none run)

    @property
    def topics(self) -> TopicMatcher:
        """What questions are about (built on the first question: it reads the word lists)."""
        if self._topics is None:
            self._topics = KeywordMatcher(self.scenario)
        return self._topics

    def about(self, text: str, label: Label | None = None) -> About:
        return self.topics.about(text, self.state.said, small_talk=label in _SMALL_TALK_LABELS)

    # -- what the learner knows -------------------------------------------------

    def visible_obstacles(self) -> list[Obstacle]:
        return [o for o in self.scenario.storyboard.obstacles if not o.hidden or o.id in self.state.revealed]

    def addressed(self, obstacle: Obstacle) -> bool:
        """Has the learner done what they know to do about ``obstacle``? A change for it has run and
        no other plain change for it is left: they no longer list it as in the way."""
        mine = [e for e in self.scenario.experiments if e.obstacle == obstacle.id and e.kind != "observe"]
        run = set(self.state.experiments_run)
        return any(e.id in run for e in mine) and all(e.id in run for e in mine if not e.tempting)

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

    def choose(self, rng: random.Random) -> tuple[Experiment | None, ChosenBy]:
        """The step the learner proposes when asked for one, and why: focused only when the
        coaching has focused them (:meth:`well_focused`), else by persona."""
        if self.well_focused():
            return self._focused_choice(), ChosenBy.FOCUS
        return self._persona_choice(rng), self._unfocused()

    def _unfocused(self) -> ChosenBy:
        """Why a step chosen by persona was: nobody had asked about the obstacles yet, or they
        were named and none was looked into."""
        return ChosenBy.UNFOCUSED if self.state.cycle.obstacles_discussed else ChosenBy.PERSONA

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

    def experiment_for_cycle_end(self, rng: random.Random) -> tuple[Experiment | None, ChosenBy]:
        """The experiment run when the cycle ends, and why it was chosen."""
        flags = self.state.cycle
        if flags.planned_experiment:
            return self.planned(), flags.plan_source or ChosenBy.FOCUS
        if flags.dont_know_pending or flags.waited_to_be_told:
            # The learner said "I don't know yet" or waited to be told, and the cycle ended there:
            # no step was agreed, so none runs (running one would contradict what they said).
            return None, ChosenBy.NONE
        if self.well_focused():  # a step to find out only when the coach asked how to find out
            step = self._focused_choice(find_out=False)
            return step, self._whose(step, ChosenBy.FOCUS)
        step = self._persona_choice(rng)
        return step, self._whose(step, self._unfocused())

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
        last_no_step: bool = False,
    ) -> Reply:
        """Answer one coach move. ``last_from_board``: the last step is an earlier record on the
        scenario's storyboard, not a run on this session's chart. ``last_improved``: whether the
        last step moved the process towards the target (None: no step run in this session yet)."""
        s = self.state
        flags = s.cycle
        effects: list[str] = []
        prev = flags.last_reply_key
        text = shorthand.expand(text)  # "obs?", "how cd u find out": read as the words meant
        about = self._about = self.about(text, label)
        self._last_improved = last_improved
        self._before = (s.clarity, s.ownership, s.confidence)
        self._add_live(values, has_last_step=has_last_step, last_improved=last_improved)
        if reassures(text):
            flags.reassured = True

        def say(*keys: ResponseKey) -> str:
            parts = [render(self._pick(k, rng, values), values) for k in keys]
            if not is_open and Trait.QUIET in self.traits and label is not Label.OTHER:
                # Short answers to a closed question, but each part still said: a prediction the
                # storyboard records must have been spoken.
                parts = [_first_sentence(p) for p in parts]
            return " ".join(p for p in parts if p)

        salad = garbled(text)
        if about.off_topic or salad:
            # Neither in the scenario nor in the conversation, or the card's words in roles they
            # cannot play ("did the next step expect"): puzzled, and nothing is gained from it;
            # telling and leading still cost what they cost.
            if label is Label.TELLING:
                s.told += 1
                s.nudge(ownership=-0.15)
                effects.append("ownership down (told)")
            elif label is Label.LEADING:
                s.led += 1
                s.nudge(ownership=-0.08)
                effects.append("ownership down (your idea, not theirs)")
            if salad:
                words = _LEADING_AUX.sub("", salad)[:_SALAD_CHARS]
                said = GARBLED[len(s.replies) % len(GARBLED)].format(thing=words, Thing=words.capitalize())
                return self._reply(said, ResponseKey.OFF_TOPIC, effects)
            values["thing"] = _clipped(_as_written(_head(about.strange, text), text))
            return self._reply(say(ResponseKey.OFF_TOPIC), ResponseKey.OFF_TOPIC, effects)
        flags.asked.append(label.value)
        flags.topics.append(about.label())
        ask = asks(text)
        if ask is None and prev in _CLAIMS and asks_what_seen(text):
            ask = Ask.EVIDENCE  # "What did you see?" right after an opinion asks what it rests on

        if last_no_step and (ask is Ask.EFFECT or label in _LOOKS_BACK) and label not in _TAKES_OVER:
            # The last cycle agreed no step: there is no step to look back on, only the run as it was.
            if label is Label.LAST_STEP:  # a fair question, answered: there was none
                return self._reply(render(MISSING["no_step_agreed"], values), ResponseKey.LAST_STEP_NONE, effects)
            return self._not_yet("no_step_agreed", say, effects, values)
        if ask is Ask.EFFECT and label is not Label.TELLING and self._match_idea(text) is None:
            # "Did it help?" is answered from the run, however it was heard: never "Yes" after it got worse.
            return self._effect(say, effects, values, has_last_step=has_last_step, last_improved=last_improved)

        move = _Move(label, is_open, text, values, rng, say, effects, prev, has_last_step=has_last_step,
                     last_had_prediction=last_had_prediction, last_from_board=last_from_board,
                     last_improved=last_improved)
        if label in _TAKES_OVER:
            return _TAKES_OVER[label](self, move)

        if flags.dont_know_pending and label is not Label.GO_SEE and asks_to_find_out(text):
            # After "I don't know yet", a question about finding out is answered as one,
            # however it was heard: the Yeti moment should not hang on a label. "When can we
            # go and see...?" is the card's last question, not a question about finding out.
            return self._find_out(text, say, effects, values)

        # Ownership does not refill just because open questions were asked: it grows when the
        # learner does their own thinking (plans their own step, finds a way to find out).

        if ask in _ABOUT_THE_CLAIM and prev == ResponseKey.DONT_KNOW.value and flags.dont_know_pending:
            # "How sure are you?" of "I don't know yet": still not known, until asked how to find out.
            return self._reply(say(ResponseKey.DONT_KNOW), ResponseKey.DONT_KNOW, effects, yeti=True)
        if ask is Ask.REASONING and label not in (Label.NEXT_STEP, Label.OBSTACLES) and (
                prev in _RESULTS or (has_last_step and why_about(text) is Why.RESULT)):
            # "Why do you think that was?" right after the result, or "Why did it go down?" about
            # it, asks the learner to reflect on the result.
            return self._learned(move)
        if flags.planned_experiment is not None and asks_smaller_step(text):
            return self._smaller(say, effects, values)
        if (flags.planned_experiment is not None and label is not Label.GO_SEE and asks_how_to_know(text)
                and not asks_expectation(text)):
            return self._learn_first(say, effects, values)
        if ask is Ask.CHECK:
            if flags.planned_experiment is not None and not flags.dont_know_pending:
                return self._check(say, effects, values)
            ask = None  # no step to check yet: heard as what it was heard as
        if ask is Ask.MEANING and flags.claim not in _LEARNINGS:
            ask = None  # nothing learned to draw a meaning from: heard as what it was heard as
        if ask is not None and ask is not Ask.EFFECT and label is not Label.NEXT_STEP:
            return self._follow_up(text, ask, say, effects, values)

        if prev == ResponseKey.HEDGED_PREDICTION.value and flags.planned_experiment is not None and (
            asks_how_much(text) or asks_expectation(text)
        ):
            # "What number would you guess, by when?" after a prediction without a number asks for it again.
            return self._predict(say, effects)
        if (prev == ResponseKey.NEXT_STEP.value and flags.planned_experiment is not None and not flags.prediction_stated
                and asks_how_much(text) and label not in (Label.GO_SEE, Label.OBSTACLES)):
            # "How much, by when?" right after a step with no prediction asks for one, sized.
            if flags.taken_on:
                return self._not_yet("coach_idea", say, effects, values)
            return self._predict(say, effects)
        if flags.prediction_stated and asks_how_much(text):
            # "How much, by when?" after a prediction: the learner pins it to a date and the target line.
            return self._reply(render(SHARPENED, values), ResponseKey.NEXT_STEP_PREDICTION, effects,
                               slot="prediction/sharpened")

        if not flags.obstacles_discussed and asks_which_one(text):  # "Which one?" of a list nobody gave
            return self._not_yet("which_one", say, effects, values)

        return _ANSWERS.get(label, Learner._small_talk)(self, move)

    # -- the answer to each move (dispatched by label: _TAKES_OVER, _ANSWERS) ---------------

    def _put_forward(self, idea: Experiment | None) -> None:
        """The coach named this fix: whenever the learner takes it up, it was the coach's idea."""
        if idea is not None and idea.id not in self.state.coach_ideas:
            self.state.coach_ideas.append(idea.id)

    def _telling(self, m: _Move) -> Reply:
        s = self.state
        idea = self._match_idea(m.text)
        self._put_forward(idea)
        if Trait.SCEPTICAL_VETERAN in self.traits and m.rng.random() < PUSHBACK:
            key = ResponseKey.TELLING_PUSHBACK
            s.nudge(ownership=-0.05, confidence=-0.02)
            m.effects.append("ownership down a little (pushed back)")
        else:
            key = ResponseKey.TELLING_COMPLY
            s.nudge(ownership=-0.15)
            m.effects.append("ownership down (complied)")
            if idea is not None:
                self._plan(idea, ChosenBy.COACH)
                m.effects.append(f"adopted your idea: {idea.step}")
        s.told += 1
        return self._reply(m.say(key), key, m.effects)

    def _leading(self, m: _Move) -> Reply:
        s = self.state
        s.led += 1
        if is_judgemental(m.text):
            hit = 0.15 if Trait.AFRAID_OF_FAILURE in self.traits else 0.08
            s.nudge(confidence=-hit, ownership=-0.03)
            m.effects.append("confidence down (felt judged)")
            return self._reply(m.say(ResponseKey.JUDGED), ResponseKey.JUDGED, m.effects)
        idea = self._match_idea(m.text)
        self._put_forward(idea)
        if Trait.SCEPTICAL_VETERAN in self.traits and m.rng.random() < PUSHBACK:
            # Seen it all before: the idea is turned down, not taken up; it still was the coach's idea.
            s.nudge(ownership=-0.04, confidence=-0.02)
            m.effects.append("ownership down a little (pushed back)")
            return self._reply(m.say(ResponseKey.LEADING_PUSHBACK), ResponseKey.LEADING_PUSHBACK, m.effects)
        s.nudge(ownership=-0.08)
        m.effects.append("ownership down (your idea, not theirs)")
        if idea is None:  # nothing the learner could go and do: a yes or a no, to a yes/no question
            if m.is_open or _EITHER_OR.search(m.text):
                return self._reply(m.say(ResponseKey.CLARIFY), ResponseKey.CLARIFY, m.effects)
            return self._reply(m.say(ResponseKey.CLOSED), ResponseKey.CLOSED, m.effects)
        self._plan(idea, ChosenBy.COACH)
        m.effects.append(f"adopted your idea: {idea.step}")
        return self._reply(m.say(ResponseKey.LEADING_ADOPT), ResponseKey.LEADING_ADOPT, m.effects)

    def _target(self, m: _Move) -> Reply:
        self.state.nudge(clarity=0.05)
        return self._reply(m.say(ResponseKey.TARGET), ResponseKey.TARGET, m.effects)

    def _actual_asked(self, m: _Move) -> Reply:
        # Asked for the figures ("…in numbers?", "what's the p90 today?"), even a vague learner gives them.
        figures = asks_for_numbers(m.text)
        asked_again = "actual" in self.state.cycle.asked[:-1] or figures
        earlier = self.state.cycle.answers.get(ResponseKey.ACTUAL_DATA.value)
        if figures and (earlier is None or render("{latest}", m.values) not in earlier):
            # "What's the p90, as a number?": the number, whichever way the chart was shown before.
            self._looked_at_data(m.effects)
            slot = "actual_data" if earlier is None else "actual_data/figures"
            return self._reply(render(FIGURES, m.values), ResponseKey.ACTUAL_DATA, m.effects, slot=slot)
        return self._actual(m.say, m.effects, asked_again=asked_again)

    def _last_step(self, m: _Move) -> Reply:
        key = ResponseKey.LAST_STEP if m.has_last_step else ResponseKey.LAST_STEP_NONE
        return self._reply(m.say(key), key, m.effects)

    def _expected(self, m: _Move) -> Reply:
        if not m.has_last_step:
            return self._not_yet("no_step", m.say, m.effects, m.values)
        key = ResponseKey.EXPECTED if m.last_had_prediction else ResponseKey.EXPECTED_NONE
        return self._reply(m.say(key), key, m.effects)

    def _happened(self, m: _Move) -> Reply:
        if not m.has_last_step:
            return self._not_yet("no_step", m.say, m.effects, m.values)
        flags = self.state.cycle
        self.state.nudge(clarity=0.05)
        if "expected" in flags.asked and m.last_had_prediction:  # without a prediction there is nothing to compare
            flags.reflection_compared = True
        if m.last_from_board:  # the scenario's templates quote a run ("the p90 went 84 → 72 s")
            return self._reply(_sentence(render(BOARD_HAPPENED, m.values)), ResponseKey.HAPPENED, m.effects)
        return self._reply(_with_event(m.say(ResponseKey.HAPPENED), m.values, m.last_improved), ResponseKey.HAPPENED,
                           m.effects)

    def _learned(self, m: _Move) -> Reply:
        if not m.has_last_step:
            return self._not_yet("no_step", m.say, m.effects, m.values)
        s, flags = self.state, self.state.cycle
        deep = flags.reflection_compared or m.prev == ResponseKey.LEARNED_SHALLOW or flags.asked[:-1].count("learned")
        if s.last_chosen_by == ChosenBy.COACH and m.prev != ResponseKey.LEARNED_SHALLOW:
            # The coach's idea, not theirs: the learner had no hypothesis of their own to test,
            # so the first answer is shallow whatever the reflection; a follow-up digs it out.
            deep = False
        if deep:
            return self._learned_deep(m.say, m.effects, m.values)
        return self._reply(m.say(ResponseKey.LEARNED_SHALLOW), ResponseKey.LEARNED_SHALLOW, m.effects)

    def _obstacles(self, m: _Move) -> Reply:
        flags = self.state.cycle
        if flags.obstacles_discussed:  # "Which one are you addressing now?"
            return self._reply(render(FOCUS_ONLY, m.values), ResponseKey.OBSTACLES, m.effects, slot="obstacles/focus")
        flags.obstacles_discussed = True
        self.settle_focus()
        self.state.nudge(clarity=0.05)
        return self._reply(m.say(ResponseKey.OBSTACLES), ResponseKey.OBSTACLES, m.effects)

    def _next_step_asked(self, m: _Move) -> Reply:
        flags = self.state.cycle
        if (flags.planned_experiment is None and not flags.dont_know_pending and "next_step" not in flags.asked[:-1]
                and asks_expectation(m.text) and not names_a_step(m.text)):
            if m.has_last_step and "last_step" in flags.asked and "obstacles" not in flags.asked:
                # "Prediction?" while looking back at the last step asks what they expected from it.
                return self._expected(m)
            return self._not_yet("no_plan", m.say, m.effects, m.values)  # "What do you expect?" of no step at all
        return self._next_step(m.text, m.say, m.effects, m.values, m.rng)

    def _go_see(self, m: _Move) -> Reply:
        flags = self.state.cycle
        if flags.planned_experiment is None:  # not asked yet, or "I don't know yet": nothing to see
            return self._reply(m.say(ResponseKey.GO_SEE_NO_STEP), ResponseKey.GO_SEE_NO_STEP, m.effects)
        flags.go_see_agreed = True
        return self._reply(m.say(ResponseKey.GO_SEE), ResponseKey.GO_SEE, m.effects)

    def _clarify(self, m: _Move) -> Reply:
        self.state.nudge(clarity=0.05)
        if m.prev == ResponseKey.ACTUAL_VAGUE:
            return self._actual(m.say, m.effects, asked_again=True)
        if m.prev == ResponseKey.LEARNED_SHALLOW:
            return self._learned_deep(m.say, m.effects, m.values)
        if m.prev in (ResponseKey.NEXT_STEP, ResponseKey.HEDGED_PREDICTION) and asks_expectation(m.text):
            return self._next_step(m.text, m.say, m.effects, m.values, m.rng)
        return self._reply(m.say(ResponseKey.CLARIFY), ResponseKey.CLARIFY, m.effects)

    def _closed(self, m: _Move) -> Reply:
        if _DO_YOU_KNOW.search(m.text.lower()) and self._cause_unseen():
            # "Do you know what causes it?" while the cause is still hidden: not "Yes." and, two
            # questions later, "I don't know yet" — the edge of their knowledge, said now.
            flags = self.state.cycle
            if not flags.dont_know_pending:
                flags.dont_know_pending = True
                self.state.dont_knows += 1
                m.effects.append("at the edge of their knowledge")
            return self._reply(m.say(ResponseKey.DONT_KNOW), ResponseKey.DONT_KNOW, m.effects, yeti=True)
        if m.last_improved is not None and _ABOUT_EFFECT.search(m.text):
            key = ResponseKey.CLOSED_BETTER if m.last_improved else ResponseKey.CLOSED_WORSE
            return self._reply(m.say(key), key, m.effects)
        if _EITHER_OR.search(m.text):  # "one shift, or a while?" is not answered "Yes."
            return self._reply(m.say(ResponseKey.CLARIFY), ResponseKey.CLARIFY, m.effects)
        return self._reply(m.say(ResponseKey.CLOSED), ResponseKey.CLOSED, m.effects)

    def _cause_unseen(self) -> bool:
        """Is the obstacle in focus one whose cause nobody has looked at yet (a step to find out
        about it is still open)?"""
        focus = self.state.focus_obstacle
        return any(e.obstacle == focus and e.kind == "observe" for e in self._open_experiments())

    def _small_talk(self, m: _Move) -> Reply:
        if _FAREWELL.search(m.text):
            return self._reply(m.say(ResponseKey.FAREWELL), ResponseKey.FAREWELL, m.effects)
        if m.text.rstrip().endswith("?") and self._about.topic is not None:
            # A question about the work that was heard as small talk ("is that number from today, or…?").
            return self._reply(m.say(ResponseKey.CLARIFY), ResponseKey.CLARIFY, m.effects)
        return self._reply(m.say(ResponseKey.SMALL_TALK), ResponseKey.SMALL_TALK, m.effects)

    # -- the pieces ---------------------------------------------------------------------

    def _actual(self, say: Say, effects: list[str], *, asked_again: bool) -> Reply:
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

    def _learned_deep(self, say: Say, effects: list[str], values: dict[str, object]) -> Reply:
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

    def _find_out(self, text: str, say: Say, effects: list[str], values: dict[str, object]) -> Reply:
        """After "I don't know yet", a question about finding out: the learner proposes a step to learn."""
        s, flags = self.state, self.state.cycle
        flags.dont_know_pending = False
        step = self._focused_choice()
        if step is None:
            return self._reply(say(ResponseKey.DONT_KNOW), ResponseKey.DONT_KNOW, effects, yeti=True)
        self._plan(step, ChosenBy.FIND_OUT)
        values["next_step"] = step.step
        values["next_expected"] = _expects(step, values)
        s.nudge(confidence=0.1, ownership=0.05)
        effects.append("confidence up (a step to find out)")
        if asks_expectation(text):
            return self._predict(say, effects, (ResponseKey.NEXT_STEP,))
        return self._reply(say(ResponseKey.NEXT_STEP), ResponseKey.NEXT_STEP, effects)

    def _predict(self, say: Say, effects: list[str], before: tuple[ResponseKey, ...] = ()) -> Reply:
        """The prediction for the planned step, said after ``before``. Afraid of failure and unsure,
        the learner hedges the first time it is asked in a cycle (no prediction is written down)
        unless the coach has made a wrong guess safe; asked again, they give it. Eager, they
        promise more than the step can."""
        flags = self.state.cycle
        hedged = ResponseKey.HEDGED_PREDICTION.value in flags.answers
        if (Trait.AFRAID_OF_FAILURE in self.traits and self.state.confidence < HEDGE_BELOW
                and not hedged and not flags.reassured):
            effects.append("no number (afraid of being wrong)")
            keys = (*before, ResponseKey.HEDGED_PREDICTION)
            return self._reply(say(*keys), ResponseKey.HEDGED_PREDICTION, effects)
        self._state_prediction(effects)
        keys = (*before, ResponseKey.NEXT_STEP_PREDICTION)
        if Trait.EAGER in self.traits:
            keys = (*keys, ResponseKey.OVER_PROMISE)
            effects.append("over-promised")
        return self._reply(say(*keys), ResponseKey.NEXT_STEP_PREDICTION, effects)

    def _state_prediction(self, effects: list[str]) -> None:
        s, flags = self.state, self.state.cycle
        if not flags.prediction_stated:
            flags.prediction_stated = True
            s.predictions_made += 1
            s.nudge(confidence=0.05)
            effects.append("prediction written down")

    def _next_step(self, text: str, say: Say, effects: list[str], values: dict[str, object], rng: random.Random) -> Reply:
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
            if choice.kind == "observe" and source == ChosenBy.FOCUS:  # open experiments have not run yet
                # The learner is at the edge of their knowledge: they don't know the cause yet.
                flags.dont_know_pending = True
                s.dont_knows += 1
                effects.append("at the edge of their knowledge")
                return self._reply(say(ResponseKey.DONT_KNOW), ResponseKey.DONT_KNOW, effects, yeti=True)
            self._plan(choice, source)
        step = self.planned()
        if step is not None:
            values["next_step"] = step.step
            values["next_expected"] = _expects(step, values)
        if asks_expectation(text) and step is not None and flags.taken_on:
            effects.append("no prediction of their own (your idea)")
            # The step was said when they took it up: what is missing is a prediction of their own.
            return self._not_yet("coach_idea", say, effects, values)
        elif asks_expectation(text) and step is not None:
            return self._predict(say, effects, () if "next_step" in flags.asked[:-1] else (ResponseKey.NEXT_STEP,))
        return self._reply(say(ResponseKey.NEXT_STEP), ResponseKey.NEXT_STEP, effects)

    def _whose(self, experiment: Experiment | None, source: ChosenBy) -> ChosenBy:
        """Who chose ``experiment``: a fix the coach put forward earlier in the session stays the
        coach's idea, though the learner now brings it up as their own."""
        return ChosenBy.COACH if experiment is not None and experiment.id in self.state.coach_ideas else source

    def _plan(self, experiment: Experiment, source: ChosenBy) -> None:
        flags = self.state.cycle
        # Taken on as the coach said it, the learner has no prediction of their own; a fix the
        # coach put forward earlier and the learner now proposes is still the coach's idea, but
        # they have thought about it.
        flags.taken_on = source == ChosenBy.COACH
        source = self._whose(experiment, source)
        if flags.prediction_stated and flags.planned_experiment != experiment.id:
            # The prediction was for the step now dropped; the new one has none yet.
            flags.prediction_stated = False
            self.state.predictions_made -= 1
        first_own = source != ChosenBy.COACH and flags.plan_source in (None, ChosenBy.COACH)
        flags.planned_experiment = experiment.id
        flags.plan_source = source
        flags.dont_know_pending = False
        if source != ChosenBy.COACH:
            self.state.focus_obstacle = experiment.obstacle
            if first_own:
                self.state.nudge(ownership=0.04)  # their own step, once a cycle

    def _pick(self, key: ResponseKey, rng: random.Random, values: dict[str, object] | None = None) -> str:
        """A variant for ``key``: one not yet said in this session, when there is one."""
        options = self.scenario.responses.get(key) or DEFAULT_RESPONSES.get(key) or [""]
        if key is ResponseKey.LEARNED_SHALLOW and self._last_improved is not None:
            # Shallow, but not against the run: no "noise" after a big drop, no "we'll keep it" after a rise.
            against = _SAYS_NO_CHANGE if self._last_improved else _SAYS_IT_WORKED
            options = [o for o in options if not against.search(o)] or options
        if values is not None:
            said = set(self.state.replies)
            fresh = [o for o in options if render(o, values) not in said]
            options = fresh or options
        return options[rng.randrange(len(options))]

    def _reply(
        self, text: str, key: ResponseKey, effects: list[str], *, yeti: bool = False, slot: str | None = None
    ) -> Reply:
        """Say ``text``. ``slot``: what the reply answers, when one key answers two different questions."""
        s, flags = self.state, self.state.cycle
        slot = slot or key.value
        earlier = flags.answers.get(slot)
        topic = flags.topics[-1] if flags.topics else "general"
        if key in CONTENT_KEYS and earlier is not None and topic in flags.topics[:-1] + ["general"]:
            # Asked again with nothing new: the learner says so, and gains nothing from it.
            if self._before is not None:
                s.clarity, s.ownership, s.confidence = self._before
            key, effects = ResponseKey.REPEATED, []
            options = self.scenario.responses.get(key) or DEFAULT_RESPONSES[key]
            text = render(options[len(s.replies) % len(options)], {"said": _gist(earlier)})
        text = self._unsaid(text)
        flags.last_reply_key = key.value
        if key not in (ResponseKey.REPEATED, ResponseKey.OFF_TOPIC):
            flags.answers.setdefault(slot, text)
            if key not in _GROUNDS:
                flags.claim = key.value
        s.replies.append(text)
        if key is not ResponseKey.OFF_TOPIC:  # "The printer?" does not bring a printer into the conversation
            s.remember([w for w in vocab.tokens(text) if w not in vocab.FUNCTION_WORDS and not w[0].isdigit()])
        return Reply(text=text, key=key, yeti=yeti, effects=tuple(effects))

    def _unsaid(self, text: str) -> str:
        """``text``, varied if it was said before in this session: no reply is repeated word for word."""
        said = set(self.state.replies)
        if text not in said:
            return text
        short = _first_sentence(text)
        if short != text and short not in said:
            return short
        this_cycle = any(a == text or a.endswith(_lower_first(text)) for a in self.state.cycle.answers.values())
        for form in VARIATIONS if this_cycle else LATER_VARIATIONS:
            varied = form.format(text=_lower_first(text))
            if varied not in said:
                return varied
        n = sum(1 for r in said if r.startswith(text))
        return f"{text} (That's {n + 1} times now.)"

    # -- follow-ups: the thing asked for ----------------------------------------------------

    def _add_live(self, values: dict[str, object], *, has_last_step: bool, last_improved: bool | None) -> None:
        """Values only the learner knows: the last observation, their reasons, where numbers come from."""
        observed = self._last_observation()
        values.setdefault("observed", observed.learned.strip() if observed else "")
        values.setdefault("observed_step", observed.step.strip()[:1].lower() + observed.step.strip()[1:] if observed else "")
        values.setdefault("source", SOURCES["chart"])
        focus = next((o for o in self.visible_obstacles() if o.id == self.state.focus_obstacle), None)
        if focus is not None and observed is not None and focus.id in observed.reveals:
            reason = REASONS["observed"]  # they saw it for themselves
        elif focus is not None and _names_station(focus.text, str(values.get("bottleneck", ""))):
            reason = REASONS["busiest"]  # the obstacle is at the station the run says is busiest
        elif last_improved is not None:
            reason = REASONS["from_run"]
        elif self.state.clarity < 0.55 and not self.state.cycle.evidence_shown:
            reason = REASONS["gut"]
        else:
            reason = REASONS["from_chart"]
        values["reason"] = render(reason, values)

    def _last_observation(self) -> Experiment | None:
        for experiment_id in reversed(self.state.experiments_run):
            e = self.experiment(experiment_id)
            if e is not None and e.kind == "observe":
                return e
        return None

    def _why(self, text: str, values: dict[str, object]) -> str | None:
        """Which of :data:`WHY_REASONS` a "why" asks for, or None: the reason for the learner's claim."""
        target = values.get("target_value")
        why = why_about(text, float(target) if isinstance(target, (int, float)) else None)
        if why is None or why is Why.RESULT:  # a result is reflected on (_learned), or reasoned about as a claim
            return None
        if why is Why.STEP:
            looking_back = _PAST_WHY.search(text.lower()) is not None or self.state.cycle.planned_experiment is None
            if not looking_back:
                return "step"
            if not values.get("last_step"):
                return None
            return "last_step" if values.get("last_expected") else "last_step_unplanned"
        if why is Why.TARGET:
            challenge = str(values.get("challenge", ""))
            values["challenge_start"] = _lower_first(_first_sentence(challenge).rstrip(".")) if challenge else ""
        return why.value

    def _follow_up(self, text: str, ask: Ask, say: Say, effects: list[str], values: dict[str, object]) -> Reply:
        """The thing a follow-up asks for. Evidence, reasons and the chart are about the learner's last
        reply: asked after another reply, they are a new question, not a repeat."""
        if ask is Ask.OBSERVATION:
            if not values.get("observed"):
                return self._not_yet("no_observation", say, effects, values)
            return self._reply(say(ResponseKey.OBSERVATION), ResponseKey.OBSERVATION, effects)
        if ask is Ask.MEASURE:  # what one point is: the scenario's own words for it
            point = _point_is(self.scenario.focus_process.description)
            text = render(MEASURED, {"measure": point}) if point else self.scenario.target_condition.description.strip()
            return self._reply(text, ResponseKey.EVIDENCE, effects, slot="measure")
        if ask is Ask.OUTLIER:  # one point: what the run's totals can and cannot say about it
            low = asks_about_the_low_end(text)
            timed = values.get("unit") in ("s", "min", "h")
            values["extreme"] = ("fastest" if low else "slowest") if timed else ("lowest" if low else "highest")
            values["extreme_value"] = values["min"] if low else values["max"]
            event = values.get("last_event")
            values["event_note"] = " " + render(EVENT_NOTE, values) if event and not low else ""
            self._looked_at_data(effects)
            return self._reply(say(ResponseKey.OUTLIER), ResponseKey.OUTLIER, effects, slot="outlier")
        claim = self.state.cycle.claim
        about = f"/{claim}" if claim else ""
        if ask is Ask.MEANING:  # what follows from the learning: where the learner looks next
            text = render(IMPLICATIONS[len(self.state.replies) % len(IMPLICATIONS)], values)
            return self._reply(text, ResponseKey.REASONING, effects, slot=f"meaning{about}")
        if ask is Ask.REASONING:
            why = self._why(text, values)
            if why is not None:
                values["reason"] = render(WHY_REASONS[why], values)
                about = f"/{why}"
            return self._reply(say(ResponseKey.REASONING), ResponseKey.REASONING, effects, slot=f"reasoning{about}")
        key = ResponseKey.EVIDENCE if ask is Ask.EVIDENCE else ResponseKey.SHOW_CHART
        self._looked_at_data(effects)
        return self._reply(say(key), key, effects, slot=f"{key.value}{about}")

    def _smaller(self, say: Say, effects: list[str], values: dict[str, object]) -> Reply:
        """Asked for a smaller step: a change gives way to a step that learns first (an observation
        of the same obstacle, not run yet); a step that is already the smallest is kept."""
        step = self.planned()
        assert step is not None
        same = [e for e in self._open_experiments() if e.obstacle == step.obstacle and e.id != step.id]
        smaller = None
        if step.kind != "observe":  # first a step that learns; for a tempting fix, else a plainer change
            smaller = next((e for e in same if e.kind == "observe"), None)
            if smaller is None and step.tempting:
                smaller = next((e for e in same if not e.tempting), None)
        if smaller is None:
            text = SMALLEST.format(step=_sentence(step.step))
            return self._reply(text, ResponseKey.NEXT_STEP, effects, slot="next_step/smallest")
        self._plan(smaller, ChosenBy.FIND_OUT if smaller.kind == "observe" else ChosenBy.FOCUS)
        self.state.nudge(confidence=0.05)
        effects.append("a smaller step" + (": learn first" if smaller.kind == "observe" else ""))
        values["next_step"], values["next_expected"] = smaller.step.strip(), _expects(smaller, values)
        text = (SMALLER if smaller.kind == "observe" else SMALLER_CHANGE).format(step=_sentence(_lower_first(smaller.step)))
        return self._reply(text, ResponseKey.NEXT_STEP, effects, slot="next_step/smaller")

    def _learn_first(self, say: Say, effects: list[str], values: dict[str, object]) -> Reply:
        """Asked how they could find out, with a change planned: a step that learns first takes its
        place (an observation of the same obstacle, not run yet); an observation planned already is
        the way to find out."""
        step = self.planned()
        assert step is not None
        if step.kind != "observe":
            learn = next((e for e in self._open_experiments() if e.obstacle == step.obstacle and e.kind == "observe"), None)
            if learn is not None:
                self._plan(learn, ChosenBy.FIND_OUT)
                self.state.nudge(confidence=0.05)
                effects.append("a step to find out first")
                values["next_step"], values["next_expected"] = learn.step.strip(), _expects(learn, values)
                text = FIND_OUT_FIRST.format(step=_sentence(_lower_first(learn.step)))
                return self._reply(text, ResponseKey.NEXT_STEP, effects, slot="next_step/find_out")
            text = FIND_OUT_BY_TRYING.format(step=_sentence(_lower_first(step.step)))
        else:
            text = FIND_OUT_PLANNED.format(step=_sentence(_lower_first(step.step)))
        return self._reply(text, ResponseKey.NEXT_STEP, effects, slot="next_step/find_out")

    def _check(self, say: Say, effects: list[str], values: dict[str, object]) -> Reply:
        """How the planned step's effect will be seen: the next run's figure held against the
        prediction, or against the target while no prediction is written down."""
        against = "prediction" if self.state.cycle.prediction_stated else "target"
        values["check_against"] = render(CHECK_AGAINST[against], values)
        return self._reply(say(ResponseKey.CHECK), ResponseKey.CHECK, effects, slot=f"check/{against}")

    def _looked_at_data(self, effects: list[str]) -> None:
        s, flags = self.state, self.state.cycle
        if not flags.evidence_shown:
            flags.evidence_shown = True
            s.nudge(clarity=0.15)
            effects.append("clarity up (looked at the data)")

    def _effect(self, say: Say, effects: list[str], values: dict[str, object], *, has_last_step: bool,
                last_improved: bool | None) -> Reply:
        if last_improved is not None:
            key = ResponseKey.CLOSED_BETTER if last_improved else ResponseKey.CLOSED_WORSE
            return self._reply(_with_event(say(key), values, last_improved), key, effects)
        if has_last_step:  # an earlier record on the board: what it says, no more (and it answers "what happened?")
            flags = self.state.cycle
            if "happened" in flags.answers or ResponseKey.HAPPENED.value in flags.answers:
                # The record was read out already: "is it better now?" asks about now, the current condition.
                return self._actual(say, effects, asked_again="actual" in flags.asked[:-1])
            return self._reply(_sentence(render(BOARD_HAPPENED, values)), ResponseKey.CLOSED, effects, slot="happened")
        return self._not_yet("no_step", say, effects, values)

    def _not_yet(self, situation: str, say: Say, effects: list[str], values: dict[str, object]) -> Reply:
        values["missing"] = render(MISSING[situation], values)
        return self._reply(say(ResponseKey.NOT_YET), ResponseKey.NOT_YET, effects, slot=f"not_yet/{situation}")


#: Moves that take the thinking over: answered before anything else is read from the question.
_TAKES_OVER: dict[Label, Callable[[Learner, _Move], Reply]] = {
    Label.TELLING: Learner._telling,
    Label.LEADING: Learner._leading,
}

#: The answer to every other move, by label; a move not listed is small talk.
_ANSWERS: dict[Label, Callable[[Learner, _Move], Reply]] = {
    Label.TARGET: Learner._target,
    Label.ACTUAL: Learner._actual_asked,
    Label.LAST_STEP: Learner._last_step,
    Label.EXPECTED: Learner._expected,
    Label.HAPPENED: Learner._happened,
    Label.LEARNED: Learner._learned,
    Label.OBSTACLES: Learner._obstacles,
    Label.NEXT_STEP: Learner._next_step_asked,
    Label.GO_SEE: Learner._go_see,
    Label.CLARIFY: Learner._clarify,
    Label.CLOSED: Learner._closed,
}

_ENDINGS = ("", "s", "es", "d", "ed", "ing")


def _says(words: list[str], keyword: list[str]) -> bool:
    """Do ``words`` contain the ``keyword`` words in a row (each with an optional ending)?"""
    n = len(keyword)
    return n > 0 and any(
        all(w.startswith(k) and w[len(k):] in _ENDINGS for w, k in zip(words[i : i + n], keyword))
        for i in range(len(words) - n + 1)
    )


_POINT_IS = re.compile(r"\beach (?:point|dot) (?:on the chart )?is (.+?)\.(?:\s|$)", re.I | re.S)


def _point_is(description: str) -> str:
    """What one point of the run chart is, as the scenario describes its process; empty if it does not say."""
    m = _POINT_IS.search(description)
    return " ".join(m.group(1).split()) if m else ""


def _expects(step: Experiment, values: dict[str, object]) -> str:
    """What the learner expects of ``step``, said from where the run stands now."""
    latest = values.get("latest")
    return from_now(step.expects, latest) if isinstance(latest, (int, float)) else step.expects


def _names_station(text: str, station: str) -> bool:
    """Does ``text`` name the station (one of the words of its name: "wiring" of "Housing & wiring")?"""
    named = {vocab.stem(w) for w in vocab.tokens(station) if len(w) > 3 and w not in vocab.FUNCTION_WORDS}
    return bool(named & {vocab.stem(w) for w in vocab.tokens(text)})


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _gist(text: str) -> str:
    """A short paraphrase of an earlier reply: its first sentence with a number or a name in it."""
    sentences = [x.strip() for x in _SENTENCE_END.split(text.strip()) if len(x.split()) >= 3] or [text]
    pick = next((x for x in sentences if re.search(r"\d", x)), sentences[0]).strip()
    return _sentence(_lower_first(pick))


def _lower_first(text: str) -> str:
    """The text to go on a sentence: its first letter in lower case, unless it starts with "I" or
    an acronym ("PRs", "ED", "QC"). (A name at the start is lowered too: nothing here knows names.)"""
    first = text.split(" ", 1)[0]
    if text[:2] in ("I ", "I'") or any(c.isupper() for c in first[1:]):
        return text
    return text[:1].lower() + text[1:]


def _with_event(text: str, values: dict[str, object], improved: bool | None) -> str:
    """Mention an event that played in the last run when it matters: the run did not get better."""
    if improved is False and values.get("last_event"):
        return f"{text} {render(EVENT_NOTE, values)}"
    return text


def _head(words: tuple[str, ...], text: str) -> str:
    """The strange word to name: in "Dave's lunch" the lunch, not Dave."""
    owners = {w for w in words if re.search(rf"\b{re.escape(w)}['\u2019]s\b", text, re.I)}
    return next((w for w in words if w not in owners), words[0])


def _as_written(word: str, text: str) -> str:
    """``word`` as the coach wrote it ("Bob", not "bob")."""
    m = re.search(rf"\b{re.escape(word)}\b", text, re.I)
    return m.group(0) if m else word


#: The longest word a learner says back as it was typed; a longer one is cut ("The xxxxxxxx…?").
_ECHO_CHARS = 30


def _clipped(word: str) -> str:
    """A made-up word said back as a person would: a very long one only by its start."""
    return word if len(word) <= _ECHO_CHARS else word[: _ECHO_CHARS - 6] + "…"


#: Where one sentence of a reply ends and the next begins ("6.5 s" is one word, not two sentences).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
#: The most of a garbled question's words the learner says back (the patterns match short runs).
_SALAD_CHARS = 48
#: Auxiliaries and articles before the card words a garbled question misuses ("did the next step expect").
_LEADING_AUX = re.compile(r"^(?:(?:did|does|do|can|could|will|would|should|has|have|had|the|your|our|this|that) )+")

#: A "why" about a step taken, not the one planned: "Why did you…?", "Why was that your last step?".
_PAST_WHY = re.compile(r"\b(did|was|were|had|last|then|went)\b")


def _first_sentence(text: str) -> str:
    """The reply's first sentence, said alone as a shorter form: a whole thought of four words or
    more ("I... didn't really predict anything.", not "I..."; not "Honestly?")."""
    short = ""
    for sentence in _SENTENCE_END.split(text.strip()):
        short = f"{short} {sentence}".strip()
        if len(short.split()) >= 4 and not short.endswith(".."):
            return short
    return text

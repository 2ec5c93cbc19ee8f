"""``dojo score FILE [--json] [--first-cycle]``: score a transcript against the Coaching Kata card.

Prints a readable report (score, sub-scores, every turn with its label and a 2nd coach's
note, what went well, at most three feedback items, each with the moment it is about and
a rewrite); ``--json`` prints the ScoreReport as JSON instead. Listening is judged from the
transcript's learner lines; without any, the report says it could not be judged and
scores the rest. ``-`` reads the transcript from standard input. A transcript scored on its
own is taken to have a previous step (so the reflection is due) unless ``--first-cycle``
says its first cycle is the learner's very first.

Imports stay inside ``run`` so ``dojo --help`` stays fast.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dojo.coaching.report import ScoreReport
    from dojo.transcript import Transcript

_WIDTH_TEXT = 72


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "score",
        help="score a coaching transcript against the Coaching Kata card",
        description="Score a transcript (coach:/learner: lines, --- between cycles, or JSON Lines) "
        "against the Coaching Kata card, with a 2nd coach's notes and feedback.",
    )
    _add_arguments(parser)
    return parser


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the transcript file ('-' for standard input)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--first-cycle",
        action="store_true",
        help="the first cycle is the learner's first: there is no last step to reflect on",
    )
    # storage (issue 5): keep a real conversation's score in history, marked "real"
    parser.add_argument("--save", action="store_true", help="keep the result in your history as a real conversation")
    parser.add_argument("--player", metavar="NAME", help="with --save: whose history it goes in (default: yours)")


def run(args: argparse.Namespace) -> int:
    from dojo.coaching.scorer import score_transcript
    from dojo.transcript import load, parse

    if getattr(args, "save", False):  # players (issue 10): a bad name is said before any scoring
        from dojo.cli.whose import player as player_of

        player = player_of(args)
    if args.file == "-":
        from dojo.errors import UserError
        from dojo.files import MAX_FILE_BYTES

        data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise UserError(f"<stdin>: transcript is too large (the limit is {MAX_FILE_BYTES:,} bytes)")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise UserError(f"<stdin>:{line}: not valid UTF-8 text (byte {exc.start})") from None
        transcript = parse(text, source="<stdin>")
    else:
        transcript = load(args.file)
    _check_size(transcript)
    report = score_transcript(transcript, first_cycle=bool(args.first_cycle))
    _check_talk(report, transcript.source)
    if getattr(args, "save", False):  # storage (issue 5)
        import os

        from dojo.storage.sqlite import open_store

        with open_store() as store:
            for warning in store.warnings:
                print(f"dojo: warning: {warning}", file=sys.stderr)
            title = "standard input" if args.file == "-" else os.path.basename(args.file)
            sid = store.save_real(report, title=title, player=player)
        print(f"dojo: saved as real conversation {sid[:8]} (dojo history)", file=sys.stderr)
    from dojo.terminal import clean, clean_json

    if args.json:
        sys.stdout.write(clean_json(report.model_dump_json(indent=2)) + "\n")
    else:
        sys.stdout.write(clean(render_text(report, source=transcript.source), newlines=True))
    return 0


def max_utterances() -> int:
    """The most utterances ``dojo score`` reads: a coach line and the learner's reply for each of the
    actions a session holds (scoring is linear, but the work is bounded, not only the bytes)."""
    from dojo.session.record import MAX_ACTIONS

    return 2 * MAX_ACTIONS


def _check_size(transcript: Transcript) -> None:
    from dojo.errors import UserError

    n, limit = sum(len(c) for c in transcript.cycles), max_utterances()
    if n > limit:
        raise UserError(f"{transcript.source}: {n:,} utterances; dojo score reads at most {limit:,} (a coach line "
                        "and a reply for each action a session holds)")


#: A word: letters of any script, maybe joined by an apostrophe or a hyphen ("don't", "follow-up").
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_AROUND_WORDS = "\"'“”‘’«»()[]{},.;:!?¿？！…-"
_QUESTION_MARKS = "?？¿؟"


def could_be_talk(text: str, heard_as_a_move: bool) -> bool:
    """Whether a coach line could be something a coach said: it reads as words (at least half of what
    the spaces separate is a word and half its characters are letters, unlike ``root:x:0:0:/bin/bash``
    or bytes) and is a question or something the classifier hears as a coaching move (a file of "ok"
    and "asdf qwer" is not a conversation)."""
    tokens = text.split()
    words = sum(1 for t in tokens if _WORD.fullmatch(t.strip(_AROUND_WORDS)))
    letters = sum(1 for ch in text if ch.isalpha())
    if words == 0 or 2 * words < len(tokens) or 2 * letters < sum(len(t) for t in tokens):
        return False
    if any(mark in text for mark in _QUESTION_MARKS):
        return True
    return words >= 2 and heard_as_a_move


def _check_talk(report: ScoreReport, source: str) -> None:
    """A file with no line that could be coaching talk (binary, a password file, a list of numbers) is
    refused in one line instead of being scored 0."""
    from dojo.coaching.labels import Label
    from dojo.errors import UserError

    if not any(
        could_be_talk(t.text, t.label not in (None, Label.OTHER)) for t in report.turns if t.speaker == "coach"
    ):
        raise UserError(f"{source}: no line reads as coaching talk (no question, nothing heard as a coaching "
                        "move): not a conversation to score")


def _clean(text: str) -> str:
    """Player text shown as text: control characters become visible, never act on the terminal."""
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" if ord(ch) < 256 else "?" for ch in text)


def _short(text: str, width: int = _WIDTH_TEXT) -> str:
    text = _clean(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _num(x: float | None) -> str:
    return "  -" if x is None else f"{x:3.0f}"


def render_text(report: ScoreReport, *, source: str = "") -> str:
    from dojo.coaching.card import STEP_NAMES
    from dojo.coaching.report import CRITERION_NAMES, Criterion

    names = CRITERION_NAMES
    n_coach = sum(1 for t in report.turns if t.speaker == "coach")
    out: list[str] = []
    w = out.append
    cycles = len(report.cycles)
    w(f"Score {report.score}/100" + (f"  {_clean(source)}" if source else "")
      + f"  ({cycles} cycle{'s' * (cycles != 1)}, {n_coach} coach turn{'s' * (n_coach != 1)})")
    w("")
    w("Criteria                 score  weight")
    for key, name in names.items():
        value = getattr(report.criteria, key)
        note = ""
        if value is None and key is Criterion.LISTENING:
            note = ("  could not judge listening: the transcript has no learner lines" if not report.listening_judged
                    else "  nothing the learner said called for a follow-up")
        w(f"  {name:<22} {_num(value)}   {report.weights.get(key, 0):4.0f}{note}")
    if not report.listening_judged:
        w("  (scored without listening: the other weights count for 100)")
    w("")
    w("Card steps               score  asked")
    for s in report.steps:
        w(f"  {STEP_NAMES[s.step]:<22} {_num(s.score)}   {s.asked:4d}" + ("" if s.due else "  (not due)"))
    by_cycle: dict[int, list] = {}  # one pass over the turns: a long transcript stays linear
    for t in report.turns:
        by_cycle.setdefault(t.cycle, []).append(t)
    for c in report.cycles:
        w("")
        extra = "  first cycle: no reflection due" if c.first_cycle else ""
        if c.minutes is not None:
            extra += f"  {c.minutes:.0f} min"
        w(f"Cycle {c.index + 1}: {c.score:.0f}/100{extra}")
        for t in by_cycle.get(c.index, []):
            if t.speaker == "coach":
                label = t.label.value if t.label else "?"
                w(f"  {t.index + 1:>3} coach    {label:<10} {_short(t.text)}")
                if t.note:
                    w(f"      {'':<19} > {t.note}")
            else:
                w(f"  {t.index + 1:>3} learner  {'':<10} {_short(t.text)}")
    if report.strengths:
        w("")
        w("What went well")
        for strength in report.strengths:
            w(f"  + {strength}")
    w("")
    w("Feedback from your 2nd coach")
    if not report.feedback:
        w("  Nothing to change in this cycle: keep practising the pattern.")
    for k, f in enumerate(report.feedback, start=1):
        w(f"  {k}. {_clean(f.text)}")
        where = ""
        if cycles > 1 and f.cycles:
            nums = [str(c + 1) for c in sorted(set(f.cycles))]
            where = f" (cycle{'s' * (len(nums) > 1)} {', '.join(nums)})"
        w(f"     {f.why}{where}")
        if f.example is not None:
            w(f"     {_clean(f.example.text)}")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry (``python -m dojo.cli.score FILE``), used by the benchmark."""
    from dojo.errors import UserError

    parser = argparse.ArgumentParser(prog="dojo score")
    _add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        return run(args)
    except UserError as exc:
        print(f"dojo: error: {exc}", file=sys.stderr)
        return exc.exit_code


if __name__ == "__main__":
    raise SystemExit(main())

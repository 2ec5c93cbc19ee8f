"""``dojo classify [FILE...]``: label coach utterances, one per line, as JSON Lines.

Reads the FILEs (``-`` or none: standard input) and writes one JSON object per input line:
``{"text", "label", "confidence", "open", "runner_up"}``. Every line gets a label, even an
empty one. Files must be UTF-8 (an unreadable file is a one-line error); standard input
is decoded forgivingly (invalid bytes become U+FFFD), so a pipe never crashes it.

``dojo classify --evaluate [--external] [--json]`` prints per-label precision, recall
and F1, macro-F1, accuracy and the confusion matrix on the corpus's held-out part (or on
the external sanity set).

Imports stay inside ``run`` so ``dojo --help`` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from typing import Any

from dojo.terminal import clean_json


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "classify",
        help="label coach utterances (one per line) with their Coaching Kata move",
        description="Label coach utterances, one per line, from FILEs or standard input; "
        "write one JSON object per line. With --evaluate, print the classifier's figures "
        "on the corpus's held-out part.",
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="UTF-8 text files, one utterance per line ('-' or none: standard input)")
    parser.add_argument("--evaluate", action="store_true", help="print precision/recall/F1, macro-F1, accuracy and the confusion matrix on the held-out part")
    parser.add_argument("--external", action="store_true", help="with --evaluate: use the external sanity set instead of the held-out part")
    parser.add_argument("--public", action="store_true", help="with --evaluate: use the public external set (lines quoted from public sources)")
    parser.add_argument("--dev", action="store_true", help="with --evaluate: use the development set (lines quoted from other public sources, used to choose, never trained on)")
    parser.add_argument("--json", action="store_true", help="with --evaluate: print the figures as JSON")
    parser.add_argument("--explain", action="store_true", help="add the words that decided each label")
    parser.add_argument("--corrections", action="store_true", help="write the corrections (ctrl+r) stored in your sessions as JSON Lines")
    return parser


def _lines_of_text(text: str) -> Iterator[str]:
    if text.startswith("\ufeff"):
        text = text[1:]
    parts = text.split("\n")
    if parts and parts[-1] == "":
        parts.pop()  # the newline that ends the last line does not start another
    for part in parts:
        yield part[:-1] if part.endswith("\r") else part


def _stdin_lines() -> Iterator[str]:
    first = True
    for raw in sys.stdin.buffer:
        line = raw.decode("utf-8", errors="replace")
        if first and line.startswith("\ufeff"):
            line = line[1:]
        first = False
        if line.endswith("\n"):
            line = line[:-1]
        if line.endswith("\r"):
            line = line[:-1]
        yield line


def _sources(files: list[str]) -> Iterator[tuple[Iterable[str], bool]]:
    """(lines, from standard input) for each FILE, in order; files are read before yielding."""
    from dojo.files import read_text

    if not files:
        files = ["-"]
    for name in files:
        if name == "-":
            yield _stdin_lines(), True
        else:
            yield list(_lines_of_text(read_text(name, what="file of utterances"))), False


def run(args: argparse.Namespace) -> int:
    from dojo.errors import UserError

    if (args.json or args.external or args.public or args.dev) and not args.evaluate:
        raise UserError("--json, --external, --public and --dev go with --evaluate (classify always writes JSON Lines)")
    if args.external + args.public + args.dev > 1:
        raise UserError("--external, --public and --dev are different sets: choose one")
    if args.corrections:
        if args.evaluate or args.files or args.explain:
            raise UserError("--corrections takes no files and goes with no other option")
        return _corrections()
    from dojo.coaching.hearing import default_classifier

    classifier = default_classifier()
    if args.evaluate:
        part = "external" if args.external else "public" if args.public else "dev" if args.dev else "held-out"
        return _evaluate(classifier, part=part, as_json=args.json)
    from dojo.coaching.output import ClassifiedLine

    explain = getattr(classifier, "explain", None) if args.explain else None
    out = sys.stdout
    for lines, interactive in _sources(args.files):
        if not interactive and isinstance(lines, list) and _parallel(lines):
            for chunk in _in_parallel(classifier, lines, args.explain):
                out.write(chunk)
            continue
        talk = _Conversation()
        for line in lines:
            said = talk.hear(line)
            if said is None:
                continue  # a learner line or a cycle break: context, not a coach move
            context = talk.context()
            c = classifier.classify(said, context)
            row = ClassifiedLine(
                text=said,
                label=c.label.value,
                confidence=c.confidence,
                open=c.open,
                runner_up=c.runner_up.value if c.runner_up is not None else None,
                top=[label.value for label in c.top],
                guess=c.guess,
                why=c.why,
                explanation=explain(said, context).line() if explain is not None else None,
                also=[label.value for label in c.also] or None,
            )
            for step in (c.label, *c.also):
                talk.asked(step)
            out.write(clean_json(row.model_dump_json(exclude_none=True)) + "\n")
            if interactive:
                out.flush()
    out.flush()
    return 0


#: Below this many lines one process is quicker than starting workers.
PARALLEL_FROM = 4000
_CHUNK = 500
_WORKER: Any = None


def _parallel(lines: list[str]) -> bool:
    """Many lines, each heard on its own (no learner lines), and more than one core with fork."""
    import multiprocessing
    import os
    import re

    if len(lines) < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        return False
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    learner = re.compile(r"^\s*learner\s*:", re.IGNORECASE)
    return not any(learner.match(line) for line in lines)


def _rows(lines: list[str], explain: bool = False) -> str:
    """JSON Lines for utterances heard on their own (run in a worker process)."""
    from dojo.coaching.output import ClassifiedLine

    clf = _WORKER
    out = []
    for line in lines:
        said = line
        m = line[:9].lower()
        if m.lstrip().startswith("coach"):
            import re

            prefix = re.match(r"^\s*coach\s*:\s?", line, re.IGNORECASE)
            said = line[prefix.end():] if prefix else line
        c = clf.classify(said)
        row = ClassifiedLine(
            text=said, label=c.label.value, confidence=c.confidence, open=c.open,
            runner_up=c.runner_up.value if c.runner_up is not None else None, top=[label.value for label in c.top],
            guess=c.guess, why=c.why, explanation=clf.explain(said).line() if explain and hasattr(clf, "explain") else None,
            also=[label.value for label in c.also] or None,
        )
        out.append(clean_json(row.model_dump_json(exclude_none=True)) + "\n")
    return "".join(out)


def _in_parallel(classifier: Any, lines: list[str], explain: bool) -> Iterator[str]:
    """The rows of many independent lines, in order, from one forked worker per core: the
    model is loaded once before the fork and shared copy-on-write."""
    import multiprocessing
    import os

    global _WORKER  # noqa: PLW0603 - handed to the forked workers
    _WORKER = classifier
    chunks = [lines[i : i + _CHUNK] for i in range(0, len(lines), _CHUNK)]
    with multiprocessing.get_context("fork").Pool(os.cpu_count() or 2) as pool:
        yield from pool.imap(_rows, chunks) if not explain else pool.starmap(_rows, [(c, True) for c in chunks])


class _Conversation:
    """Lines as a transcript: ``learner:`` lines are what the next coach line is heard
    against, ``coach:`` prefixes are dropped, ``---`` starts a new cycle. A file with no
    ``learner:`` line is one utterance per line, each heard on its own, as before."""

    def __init__(self) -> None:
        from dojo.coaching.classifier import Context

        self._context_type = Context
        self._said: list[str] = []
        self._previous = ""
        self._asked: list[Any] = []
        self._seen_learner = False

    def hear(self, line: str) -> str | None:
        import re

        m = re.match(r"^\s*(coach|learner)\s*:\s?", line, re.IGNORECASE)
        if m and m.group(1).lower() == "learner":
            self._seen_learner = True
            text = line[m.end():].strip()
            self._previous = text
            self._said.append(text)
            return None
        if self._seen_learner and line.strip() == "---":
            self._said, self._previous, self._asked = [], "", []
            return None
        return line[m.end():] if m else line

    def context(self) -> Any:
        if not self._seen_learner:
            return None
        return self._context_type(previous=self._previous, said=" ".join(self._said), asked=tuple(self._asked))

    def asked(self, label: Any) -> None:
        from dojo.coaching.labels import CARD_STEPS

        self._previous = ""
        if label in CARD_STEPS:
            self._asked.append(label)


def _corrections() -> int:
    """Every relabel action in the store, paired with the coach line it corrected."""
    from dojo.coaching.output import Correction
    from dojo.storage.sqlite import open_store

    out = sys.stdout
    with open_store() as store:
        for warning in store.warnings:
            print(f"dojo: warning: {warning}", file=sys.stderr)
        for row in store.sessions(kind="practice"):
            record = store.record(row.id)
            last = None
            for action in record.actions:
                if action.kind == "coach":
                    last = action
                elif action.kind == "end_cycle":
                    last = None
                elif action.kind == "relabel" and last is not None and last.heard is not None and action.label is not None:
                    fix = Correction(
                        session=row.id, at=action.at, text=last.text, heard=last.heard.label,
                        confidence=last.heard.confidence, top=list(last.heard.top), corrected_to=action.label,
                    )
                    out.write(clean_json(fix.model_dump_json()) + "\n")
    out.flush()
    return 0


def _evaluate(classifier: Any, *, part: str, as_json: bool) -> int:
    import json

    from dojo.coaching import split as corpus_split
    from dojo.coaching.agreement import agreement
    from dojo.coaching.classifier import Context
    from dojo.coaching.metrics import calibration, evaluate, format_report

    if part == "external":
        examples = corpus_split.read_external()
    elif part == "public":
        examples = corpus_split.read_public()
    elif part == "dev":
        examples = corpus_split.read_public_dev()
    else:
        examples = corpus_split.split_corpus().held_out
    heard = [classifier.classify(ex.text, Context(previous=ex.context) if ex.context else None) for ex in examples]
    figures = evaluate([ex.label.value for ex in examples], [c.label.value for c in heard])
    figures["calibration"] = calibration([c.confidence for c in heard], [c.label == ex.label for c, ex in zip(heard, examples)])
    if part != "held-out":
        # Lines that also occur in the training corpus (canonical card questions) are
        # reported apart: the figure on the others is the one that says how it generalises.
        known = {ex.key for ex in corpus_split.read_corpus()}
        fresh = [i for i, ex in enumerate(examples) if ex.key not in known]
        figures["unseen"] = {
            "n": len(fresh),
            "accuracy": round(sum(heard[i].label == examples[i].label for i in fresh) / len(fresh), 4) if fresh else 0.0,
        }
    if part == "held-out":
        # The held-out part mixes written lines and lines quoted from public sources; the
        # quoted ones say more about how people talk.
        for kind, rows in (
            ("quoted", [i for i, ex in enumerate(examples) if ex.origin]),
            ("written", [i for i, ex in enumerate(examples) if not ex.origin]),
        ):
            if rows:
                figures[kind] = {
                    "n": len(rows),
                    "accuracy": round(sum(heard[i].label == examples[i].label for i in rows) / len(rows), 4),
                    "macro_f1": evaluate([examples[i].label.value for i in rows], [heard[i].label.value for i in rows])["macro_f1"],
                }
    labellers = agreement(part, examples)
    if labellers is not None:
        figures["labellers"] = {"n": labellers.n, "agreed": labellers.agreed, "kappa": labellers.kappa}
    name = type(classifier).__name__
    if as_json:
        sys.stdout.write(json.dumps({"part": part, "classifier": name, **figures}) + "\n")
        return 0
    titles = {
        "held-out": f"{name} on the held-out part of the corpus",
        "external": f"{name} on the external sanity set",
        "public": f"{name} on the public external set (quoted from public sources)",
        "dev": f"{name} on the development set (quoted from other public sources)",
    }
    lines = [format_report(figures, title=titles[part])]
    lines.append(f"expected calibration error {figures['calibration']['ece']:.3f}")
    if "unseen" in figures:
        lines.append(f"on the {figures['unseen']['n']} lines not also in the training corpus: accuracy {figures['unseen']['accuracy']:.3f}")
    if "quoted" in figures:
        q = figures["quoted"]
        lines.append(f"on the {q['n']} held-out lines quoted from public sources: accuracy {q['accuracy']:.3f}, macro-F1 {q['macro_f1']:.3f}")
    if "written" in figures:
        w = figures["written"]
        lines.append(f"on the {w['n']} held-out lines written for the corpus: accuracy {w['accuracy']:.3f}, macro-F1 {w['macro_f1']:.3f}")
    if labellers is not None:
        lines.append(labellers.line())
    sys.stdout.write("\n".join(lines) + "\n")
    return 0

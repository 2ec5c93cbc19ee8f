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
from typing import Any, Iterable, Iterator


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
    parser.add_argument("--json", action="store_true", help="with --evaluate: print the figures as JSON")
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
    from dojo.files import read_text  # noqa: PLC0415

    if not files:
        files = ["-"]
    for name in files:
        if name == "-":
            yield _stdin_lines(), True
        else:
            yield list(_lines_of_text(read_text(name, what="file of utterances"))), False


def run(args: argparse.Namespace) -> int:
    from dojo.coaching.classifier import default_classifier  # noqa: PLC0415

    classifier = default_classifier()
    if args.evaluate:
        return _evaluate(classifier, external=args.external, as_json=args.json)
    if args.json or args.external:
        from dojo.errors import UserError  # noqa: PLC0415

        raise UserError("--json and --external go with --evaluate (classify always writes JSON Lines)")
    from dojo.coaching.output import ClassifiedLine  # noqa: PLC0415

    out = sys.stdout
    for lines, interactive in _sources(args.files):
        for line in lines:
            c = classifier.classify(line)
            row = ClassifiedLine(
                text=line,
                label=c.label.value,
                confidence=c.confidence,
                open=c.open,
                runner_up=c.runner_up.value if c.runner_up is not None else None,
            )
            out.write(row.model_dump_json() + "\n")
            if interactive:
                out.flush()
    out.flush()
    return 0


def _evaluate(classifier: Any, *, external: bool, as_json: bool) -> int:
    import json  # noqa: PLC0415

    from dojo.coaching import split as corpus_split  # noqa: PLC0415
    from dojo.coaching.metrics import evaluate, format_report  # noqa: PLC0415

    if external:
        part, examples = "external", corpus_split.read_external()
    else:
        part, examples = "held-out", corpus_split.split_corpus().held_out
    predicted = [c.label.value for c in classifier.classify_many([ex.text for ex in examples])]
    figures = evaluate([ex.label.value for ex in examples], predicted)
    name = type(classifier).__name__
    if as_json:
        sys.stdout.write(json.dumps({"part": part, "classifier": name, **figures}) + "\n")
    else:
        title = f"{name} on the {part} part of the corpus" if part == "held-out" else f"{name} on the external sanity set"
        sys.stdout.write(format_report(figures, title=title) + "\n")
    return 0

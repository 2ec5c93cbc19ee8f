"""``dojo export SESSION [--format md|html|json] [-o FILE]``: a stored session for people or for import.

SESSION is an id, a unique prefix of one (as ``dojo history`` shows), or ``last``.
"""

from __future__ import annotations

import argparse
import os
import sys


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "export",
        help="export a stored session as Markdown, HTML or JSON",
        description="Export a stored session: the transcript with labels and notes, the storyboard, the run "
        "chart, the scores and the feedback. Markdown (default) and HTML are for people (the HTML is one "
        "self-contained file); JSON can be imported again with 'dojo import'.",
    )
    parser.add_argument("session", metavar="SESSION", help="session id, unique prefix, or 'last'")
    parser.add_argument("--format", "-f", choices=("md", "html", "json"), default="md", help="output format (default md)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    return parser


def write_output(text: str, output: str | None, *, fmt: str = "md") -> None:
    """Write ``text`` to standard output (cleaned for a terminal) or atomically to ``output`` (UserError on failure)."""
    from dojo.errors import UserError  # noqa: PLC0415
    from dojo.terminal import clean, clean_json  # noqa: PLC0415

    if not output or output == "-":
        sys.stdout.write(clean_json(text) if fmt == "json" else clean(text, newlines=True))
        return
    tmp = f"{output}.tmp-{os.getpid()}"
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, output)
    except IsADirectoryError:
        raise UserError(f"{output}: is a directory") from None
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise UserError(f"{output}: cannot write: {exc.strerror or exc}") from None


def run(args: argparse.Namespace) -> int:
    from dojo.storage.export import build_export, render  # noqa: PLC0415
    from dojo.storage.sqlite import open_store  # noqa: PLC0415
    from dojo.terminal import echo, warn  # noqa: PLC0415

    with open_store() as store:
        for warning in store.warnings:
            warn(warning)
        sid = store.resolve(args.session)
        export, warnings = build_export(store, sid)
    for warning in warnings:
        warn(warning)
    write_output(render(export, args.format), args.output, fmt=args.format)
    if args.output and args.output != "-":
        print(f"dojo: wrote {args.output}", file=sys.stderr)
    return 0

"""``dojo export SESSION [--format md|html|json] [-o FILE]``: a stored session for people or for import.

SESSION is an id, a unique prefix of one (as ``dojo history`` shows), or ``last`` (the current
player's last finished session, or with ``--player NAME``, ``--all-players``, ``--unnamed`` that
one's; a newer unfinished one is named on standard error, to export by id). On
standard output every character a terminal could act on is escaped (:mod:`dojo.terminal`).
``-o FILE`` writes through a temporary file, so FILE is whole or untouched; an existing
FILE is replaced only with ``--force`` and only when it is a regular file (never a
symlink, a device or a FIFO), and the message says "replaced".
"""

from __future__ import annotations

import argparse
import contextlib
import os
import stat
import sys
import tempfile

from dojo.cli.whose import add_whose


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "export",
        help="export a stored session as Markdown, HTML or JSON",
        description="Export a stored session: the transcript with labels and notes, the storyboard, the run "
        "chart, the scores and the feedback. Markdown (default) and HTML are for people (the HTML is one "
        "self-contained file); JSON can be imported again with 'dojo import'. -o never replaces an existing "
        "file unless --force is given, and never replaces anything but a regular file.",
    )
    parser.add_argument("session", metavar="SESSION", help="session id, unique prefix, or 'last' (the last finished)")
    parser.add_argument("--format", "-f", choices=("md", "html", "json"), default="md", help="output format (default md)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    parser.add_argument("--force", action="store_true", help="with -o: replace FILE if it exists (a regular file only)")
    add_whose(parser)  # whose 'last' it is (an id names one session, whoever played it)
    return parser


_KINDS = (
    (stat.S_ISLNK, "a symbolic link"), (stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"),
)


def write_output(text: str, output: str | None, *, fmt: str = "md", force: bool = False) -> str:
    """Write ``text`` to standard output (cleaned for a terminal) or to the file ``output``; returns what was done.

    A file is written whole or not at all: into a temporary file beside it, then linked into
    place (which fails if something appeared there meanwhile) or, with ``force``, renamed over
    the old regular file. Anything that is not a regular file (a symlink, a device, a FIFO, a
    directory) is never replaced. UserError on any problem.
    """
    from dojo.errors import UserError
    from dojo.terminal import clean, clean_json

    if not output or output == "-":
        sys.stdout.write(clean_json(text) if fmt == "json" else clean(text, newlines=True))
        return ""
    try:
        st = os.lstat(output)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise UserError(f"{output}: cannot write: {exc.strerror or exc}") from None
    if st is not None:
        if not stat.S_ISREG(st.st_mode):
            kind = next((name for test, name in _KINDS if test(st.st_mode)), "not a regular file")
            raise UserError(f"{output}: is {kind}; it was not replaced (choose another FILE)")
        if not force:
            raise UserError(f"{output}: already exists; add --force to replace it")
    directory = os.path.dirname(output) or "."
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".dojo-export-", dir=directory)
        mask = os.umask(0)
        os.umask(mask)
        os.fchmod(fd, 0o666 & ~mask)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if st is None:
            try:
                os.link(tmp, output)  # never replaces: fails if OUTPUT appeared meanwhile
            except FileExistsError:
                raise UserError(f"{output}: already exists; add --force to replace it") from None
            except OSError:
                os.replace(tmp, output)  # a file system without hard links
                tmp = None
        else:
            os.replace(tmp, output)
            tmp = None
    except UserError:
        raise
    except OSError as exc:
        raise UserError(f"{output}: cannot write: {exc.strerror or exc}") from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return f"replaced {output}" if st is not None else f"wrote {output}"


def run(args: argparse.Namespace) -> int:
    from dojo.cli.whose import whose
    from dojo.render import render
    from dojo.storage.export import build_export
    from dojo.storage.sqlite import open_store
    from dojo.terminal import echo, warn

    player = whose(args)
    with open_store() as store:
        for warning in store.warnings:
            warn(warning)
        sid = store.resolve(args.session, finished=True, player=player)
        if args.session.strip().lower() == "last":
            newest = store.resolve("last", player=player)
            if newest != sid:
                warn(f"exporting the last finished session {sid[:8]}; {newest[:8]} is newer but unfinished "
                     f"(dojo export {newest[:8]} exports it as far as it went)")
        export, warnings = build_export(store, sid)
    for warning in warnings:
        warn(warning)
    done = write_output(render(export, args.format), args.output, fmt=args.format, force=args.force)
    if done:
        echo(f"dojo: {done}", file=sys.stderr)
    return 0

"""``dojo import FILE``: add a session exported with ``dojo export SESSION --format json``.

The file is validated (pydantic), its version and scenario checked and its record
replayed; any problem is one line and nothing is written. The session gets a new id.
"""

from __future__ import annotations

import argparse
import sys


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "import",
        help="import a session exported as JSON (e.g. from a peer)",
        description="Import a session exported with 'dojo export SESSION --format json', for example a "
        "peer's session to review as their 2nd coach. It is checked by replaying it; nothing is written "
        "if anything is wrong.",
    )
    parser.add_argument("file", metavar="FILE", help="the JSON export ('-' for standard input)")
    return parser


def run(args: argparse.Namespace) -> int:
    from dojo.errors import UserError
    from dojo.files import read_text
    from dojo.storage.export import MAX_IMPORT_BYTES, import_export, parse_export
    from dojo.storage.sqlite import open_store
    from dojo.terminal import echo, warn

    if args.file == "-":
        data = sys.stdin.buffer.read(MAX_IMPORT_BYTES + 1)
        if len(data) > MAX_IMPORT_BYTES:
            raise UserError(f"<stdin>: the export is too large (the limit is {MAX_IMPORT_BYTES:,} bytes)")
        try:
            text, source = data.decode("utf-8-sig"), "<stdin>"
        except UnicodeDecodeError:
            raise UserError("<stdin>: not valid UTF-8 text") from None
    else:
        text, source = read_text(args.file, what="session export", max_bytes=MAX_IMPORT_BYTES), args.file
    export = parse_export(text, source)
    with open_store() as store:
        for warning in store.warnings:
            warn(warning)
        sid, warnings = import_export(store, export, source)
    for warning in warnings:
        warn(warning)
    from dojo.players import shown

    echo(f"imported session {sid[:8]} ({export.session.title}; played by {shown(export.session.player)}; "
         f"{len(export.notes)} notes)")
    return 0

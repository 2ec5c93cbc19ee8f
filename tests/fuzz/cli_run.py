"""Running ``dojo`` in process with captured output, and the contract every run must keep.

The contract (the README's promises for anything a user can type or pass): a run never
ends in an exception; a failure is exactly one line on standard error and a non-zero exit;
whatever is written, to standard output or error, holds no character a terminal acts on
(escape sequences, C1 controls, bidi overrides, lone surrogates).
"""

from __future__ import annotations

import io
import os
import re
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from dojo.cli.main import main
from dojo.terminal import UNSAFE_CHARACTERS

RAW = re.compile(f"[{UNSAFE_CHARACTERS}]")
#: ``dojo scenarios validate`` and ``dojo plans validate`` end their problem lines (on stdout) with a summary on stderr.
SUMMARY = re.compile(r"^\d+ problems? in \d+ of \d+ (scenario|plan) files?$")


@dataclass(frozen=True)
class Outcome:
    argv: tuple[str, ...]
    code: int
    out: str
    err: str


def run(argv: list[str], *, home: Path, stdin: bytes = b"") -> Outcome:
    """``dojo --data-dir HOME ARGV...`` in this process; the game itself is never started."""
    import dojo.cli.play as play

    out, err = io.StringIO(), io.StringIO()
    saved = (sys.stdin, os.environ.get("DOJO_HOME"), play.run_game)
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    play.run_game = lambda args: 0  # a fuzzed 'dojo play' must not open a screen
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(["--data-dir", str(home), *argv])
            except SystemExit as exc:  # --help, --version, argparse mistakes
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.stdin, home_before, play.run_game = saved[0], saved[1], saved[2]
        if home_before is None:
            os.environ.pop("DOJO_HOME", None)
        else:
            os.environ["DOJO_HOME"] = home_before
    return Outcome(tuple(argv), code, out.getvalue(), err.getvalue())


def keeps_contract(o: Outcome) -> Outcome:
    """Assert the contract; return the outcome for further checks."""
    assert "Traceback" not in o.err, o
    assert RAW.search(o.out) is None, f"raw character on stdout: {o.argv} {RAW.search(o.out)!r}"
    assert RAW.search(o.err) is None, f"raw character on stderr: {o.argv} {o.err!r}"
    lines = o.err.strip().splitlines()
    if o.code != 0:
        assert len(lines) == 1, f"{o.argv}: exit {o.code} with {len(lines)} lines on stderr: {o.err!r}"
        assert lines[0].startswith("dojo: ") or SUMMARY.match(lines[0]), lines[0]
    else:
        assert all(line.startswith("dojo: ") for line in lines), f"{o.argv}: {o.err!r}"
    return o

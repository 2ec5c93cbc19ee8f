"""Reading user-supplied files: a file that never ends is refused, not read into memory."""

from __future__ import annotations

import threading

import pytest

from dojo.errors import UserError
from dojo.files import read_text


def test_an_endless_file_is_refused_at_the_size_limit():
    outcome: list[BaseException | str] = []

    def read() -> None:
        try:
            outcome.append(read_text("/dev/zero", what="transcript", max_bytes=1000))
        except BaseException as exc:  # noqa: BLE001 - reported below
            outcome.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=5)
    assert outcome, "read_text kept reading /dev/zero"
    assert isinstance(outcome[0], UserError) and "too large" in str(outcome[0])


def test_a_file_within_the_limit_is_read(tmp_path):
    p = tmp_path / "s.txt"
    p.write_text("\ufeffWhat is the target condition?\n")
    assert read_text(p, max_bytes=100) == "What is the target condition?\n"
    with pytest.raises(UserError, match="too large"):
        read_text(p, max_bytes=10)

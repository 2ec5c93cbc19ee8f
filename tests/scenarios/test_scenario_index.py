"""The scenario index: listing and validating parse a file only when its stamp changed.

The index lives in the data directory (``DOJO_HOME``; every test has its own). It is a
cache: a corrupt one is rebuilt, one that cannot be written means no caching, and what it
says is what parsing the file says.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from scenario_helpers import PORTABLE_TEXT

from dojo import files
from dojo.cli.main import main
from dojo.scenarios import index, loader, registry

ID_LINE = "id: fixture-sandwich-line"

pytestmark = pytest.mark.usefixtures("fresh_registry")


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """The files parsed (by the name shown in problems), in order."""
    seen: list[str] = []
    real = loader.check_text

    def counting(text, file, **kw):
        seen.append(Path(file).name)
        return real(text, file, **kw)

    monkeypatch.setattr(loader, "check_text", counting)
    return seen


@pytest.fixture
def only_mine(monkeypatch) -> None:
    """Only the test's own directory: no built-in scenarios to parse."""
    monkeypatch.setattr(registry, "builtin_dir", lambda: None)


def shop(d: Path, n: int) -> list[Path]:
    d.mkdir(exist_ok=True)
    paths = []
    for i in range(n):
        p = d / f"s{i}.yaml"
        p.write_text(PORTABLE_TEXT.replace(ID_LINE, f"id: shop-{i}"), encoding="utf-8")
        paths.append(p)
    return paths


def index_file() -> Path:
    location = index.default_location()
    assert location is not None
    return location


def ids() -> list[str]:
    return [s.id for s in registry.list_scenarios()]


def test_an_unchanged_file_is_parsed_once_across_runs(tmp_path, monkeypatch, parses, only_mine) -> None:
    shop(tmp_path / "d", 3)
    monkeypatch.setenv(registry.ENV_VAR, str(tmp_path / "d"))
    assert ids() == ["shop-0", "shop-1", "shop-2"]
    assert sorted(parses) == ["s0.yaml", "s1.yaml", "s2.yaml"]
    assert index_file().is_file()
    parses.clear()
    assert ids() == ["shop-0", "shop-1", "shop-2"]
    assert main(["scenarios", "validate"]) == 0
    assert parses == []  # listed and validated from the index


def test_a_changed_file_is_read_again_even_with_the_same_size_and_time(tmp_path, monkeypatch, parses, only_mine) -> None:
    _s0, s1 = shop(tmp_path / "d", 2)
    monkeypatch.setenv(registry.ENV_VAR, str(tmp_path / "d"))
    ids()
    parses.clear()
    st = s1.stat()
    s1.write_text(PORTABLE_TEXT.replace(ID_LINE, "id: shop-9"), encoding="utf-8")  # same length
    os.utime(s1, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert s1.stat().st_size == st.st_size and s1.stat().st_mtime_ns == st.st_mtime_ns
    assert ids() == ["shop-0", "shop-9"]
    assert parses == ["s1.yaml"]  # the content digest saw the edit; s0 came from the index


def test_a_new_file_is_parsed_and_a_removed_one_disappears(tmp_path, monkeypatch, parses, only_mine) -> None:
    s0, s1, s2 = shop(tmp_path / "d", 3)
    monkeypatch.setenv(registry.ENV_VAR, str(tmp_path / "d"))
    ids()
    parses.clear()
    s1.unlink()
    (tmp_path / "d" / "s7.yaml").write_text(PORTABLE_TEXT.replace(ID_LINE, "id: shop-7"), encoding="utf-8")
    assert ids() == ["shop-0", "shop-2", "shop-7"]
    assert parses == ["s7.yaml"]
    kept = json.loads(index_file().read_text(encoding="utf-8"))["entries"]
    assert str(s1.resolve()) not in kept and str(s0.resolve()) in kept
    s2.unlink()  # nothing new: the entry still goes at the next run
    assert ids() == ["shop-0", "shop-7"]
    assert str(s2.resolve()) not in json.loads(index_file().read_text(encoding="utf-8"))["entries"]


def test_a_broken_file_keeps_its_problems_and_validate_says_the_same_from_the_index(
    tmp_path, monkeypatch, capsys, parses, only_mine
) -> None:
    d = tmp_path / "d"
    shop(d, 1)
    (d / "bad.yaml").write_text(PORTABLE_TEXT.replace(ID_LINE, "id: shop-5\nnot_a_key: 1"), encoding="utf-8")
    (d / "noschema.yaml").write_text(
        PORTABLE_TEXT.replace(ID_LINE, "id: shop-6").split("\n", 1)[1], encoding="utf-8"
    )
    monkeypatch.setenv(registry.ENV_VAR, str(d))
    assert main(["scenarios", "validate"]) == 1
    cold = capsys.readouterr()
    assert "unknown key 'not_a_key'" in cold.out and "the first line should be" in cold.out
    parses.clear()
    assert main(["scenarios", "validate"]) == 1
    assert capsys.readouterr() == cold and parses == []
    catalog = registry.discover()
    assert [s.id for s in catalog.scenarios] == ["shop-6", "shop-0"]  # playable without the schema line
    assert [p.name for p, _ in catalog.broken] == ["bad.yaml"]
    assert "unknown key 'not_a_key'" in str(catalog.broken[0][1])


@pytest.mark.parametrize(
    "garbage",
    [b"", b"{not json", b'{"version": 1, "fingerprint": "x", "entries": []}', b"\xff\xfe", b"[" * 5000,
     b'{"version": 99, "fingerprint": "", "entries": {}}'],
    ids=["empty", "broken-json", "wrong-shape", "not-utf8", "deep", "other-version"],
)
def test_a_corrupt_index_is_rebuilt_silently(tmp_path, monkeypatch, capsys, parses, only_mine, garbage) -> None:
    shop(tmp_path / "d", 2)
    monkeypatch.setenv(registry.ENV_VAR, str(tmp_path / "d"))
    index_file().parent.mkdir(parents=True, exist_ok=True)
    index_file().write_bytes(garbage)
    assert main(["scenarios", "list"]) == 0
    out = capsys.readouterr()
    assert "shop-1" in out.out and out.err == ""
    assert sorted(parses) == ["s0.yaml", "s1.yaml"]
    assert set(json.loads(index_file().read_text(encoding="utf-8"))["entries"]) == {
        str(p.resolve()) for p in (tmp_path / "d").glob("*.yaml")
    }


def test_an_entry_that_lies_about_its_stamp_is_not_believed(tmp_path, monkeypatch, parses, only_mine) -> None:
    (s0,) = shop(tmp_path / "d", 1)
    monkeypatch.setenv(registry.ENV_VAR, str(tmp_path / "d"))
    ids()
    data = json.loads(index_file().read_text(encoding="utf-8"))
    entry = data["entries"][str(s0.resolve())]
    entry["sha256"] = "0" * 64  # size and time still match
    entry["listed"]["id"] = "forged"
    index_file().write_text(json.dumps(data), encoding="utf-8")
    parses.clear()
    assert ids() == ["shop-0"] and parses == ["s0.yaml"]


def test_checks_changed_since_the_index_was_written_make_it_stale(tmp_path, monkeypatch, parses, only_mine) -> None:
    shop(tmp_path / "d", 1)
    monkeypatch.setenv(registry.ENV_VAR, str(tmp_path / "d"))
    ids()
    parses.clear()
    monkeypatch.setattr(index, "fingerprint", lambda: "another build")
    assert ids() == ["shop-0"] and parses == ["s0.yaml"]


def test_a_data_directory_that_cannot_be_written_lists_all_the_same(tmp_path, monkeypatch, capsys, parses, only_mine) -> None:
    shop(tmp_path / "d", 2)
    monkeypatch.setenv(registry.ENV_VAR, str(tmp_path / "d"))
    (tmp_path / "file").write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("DOJO_HOME", str(tmp_path / "file" / "home"))  # cannot be created
    assert main(["scenarios", "list"]) == 0
    assert main(["scenarios", "list"]) == 0
    out = capsys.readouterr()
    assert out.out.count("shop-1") == 2 and out.err == ""
    assert len(parses) == 4  # no caching, no complaint

    def read_only(*_a, **_k):
        raise OSError(30, "Read-only file system")

    monkeypatch.setenv("DOJO_HOME", str(tmp_path / "ro"))
    monkeypatch.setattr(files.tempfile, "mkstemp", read_only)
    parses.clear()
    assert ids() == ["shop-0", "shop-1"] and len(parses) == 2
    assert not (tmp_path / "ro" / index.INDEX_NAME).exists()
    assert [p.name for p in (tmp_path / "ro").iterdir()] == []  # no temporary file left either


def test_no_save_reads_the_index_but_writes_nothing(tmp_path, monkeypatch, only_mine) -> None:
    shop(tmp_path / "d", 1)
    monkeypatch.setenv(registry.ENV_VAR, str(tmp_path / "d"))
    assert [s.id for s in registry.list_scenarios(keep_index=False)] == ["shop-0"]
    assert not index_file().exists()


def test_several_processes_listing_at_once_leave_a_sound_index(tmp_path) -> None:
    d = tmp_path / "d"
    shop(d, 4)
    env = {**os.environ, registry.ENV_VAR: str(d), "DOJO_HOME": str(tmp_path / "home")}
    procs = [
        subprocess.Popen([sys.executable, "-m", "dojo", "scenarios", "list"], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0 and "shop-3" in out and err == ""
    kept = json.loads((tmp_path / "home" / index.INDEX_NAME).read_text(encoding="utf-8"))["entries"]
    assert {str(p.resolve()) for p in d.glob("*.yaml")} <= set(kept)
    assert [p.name for p in (tmp_path / "home").iterdir() if p.name.endswith(".tmp")] == []

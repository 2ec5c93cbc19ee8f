"""Packaging: any install has the built-in scenarios; the two set-ups of the Makefile.

* An installed wheel (what ``pip install .`` and ``pipx install`` build) lists the built-in
  scenarios from outside the repository; so does a wheel built from the sdist.
* An empty list says where the dojo looked and exits non-zero.
* The game imports none of the development tools, so the game's set-up can leave them out.
* ``make play`` installs only the game, ``make test`` adds the development tools, each with
  its own stamp (checked with ``make -n`` on a copy of the Makefile).
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import time
import tomllib
from pathlib import Path

import pytest

from dojo.cli import scenarios as scenarios_cli
from dojo.errors import UserError
from dojo.scenarios import registry

REPO = Path(__file__).resolve().parents[1]
# what a build reads: the files an sdist of the project holds
SOURCES = ("pyproject.toml", "setup.py", "README.md", "dojo", "scenarios", "plans")
OWN_DISTRIBUTION = re.compile(r"^(dojo|kata_dojo|__editable__.*kata_dojo.*)([.-].*)?$", re.IGNORECASE)


def builtin_ids() -> set[str]:
    """The ids of the scenario files in the repository's ``scenarios/``."""
    ids = set()
    for path in sorted((REPO / "scenarios").glob("*.yaml")):
        match = re.search(r"^id:\s*(\S+)", path.read_text(encoding="utf-8"), re.MULTILINE)
        assert match, f"{path.name} has no id line"
        ids.add(match.group(1).strip("'\""))
    assert ids, "no scenario files in scenarios/"
    return ids


def run(cmd: list[str], *, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def check(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, f"{' '.join(result.args)}\n{result.stdout}\n{result.stderr}"
    return result.stdout


# ----------------------------------------------------------------------- the empty list


@pytest.fixture
def no_builtin(tmp_path, monkeypatch):
    """An install without built-in scenarios: the package neither carries nor sits next to them."""
    fake_pkg = tmp_path / "site-packages" / "dojo" / "scenarios"
    fake_pkg.mkdir(parents=True)
    monkeypatch.setattr(registry, "_PACKAGE_DIR", fake_pkg)
    monkeypatch.delenv(registry.ENV_VAR, raising=False)
    registry.clear_cache()
    return fake_pkg


@pytest.mark.parametrize("as_json", [False, True])
def test_empty_list_says_where_it_looked_and_fails(no_builtin, as_json, capsys):
    with pytest.raises(UserError) as caught:
        scenarios_cli.list_command(as_json=as_json)
    message = str(caught.value)
    assert "\n" not in message
    assert caught.value.exit_code != 0
    assert f"${registry.ENV_VAR} (not set)" in message
    for place in registry.builtin_candidates():
        assert str(place) in message
    assert capsys.readouterr().out == ""  # nothing a script could take for an (empty) list


def test_empty_list_names_the_players_directory(no_builtin, tmp_path, monkeypatch):
    own = tmp_path / "my scenarios"
    own.mkdir()
    (own / "notes.txt").write_text("not a scenario", encoding="utf-8")
    monkeypatch.setenv(registry.ENV_VAR, str(own))
    with pytest.raises(UserError, match=re.escape(str(own))) as caught:
        scenarios_cli.list_command(as_json=False)
    assert "(not set)" not in str(caught.value)
    with pytest.raises(UserError, match=r"unknown scenario 'x': no scenarios found in .*my scenarios"):
        registry.load_scenario("x")


# ------------------------------------------------------------------ an installed wheel


def source_copy(tmp: Path) -> Path:
    """The files a build reads, copied, so building never writes into the repository."""
    src = tmp / "src"
    src.mkdir()
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(REPO / name, src / name)
    return src


def fresh_venv(tmp: Path) -> Path:
    """A new venv whose only other packages are the running one's dependencies (no dojo).

    The dependencies are reached through a ``.pth`` line naming a directory of links to
    this environment's packages, leaving out the dojo's own (its editable install):
    no network and no index is needed, and the dojo can only come from the wheel.
    """
    venv = tmp / "venv"
    check(run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=tmp))
    deps = tmp / "deps"
    deps.mkdir()
    paths = sysconfig.get_paths()
    for site in {paths["purelib"], paths["platlib"]}:
        for entry in Path(site).iterdir():
            if entry.suffix != ".pth" and not OWN_DISTRIBUTION.match(entry.name) and not (deps / entry.name).exists():
                (deps / entry.name).symlink_to(entry)
    python = venv / "bin" / "python"
    purelib = check(run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=tmp))
    Path(purelib.strip(), "_dependencies.pth").write_text(f"{deps}\n", encoding="utf-8")
    return venv


def require_build_backend() -> None:
    """The wheel is built with this environment's setuptools: say so when it is too old."""
    from importlib.metadata import version

    found = version("setuptools")
    assert int(found.split(".")[0]) >= 77, f"setuptools {found} is too old to build the dojo: run make test"


def pip(*args: str, cwd: Path) -> str:
    return check(run([sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input", *args], cwd=cwd))


@pytest.mark.slow
def test_an_installed_wheel_lists_the_builtin_scenarios(tmp_path):
    started = time.monotonic()
    require_build_backend()
    src = source_copy(tmp_path)
    wheels = tmp_path / "wheels"
    # --no-build-isolation: the build uses this environment's setuptools, not the network
    pip("wheel", str(src), "--no-deps", "--no-build-isolation", "-w", str(wheels), cwd=tmp_path)
    (_wheel,) = wheels.glob("kata_dojo-*.whl")

    venv = fresh_venv(tmp_path)
    pip("--python", str(venv / "bin" / "python"), "install", "--no-index", "--find-links", str(wheels),
        "kata-dojo", cwd=tmp_path)  # fmt: skip

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(outside), "LANG": "C.UTF-8",
           "DOJO_HOME": str(outside / "dojo-home")}  # fmt: skip
    dojo = str(venv / "bin" / "dojo")
    where = check(run([str(venv / "bin" / "python"), "-c", "import dojo; print(dojo.__file__)"], cwd=outside, env=env))
    assert Path(where.strip()).is_relative_to(venv), f"dojo imported from {where}"

    table = check(run([dojo, "scenarios", "list"], cwd=outside, env=env))
    listed = {line.split()[0] for line in table.splitlines()[1:]}
    assert listed == builtin_ids()

    infos = json.loads(check(run([dojo, "scenarios", "list", "--json"], cwd=outside, env=env)))
    assert {i["id"] for i in infos} == builtin_ids() and all(i["builtin"] for i in infos)
    packaged = Path(where.strip()).parent / "scenarios" / "builtin"
    assert all(Path(i["path"]).parent == packaged for i in infos)
    assert (packaged / registry.SCHEMA_FILE).is_file()  # editors' schema line resolves next to the files
    assert check(run([dojo, "scenarios", "validate"], cwd=outside, env=env)) == f"ok: {len(builtin_ids())} scenarios\n"
    # the shipped plans too, with their schema next to them
    shipped_plans = sorted(p.name for p in (REPO / "plans").glob("*.yaml"))
    assert check(run([dojo, "plans", "validate"], cwd=outside, env=env)) == f"ok: {len(shipped_plans)} plan{'s' if len(shipped_plans) != 1 else ''}\n"
    assert sorted(p.name for p in (Path(where.strip()).parent / "plans" / "builtin").glob("*.yaml")) == shipped_plans

    # the same install without its scenarios: one line naming where it looked, non-zero exit
    shutil.rmtree(packaged)
    empty = run([dojo, "scenarios", "list"], cwd=outside, env=env)
    assert empty.returncode != 0 and empty.stdout == ""
    assert empty.stderr.count("\n") == 1 and "Traceback" not in empty.stderr
    assert str(packaged) in empty.stderr and registry.ENV_VAR in empty.stderr
    assert time.monotonic() - started < 60


@pytest.mark.slow
def test_the_sdist_carries_the_scenarios(tmp_path):
    """``pip install`` from an sdist (or pipx from a source archive) builds a wheel from it."""
    require_build_backend()
    src = source_copy(tmp_path)
    dist = tmp_path / "dist"
    code = f"from setuptools import build_meta; print(build_meta.build_sdist({str(dist)!r}))"
    name = check(run([sys.executable, "-c", code], cwd=src)).strip().splitlines()[-1]
    with tarfile.open(dist / name) as sdist:
        names = {Path(*Path(n).parts[1:]).as_posix() for n in sdist.getnames()}
    expected = {f"scenarios/{p.name}" for p in (REPO / "scenarios").iterdir() if p.suffix in (".yaml", ".json")}
    assert expected <= names
    wheels = tmp_path / "wheels"
    pip("wheel", str(dist / name), "--no-deps", "--no-build-isolation", "-w", str(wheels), cwd=tmp_path)
    (wheel,) = wheels.glob("kata_dojo-*.whl")
    import zipfile

    packaged = {n for n in zipfile.ZipFile(wheel).namelist() if n.startswith("dojo/scenarios/builtin/")}
    assert packaged == {f"dojo/scenarios/builtin/{Path(e).name}" for e in expected}
    plans = {f"plans/{p.name}" for p in (REPO / "plans").iterdir() if p.suffix in (".yaml", ".json")}
    assert plans <= names
    packaged = {n for n in zipfile.ZipFile(wheel).namelist() if n.startswith("dojo/plans/builtin/")}
    assert packaged == {f"dojo/plans/builtin/{Path(e).name}" for e in plans}


# ------------------------------------------------------- the game without the dev tools

#: Modules that are development tools themselves (run with ``python -m``), never imported
#: by the game, and so allowed to use the ``dev`` extras.
DEV_TOOL_MODULES = {"dojo.coaching.train"}


def dev_only_imports() -> set[str]:
    """Top-level import names of the ``dev`` extras that are not also game dependencies."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]

    def names(requirements: list[str]) -> set[str]:
        return {re.split(r"[\s<>=!~\[;]", r, maxsplit=1)[0].lower().replace("-", "_") for r in requirements}

    dev = names(project["optional-dependencies"]["dev"]) - names(project["dependencies"])
    return dev | {"xdist"}  # pytest-xdist's import name


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_the_game_imports_no_development_tool():
    dev = dev_only_imports()
    assert {"pytest", "hypothesis", "numpy"} <= dev
    offenders = []
    for path in sorted((REPO / "dojo").rglob("*.py")):
        module = ".".join(path.relative_to(REPO).with_suffix("").parts)
        imported = imports_of(path)
        if module not in DEV_TOOL_MODULES:
            offenders += [f"{module} imports {name}" for name in sorted(imported) if name.split(".")[0] in dev]
        offenders += [f"{module} imports the dev tool {name}" for name in sorted(imported & DEV_TOOL_MODULES)]
    assert offenders == []


# ----------------------------------------------------------------------------- Makefile

MAKE = shutil.which("make")


def make_n(project: Path, target: str) -> list[str]:
    """The commands ``make TARGET`` would run in ``project``, without running them."""
    # Run as a top-level make even when the suite itself runs under `make test` (as CI does):
    # a nested make would add "make[1]: Entering directory" lines.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES")}
    result = subprocess.run(
        [MAKE, "--no-print-directory", "-n", target, f"PYTHON={sys.executable}"], cwd=project, env=env,
        capture_output=True, text=True, timeout=120,
    )
    return check(result).splitlines()


def installs(commands: list[str]) -> list[str]:
    return [c for c in commands if " -m venv " in c or " pip install " in c]


@pytest.fixture
def project(tmp_path):
    """A copy of the Makefile and the build files, with old modification times."""
    for name in ("Makefile", "pyproject.toml", "setup.py"):
        shutil.copy2(REPO / name, tmp_path / name)
        os.utime(tmp_path / name, (1_000_000_000, 1_000_000_000))
    return tmp_path


def mark_done(project: Path, *stamps: str) -> None:
    """As if those set-ups had run: the venv's python and the stamp files, newer than the build files."""
    (project / ".venv" / "bin").mkdir(parents=True, exist_ok=True)
    for path in [project / ".venv" / "bin" / "python", *(project / ".venv" / s for s in stamps)]:
        path.touch()
        os.utime(path, (1_500_000_000, 1_500_000_000))


needs_make = pytest.mark.skipif(MAKE is None, reason="make is not installed")


@needs_make
def test_play_on_a_fresh_machine_installs_only_the_game(project):
    commands = make_n(project, "play")
    assert installs(commands)[0].endswith(" -m venv .venv")
    pip_installs = [c for c in commands if " pip install " in c and "--upgrade pip" not in c]
    assert pip_installs == [".venv/bin/python -m pip install --quiet -e ."]
    assert commands[-1].startswith(".venv/bin/dojo")


@needs_make
def test_test_on_a_fresh_machine_installs_the_tools_once(project):
    commands = make_n(project, "test")
    assert installs(commands)[0].endswith(" -m venv .venv")
    pip_installs = [c for c in commands if " pip install " in c and "--upgrade pip" not in c]
    assert pip_installs == [".venv/bin/python -m pip install --quiet -e '.[dev]'"]
    assert commands[-1].startswith(".venv/bin/python -m pytest")


@needs_make
def test_test_runs_lint_and_types_before_the_tests(project):
    mark_done(project, ".installed-play", ".installed-test")
    commands = make_n(project, "test")
    assert commands[:2] == [".venv/bin/ruff check .", ".venv/bin/mypy"]
    assert len(commands) == 3 and commands[2].startswith(".venv/bin/python -m pytest")


@needs_make
def test_test_after_play_adds_the_tools(project):
    mark_done(project, ".installed-play")
    commands = make_n(project, "test")
    assert installs(commands) == [".venv/bin/python -m pip install --quiet -e '.[dev]'"]


@needs_make
def test_play_after_test_installs_nothing(project):
    mark_done(project, ".installed-play")
    # a real `make test` run touches both stamps; emulate its recipe's last line
    for command in make_n(project, "test"):
        if command.startswith("touch "):
            check(run(command.split(), cwd=project))
    assert installs(make_n(project, "play")) == []
    assert installs(make_n(project, "test")) == []


@needs_make
@pytest.mark.parametrize("changed", ["pyproject.toml", "setup.py"])
def test_a_changed_build_file_reinstalls(project, changed):
    mark_done(project, ".installed-play", ".installed-test")
    os.utime(project / changed, (1_600_000_000, 1_600_000_000))  # newer than the stamps
    assert installs(make_n(project, "play")) == [".venv/bin/python -m pip install --quiet -e ."]
    assert installs(make_n(project, "test")) == [".venv/bin/python -m pip install --quiet -e '.[dev]'"]

"""Build hook: ship the repository's ``scenarios/`` and ``plans/`` inside the package.

Everything else about the build is in ``pyproject.toml``. The built-in scenarios have one
copy in the repository, ``scenarios/`` at the top (where scenario authors look, and where
``dojo scenarios schema > scenarios/scenario.schema.json`` writes); the shipped dojo plans
likewise ``plans/``. A wheel or sdist built from here carries them as package data in
``dojo/scenarios/builtin/`` and ``dojo/plans/builtin/``, which is where an installed dojo
looks first (``dojo/scenarios/registry.py``, ``dojo/plans/registry.py``). An editable
install (``make play``) needs no copy: it reads the directories directly.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

#: (directory relative to this file, as setuptools wants; the package it becomes; its schema)
SHIPPED = (
    ("scenarios", "dojo.scenarios.builtin", "scenario.schema.json"),
    ("plans", "dojo.plans.builtin", "plan.schema.json"),
)


class BuildPyWithScenarios(build_py):
    """``build_py`` that adds ``scenarios/`` and ``plans/`` as the data of their ``builtin`` packages."""

    def _shipped_data(self) -> list[tuple[str, str, str, list[str]]]:
        data = []
        for source, package, schema in SHIPPED:
            root = Path(__file__).resolve().parent / source
            names = sorted({p.name for pattern in ("*.yaml", "*.yml", schema) for p in root.glob(pattern) if p.is_file()})
            if not any(name.endswith((".yaml", ".yml")) for name in names):
                raise SystemExit(f"setup.py: no {source} files in {root}")
            data.append((package, source, str(Path(self.build_lib, *package.split("."))), names))
        return data

    def _get_data_files(self):  # what build_py copies and a wheel records
        return [*super()._get_data_files(), *self._shipped_data()]

    def get_data_files_without_manifest(self):  # what sdist includes
        return [*super().get_data_files_without_manifest(), *self._shipped_data()]


setup(cmdclass={"build_py": BuildPyWithScenarios})

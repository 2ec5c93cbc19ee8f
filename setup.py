"""Build hook: ship the repository's ``scenarios/`` inside the package.

Everything else about the build is in ``pyproject.toml``. The built-in scenarios have one
copy in the repository, ``scenarios/`` at the top (where scenario authors look, and where
``dojo scenarios schema > scenarios/scenario.schema.json`` writes). A wheel or sdist built
from here carries them as package data in ``dojo/scenarios/builtin/``, which is where an
installed dojo looks first (``dojo/scenarios/registry.py``). An editable install
(``make play``) needs no copy: it reads ``scenarios/`` directly.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SOURCE = "scenarios"  # relative to this file, as setuptools wants
PACKAGE = "dojo.scenarios.builtin"
PATTERNS = ("*.yaml", "*.yml", "scenario.schema.json")


class BuildPyWithScenarios(build_py):
    """``build_py`` that adds ``scenarios/`` as the data of ``dojo.scenarios.builtin``."""

    def _scenario_data(self) -> tuple[str, str, str, list[str]]:
        root = Path(__file__).resolve().parent / SOURCE
        names = sorted({p.name for pattern in PATTERNS for p in root.glob(pattern) if p.is_file()})
        if not any(name.endswith((".yaml", ".yml")) for name in names):
            raise SystemExit(f"setup.py: no scenario files in {root}")
        build_dir = str(Path(self.build_lib, *PACKAGE.split(".")))
        return PACKAGE, SOURCE, build_dir, names

    def _get_data_files(self):  # what build_py copies and a wheel records
        return [*super()._get_data_files(), self._scenario_data()]

    def get_data_files_without_manifest(self):  # what sdist includes
        return [*super().get_data_files_without_manifest(), self._scenario_data()]


setup(cmdclass={"build_py": BuildPyWithScenarios})

"""The scenario a stored session was played on, and whether the file on offer still is that one.

A session keeps a copy of its scenario (``SessionRecord.scenario_text``, YAML as
:func:`dojo.scenarios.loader.dumps` writes it; the store keeps each distinct copy once), so
resuming, exporting, replaying and importing it replay against exactly what was played, even
after its file was edited or removed; a note says so when the file on offer is no longer
that scenario. The copy comes from the store or from an imported file, so it is read like
any scenario file — through the same bounded loader (size, nodes, aliases, every check) —
and must have the record's id and hash to the record's ``scenario_digest``.

A record from before copies were kept falls back to what the dojo did then: the file on
offer with that id, or a scenario already parsed in this process with the record's digest.
A scenario id is an id: only the registry resolves it, never as a file path.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dojo.errors import UserError
from dojo.terminal import clean

if TYPE_CHECKING:
    from dojo.scenarios.models import Scenario
    from dojo.session.record import SessionRecord

#: What a scenario id looks like (the scenario model's own pattern); anything else is never looked up.
SCENARIO_ID = re.compile(r"[a-z][a-z0-9-]{0,99}")


@dataclass(frozen=True)
class Played:
    """The scenario to replay a record on, and a note for the player when the file on offer differs."""

    scenario: Scenario
    note: str | None = None

    @property
    def changed(self) -> bool:
        """The scenario file on offer is not (or no longer) the one the session was played on."""
        return self.note is not None


def copy_of(scenario: Scenario) -> str:
    """What a session keeps of its scenario: the YAML :func:`~dojo.scenarios.loader.loads` reads back equal."""
    from dojo.scenarios.loader import dumps

    return dumps(scenario)


def played(record: SessionRecord, *, on_offer: Scenario | None = None) -> Played:
    """The scenario ``record`` replays on (UserError when there is none to be had).

    ``on_offer``: the scenario the caller already loaded for the record's id, if any (else it
    is looked up)."""
    from dojo.session.engine import scenario_digest

    if not SCENARIO_ID.fullmatch(record.scenario_id):
        raise UserError(f"{clean(record.scenario_id[:60])!r} is not a scenario id")
    if record.scenario_text is None:
        return _without_copy(record, on_offer)
    scenario = _from_copy(record.scenario_text, record.scenario_id, record.scenario_digest)
    current = on_offer if on_offer is not None else _on_offer(record.scenario_id)
    if current is None:
        return Played(scenario, f"scenario {record.scenario_id!r} is no longer on offer; the session replays on "
                                "the copy kept with it")
    if scenario_digest(current) != record.scenario_digest:
        return Played(scenario, f"the scenario file {record.scenario_id!r} has changed since this session was "
                                "played; it replays on the scenario as played (kept with the session)")
    return Played(scenario)


def _from_copy(text: str, scenario_id: str, digest: str) -> Scenario:
    """The scenario in a kept copy, checked like a file and against the record's id and digest."""
    from dojo.scenarios.loader import MAX_SCENARIO_BYTES
    from dojo.session.engine import scenario_digest

    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError:
        raise UserError("the scenario kept with the session is not valid Unicode") from None
    if size > MAX_SCENARIO_BYTES:
        raise UserError(f"the scenario kept with the session is {size:,} bytes (a scenario file may have "
                        f"{MAX_SCENARIO_BYTES:,})")
    scenario = _parse(text)
    if scenario.id != scenario_id:
        raise UserError(f"the scenario kept with the session is {clean(scenario.id)!r}, not {clean(scenario_id[:60])!r}")
    if scenario_digest(scenario) != digest:
        raise UserError("the scenario kept with the session is not the one it was played on (its digest differs)")
    return scenario


@functools.lru_cache(maxsize=8)
def _parse(text: str) -> Scenario:
    """Parsing a copy takes about a tenth of a second: exporting many sessions of one scenario parses it once."""
    from dojo.scenarios.loader import ScenarioError, loads

    try:
        return loads(text, "<scenario kept with the session>")
    except ScenarioError as exc:
        raise UserError(f"the scenario kept with the session is not valid: {exc}") from None


def _on_offer(scenario_id: str) -> Scenario | None:
    """The valid scenario on offer with this id, or None."""
    from dojo.scenarios import registry
    from dojo.scenarios.loader import ScenarioError

    if not SCENARIO_ID.fullmatch(scenario_id):
        return None
    path = registry.find_path(scenario_id)
    if path is None:
        return None
    try:
        return registry.load_scenario(path)
    except (UserError, ScenarioError):
        return None


def _without_copy(record: SessionRecord, on_offer: Scenario | None) -> Played:
    """An older record: the file on offer with its id, or an already parsed scenario with its digest."""
    from dojo.scenarios import registry
    from dojo.session.engine import scenario_digest

    sid = record.scenario_id
    current = on_offer if on_offer is not None else _on_offer(sid)
    if current is not None and scenario_digest(current) == record.scenario_digest:
        return Played(current)
    for candidate in registry.parsed():  # a scenario the game opened by its path
        if candidate.id == sid and scenario_digest(candidate) == record.scenario_digest:
            return Played(candidate)
    if current is not None:
        return Played(current, f"the scenario file {sid!r} has changed since this session was played, and this "
                               "older session kept no copy of it: it replays on the file as it is now")
    raise UserError(f"scenario {sid!r} cannot be loaded (it is not among the scenarios on offer: dojo scenarios list)")

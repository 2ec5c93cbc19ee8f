"""Scenario files: YAML data validated by pydantic models, never evaluated as code."""

#: A scenario is a few dozen kilobytes; larger files are refused before they are parsed
#: (the pure-Python round-trip parser reads roughly 250 KB a second). Here, apart from the
#: loader, so that what bounds a stored copy of a scenario needs no YAML parser to say so.
MAX_SCENARIO_BYTES = 512 * 1024

"""Numbers, quantities, dates and clock times as people write them: one place for every front end.

The engine's text (the learner's speech, the PDCA record, the headless transcript), the
exports and the game all format through here, so a target reads "4 h" everywhere, never
"4.0" in one place and "4" in another, and a date reads "Wednesday 4 March", never
"2026-03-04".
"""

from __future__ import annotations

import datetime as dt

#: English names, not the locale's (``strftime`` would follow the machine's language).
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def number(x: float) -> str:
    """A measurement as people write it: whole from 10 up, one decimal below, no trailing ``.0``.

    ``4.0`` → ``4``, ``4.25`` → ``4.2``, ``86.31`` → ``86``, ``0.0`` → ``0``.
    """
    text = f"{x:.0f}" if abs(x) >= 10 else f"{x:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text in ("-0", "") else text


def quantity(x: float, unit: str) -> str:
    """``number(x)`` with its unit: ``62 s``, ``4 h``, ``77%``."""
    if not unit:
        return number(x)
    return f"{number(x)}{unit}" if unit == "%" else f"{number(x)} {unit}"


def day_month(date: dt.date) -> str:
    """``4 March``: how a date is said when the weekday is not needed."""
    return f"{date.day} {MONTHS[date.month - 1]}"


def human_date(date: dt.date) -> str:
    """``Wednesday 4 March``: the weekday always the date's own (the year is left out, as people say it)."""
    return f"{weekday(date)} {day_month(date)}"


def human_iso(value: str) -> str:
    """An ISO date as the data carries it (``2026-03-04``) as people read it (``Wednesday 4 March``);
    anything that is not an ISO date is left as it is."""
    try:
        return human_date(dt.date.fromisoformat(value))
    except ValueError:
        return value


def short_iso(value: str) -> str:
    """An ISO date as a chart's axis names it: ``4 Mar``; anything else as it is."""
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        return value
    return f"{date.day} {MONTHS[date.month - 1][:3]}"


def moment(ts: float) -> str:
    """A moment in real life (a session started, an export written), local time, with its year:
    ``Friday 15 January 2027, 14:05``."""
    when = dt.datetime.fromtimestamp(ts)
    return f"{human_date(when.date())} {when.year}, {when:%H:%M}"


def stamp(ts: float) -> str:
    """A moment in a list of sessions, local time, short: ``15 Jan 2027 14:05``."""
    when = dt.datetime.fromtimestamp(ts)
    return f"{when.day} {MONTHS[when.month - 1][:3]} {when.year} {when:%H:%M}"


def weekday(date: dt.date) -> str:
    """``Wednesday``."""
    return WEEKDAYS[date.weekday()]


def clock(seconds: float) -> str:
    """Elapsed time as ``m:ss`` (``86.31`` → ``1:26``); never negative."""
    whole = max(0, int(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def duration(seconds: float) -> str:
    """A stopwatch reading: ``45 s`` under a minute, ``1:26`` from a minute up."""
    return clock(seconds) if seconds >= 60 else f"{max(0.0, seconds):.0f} s"

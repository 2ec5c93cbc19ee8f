"""The database schema and its migrations.

The schema version is SQLite's ``PRAGMA user_version`` (0 for a new, empty file).
``MIGRATIONS[i]`` is the list of statements that take version ``i`` to ``i + 1``; they
run in one ``BEGIN IMMEDIATE`` transaction together with the new ``user_version``, so a
migration is all or nothing and two processes starting at once migrate only once.
A database whose version is above :data:`SCHEMA_VERSION` was written by a newer dojo:
it is refused before anything is written.

To change the schema: append a list of statements to ``MIGRATIONS`` (never edit one that
has shipped) and add a test that opens a database of the previous version.
"""

from __future__ import annotations

_V1 = [
    # One row per session. The summary columns (score, criteria, target_met, …) are filled
    # when the session ends, so history never needs to replay a session.
    """
    CREATE TABLE sessions (
        id              TEXT PRIMARY KEY,
        kind            TEXT NOT NULL CHECK (kind IN ('practice', 'real')),
        source          TEXT NOT NULL,
        scenario_id     TEXT NOT NULL,
        title           TEXT NOT NULL DEFAULT '',
        scenario_digest TEXT NOT NULL DEFAULT '',
        seed            INTEGER,
        mode            TEXT NOT NULL DEFAULT 'free',
        record_version  INTEGER NOT NULL DEFAULT 1,
        started_at      REAL NOT NULL,
        updated_at      REAL NOT NULL,
        finished_at     REAL,
        abandoned       INTEGER NOT NULL DEFAULT 0,
        owner           TEXT,
        n_actions       INTEGER NOT NULL DEFAULT 0,
        n_turns         INTEGER,
        score           INTEGER,
        crit_coverage   REAL,
        crit_order      REAL,
        crit_quality    REAL,
        crit_prediction REAL,
        crit_go_see     REAL,
        target_met      INTEGER,
        cycles          INTEGER,
        coach_turns     INTEGER,
        -- per card step scores (averaged over the session's cycles; NULL when never due)
        step_target     REAL,
        step_actual     REAL,
        step_last_step  REAL,
        step_expected   REAL,
        step_happened   REAL,
        step_learned    REAL,
        step_obstacles  REAL,
        step_next_step  REAL,
        step_go_see     REAL
    )
    """,
    # The large JSON documents, apart so that scanning sessions for history stays cheap:
    # the debrief of a practice session, the score report of a real conversation.
    """
    CREATE TABLE documents (
        session_id TEXT PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
        debrief    TEXT,
        report     TEXT
    )
    """,
    "CREATE INDEX sessions_by_start ON sessions (started_at)",
    "CREATE INDEX sessions_open ON sessions (updated_at) WHERE finished_at IS NULL",
    "CREATE INDEX sessions_scored ON sessions (started_at, id) WHERE score IS NOT NULL",
    # Every player action, one row per turn, appended as it happens.
    """
    CREATE TABLE actions (
        session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        seq        INTEGER NOT NULL,
        kind       TEXT NOT NULL,
        at         REAL NOT NULL,
        text       TEXT NOT NULL DEFAULT '',
        label      TEXT,
        PRIMARY KEY (session_id, seq)
    ) WITHOUT ROWID
    """,
    # Anti-patterns found in a finished session, with how often.
    """
    CREATE TABLE patterns (
        session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        pattern    TEXT NOT NULL,
        count      INTEGER NOT NULL,
        PRIMARY KEY (session_id, pattern)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX patterns_by_pattern ON patterns (pattern, count)",  # covers the history aggregate
    # The 2nd coach's focused feedback (at most three items) of a finished session.
    """
    CREATE TABLE feedback (
        session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        rank       INTEGER NOT NULL,
        kind       TEXT NOT NULL,
        text       TEXT NOT NULL,
        PRIMARY KEY (session_id, rank)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX feedback_by_kind ON feedback (kind, rank)",  # covers the history aggregate
    # Notes a human 2nd coach attached to turns.
    """
    CREATE TABLE notes (
        id         INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        turn       INTEGER NOT NULL,
        text       TEXT NOT NULL,
        author     TEXT NOT NULL DEFAULT '',
        at         REAL NOT NULL
    )
    """,
    "CREATE INDEX notes_by_session ON notes (session_id, turn)",
]

_V2 = [
    # How each coach turn was heard when played (JSON of dojo.session.record.Heard): replay
    # uses it, so a retrained classifier cannot change a stored session. NULL in rows
    # written by version 1; those turns are classified again on replay.
    "ALTER TABLE actions ADD COLUMN heard TEXT",
]

_V3 = [
    # The scenario each session was played on, as YAML, kept once per distinct content (by its
    # SHA-256): resuming, exporting and replaying use it, so an edited or removed scenario file
    # changes nothing. Sessions written before version 3 have no copy (NULL) and replay on the
    # file with their scenario id, as they did.
    """
    CREATE TABLE scenarios (
        sha256 TEXT PRIMARY KEY,
        text   TEXT NOT NULL
    )
    """,
    "ALTER TABLE sessions ADD COLUMN scenario_sha256 TEXT",
    "CREATE INDEX sessions_by_scenario ON sessions (scenario_sha256) WHERE scenario_sha256 IS NOT NULL",
]

_V4 = [
    # Who played each session and the dojo plan round it was played for (issue 10). Sessions written
    # before version 4 have no player ('': "before players") and no plan (NULL).
    "ALTER TABLE sessions ADD COLUMN player TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE sessions ADD COLUMN plan_id TEXT",
    "ALTER TABLE sessions ADD COLUMN plan_round INTEGER",
    # The plan file's hash as played (PlanTag.plan_digest): an edited plan is flagged.
    "ALTER TABLE sessions ADD COLUMN plan_digest TEXT NOT NULL DEFAULT ''",
    # A round's sessions (the facilitator's screen, the group debrief), in the order they started.
    "CREATE INDEX sessions_by_plan ON sessions (plan_id, plan_round, started_at) WHERE plan_id IS NOT NULL",
]

MIGRATIONS: list[list[str]] = [_V1, _V2, _V3, _V4]

SCHEMA_VERSION = len(MIGRATIONS)

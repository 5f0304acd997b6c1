"""Numbered schema migrations: frozen history, recorded in the database, all or nothing.

Each migration is a list of SQL statements written once and never changed: migration 1 is the schema
exactly as netui first shipped it (the statements ``sqlite_master`` holds for a database made by that
release), and every later change is its own step after it. Nothing here reads the live models, so
adding a column to a model means adding a step here; a test compares the two and fails when one is
missing.

``migrate()`` runs the pending steps in order inside one transaction, records each in the
``migration`` table, checks the result, and only then sets ``PRAGMA user_version``. A database whose
version is newer than this program raises ``SchemaTooNew``: the caller opens it read-only (the app) or
refuses (the CLI) instead of guessing at a schema it does not know. The backup taken before a
migration is the opener's job (``netui.db.opening``), which keeps this module free of the backups.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from peewee import SqliteDatabase

from netui.db.database import DatabaseError


class SchemaTooNew(Exception):
    """The database was written by a newer netui."""


class MigrationFailed(DatabaseError):
    """A migration did not pass its check; it was rolled back and the database is as it was."""


# Schema 1, frozen: what netui made up to commit 0852edb, statement for statement as SQLite stores it.
SCHEMA_1: tuple[str, ...] = (
    (
        'CREATE TABLE "contact" ("id" INTEGER NOT NULL PRIMARY KEY, "uid" VARCHAR(255) NOT NULL, '
        '"name" TEXT NOT NULL, "sort_name" TEXT NOT NULL, "given_name" TEXT NOT NULL, '
        '"family_name" TEXT NOT NULL, "nickname" TEXT NOT NULL, "organization" TEXT NOT NULL, '
        '"title" TEXT NOT NULL, "birthday_month" INTEGER, "birthday_day" INTEGER, '
        '"birthday_year" INTEGER, "met_on" DATE, "how_met" TEXT NOT NULL, "reason" TEXT NOT NULL, '
        '"circle" VARCHAR(255) NOT NULL, "cadence_days" INTEGER, "note" TEXT NOT NULL, '
        '"archived" INTEGER NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, '
        '"last_contact_at" DATETIME, "last_in_person_at" DATETIME, "next_due_at" DATETIME, '
        '"strength" INTEGER NOT NULL, "strength_tier" VARCHAR(255) NOT NULL, '
        '"strength_prev" INTEGER NOT NULL, "strength_at" DATETIME)'
    ),
    'CREATE UNIQUE INDEX "contact_uid" ON "contact" ("uid")',
    'CREATE INDEX "contact_archived_sort_name" ON "contact" ("archived", "sort_name")',
    'CREATE INDEX "contact_archived_next_due_at" ON "contact" ("archived", "next_due_at")',
    'CREATE INDEX "contact_archived_last_contact_at" ON "contact" ("archived", "last_contact_at")',
    'CREATE INDEX "contact_archived_strength" ON "contact" ("archived", "strength")',
    (
        'CREATE TABLE "contact_method" ("id" INTEGER NOT NULL PRIMARY KEY, '
        '"contact_id" INTEGER NOT NULL, "kind" VARCHAR(255) NOT NULL, "value" TEXT NOT NULL, '
        '"norm" TEXT NOT NULL, "label" TEXT NOT NULL, "preferred" INTEGER NOT NULL, '
        '"position" INTEGER NOT NULL, '
        'FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE)'
    ),
    'CREATE INDEX "contact_method_contact_id" ON "contact_method" ("contact_id")',
    'CREATE INDEX "contact_method_norm" ON "contact_method" ("norm")',
    'CREATE TABLE "tag" ("id" INTEGER NOT NULL PRIMARY KEY, "name" TEXT NOT NULL)',
    'CREATE UNIQUE INDEX "tag_name" ON "tag" ("name")',
    (
        'CREATE TABLE "contact_tag" ("id" INTEGER NOT NULL PRIMARY KEY, "contact_id" INTEGER NOT NULL, '
        '"tag_id" INTEGER NOT NULL, '
        'FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("tag_id") REFERENCES "tag" ("id") ON DELETE CASCADE)'
    ),
    'CREATE INDEX "contact_tag_contact_id" ON "contact_tag" ("contact_id")',
    'CREATE INDEX "contact_tag_tag_id" ON "contact_tag" ("tag_id")',
    'CREATE UNIQUE INDEX "contact_tag_contact_id_tag_id" ON "contact_tag" ("contact_id", "tag_id")',
    'CREATE INDEX "contact_tag_tag_id_contact_id" ON "contact_tag" ("tag_id", "contact_id")',
    (
        'CREATE TABLE "introduction" ("id" INTEGER NOT NULL PRIMARY KEY, "a_id" INTEGER NOT NULL, '
        '"b_id" INTEGER NOT NULL, "reason_a" TEXT NOT NULL, "reason_b" TEXT NOT NULL, '
        '"status" VARCHAR(255) NOT NULL, "outcome" VARCHAR(255) NOT NULL, "requested_by_id" INTEGER, '
        '"proposed_on" DATE NOT NULL, "made_on" DATE, "outcome_on" DATE, "note" TEXT NOT NULL, '
        'FOREIGN KEY ("a_id") REFERENCES "contact" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("b_id") REFERENCES "contact" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("requested_by_id") REFERENCES "contact" ("id") ON DELETE SET NULL)'
    ),
    'CREATE INDEX "introduction_a_id" ON "introduction" ("a_id")',
    'CREATE INDEX "introduction_b_id" ON "introduction" ("b_id")',
    'CREATE INDEX "introduction_requested_by_id" ON "introduction" ("requested_by_id")',
    (
        'CREATE TABLE "give" ("id" INTEGER NOT NULL PRIMARY KEY, "contact_id" INTEGER NOT NULL, '
        '"direction" VARCHAR(255) NOT NULL, "kind" VARCHAR(255) NOT NULL, "text" TEXT NOT NULL, '
        '"status" VARCHAR(255) NOT NULL, "outcome" TEXT NOT NULL, "created_on" DATE NOT NULL, '
        '"done_on" DATE, "lead" INTEGER, "introduction_id" INTEGER, '
        'FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("introduction_id") REFERENCES "introduction" ("id") ON DELETE SET NULL)'
    ),
    'CREATE INDEX "give_contact_id" ON "give" ("contact_id")',
    'CREATE INDEX "give_lead" ON "give" ("lead")',
    'CREATE INDEX "give_introduction_id" ON "give" ("introduction_id")',
    'CREATE INDEX "give_contact_id_status" ON "give" ("contact_id", "status")',
    (
        'CREATE TABLE "interaction" ("id" INTEGER NOT NULL PRIMARY KEY, "contact_id" INTEGER NOT NULL, '
        '"occurred_at" DATETIME NOT NULL, "kind" VARCHAR(255) NOT NULL, "summary" TEXT NOT NULL, '
        '"note" TEXT NOT NULL, "created_at" DATETIME NOT NULL, '
        'FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE)'
    ),
    'CREATE INDEX "interaction_contact_id" ON "interaction" ("contact_id")',
    'CREATE INDEX "interaction_contact_id_occurred_at" ON "interaction" ("contact_id", "occurred_at")',
    'CREATE INDEX "interaction_occurred_at" ON "interaction" ("occurred_at")',
    'CREATE TABLE "meta" ("key" VARCHAR(255) NOT NULL PRIMARY KEY, "value" TEXT NOT NULL)',
    (
        'CREATE TABLE "migration" ("number" INTEGER NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, '
        '"applied_at" DATETIME NOT NULL)'
    ),
    (
        'CREATE TABLE "org_history" ("id" INTEGER NOT NULL PRIMARY KEY, "contact_id" INTEGER NOT NULL, '
        '"organization" TEXT NOT NULL, "title" TEXT NOT NULL, "until" DATETIME NOT NULL, '
        'FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE)'
    ),
    'CREATE INDEX "org_history_contact_id" ON "org_history" ("contact_id")',
    (
        'CREATE TABLE "reminder" ("id" INTEGER NOT NULL PRIMARY KEY, "contact_id" INTEGER, '
        '"kind" VARCHAR(255) NOT NULL, "note" TEXT NOT NULL, "rrule" TEXT, "due_at" DATETIME NOT NULL, '
        '"next_due_at" DATETIME, "snoozed_until" DATETIME, "done_at" DATETIME, "notified_for" DATETIME, '
        '"introduction_id" INTEGER, "created_at" DATETIME NOT NULL, '
        'FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("introduction_id") REFERENCES "introduction" ("id") ON DELETE CASCADE)'
    ),
    'CREATE INDEX "reminder_contact_id" ON "reminder" ("contact_id")',
    'CREATE INDEX "reminder_introduction_id" ON "reminder" ("introduction_id")',
    'CREATE INDEX "reminder_next_due_at" ON "reminder" ("next_due_at")',
    'CREATE INDEX "reminder_contact_id_next_due_at" ON "reminder" ("contact_id", "next_due_at")',
    (
        "CREATE VIRTUAL TABLE contact_fts USING fts5(name, organization, emails, tags, note, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')"
    ),
    'CREATE INDEX reminder_open_due ON reminder(next_due_at) WHERE next_due_at IS NOT NULL',
)

# Schema 2: the fading test (``strength_prev >= warm AND strength < strength_prev`` among the
# people not archived) reads this index alone instead of every contact row.
SCHEMA_2: tuple[str, ...] = (
    'CREATE INDEX "contact_archived_strength_prev_strength" ON "contact" ("archived", "strength_prev", "strength")',
)

# Scan: what ``netui scan`` already offered (accepted or skipped), so a second scan proposes nothing twice.
SCHEMA_SCAN_SEEN: tuple[str, ...] = (
    (
        'CREATE TABLE "scan_seen" ("id" INTEGER NOT NULL PRIMARY KEY, "source" TEXT NOT NULL, '
        '"contact_id" INTEGER NOT NULL, "outcome" VARCHAR(255) NOT NULL, "seen_at" DATETIME NOT NULL)'
    ),
    'CREATE UNIQUE INDEX "scan_seen_source_contact_id" ON "scan_seen" ("source", "contact_id")',
)


# Schema 4: what a card holds besides names, emails and phones (addresses, dates, related people,
# profiles, a photo), organisations apart from people, and tags shown as they were written.
SCHEMA_CARD_DATA: tuple[str, ...] = (
    'ALTER TABLE "contact" ADD COLUMN "kind" VARCHAR(255) NOT NULL DEFAULT \'person\'',
    'ALTER TABLE "tag" ADD COLUMN "display" TEXT NOT NULL DEFAULT \'\'',
    'UPDATE "tag" SET "display" = "name"',
    (
        'CREATE TABLE "address" ("id" INTEGER NOT NULL PRIMARY KEY, "contact_id" INTEGER NOT NULL, '
        '"label" TEXT NOT NULL, "street" TEXT NOT NULL, "locality" TEXT NOT NULL, "region" TEXT NOT NULL, '
        '"postal_code" TEXT NOT NULL, "country" TEXT NOT NULL, "preferred" INTEGER NOT NULL, '
        '"position" INTEGER NOT NULL, '
        'FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE)'
    ),
    'CREATE INDEX "address_contact_id" ON "address" ("contact_id")',
    (
        'CREATE TABLE "contact_date" ("id" INTEGER NOT NULL PRIMARY KEY, "contact_id" INTEGER NOT NULL, '
        '"label" TEXT NOT NULL, "date" VARCHAR(255) NOT NULL, "position" INTEGER NOT NULL, '
        'FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE)'
    ),
    'CREATE INDEX "contact_date_contact_id" ON "contact_date" ("contact_id")',
    (
        'CREATE TABLE "related" ("id" INTEGER NOT NULL PRIMARY KEY, "contact_id" INTEGER NOT NULL, '
        '"label" TEXT NOT NULL, "name" TEXT NOT NULL, "related_contact_id" INTEGER, "position" INTEGER NOT NULL, '
        'FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("related_contact_id") REFERENCES "contact" ("id") ON DELETE SET NULL)'
    ),
    'CREATE INDEX "related_contact_id" ON "related" ("contact_id")',
    'CREATE INDEX "related_related_contact_id" ON "related" ("related_contact_id")',
    (
        'CREATE TABLE "profile" ("id" INTEGER NOT NULL PRIMARY KEY, "contact_id" INTEGER NOT NULL, '
        '"service" TEXT NOT NULL, "value" TEXT NOT NULL, "position" INTEGER NOT NULL, '
        'FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE)'
    ),
    'CREATE INDEX "profile_contact_id" ON "profile" ("contact_id")',
    (
        'CREATE TABLE "photo" ("id" INTEGER NOT NULL PRIMARY KEY, "contact_id" INTEGER NOT NULL, '
        '"media_type" TEXT NOT NULL, "data" BLOB, "url" TEXT NOT NULL, '
        'FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE)'
    ),
    'CREATE UNIQUE INDEX "photo_contact_id" ON "photo" ("contact_id")',
)

# Schema 5: introductions as the method describes them. Each side of the double opt-in has its own
# state and dates, an introduction may be one you ask someone to make for you (kind "ask"), and notes
# become a dated history. Rows from before keep what they said: asked-a / asked-b become that side
# asked (on the day proposed, the only date known), and the one note becomes the first of the history.
SCHEMA_5_INTROS: tuple[str, ...] = (
    'ALTER TABLE "introduction" ADD COLUMN "kind" VARCHAR(255) NOT NULL DEFAULT \'connect\'',
    'ALTER TABLE "introduction" ADD COLUMN "a_asked_on" DATE',
    'ALTER TABLE "introduction" ADD COLUMN "a_answer" VARCHAR(255) NOT NULL DEFAULT \'\'',
    'ALTER TABLE "introduction" ADD COLUMN "a_answered_on" DATE',
    'ALTER TABLE "introduction" ADD COLUMN "b_asked_on" DATE',
    'ALTER TABLE "introduction" ADD COLUMN "b_answer" VARCHAR(255) NOT NULL DEFAULT \'\'',
    'ALTER TABLE "introduction" ADD COLUMN "b_answered_on" DATE',
    (
        'CREATE TABLE "intro_note" ("id" INTEGER NOT NULL PRIMARY KEY, "introduction_id" INTEGER NOT NULL, '
        '"noted_on" DATE NOT NULL, "note" TEXT NOT NULL, '
        'FOREIGN KEY ("introduction_id") REFERENCES "introduction" ("id") ON DELETE CASCADE)'
    ),
    'CREATE INDEX "intro_note_introduction_id" ON "intro_note" ("introduction_id")',
    'UPDATE "introduction" SET "a_asked_on" = "proposed_on" WHERE "status" = \'asked-a\'',
    'UPDATE "introduction" SET "b_asked_on" = "proposed_on" WHERE "status" = \'asked-b\'',
    (
        'INSERT INTO "intro_note" ("introduction_id", "noted_on", "note") '
        'SELECT "id", COALESCE("outcome_on", "made_on", "proposed_on"), "note" FROM "introduction" '
        'WHERE "note" != \'\' ORDER BY "id"'
    ),
)


# Schema 6: people in context. Typed links between two contacts, stored once and read from both sides
# (``b`` is ``a``'s ``kind``: Sam introduced-by Gary), and a dated journal of what was learnt about someone.
SCHEMA_6_PEOPLE: tuple[str, ...] = (
    (
        'CREATE TABLE "relation" ("id" INTEGER NOT NULL PRIMARY KEY, "a_id" INTEGER NOT NULL, '
        '"b_id" INTEGER NOT NULL, "kind" VARCHAR(255) NOT NULL, "label" TEXT NOT NULL, '
        '"created_at" DATETIME NOT NULL, '
        'FOREIGN KEY ("a_id") REFERENCES "contact" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("b_id") REFERENCES "contact" ("id") ON DELETE CASCADE)'
    ),
    'CREATE INDEX "relation_a_id" ON "relation" ("a_id")',
    'CREATE INDEX "relation_b_id" ON "relation" ("b_id")',
    (
        'CREATE TABLE "journal" ("id" INTEGER NOT NULL PRIMARY KEY, "contact_id" INTEGER NOT NULL, '
        '"noted_on" DATE NOT NULL, "text" TEXT NOT NULL, "created_at" DATETIME NOT NULL, '
        'FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE)'
    ),
    'CREATE INDEX "journal_contact_id" ON "journal" ("contact_id")',
    'CREATE INDEX "journal_contact_id_noted_on" ON "journal" ("contact_id", "noted_on")',
)


# Schema 7: one interaction with several people. Each person keeps their own row (their timeline,
# cadence, plan and score read it as before); the rows of one shared interaction carry the same
# ``share`` key, so that it can be edited or deleted as one and counted once where events are counted.
# (Schema 6 is another step's number.)
SCHEMA_7_SHARED: tuple[str, ...] = (
    'ALTER TABLE "interaction" ADD COLUMN "share" TEXT',
    'CREATE INDEX "interaction_share_occurred_at" ON "interaction" ("share", "occurred_at")',
)


def _run(statements: Sequence[str]) -> Callable[[SqliteDatabase], None]:
    def step(database: SqliteDatabase) -> None:
        for sql in statements:
            database.execute_sql(sql)

    return step


MIGRATIONS: list[tuple[int, str, Callable[[SqliteDatabase], None]]] = [
    (1, "initial schema", _run(SCHEMA_1)),
    (2, "index for the fading test", _run(SCHEMA_2)),
    (3, "scan: messages and events already seen", _run(SCHEMA_SCAN_SEEN)),
    (4, "card data: addresses, dates, related people, profiles, photos, organisations, tag case", _run(SCHEMA_CARD_DATA)),
    (5, "introductions: each side's answer, asking for one, notes kept", _run(SCHEMA_5_INTROS)),
    (6, "people in context: relations between contacts, a dated journal", _run(SCHEMA_6_PEOPLE)),
    (7, "shared interactions: one with several people", _run(SCHEMA_7_SHARED)),
]

LATEST = MIGRATIONS[-1][0]


def schema_version(database: SqliteDatabase) -> int:
    return database.execute_sql("PRAGMA user_version").fetchone()[0]


def pending(database: SqliteDatabase, path: Path | str) -> list[int]:
    """The migrations this database still needs (raises ``SchemaTooNew`` for a newer one)."""
    current = schema_version(database)
    if current > LATEST:
        raise SchemaTooNew(f"{path} was written by a newer netui (schema {current}, this one knows {LATEST})")
    return [number for number, _, _ in MIGRATIONS if number > current]


def check_in_transaction(database: SqliteDatabase) -> list[str]:
    """What a migration must leave right: every link intact and every page sound (inside its transaction)."""
    problems = [f"{row[0]} row {row[1]} points to a missing {row[2]}"
                for row in database.execute_sql("PRAGMA foreign_key_check").fetchall()]
    problems += [row[0] for row in database.execute_sql("PRAGMA quick_check").fetchall() if row[0] != "ok"]
    return problems


def migrate(database: SqliteDatabase, path: Path | str) -> list[int]:
    """Apply pending migrations; return the numbers applied.

    All of them run in one transaction that holds the write lock from the start; the version is read
    again under the lock (another netui may have just migrated), and the database is marked upgraded
    (``user_version``) only after the migrated schema passed a check. A crash or a failed check at any
    point leaves the old schema with all its rows.
    """
    if not pending(database, path):
        return []
    with database.atomic():
        current = schema_version(database)
        steps = [step for step in MIGRATIONS if step[0] > current]
        for number, name, step in steps:
            step(database)
            database.execute_sql(
                'INSERT OR REPLACE INTO "migration" ("number", "name", "applied_at") VALUES (?, ?, ?)',
                (number, name, str(dt.datetime.now())),
            )
        if steps:
            problems = check_in_transaction(database)
            if problems:
                raise MigrationFailed(
                    f"{path}: upgrading to schema {steps[-1][0]} failed its check ({problems[0]}); "
                    "nothing was changed"
                )
            database.execute_sql(f"PRAGMA user_version = {steps[-1][0]}")
    return [number for number, _, _ in steps]

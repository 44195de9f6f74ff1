"""A tap on a poll option is one row written into ``poll_taps``; the database applies it.

Answering used to write the answer row and then the choice: two statements, each a round
trip, on the busiest path there is (issue 11 allows three per tap, and the resident read
and the counts take two). ``poll_taps`` is a view that holds nothing: inserting a tap
into it runs a trigger that, in the same statement, writes the answer (only while the
poll is not closed) and makes the one change of its choices the tap asks for:

- ``add``: the option joins the answer (a first answer, or multiple choice);
- ``move``: single choice, the one choice moves to the new option;
- ``remove``: multiple choice, the option leaves the answer.

The counts stay with the triggers of migration 010, which fire for these writes as for any
other. On PostgreSQL the trigger returns no row when the poll was closed by hand, so
``RETURNING`` tells the tap it came too late; on SQLite the tap's write lock is taken
before the counts are read, so nothing can close the poll in between.

Revision ID: 016
Revises: 015
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = "016"
down_revision = "015"
branch_labels = None
depends_on = None

_OPEN_POLL = "SELECT 1 FROM polls WHERE id = NEW.poll_id AND closed_at IS NULL"
_WRITE_ANSWER = (
    "INSERT INTO poll_answers (poll_id, resident_id, language, answered_at) "
    "SELECT id, NEW.resident_id, NEW.language, NEW.answered_at FROM polls "
    "WHERE id = NEW.poll_id AND closed_at IS NULL "
    "ON CONFLICT (poll_id, resident_id) DO UPDATE "
    "SET language = excluded.language, answered_at = excluded.answered_at"
)
_THE_ANSWER = (
    "SELECT id FROM poll_answers WHERE poll_id = NEW.poll_id AND resident_id = NEW.resident_id"
)

_SQLITE = [
    # Never holds a row: its columns are what a tap says.
    "CREATE VIEW poll_taps AS SELECT poll_id, resident_id, language, answered_at, "
    "CAST(NULL AS INTEGER) AS option_id, CAST(NULL AS VARCHAR(8)) AS change "
    "FROM poll_answers WHERE 0",
    f"""CREATE TRIGGER poll_taps_apply INSTEAD OF INSERT ON poll_taps
    WHEN EXISTS ({_OPEN_POLL})
    BEGIN
        {_WRITE_ANSWER};
        INSERT INTO poll_choices (answer_id, option_id)
            SELECT id, NEW.option_id FROM poll_answers
            WHERE NEW.change = 'add' AND poll_id = NEW.poll_id AND resident_id = NEW.resident_id
            ON CONFLICT DO NOTHING;
        UPDATE poll_choices SET option_id = NEW.option_id
            WHERE NEW.change = 'move' AND answer_id = ({_THE_ANSWER});
        DELETE FROM poll_choices
            WHERE NEW.change = 'remove' AND option_id = NEW.option_id
            AND answer_id = ({_THE_ANSWER});
    END""",
]

_POSTGRESQL = [
    "CREATE VIEW poll_taps AS SELECT poll_id, resident_id, language, answered_at, "
    "NULL::integer AS option_id, NULL::varchar(8) AS change FROM poll_answers WHERE false",
    f"""CREATE FUNCTION poll_taps_apply() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        answer integer;
    BEGIN
        {_WRITE_ANSWER} RETURNING id INTO answer;
        IF answer IS NULL THEN
            -- Closed by hand since the tap read the counts: nothing written, no row back.
            RETURN NULL;
        END IF;
        IF NEW.change = 'add' THEN
            INSERT INTO poll_choices (answer_id, option_id) VALUES (answer, NEW.option_id)
            ON CONFLICT DO NOTHING;
        ELSIF NEW.change = 'move' THEN
            UPDATE poll_choices SET option_id = NEW.option_id WHERE answer_id = answer;
        ELSIF NEW.change = 'remove' THEN
            DELETE FROM poll_choices WHERE answer_id = answer AND option_id = NEW.option_id;
        END IF;
        RETURN NEW;
    END $$""",
    "CREATE TRIGGER poll_taps_apply INSTEAD OF INSERT ON poll_taps "
    "FOR EACH ROW EXECUTE FUNCTION poll_taps_apply()",
]


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in _SQLITE if sqlite else _POSTGRESQL:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP VIEW poll_taps")
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP FUNCTION poll_taps_apply()")

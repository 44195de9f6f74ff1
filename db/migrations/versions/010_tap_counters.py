"""Counts kept by the database: supporters per idea, respondents per poll, choices per option.

A tap used to count every vote of the idea, or every answer of the poll, to show the new
number: a cost that grew with each resident who had tapped before, on the night 4,500
residents answer one poll. Triggers now keep each count in its row, in the same
transaction as the change it counts, whichever path makes the change (a tap, /forget, a
deleted resident's cascade), so the count stays exact without any reader counting.

Supporting an idea also follows it, and withdrawing unfollows it unless the resident
wrote the idea: that rule moves into the same trigger, so a tap is one statement. An
author's support of their own idea, which the bot no longer accepts, is taken back.

Revision ID: 010
Revises: 009
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "010"
down_revision = "009"
branch_labels = None
depends_on = None

# (table, counted column, the counting table, its key to the counted row)
_COUNTERS = (
    ("ideas", "support_count", "idea_votes", "idea_id"),
    ("polls", "respondent_count", "poll_answers", "poll_id"),
    ("poll_options", "chosen_count", "poll_choices", "option_id"),
)

_FOLLOW = (
    "INSERT INTO idea_followers (idea_id, resident_id) "
    "VALUES (NEW.idea_id, NEW.resident_id) ON CONFLICT DO NOTHING"
)
_UNFOLLOW = (
    "DELETE FROM idea_followers WHERE idea_id = OLD.idea_id "
    "AND resident_id = OLD.resident_id AND NOT EXISTS "
    "(SELECT 1 FROM ideas WHERE ideas.id = OLD.idea_id AND ideas.author_id = OLD.resident_id)"
)


def _count(table: str, column: str, key: str, row: str, step: str) -> str:
    return f"UPDATE {table} SET {column} = {column} {step} 1 WHERE id = {row}.{key}"


def _sqlite_triggers() -> list[str]:
    statements = []
    for table, column, counting, key in _COUNTERS:
        add, remove = _count(table, column, key, "NEW", "+"), _count(table, column, key, "OLD", "-")
        statements += [
            f"CREATE TRIGGER {counting}_counted AFTER INSERT ON {counting} BEGIN {add}; END",
            f"CREATE TRIGGER {counting}_uncounted AFTER DELETE ON {counting} BEGIN {remove}; END",
            f"CREATE TRIGGER {counting}_recounted AFTER UPDATE OF {key} ON {counting} "
            f"BEGIN {remove}; {add}; END",
        ]
    statements += [
        f"CREATE TRIGGER idea_votes_follow AFTER INSERT ON idea_votes BEGIN {_FOLLOW}; END",
        f"CREATE TRIGGER idea_votes_unfollow AFTER DELETE ON idea_votes BEGIN {_UNFOLLOW}; END",
    ]
    return statements


def _postgresql_triggers() -> list[str]:
    statements = []
    for table, column, counting, key in _COUNTERS:
        add, remove = _count(table, column, key, "NEW", "+"), _count(table, column, key, "OLD", "-")
        statements += [
            f"""CREATE FUNCTION {counting}_count() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP IN ('DELETE', 'UPDATE') THEN {remove}; END IF;
                IF TG_OP IN ('INSERT', 'UPDATE') THEN {add}; END IF;
                RETURN NULL;
            END $$""",
            f"CREATE TRIGGER {counting}_counted AFTER INSERT OR DELETE OR UPDATE OF {key} "
            f"ON {counting} FOR EACH ROW EXECUTE FUNCTION {counting}_count()",
        ]
    statements += [
        f"""CREATE FUNCTION idea_votes_follow() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN {_FOLLOW}; ELSE {_UNFOLLOW}; END IF;
            RETURN NULL;
        END $$""",
        "CREATE TRIGGER idea_votes_follow AFTER INSERT OR DELETE ON idea_votes "
        "FOR EACH ROW EXECUTE FUNCTION idea_votes_follow()",
    ]
    return statements


def upgrade() -> None:
    # Authors no longer support their own idea (it stands for them already); support
    # given before is taken back, so no count or export lists an author on their idea.
    op.execute(
        "DELETE FROM idea_votes WHERE resident_id = "
        "(SELECT author_id FROM ideas WHERE ideas.id = idea_votes.idea_id)"
    )
    for table, column, counting, key in _COUNTERS:
        op.add_column(table, sa.Column(column, sa.Integer(), nullable=False, server_default="0"))
        op.execute(
            f"UPDATE {table} SET {column} = "
            f"(SELECT count(*) FROM {counting} WHERE {counting}.{key} = {table}.id)"
        )
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in _sqlite_triggers() if sqlite else _postgresql_triggers():
        op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for _table, _column, counting, _key in _COUNTERS:
        if sqlite:
            for suffix in ("counted", "uncounted", "recounted"):
                op.execute(f"DROP TRIGGER {counting}_{suffix}")
        else:
            op.execute(f"DROP TRIGGER {counting}_counted ON {counting}")
            op.execute(f"DROP FUNCTION {counting}_count()")
    if sqlite:
        op.execute("DROP TRIGGER idea_votes_follow")
        op.execute("DROP TRIGGER idea_votes_unfollow")
    else:
        op.execute("DROP TRIGGER idea_votes_follow ON idea_votes")
        op.execute("DROP FUNCTION idea_votes_follow()")
    for table, column, _counting, _key in _COUNTERS:
        # Not a batch: on SQLite a batch copies the table and drops the old one, and
        # dropping it deletes, through ON DELETE CASCADE, every row that points at it.
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")

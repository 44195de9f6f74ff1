"""Machine translations stored with the text; an answer remembers its staff-chat message.

Revision ID: 014
Revises: 013
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.types import UTCDateTime

revision = "014"
down_revision = "013"
branch_labels = None
depends_on = None

SUBJECTS = (
    ("idea_id", "ideas", "idea"),
    ("report_id", "safety_reports", "report"),
    ("message_id", "safety_messages", "message"),
    ("idea_change_id", "idea_status_changes", "idea_change"),
    ("report_change_id", "safety_status_changes", "report_change"),
)


def upgrade() -> None:
    one_subject = " + ".join(
        f"(CASE WHEN {column} IS NULL THEN 0 ELSE 1 END)" for column, _, _ in SUBJECTS
    )
    op.create_table(
        "translations",
        sa.Column("id", sa.Integer(), nullable=False),
        *(sa.Column(column, sa.Integer(), nullable=True) for column, _, _ in SUBJECTS),
        sa.Column("source_language", sa.String(length=8), nullable=False),
        sa.Column("target_language", sa.String(length=8), nullable=False),
        sa.Column("source_digest", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("shown_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint(f"{one_subject} = 1", name=op.f("ck_translations_one_subject")),
        *(
            sa.ForeignKeyConstraint(
                [column],
                [f"{table}.id"],
                name=op.f(f"fk_translations_{column}_{table}"),
                ondelete="CASCADE",
            )
            for column, table, _ in SUBJECTS
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_translations")),
        *(
            sa.UniqueConstraint(column, "target_language", name=f"uq_translations_{short}")
            for column, _, short in SUBJECTS
        ),
    )
    with op.batch_alter_table("safety_messages") as batch:
        batch.add_column(sa.Column("staff_message_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("safety_messages") as batch:
        batch.drop_column("staff_message_id")
    op.drop_table("translations")

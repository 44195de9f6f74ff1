"""Privacy and abuse (issue 12): mentions of private reporters in the staff chat, open
questions, dismissed flags, 24-hour action counters and the bot's own secrets.

Revision ID: 012
Revises: 011
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.types import UTCDateTime

revision = "012"
down_revision = "011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_mentions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("reference", sa.String(length=16), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("caption", sa.Boolean(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=True),
        sa.Column("redact_after", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["safety_reports.id"],
            name=op.f("fk_staff_mentions_report_id_safety_reports"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["answer_id"],
            ["safety_messages.id"],
            name=op.f("fk_staff_mentions_answer_id_safety_messages"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_mentions")),
    )
    with op.batch_alter_table("staff_mentions") as batch:
        batch.create_index("ix_staff_mentions_due", ["redact_after"], unique=False)
        batch.create_index(batch.f("ix_staff_mentions_report_id"), ["report_id"], unique=False)

    op.create_table(
        "action_counters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_counters")),
    )
    with op.batch_alter_table("action_counters") as batch:
        batch.create_index("ix_action_counters_key", ["key", "kind", "created_at"], unique=False)
        batch.create_index(batch.f("ix_action_counters_created_at"), ["created_at"], unique=False)

    op.create_table(
        "bot_secrets",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("value", sa.String(length=128), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_bot_secrets")),
    )

    with op.batch_alter_table("safety_messages") as batch:
        batch.add_column(sa.Column("closed_at", UTCDateTime(), nullable=True))
    with op.batch_alter_table("idea_flags") as batch:
        batch.add_column(sa.Column("dismissed_at", UTCDateTime(), nullable=True))
    # Delivered news is no longer kept: it only said who was told about what.
    op.execute("DELETE FROM notifications WHERE sent_at IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("idea_flags") as batch:
        batch.drop_column("dismissed_at")
    with op.batch_alter_table("safety_messages") as batch:
        batch.drop_column("closed_at")
    op.drop_table("bot_secrets")
    with op.batch_alter_table("action_counters") as batch:
        batch.drop_index(batch.f("ix_action_counters_created_at"))
        batch.drop_index("ix_action_counters_key")
    op.drop_table("action_counters")
    with op.batch_alter_table("staff_mentions") as batch:
        batch.drop_index(batch.f("ix_staff_mentions_report_id"))
        batch.drop_index("ix_staff_mentions_due")
    op.drop_table("staff_mentions")

"""Polls, their options and one answer per resident

Revision ID: 006
Revises: 005
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.types import UTCDateTime

revision = "006"
down_revision = "005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "polls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question", sa.JSON(), nullable=False),
        sa.Column("multiple_choice", sa.Boolean(), nullable=False),
        sa.Column("shows_results", sa.Boolean(), nullable=False),
        sa.Column("audience_language", sa.String(length=8), nullable=True),
        sa.Column("closes_at", UTCDateTime(), nullable=True),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("results_sent_at", UTCDateTime(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["residents.id"],
            name=op.f("fk_polls_created_by_id_residents"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_polls")),
    )
    op.create_table(
        "poll_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("answered_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["poll_id"],
            ["polls.id"],
            name=op.f("fk_poll_answers_poll_id_polls"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["resident_id"],
            ["residents.id"],
            name=op.f("fk_poll_answers_resident_id_residents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poll_answers")),
        sa.UniqueConstraint("poll_id", "resident_id", name="uq_poll_answers_once"),
    )
    op.create_table(
        "poll_options",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("texts", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["poll_id"],
            ["polls.id"],
            name=op.f("fk_poll_options_poll_id_polls"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poll_options")),
        sa.UniqueConstraint("poll_id", "position", name="uq_poll_options_position"),
    )
    op.create_table(
        "poll_choices",
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("option_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"],
            ["poll_answers.id"],
            name=op.f("fk_poll_choices_answer_id_poll_answers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["option_id"],
            ["poll_options.id"],
            name=op.f("fk_poll_choices_option_id_poll_options"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("answer_id", "option_id", name=op.f("pk_poll_choices")),
    )
    with op.batch_alter_table("poll_choices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_poll_choices_option_id"), ["option_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("poll_choices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_poll_choices_option_id"))

    op.drop_table("poll_choices")
    op.drop_table("poll_options")
    op.drop_table("poll_answers")
    op.drop_table("polls")

"""Ideas: votes, followers, flags, status history; the notification outbox

Revision ID: 002
Revises: 001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.types import UTCDateTime

revision = "002"
down_revision = "001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ideas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("voice_file_id", sa.String(length=200), nullable=True),
        sa.Column("photo_file_id", sa.String(length=200), nullable=True),
        sa.Column("place_id", sa.String(length=16), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "received",
                "under_review",
                "planned",
                "in_progress",
                "done",
                "not_going_ahead",
                "duplicate",
                "withdrawn",
                name="idea_status",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("duplicate_of_id", sa.Integer(), nullable=True),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("status_changed_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "body IS NOT NULL OR voice_file_id IS NOT NULL", name=op.f("ck_ideas_has_content")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["residents.id"],
            name=op.f("fk_ideas_author_id_residents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["duplicate_of_id"],
            ["ideas.id"],
            name=op.f("fk_ideas_duplicate_of_id_ideas"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ideas")),
    )
    with op.batch_alter_table("ideas", schema=None) as batch_op:
        batch_op.create_index(
            "ix_ideas_author_id_created_at", ["author_id", "created_at"], unique=False
        )
        batch_op.create_index("ix_ideas_status_created_at", ["status", "created_at"], unique=False)

    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("failed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["resident_id"],
            ["residents.id"],
            name=op.f("fk_notifications_resident_id_residents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
        sa.UniqueConstraint("resident_id", "kind", "subject_id", name="uq_notifications_once"),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index("ix_notifications_pending", ["sent_at", "id"], unique=False)

    op.create_table(
        "idea_flags",
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=False),
        sa.Column(
            "reason",
            sa.Enum(
                "spam",
                "offensive",
                "personal_data",
                name="flag_reason",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["idea_id"], ["ideas.id"], name=op.f("fk_idea_flags_idea_id_ideas"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["resident_id"],
            ["residents.id"],
            name=op.f("fk_idea_flags_resident_id_residents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("idea_id", "resident_id", name=op.f("pk_idea_flags")),
    )
    op.create_table(
        "idea_followers",
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["idea_id"],
            ["ideas.id"],
            name=op.f("fk_idea_followers_idea_id_ideas"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["resident_id"],
            ["residents.id"],
            name=op.f("fk_idea_followers_resident_id_residents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("idea_id", "resident_id", name=op.f("pk_idea_followers")),
    )
    with op.batch_alter_table("idea_followers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_idea_followers_resident_id"), ["resident_id"], unique=False
        )

    op.create_table(
        "idea_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "received",
                "under_review",
                "planned",
                "in_progress",
                "done",
                "not_going_ahead",
                "duplicate",
                "withdrawn",
                name="change_status",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["changed_by_id"],
            ["residents.id"],
            name=op.f("fk_idea_status_changes_changed_by_id_residents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["idea_id"],
            ["ideas.id"],
            name=op.f("fk_idea_status_changes_idea_id_ideas"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idea_status_changes")),
    )
    with op.batch_alter_table("idea_status_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_idea_status_changes_idea_id"), ["idea_id"], unique=False
        )

    op.create_table(
        "idea_votes",
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["idea_id"], ["ideas.id"], name=op.f("fk_idea_votes_idea_id_ideas"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["resident_id"],
            ["residents.id"],
            name=op.f("fk_idea_votes_resident_id_residents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("idea_id", "resident_id", name=op.f("pk_idea_votes")),
    )
    with op.batch_alter_table("idea_votes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_idea_votes_resident_id"), ["resident_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("idea_votes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_idea_votes_resident_id"))

    op.drop_table("idea_votes")
    with op.batch_alter_table("idea_status_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_idea_status_changes_idea_id"))

    op.drop_table("idea_status_changes")
    with op.batch_alter_table("idea_followers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_idea_followers_resident_id"))

    op.drop_table("idea_followers")
    op.drop_table("idea_flags")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index("ix_notifications_pending")

    op.drop_table("notifications")
    with op.batch_alter_table("ideas", schema=None) as batch_op:
        batch_op.drop_index("ix_ideas_status_created_at")
        batch_op.drop_index("ix_ideas_author_id_created_at")

    op.drop_table("ideas")

"""Safety reports, the link to their sender kept apart, status history, messages

Revision ID: 003
Revises: 002
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.types import UTCDateTime

revision = "003"
down_revision = "002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "safety_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "category",
            sa.Enum(
                "lighting",
                "vegetation",
                "entrances",
                "vandalism",
                "deserted",
                "traffic",
                "other",
                name="safety_category",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("place_id", sa.String(length=16), nullable=True),
        sa.Column("place_text", sa.String(length=200), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column(
            "happened",
            sa.Enum(
                "now",
                "today",
                "weeks",
                "recurring",
                name="when_happened",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column(
            "time_of_day",
            sa.Enum(
                "morning",
                "day",
                "evening",
                "night",
                name="time_of_day",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("voice_file_id", sa.String(length=200), nullable=True),
        sa.Column("photo_file_id", sa.String(length=200), nullable=True),
        sa.Column(
            "visibility",
            sa.Enum(
                "private",
                "anonymous",
                name="visibility",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
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
                name="report_status",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("status_changed_at", UTCDateTime(), nullable=False),
        sa.Column("staff_notified_at", UTCDateTime(), nullable=True),
        sa.Column("staff_message_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "body IS NOT NULL OR voice_file_id IS NOT NULL",
            name=op.f("ck_safety_reports_has_content"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_reports")),
    )
    with op.batch_alter_table("safety_reports", schema=None) as batch_op:
        batch_op.create_index("ix_safety_reports_created_at", ["created_at"], unique=False)
        batch_op.create_index(
            "ix_safety_reports_staff_pending", ["staff_notified_at"], unique=False
        )

    op.create_table(
        "safety_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column(
            "direction",
            sa.Enum(
                "to_resident",
                "from_resident",
                name="message_direction",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("delivered_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["safety_reports.id"],
            name=op.f("fk_safety_messages_report_id_safety_reports"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["residents.id"],
            name=op.f("fk_safety_messages_staff_id_residents"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_messages")),
    )
    with op.batch_alter_table("safety_messages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_safety_messages_report_id"), ["report_id"], unique=False
        )

    op.create_table(
        "safety_report_links",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["safety_reports.id"],
            name=op.f("fk_safety_report_links_report_id_safety_reports"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["resident_id"],
            ["residents.id"],
            name=op.f("fk_safety_report_links_resident_id_residents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("report_id", name=op.f("pk_safety_report_links")),
    )
    with op.batch_alter_table("safety_report_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_safety_report_links_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_safety_report_links_resident_id"), ["resident_id"], unique=False
        )

    op.create_table(
        "safety_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
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
                name="report_change_status",
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
            name=op.f("fk_safety_status_changes_changed_by_id_residents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["safety_reports.id"],
            name=op.f("fk_safety_status_changes_report_id_safety_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_status_changes")),
    )
    with op.batch_alter_table("safety_status_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_safety_status_changes_report_id"), ["report_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("safety_status_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_safety_status_changes_report_id"))

    op.drop_table("safety_status_changes")
    with op.batch_alter_table("safety_report_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_safety_report_links_resident_id"))
        batch_op.drop_index(batch_op.f("ix_safety_report_links_created_at"))

    op.drop_table("safety_report_links")
    with op.batch_alter_table("safety_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_safety_messages_report_id"))

    op.drop_table("safety_messages")
    with op.batch_alter_table("safety_reports", schema=None) as batch_op:
        batch_op.drop_index("ix_safety_reports_staff_pending")
        batch_op.drop_index("ix_safety_reports_created_at")

    op.drop_table("safety_reports")

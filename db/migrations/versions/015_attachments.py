"""Several photos per idea and per safety report: an attachments table, in order.

The single ``photo_file_id`` columns go; a photo already stored becomes the first
attachment of its idea or report. Going down keeps each one's first photo.

Revision ID: 015
Revises: 014
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "015"
down_revision = "014"
branch_labels = None
depends_on = None

OWNERS = (("ideas", "idea_id"), ("safety_reports", "report_id"))


def upgrade() -> None:
    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=True),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("file_id", sa.String(length=200), nullable=False),
        sa.CheckConstraint(
            "(idea_id IS NULL) <> (report_id IS NULL)", name=op.f("ck_attachments_one_owner")
        ),
        sa.CheckConstraint(
            "position >= 0 AND position < 5", name=op.f("ck_attachments_position_range")
        ),
        sa.ForeignKeyConstraint(
            ["idea_id"], ["ideas.id"], name=op.f("fk_attachments_idea_id_ideas"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["safety_reports.id"],
            name=op.f("fk_attachments_report_id_safety_reports"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
        sa.UniqueConstraint("idea_id", "position", name="uq_attachments_idea_position"),
        sa.UniqueConstraint("report_id", "position", name="uq_attachments_report_position"),
    )  # fmt: skip
    for table, owner in OWNERS:
        op.execute(
            f"INSERT INTO attachments ({owner}, position, file_id) "
            f"SELECT id, 0, photo_file_id FROM {table} WHERE photo_file_id IS NOT NULL"
        )
        # Not in batch mode: SQLite drops a plain column in place (3.35+), where a batch
        # would copy the table and, with foreign keys on, cascade its DROP to the votes.
        op.drop_column(table, "photo_file_id")


def downgrade() -> None:
    for table, owner in OWNERS:
        op.add_column(table, sa.Column("photo_file_id", sa.String(length=200), nullable=True))
        op.execute(
            f"UPDATE {table} SET photo_file_id = (SELECT file_id FROM attachments "
            f"WHERE attachments.{owner} = {table}.id AND position = 0)"
        )
    op.drop_table("attachments")

"""Staff can ban a resident; the banned resident is told once.

Revision ID: 007
Revises: 006
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.types import UTCDateTime

revision = "007"
down_revision = "006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("residents") as batch:
        batch.add_column(sa.Column("banned_at", UTCDateTime(), nullable=True))
        batch.add_column(
            sa.Column("ban_notice_sent", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("residents") as batch:
        batch.alter_column("ban_notice_sent", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("residents") as batch:
        batch.drop_column("ban_notice_sent")
        batch.drop_column("banned_at")

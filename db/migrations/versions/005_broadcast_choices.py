"""Residents choose announcements and polls separately.

Revision ID: 005
Revises: 004
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "005"
down_revision = "004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("residents") as batch:
        batch.add_column(
            sa.Column(
                "receives_announcements", sa.Boolean(), nullable=False, server_default=sa.true()
            )
        )
        batch.add_column(
            sa.Column("receives_polls", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    # Whoever had said no to broadcasts said no to both.
    op.execute(
        "UPDATE residents SET receives_announcements = receives_broadcasts, "
        "receives_polls = receives_broadcasts"
    )
    with op.batch_alter_table("residents") as batch:
        batch.drop_column("receives_broadcasts")
        batch.alter_column("receives_announcements", server_default=None)
        batch.alter_column("receives_polls", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("residents") as batch:
        batch.add_column(
            sa.Column("receives_broadcasts", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    op.execute(
        "UPDATE residents SET receives_broadcasts = receives_announcements AND receives_polls"
    )
    with op.batch_alter_table("residents") as batch:
        batch.drop_column("receives_polls")
        batch.drop_column("receives_announcements")
        batch.alter_column("receives_broadcasts", server_default=None)

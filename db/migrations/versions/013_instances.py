"""Several instances: delivery rows are claimed for a while, background jobs are leased.

Revision ID: 013
Revises: 012
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.types import UTCDateTime

revision = "013"
down_revision = "012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("broadcast_deliveries") as batch:
        batch.add_column(sa.Column("claimed_until", UTCDateTime(), nullable=True))
    op.create_table(
        "job_leases",
        sa.Column("job", sa.String(length=32), nullable=False),
        sa.Column("holder", sa.String(length=64), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("job", name=op.f("pk_job_leases")),
    )


def downgrade() -> None:
    op.drop_table("job_leases")
    with op.batch_alter_table("broadcast_deliveries") as batch:
        batch.drop_column("claimed_until")

"""The organiser's progress message gets its own columns, out of the broadcast's content.

Revision ID: 009
Revises: 008
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "009"
down_revision = "008"
branch_labels = None
depends_on = None

# The table as this revision sees it: the JSON type reads and writes content as a dict
# on SQLite and PostgreSQL alike.
broadcasts = sa.table(
    "broadcasts",
    sa.column("id", sa.Integer()),
    sa.column("content", sa.JSON()),
    sa.column("progress_chat_id", sa.BigInteger()),
    sa.column("progress_message_id", sa.Integer()),
    sa.column("progress_locale", sa.String(8)),
)


def upgrade() -> None:
    with op.batch_alter_table("broadcasts") as batch:
        batch.add_column(sa.Column("progress_chat_id", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("progress_message_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("progress_locale", sa.String(length=8), nullable=True))
    bind = op.get_bind()
    stored = bind.execute(sa.select(broadcasts.c.id, broadcasts.c.content)).all()
    for broadcast_id, content in stored:
        where = content.get("progress")
        if where is None:
            continue
        rest = {key: value for key, value in content.items() if key != "progress"}
        bind.execute(
            broadcasts.update()
            .where(broadcasts.c.id == broadcast_id)
            .values(
                content=rest,
                progress_chat_id=where["chat_id"],
                progress_message_id=where["message_id"],
                progress_locale=where["locale"],
            )
        )


def downgrade() -> None:
    bind = op.get_bind()
    shown = bind.execute(
        sa.select(
            broadcasts.c.id,
            broadcasts.c.content,
            broadcasts.c.progress_chat_id,
            broadcasts.c.progress_message_id,
            broadcasts.c.progress_locale,
        ).where(broadcasts.c.progress_chat_id.is_not(None))
    ).all()
    for broadcast_id, content, chat_id, message_id, locale in shown:
        where = {"chat_id": chat_id, "message_id": message_id, "locale": locale}
        bind.execute(
            broadcasts.update()
            .where(broadcasts.c.id == broadcast_id)
            .values(content={**content, "progress": where})
        )
    with op.batch_alter_table("broadcasts") as batch:
        batch.drop_column("progress_locale")
        batch.drop_column("progress_message_id")
        batch.drop_column("progress_chat_id")

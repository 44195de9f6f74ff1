"""The words of each idea, so the similar-ideas check reads candidates, not every idea.

Revision ID: 008
Revises: 007
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.services.similarity import index_words, stem

revision = "008"
down_revision = "007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    words = op.create_table(
        "idea_words",
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("word", sa.String(length=64), nullable=False),
        sa.Column("stem", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["idea_id"],
            ["ideas.id"],
            name=op.f("fk_idea_words_idea_id_ideas"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("idea_id", "word", name=op.f("pk_idea_words")),
    )
    op.create_index(op.f("ix_idea_words_word"), "idea_words", ["word"])
    op.create_index(op.f("ix_idea_words_stem"), "idea_words", ["stem"])
    ideas = op.get_bind().execute(sa.text("SELECT id, body FROM ideas WHERE body IS NOT NULL"))
    rows = [
        {"idea_id": idea_id, "word": word, "stem": stem(word)}
        for idea_id, body in ideas
        for word in index_words(body)
    ]
    if rows:
        op.bulk_insert(words, rows)


def downgrade() -> None:
    op.drop_index(op.f("ix_idea_words_stem"), table_name="idea_words")
    op.drop_index(op.f("ix_idea_words_word"), table_name="idea_words")
    op.drop_table("idea_words")

"""The similar-ideas index holds terms (word stems in the idea's language, one term for
words that mean the same), not words as written: every idea is indexed again.

Revision ID: 011
Revises: 010
Create Date: 2026-12-06
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

from bot.services.similarity import index_words, stem

revision = "011"
down_revision = "010"
branch_labels = None
depends_on = None

_WORDS = sa.table(
    "idea_words",
    sa.column("idea_id", sa.Integer()),
    sa.column("word", sa.String(64)),
    sa.column("stem", sa.String(8)),
)


def _reindex(words_of) -> None:
    bind = op.get_bind()
    ideas = bind.execute(sa.text("SELECT id, body, language FROM ideas WHERE body IS NOT NULL"))
    rows = [
        {"idea_id": idea_id, "word": word, "stem": stem(word)}
        for idea_id, body, language in ideas
        for word in words_of(body, language)
    ]
    bind.execute(sa.delete(_WORDS))
    if rows:
        op.bulk_insert(_WORDS, rows)


def upgrade() -> None:
    _reindex(index_words)


def downgrade() -> None:
    # The words as written, as revision 008 stored them, lower-cased and of four letters
    # or more.
    def words_as_written(body: str, _language: str) -> set[str]:
        return {word[:64] for word in re.findall(r"\w+", body.lower()) if len(word) >= 4}

    _reindex(words_as_written)

"""Cutting texts for lists and buttons: at a word, with "…", never over the limit."""

from __future__ import annotations

import pytest

from bot.views.text_cut import shorten


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("kort", 10, "kort"),
        ("Vilken dag passar bäst i Parken i mitten", 25, "Vilken dag passar bäst i…"),
        ("Fler bänkar, tack, vid parken", 16, "Fler bänkar…"),
        ("https://example.com/a/very/long/link", 12, "https://exa…"),
        ("مقاعد أكثر قرب الملعب من فضلكم", 15, "مقاعد أكثر قرب…"),
    ],
)
def test_shorten(text: str, limit: int, expected: str) -> None:
    shortened = shorten(text, limit)
    assert shortened == expected
    assert len(shortened) <= limit

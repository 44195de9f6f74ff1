"""Similar ideas and the language of a text, without Telegram."""

from __future__ import annotations

import pytest

from bot.services.language_detection import detect_text_language
from bot.services.similarity import SimilarityCandidate, find_similar

EXISTING = [
    SimilarityCandidate(1, "Fler bänkar vid lekplatsen på Rannebergsvägen", "sv"),
    SimilarityCandidate(2, "Bättre belysning vid busshållplatsen", "sv"),
    SimilarityCandidate(3, "Odlingslotter för barnen", "sv"),
    SimilarityCandidate(4, "Grillplats i parken i mitten", "sv"),
    SimilarityCandidate(5, "Something about benches for everyone", "en"),
]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Fler bänkar vid lekplatsen", "sv", [1]),
        ("fler bänkr vid lekplatsn", "sv", [1]),
        ("Mer belysning vid hållplatsen", "sv", [2]),
        ("Grillplatser i parken", "sv", [4]),
        ("En fotbollsplan för ungdomar", "sv", []),
        ("Something about lighting for everyone", "en", []),
    ],
)
def test_similar_ideas_tolerate_typos_and_word_forms(
    text: str, language: str, expected: list[int]
) -> None:
    assert find_similar(text, EXISTING, language=language) == expected


def test_at_most_three_best_first() -> None:
    many = [SimilarityCandidate(n, "Fler bänkar vid lekplatsen", "sv") for n in range(10)]
    assert len(find_similar("Fler bänkar vid lekplatsen", many, language="sv")) == 3


@pytest.mark.parametrize(
    ("text", "fallback", "expected"),
    [
        ("Fler bänkar vid lekplatsen", "so", "sv"),
        ("Kuraas badan oo la dhigo garoonka carruurta", "sv", "so"),
        ("نیمکت بیشتر در زمین بازی", "sv", "fa"),
        ("مزيد من المقاعد في الملعب من فضلكم", "sv", "ar"),
        ("ئێمە پێویستمان بە ڕووناکی زیاترە", "ar", "ckb"),
        ("ብዙሕ ብርሃን የድልየና", "en", "ti"),
        ("Lisää penkkejä leikkipuistoon", "sv", "fi"),
        ("ok", "so", "so"),
    ],
)
def test_the_language_of_a_text(text: str, fallback: str, expected: str) -> None:
    assert detect_text_language(text, fallback) == expected

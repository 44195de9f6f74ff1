"""How well 'has this already been suggested?' finds the same idea said another way, and
how seldom it offers a different one, measured on tests/ideas/similar_pairs.py.

Before word stems and synonyms (2026-12-06) the check found 13 of the 28 pairs, with 1
false offer in 46 new texts; now it finds 28 with 1 (the threshold was chosen on these
pairs, so read the limits below, not the exact figures, as the promise).
"""

from __future__ import annotations

from bot.services.similarity import SimilarityCandidate, find_similar
from tests.ideas.similar_pairs import EXISTING, QUERIES


def _offers() -> list[tuple[set[str], set[str]]]:
    keys = list(EXISTING)
    pool = [
        SimilarityCandidate(number, text, language)
        for number, (language, text) in enumerate(EXISTING.values())
    ]
    return [
        ({keys[number] for number in find_similar(text, pool, language=language)}, expected)
        for language, text, expected in QUERIES
    ]


def test_the_same_idea_in_other_words_is_found_and_others_seldom_offered() -> None:
    offers = _offers()
    pairs = sum(len(expected) for _offered, expected in offers)
    found = sum(len(offered & expected) for offered, expected in offers)
    false = sum(len(offered - expected) for offered, expected in offers)
    print(f"found {found} of {pairs} pairs; {false} false offers in {len(offers)} texts")
    assert found / pairs >= 0.9
    assert false / len(offers) <= 0.05


def test_the_example_from_the_issue_matches() -> None:
    existing = [
        SimilarityCandidate(1, "More benches around the playground in the central park please")
    ]
    assert find_similar(
        "We need more benches at the playground in the park", existing, language="en"
    ) == [1]

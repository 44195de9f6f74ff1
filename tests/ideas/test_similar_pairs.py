"""How well 'has this already been suggested?' finds the same idea said another way, and
how seldom it offers a different one, measured on tests/ideas/similar_pairs.py.

All the existing ideas of both sets form one pool (34 ideas, seven languages). Measured
2026-12-06, before word stems and synonyms / now:

    pairs the threshold was chosen on    13 of 28 found, 1 false offer in 46 texts /
                                         28 of 28 found, 2 false offers in 46 texts
    pairs written afterwards (held out)   6 of 11 found, 0 false offers in 20 texts /
                                         10 of 11 found, 0 false offers in 20 texts

The limits below are the promise; the held-out figures are the fairer estimate.
"""

from __future__ import annotations

import pytest

from bot.services.similarity import SimilarityCandidate, find_similar
from tests.ideas.similar_pairs import EXISTING, HELD_OUT_EXISTING, HELD_OUT_QUERIES, QUERIES

ALL_EXISTING = {**EXISTING, **HELD_OUT_EXISTING}


def _offers(queries) -> list[tuple[set[str], set[str]]]:
    keys = list(ALL_EXISTING)
    pool = [
        SimilarityCandidate(number, text, language)
        for number, (language, text) in enumerate(ALL_EXISTING.values())
    ]
    return [
        ({keys[number] for number in find_similar(text, pool, language=language)}, expected)
        for language, text, expected in queries
    ]


@pytest.mark.parametrize(
    ("queries", "least_found", "most_false"),
    [(QUERIES, 0.9, 0.05), (HELD_OUT_QUERIES, 0.8, 0.1)],
    ids=["tuned-on", "held-out"],
)
def test_the_same_idea_in_other_words_is_found_and_others_seldom_offered(
    queries, least_found: float, most_false: float
) -> None:
    offers = _offers(queries)
    pairs = sum(len(expected) for _offered, expected in offers)
    found = sum(len(offered & expected) for offered, expected in offers)
    false = sum(len(offered - expected) for offered, expected in offers)
    print(f"found {found} of {pairs} pairs; {false} false offers in {len(offers)} texts")
    assert found / pairs >= least_found
    assert false / len(offers) <= most_false


def test_the_example_from_the_issue_matches() -> None:
    existing = [
        SimilarityCandidate(1, "More benches around the playground in the central park please")
    ]
    assert find_similar(
        "We need more benches at the playground in the park", existing, language="en"
    ) == [1]

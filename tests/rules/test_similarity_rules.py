"""'Has this already been suggested?': best match first and, among equals, the newest;
rare words decide, as counted over all ideas when those counts are given; what is
indexed of a text."""

from __future__ import annotations

from bot.services.similarity import SimilarityCandidate, find_similar, index_words, stem


def test_the_best_match_comes_first_and_equal_ones_newest_first() -> None:
    candidates = [
        SimilarityCandidate(1, "Fler bänkar vid lekplatsen"),
        SimilarityCandidate(2, "Fler bänkr vid lekplatsn"),
        SimilarityCandidate(3, "Bänkar vid lekplatsen"),
        SimilarityCandidate(4, "Fler bänkar vid lekplatsen"),
    ]
    assert find_similar("Fler bänkar vid lekplatsen", candidates) == [4, 1, 2]


def test_words_common_among_all_ideas_hardly_count() -> None:
    candidate = [SimilarityCandidate(1, "Lekplatsen gungor")]
    # Among these candidates alone "bänkar" is rare, so an idea without it is not alike...
    assert find_similar("Lekplatsen bänkar", candidate) == []
    # ...but when nearly every idea mentions benches, the playground is what matters.
    assert find_similar(
        "Lekplatsen bänkar",
        candidate,
        document_frequency={"bänkar": 1000, "lekplatsen": 1},
        documents=1000,
    ) == [1]


def test_a_text_of_short_words_only_is_compared_on_those() -> None:
    assert find_similar(
        "Bad", [SimilarityCandidate(1, "bad"), SimilarityCandidate(2, "Bad ok")]
    ) == [2, 1]
    assert find_similar("Bad", []) == []


def test_what_is_indexed_is_the_meaningful_words_lowercased_and_cut_to_length() -> None:
    assert index_words("Vi vill ha BÄNKAR, bänkar och " + "a" * 70) == {"vill", "bänkar", "a" * 64}
    assert index_words("ok ja") == {"ok", "ja"}
    assert stem("lekplatsen") == "lekp"

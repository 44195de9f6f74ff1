"""'Has this already been suggested?': best match first and, among equals, the newest;
rare words decide, as counted over all ideas when those counts are given; what is
indexed of a text (its language's stems, without short words or fillers)."""

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


def test_a_text_of_short_words_only_has_no_terms_and_is_offered_nothing() -> None:
    assert (
        find_similar("Bad", [SimilarityCandidate(1, "bad"), SimilarityCandidate(2, "Bad ok")]) == []
    )
    # Four letters make a word: compared (equal ones newest first); three do not.
    assert find_similar(
        "Bada",
        [
            SimilarityCandidate(1, "bada"),
            SimilarityCandidate(2, "Bada ok"),
            SimilarityCandidate(3, "bad"),
        ],
        language="sv",
    ) == [2, 1]
    assert find_similar("Bad", []) == []


def test_what_is_indexed_is_the_meaningful_terms_lowercased_and_cut_to_length() -> None:
    text = "Vi vill ha BÄNKAR, bänkar och " + "a" * 70
    # Without a language: the words themselves, none left out as a filler.
    assert index_words(text) == {"vill", "bänkar", "a" * 64}
    # In Swedish: stems, and "vill" (a wish, not what is wished for) left out.
    assert index_words(text, "sv") == {"bänk", "a" * 64}
    assert index_words("ok ja") == set()
    assert index_words("Vi behöver fler", "sv") == set()
    assert stem("lekplatsen") == "lekp"


def test_a_word_with_a_typo_in_every_seven_letters_is_the_same_word_but_not_more() -> None:
    # fuzz.ratio: 3 of 20 letters changed is 85 % alike, 4 of 20 is 80 %.
    written = "abcdefghijklmnopqrst"
    assert find_similar(written, [SimilarityCandidate(1, "abcdefghijklmnopqxyz")]) == [1]
    assert find_similar(written, [SimilarityCandidate(1, "abcdefghijklmnopwxyz")]) == []


def test_a_word_inside_a_longer_one_is_not_the_same_word_unless_it_ends_it() -> None:
    # "busshållplats" is a kind of "hållplats"; "gatlampan" is not a kind of "lampa".
    assert find_similar("lampa", [SimilarityCandidate(1, "gatlampan")]) == []
    assert find_similar("lampa", [SimilarityCandidate(1, "gatlampa")]) == [1]


def test_a_compound_counts_for_less_than_the_word_itself() -> None:
    candidates = [SimilarityCandidate(1, "plats"), SimilarityCandidate(2, "lekplats")]
    # Newest first among equals would put the compound first.
    assert find_similar("plats", candidates) == [1, 2]


def test_the_end_of_a_compound_is_a_word_of_five_letters_or_more() -> None:
    # Either way round: the new text's word ends the idea's, or the idea's ends the new one's.
    assert find_similar("lampa", [SimilarityCandidate(1, "gatlampa")]) == [1]
    assert find_similar("gatlampa", [SimilarityCandidate(1, "lampa")]) == [1]
    assert find_similar("ampa", [SimilarityCandidate(1, "gatlampa")]) == []
    assert find_similar("gatlampa", [SimilarityCandidate(1, "ampa")]) == []


def test_words_every_candidate_has_count_as_common_among_all_ideas() -> None:
    """The counts given are the new text's words'; a word only the candidates have is
    counted among them and scaled up to all ideas, so one each candidate has is common."""
    everywhere = "staket cyklar bilar träd gräs sand"
    candidates = [
        SimilarityCandidate(1, f"lekplats gungor {everywhere}"),
        SimilarityCandidate(2, f"parkering {everywhere}"),
    ]
    assert find_similar(
        "lekplats gungor",
        candidates,
        document_frequency={"lekplats": 1, "gungor": 1},
        documents=1000,
    ) == [1]

"""Word forms: each worker thread stems with its own stemmer, as the first one did."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from bot.services.word_forms import terms


def test_a_new_thread_stems_a_text_as_the_first_thread_does() -> None:
    text = "Fler bänkar vid lekplatsen"
    here = terms(text, "sv")
    with ThreadPoolExecutor(max_workers=1) as pool:
        # A thread of its own starts without stemmers: it makes one and uses it.
        elsewhere = pool.submit(terms, text, "fi").result(), pool.submit(terms, text, "sv").result()

    assert here == ["bänk", "lekplat"]
    assert elsewhere[1] == here


def test_a_stem_of_two_letters_is_still_a_term() -> None:
    # Finnish "asia" (a matter) and Arabic "نصية" (of text) stem to two letters.
    assert terms("asia", "fi") == ["as"]
    assert terms("نصية", "ar") == ["نص"]


def test_without_a_language_the_words_are_the_terms_unstemmed() -> None:
    assert terms("Fler bänkar vid lekplatsen", None) == ["fler", "bänkar", "lekplatsen"]
    assert terms("Fler bänkar vid lekplatsen", "") == ["fler", "bänkar", "lekplatsen"]

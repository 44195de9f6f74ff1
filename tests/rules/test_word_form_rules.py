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

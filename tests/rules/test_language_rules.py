"""The language a text is written in: Arabic and Persian, which look alike, are told
apart by who wrote them unless the text itself is clear."""

from __future__ import annotations

from bot.services.language_detection import content_language, detect_text_language

# lingua reads "لطفا" (please) as a little more Arabic than Persian.
UNCLEAR = "لطفا"
# "پارک" (park) has a letter Arabic does not use.
CLEARLY_PERSIAN = "پارک"


def test_an_unclear_arabic_or_persian_text_is_in_its_writers_language() -> None:
    assert detect_text_language(UNCLEAR, "fa") == "fa"
    assert detect_text_language(UNCLEAR, "ar") == "ar"
    assert detect_text_language(UNCLEAR, "sv") == "ar"
    assert content_language(UNCLEAR, "fa") is None


def test_a_clear_text_is_in_its_own_language_whoever_wrote_it() -> None:
    assert detect_text_language(CLEARLY_PERSIAN, "ar") == "fa"
    assert content_language(CLEARLY_PERSIAN, "ar") == "fa"


def test_tigrinya_is_told_by_the_ethiopic_letters_from_first_to_last() -> None:
    # U+1200 is the first Ethiopic letter, U+139F the last of its supplement; beside them
    # are Hangul (U+11FF) and Cherokee (U+13A0).
    told = {letter: content_language(f"{letter}{letter}", "sv") for letter in "\u1200\u139f"}
    beside = {letter: content_language(f"{letter}{letter}", "sv") for letter in "\u11ff\u13a0"}

    assert told == {"\u1200": "ti", "\u139f": "ti"}
    assert "ti" not in beside.values()

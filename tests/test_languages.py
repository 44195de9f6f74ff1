"""Telegram's language_code onto the nine languages."""

from __future__ import annotations

import pytest

from bot.i18n.languages import LANGUAGES, match_language


@pytest.mark.parametrize(
    ("language_code", "expected"),
    [
        ("fa-IR", "fa"),
        ("sv-SE", "sv"),
        ("ar", "ar"),
        ("AR-sa", "ar"),
        ("ckb", "ckb"),
        ("prs", "fa"),
        ("hr", "bs"),
        ("en-GB", "en"),
        ("de", None),
        ("", None),
        (None, None),
        ("zz-Latn-ZZ", None),
    ],
)
def test_language_code_is_matched(language_code: str | None, expected: str | None) -> None:
    assert match_language(language_code) == expected


def test_nine_languages_with_their_own_names() -> None:
    assert list(LANGUAGES) == ["sv", "en", "ar", "so", "fa", "bs", "ckb", "fi", "ti"]
    right_to_left = {code for code, language in LANGUAGES.items() if language.right_to_left}
    assert right_to_left == {"ar", "fa", "ckb"}

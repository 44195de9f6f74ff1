"""The languages the bot speaks, and how a Telegram ``language_code`` maps onto them.

The table is the single source for the language picker, ``setMyCommands`` and the
catalogue test; adding a language means adding its catalogue and one row here.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LANGUAGES", "UNDETERMINED", "Language", "match_language"]


@dataclass(frozen=True, slots=True)
class Language:
    code: str
    native_name: str
    right_to_left: bool
    plural_forms: str


# BCP 47's "undetermined": stored for an anonymous report whose language could not be
# told from its content (a voice message, a text too short to tell). The reporter's own
# interface language would narrow down who sent it.
UNDETERMINED = "und"

LANGUAGES: dict[str, Language] = {
    language.code: language
    for language in (
        Language("sv", "svenska", False, "nplurals=2; plural=(n != 1);"),
        Language("en", "English", False, "nplurals=2; plural=(n != 1);"),
        Language(
            "ar",
            "العربية",
            True,
            "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
            "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
        ),
        Language("so", "Soomaali", False, "nplurals=2; plural=(n != 1);"),
        Language("fa", "فارسی", True, "nplurals=2; plural=(n > 1);"),
        Language(
            "bs",
            "bosanski",
            False,
            "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
            "(n%100<10 || n%100>=20) ? 1 : 2);",
        ),
        Language("ckb", "کوردی (سۆرانی)", True, "nplurals=2; plural=(n != 1);"),
        Language("fi", "suomi", False, "nplurals=2; plural=(n != 1);"),
        Language("ti", "ትግርኛ", False, "nplurals=2; plural=(n > 1);"),
    )
}

# Telegram sends IETF tags; some residents' apps report a neighbouring code for the same
# written language: Dari as "prs", Croatian or Serbian where our catalogue is Bosnian.
_ALIASES = {"prs": "fa", "hr": "bs", "sr": "bs", "sh": "bs"}


def match_language(language_code: str | None) -> str | None:
    """Return our language for a Telegram ``language_code``, or None when we lack it."""
    if not language_code:
        return None
    tag = language_code.replace("_", "-").lower()
    candidates = (tag, tag.split("-", 1)[0])
    for candidate in candidates:
        candidate = _ALIASES.get(candidate, candidate)
        if candidate in LANGUAGES:
            return candidate
    return None

"""Which language a resident's text is written in, so staff know what they are reading.

lingua is accurate on short texts for the languages it knows. It has no Sorani or
Tigrinya model; those are recognised by their script. When the text is too short or
ambiguous, the resident's own language is the answer.
"""

from __future__ import annotations

from functools import cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

__all__ = ["content_language", "detect_text_language", "warm_up"]

_LINGUA_TO_OURS = {
    Language.SWEDISH: "sv",
    Language.ENGLISH: "en",
    Language.ARABIC: "ar",
    Language.SOMALI: "so",
    Language.PERSIAN: "fa",
    Language.BOSNIAN: "bs",
    # Croatian and Serbian are written alike; our catalogue for all three is Bosnian.
    Language.CROATIAN: "bs",
    Language.SERBIAN: "bs",
    Language.FINNISH: "fi",
}
# Letters that Sorani uses and Arabic and Persian do not.
_SORANI_LETTERS = frozenset("ڵڕێۆەڤ")
_MINIMUM_CONFIDENCE = 0.5


@cache
def _detector() -> LanguageDetector:
    return (
        LanguageDetectorBuilder.from_languages(*_LINGUA_TO_OURS)
        .with_minimum_relative_distance(0.1)
        .build()
    )


def _script_language(text: str) -> str | None:
    if any("\u1200" <= character <= "\u139f" for character in text):
        return "ti"
    if any(character in _SORANI_LETTERS for character in text):
        return "ckb"
    return None


def detect_text_language(text: str, fallback: str) -> str:
    """Our code for the language of ``text``; ``fallback`` when unsure. CPU-bound."""
    return content_language(text, fallback) or fallback


def content_language(text: str, fallback: str) -> str | None:
    """The language the text itself shows, or None when unsure: then any answer would
    come from who wrote it, not from what they wrote. ``fallback`` (the writer's language)
    only settles Arabic against Persian, which look alike. CPU-bound."""
    if by_script := _script_language(text):
        return by_script
    confidences = _detector().compute_language_confidence_values(text)
    if not confidences or confidences[0].value < _MINIMUM_CONFIDENCE:
        return None
    detected = _LINGUA_TO_OURS[confidences[0].language]
    # A Persian speaker's text that reads as Arabic (or the reverse) is more likely theirs.
    if {detected, fallback} == {"ar", "fa"} and confidences[0].value < 0.9:
        return None
    return detected


# Any texts would warm the models up; only the first idea's waiting time could tell.
def warm_up() -> None:  # pragma: no mutate block, its texts are any texts
    """Load the models a short and a long text need, so the first resident's idea after a
    start is as quick as the second. About a second of CPU; lingua works outside the GIL,
    so a thread running this leaves the event loop free."""
    detect_text_language("Fler bänkar vid lekplatsen", "sv")
    detect_text_language(
        " ".join(["Vi behöver fler bänkar och bättre belysning i parken."] * 4), "sv"
    )

"""A machine translation as a reader sees it: under the original, never instead of it,
and marked as made by a machine; or a note that none exists for the original's language.
"""

from __future__ import annotations

from html import escape

from bot.i18n import gettext as _
from bot.i18n.names import language_name
from bot.services.translations import MachineTranslation
from bot.views.text_cut import shorten

__all__ = ["translation_note", "with_translation"]


def translation_note(
    translation: MachineTranslation, limit: int | None = None, *, for_resident: bool = False
) -> str:
    """The note alone; ``limit`` cuts the translated text to that many characters.
    ``for_resident``: staff's words for a resident, whose language the engine may lack."""
    language = language_name(translation.source_language)
    if translation.text is None and for_resident:
        return _("🌐 There is no machine translation into your language; this is what staff wrote.")
    if translation.text is None:
        return _(
            "🌐 No machine translation exists for {language}; the text is shown as written."
        ).format(language=language)
    text = translation.text if limit is None else shorten(translation.text, max(limit, 1))
    return _("🌐 Machine translation from {language}:\n{translation}").format(
        language=language, translation=escape(text)
    )


def with_translation(
    text: str,
    translation: MachineTranslation | None,
    limit: int | None = None,
    *,
    for_resident: bool = False,
) -> str:
    """``text`` with the note below it; within ``limit`` characters when given, by
    cutting the translated text (the whole one is in /review and the export)."""
    if translation is None:
        return text
    combined = text + "\n\n" + translation_note(translation, for_resident=for_resident)
    if limit is None or len(combined) <= limit or translation.text is None:
        return combined
    room = len(translation.text) - (len(combined) - limit)
    return text + "\n\n" + translation_note(translation, room, for_resident=for_resident)

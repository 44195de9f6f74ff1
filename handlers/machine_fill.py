""" "Translate the missing languages" in the poll and announcement wizards: every language
the organiser did not write is filled by the translation engine, with a line in that
language saying it was machine-translated, for the organiser to check (and replace by
sending their own) in the per-language preview before Send."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from aiogram.types import CallbackQuery

from bot.i18n import Catalogues
from bot.i18n import gettext as _
from bot.i18n.languages import LANGUAGES
from bot.i18n.names import language_name
from bot.translation import EngineUnavailableError, PairUnsupportedError, TranslationEngine

__all__ = ["MachineFill", "fill_for_organiser", "fill_missing", "fill_report"]


@dataclass
class MachineFill:
    """Per language the organiser did not write: the translated texts (in the order
    given), or why there are none."""

    filled: dict[str, list[str]] = field(default_factory=dict)
    # The engine has no model for these, or its translation did not fit the limits.
    missing: list[str] = field(default_factory=list)
    unavailable: bool = False


def _marker(i18n: Catalogues, code: str, source: str) -> str:
    with i18n.use_locale(code):
        # Translators: under an organiser's poll or announcement that a program translated
        # into the reader's language; {language} is the language it was written in.
        return _("🌐 Machine-translated from {language}").format(language=language_name(source))


async def fill_missing(
    engine: TranslationEngine,
    i18n: Catalogues,
    texts: Sequence[str],
    source: str,
    present: Sequence[str],
    fits: Callable[[list[str]], bool],
) -> MachineFill:
    """``texts`` (the first one gets the marker line) into each language not in
    ``present``; a language whose translation ``fits`` refuses is missing."""
    result = MachineFill()
    for code in LANGUAGES:
        if code == source or code in present:
            continue
        try:
            translated = [await engine.translate(text, source, code) for text in texts]
        except PairUnsupportedError:
            result.missing.append(code)
            continue
        except EngineUnavailableError:
            result.unavailable = True
            return result
        translated[0] = f"{translated[0]}\n{_marker(i18n, code, source)}"
        if fits(translated):
            result.filled[code] = translated
        else:
            result.missing.append(code)
    return result


def fill_report(fill: MachineFill, default_locale: str) -> str:
    """What the organiser is told after pressing the button."""
    if fill.unavailable:
        return _(
            "The translation engine cannot be reached just now. Try again later, or add "
            "the translations yourself."
        )
    lines = []
    if fill.filled:
        lines.append(
            _(
                "Machine-translated: {languages}. Check each in the preview before sending; "
                "to correct one, send it again as above."
            ).format(languages=", ".join(language_name(code) for code in fill.filled))
        )
    if fill.missing:
        lines.append(
            _("No machine translation for: {languages}. They get the {language} text.").format(
                languages=", ".join(language_name(code) for code in fill.missing),
                language=language_name(default_locale),
            )
        )
    if not lines:
        lines.append(_("Every language has a text already."))
    return "\n".join(lines)


async def fill_for_organiser(
    callback: CallbackQuery,
    engine: TranslationEngine | None,
    i18n: Catalogues,
    texts: Sequence[str],
    source: str,
    present: Sequence[str],
    fits: Callable[[list[str]], bool],
) -> MachineFill | None:
    """The button's answer, then the translations; None when this bot has no engine (a
    button from before a restart without TRANSLATE_URL), which the organiser is told."""
    if engine is None:
        await callback.answer(
            _("There is no translation engine on this bot. Add the translations yourself."),
            show_alert=True,
        )
        return None
    await callback.answer(_("Translating…"))
    return await fill_missing(engine, i18n, texts, source, present, fits)

"""Translations: aiogram's gettext ``I18n``, fed straight from the ``.po`` catalogues.

Compiling with Babel at start-up means a fresh clone needs no build step and a compiled
file can never be older than its catalogue. The resident's language comes from the
database (see ``bot.middlewares.resident``), not from Telegram on every update.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path
from typing import Any

from aiogram.types import TelegramObject
from aiogram.utils.i18n import I18n, I18nMiddleware
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.settings import PROJECT_ROOT

__all__ = ["LOCALES_DIR", "CatalogueI18n", "ResidentI18nMiddleware", "load_translations"]

LOCALES_DIR = PROJECT_ROOT / "locales"
DOMAIN = "messages"


def load_translations(po_path: Path) -> gettext.GNUTranslations:
    with po_path.open("rb") as source:
        catalogue = read_po(source, locale=po_path.parent.parent.name, abort_invalid=True)
    # A plural entry not yet translated would be compiled with the English forms spread
    # over the language's plural slots ("1 people" in Arabic); left out, gettext falls back
    # to English with the English rule.
    for message in list(catalogue):
        if message.id and message.pluralizable and not all(message.string):
            catalogue.delete(message.id, message.context)
    compiled = BytesIO()
    # Fuzzy entries are unreviewed guesses; a resident should see the source text instead.
    write_mo(compiled, catalogue, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


class CatalogueI18n(I18n):
    @contextmanager
    def context(self) -> Iterator[I18n]:
        # aiogram's ``gettext`` looks up ``I18n.get_current()``, and the context mixin keeps
        # one variable per class: a subclass must set the base class's, not its own.
        token = I18n.set_current(self)
        try:
            yield self
        finally:
            I18n.reset_current(token)

    def find_locales(self) -> dict[str, gettext.GNUTranslations]:
        return {
            po_path.parent.parent.name: load_translations(po_path)
            for po_path in sorted(self.path.glob(f"*/LC_MESSAGES/{self.domain}.po"))
        }


class ResidentI18nMiddleware(I18nMiddleware):
    """Speaks the language stored for the resident, which the resident middleware loads."""

    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        # The language as read when the update arrived: after a failed transaction the
        # resident row is expired and must not be touched (the error handler runs then).
        language = data.get("resident_language")
        if language in self.i18n.available_locales:
            return language
        return self.i18n.default_locale

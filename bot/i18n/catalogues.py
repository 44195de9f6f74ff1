"""The one gettext layer, for the bot and the command line alike: catalogues, the
current language, ``gettext`` and ``ngettext``.

It does not import aiogram: ``python -m bot export`` and ``stats`` translate through it
too and never load the Telegram library, whose import alone takes 165 MB and two
seconds. In the bot, ``bot.middlewares.language`` makes the catalogues current in the
resident's language for each update; code that sends on its own schedule does the same
with ``context()`` and ``use_locale()``.

Catalogues are compiled from the ``.po`` files with Babel when loaded: a fresh clone
needs no build step, and a compiled file can never be older than its catalogue.
"""

from __future__ import annotations

import gettext as gnu_gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Protocol

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.settings import PROJECT_ROOT

__all__ = [
    "LOCALES_DIR",
    "Catalogues",
    "Translator",
    "current_locale",
    "gettext",
    "load_translations",
    "ngettext",
    "translating_with",
]

LOCALES_DIR = PROJECT_ROOT / "locales"
DOMAIN = "messages"


class Translator(Protocol):
    def gettext(
        self, singular: str, plural: str | None = None, n: int = 1, locale: str | None = None
    ) -> str: ...


_current: ContextVar[Translator | None] = ContextVar("current_translator", default=None)


@contextmanager
def translating_with(translator: Translator) -> Iterator[None]:
    token = _current.set(translator)
    try:
        yield
    finally:
        _current.reset(token)


def gettext(singular: str, plural: str | None = None, n: int = 1, locale: str | None = None) -> str:
    translator = _current.get()
    if translator is None:
        raise LookupError("no translator is active: use Catalogues.context()")
    return translator.gettext(singular, plural, n, locale)


def ngettext(singular: str, plural: str, n: int = 1, locale: str | None = None) -> str:
    return gettext(singular, plural, n, locale)


def current_locale() -> str | None:
    """The language being spoken now, if the active translator knows it."""
    return getattr(_current.get(), "current_locale", None)


def load_translations(po_path: Path) -> gnu_gettext.GNUTranslations:
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
    return gnu_gettext.GNUTranslations(compiled)


@cache
def _compiled(po_path: Path, modified_ns: int) -> gnu_gettext.GNUTranslations:
    # Compiling nine catalogues costs about 0.3 s; every dispatcher a process builds (the
    # CLI's, a test's) shares them. A catalogue edited since is a new key and compiles again.
    return load_translations(po_path)


def find_catalogues(path: Path) -> dict[str, gnu_gettext.GNUTranslations]:
    return {
        po_path.parent.parent.name: _compiled(po_path, po_path.stat().st_mtime_ns)
        for po_path in sorted(path.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    }


class Catalogues:
    """Every language's catalogue, and the language currently spoken."""

    def __init__(self, path: Path = LOCALES_DIR, default_locale: str = "sv") -> None:
        self.default_locale = default_locale
        self.locales = find_catalogues(path)
        self._locale: ContextVar[str] = ContextVar("catalogue_locale", default=default_locale)

    @property
    def current_locale(self) -> str:
        return self._locale.get()

    @property
    def available_locales(self) -> tuple[str, ...]:
        return tuple(self.locales)

    def gettext(
        self, singular: str, plural: str | None = None, n: int = 1, locale: str | None = None
    ) -> str:
        translations = self.locales.get(locale or self._locale.get())
        if translations is None:
            return singular if plural is None or n == 1 else plural
        if plural is None:
            return translations.gettext(singular)
        return translations.ngettext(singular, plural, n)

    @contextmanager
    def use_locale(self, locale: str) -> Iterator[None]:
        token = self._locale.set(locale)
        try:
            yield
        finally:
            self._locale.reset(token)

    @contextmanager
    def context(self) -> Iterator[Catalogues]:
        with translating_with(self):
            yield self

"""Keep the translation catalogues in step with the code: ``python -m bot.i18n.tools``.

Extracts every ``_()`` from ``bot/`` and ``handlers/`` into ``locales/messages.pot``,
merges it into each language's ``messages.po``, fills the English catalogue (English is
the source language) and pins each ``Plural-Forms`` header to ``bot.i18n.languages``. New
messages then show up as untranslated, which the catalogue test reports.
"""

from __future__ import annotations

import subprocess
import sys

from babel.messages.pofile import read_po, write_po

from bot.i18n import LOCALES_DIR
from bot.i18n.languages import LANGUAGES
from bot.i18n.pofiles import catalogue_path, pin_plural_forms
from bot.settings import PROJECT_ROOT

__all__ = ["update_catalogues"]

SOURCE_LANGUAGE = "en"


def _pybabel(*arguments: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "-q", *arguments],
        check=True,
        cwd=PROJECT_ROOT,
    )


def _fill_source_catalogue() -> None:
    path = LOCALES_DIR / SOURCE_LANGUAGE / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as source:
        catalogue = read_po(source, locale=SOURCE_LANGUAGE)
    catalogue.last_translator = "Vårt Rannebergen bot team"
    for message in catalogue:
        if message.id and not any(message.string if message.pluralizable else [message.string]):
            message.string = message.id
    with path.open("wb") as target:
        write_po(target, catalogue, width=100, include_previous=False)


def _pin_plural_forms() -> None:
    for code, language in LANGUAGES.items():
        pin_plural_forms(catalogue_path(LOCALES_DIR, code), language.plural_forms)


def update_catalogues() -> None:
    template = str(LOCALES_DIR / "messages.pot")
    _pybabel(
        "extract",
        "--input-dirs=bot,handlers",
        "-k", "_:1,1t", "-k", "_:1,2", "-k", "__",
        "-c", "Translators:",
        "--add-location=file",
        "--sort-by-file",
        "--width=100",
        "--project=rannebergen-bot",
        "--copyright-holder=Vårt Rannebergen",
        "-o", template,
    )  # fmt: skip
    for code in LANGUAGES:
        if not (LOCALES_DIR / code / "LC_MESSAGES" / "messages.po").exists():
            _pybabel("init", "-i", template, "-d", str(LOCALES_DIR), "-D", "messages", "-l", code)
    _pybabel(
        "update", "-i", template, "-d", str(LOCALES_DIR), "-D", "messages",
        "--ignore-obsolete", "--no-fuzzy-matching", "--width=100",
    )  # fmt: skip
    _fill_source_catalogue()
    _pin_plural_forms()


if __name__ == "__main__":
    update_catalogues()

"""Reading and writing a language's ``messages.po`` the way ``python -m bot.i18n.tools``
leaves it, so a file the review kit rewrites differs only where a text changed."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

__all__ = ["catalogue_path", "pin_plural_forms", "read_catalogue", "write_catalogue"]

_PLURAL_FORMS = re.compile(r'"Plural-Forms:.*?\\n"\n', re.S)
# The width pybabel update writes with (bot.i18n.tools).
WIDTH = 100


def catalogue_path(locales_dir: Path, code: str) -> Path:
    return locales_dir / code / "LC_MESSAGES" / "messages.po"


def read_catalogue(path: Path, code: str) -> Catalog:
    with path.open("rb") as source:
        return read_po(source, locale=code)


def pin_plural_forms(path: Path, plural_forms: str) -> None:
    """Write the header on one line: Babel wraps it, and msgfmt reads only our form."""
    text = path.read_text(encoding="utf-8")
    header = f'"Plural-Forms: {plural_forms}\\\\n"\n'
    path.write_text(_PLURAL_FORMS.sub(header, text, count=1), encoding="utf-8")


def write_catalogue(path: Path, catalogue: Catalog, plural_forms: str) -> None:
    with path.open("wb") as target:
        write_po(target, catalogue, width=WIDTH, include_previous=False)
    pin_plural_forms(path, plural_forms)

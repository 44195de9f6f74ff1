"""Reading the bot's texts in a given language, the way the handlers produce them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from bot.i18n import Catalogues

__all__ = ["in_language"]

T = TypeVar("T")


def in_language(i18n: Catalogues, locale: str, build: Callable[[], T]) -> T:
    """Call a text or keyboard builder as if a resident with ``locale`` were being served."""
    with i18n.context(), i18n.use_locale(locale):
        return build()

"""Formatting that depends on the reader's language: lists of names, dates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from babel import Locale
from babel.lists import format_list

__all__ = ["babel_language_name", "format_local_time", "format_names"]


def format_names(names: Sequence[str], locale: str) -> str:
    """ "A, B and C" in the reader's language; the names themselves HTML-escaped."""
    escaped = [escape(name) for name in names]
    try:
        return format_list(escaped, locale=locale)
    except (ValueError, LookupError):
        return ", ".join(escaped)


def format_local_time(moment: datetime, zone: ZoneInfo) -> str:
    """The form the brief asks for everywhere: ``YYYY-MM-DD HH:MM`` in local time."""
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def babel_language_name(code: str, locale: str) -> str | None:
    """Babel's (CLDR's) name of a language in another language, if it has one."""
    try:
        return Locale.parse(locale).languages.get(code)
    except (ValueError, LookupError):
        return None

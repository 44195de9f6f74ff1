"""Formatting that depends on the reader's language: lists of names, dates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from babel import Locale
from babel.lists import format_list

__all__ = ["format_local_time", "format_names", "language_name"]


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


def language_name(code: str, locale: str) -> str:
    """A language's name in the reader's language ("arabiska" for a Swedish reader)."""
    try:
        return Locale.parse(code).get_display_name(locale) or code
    except (ValueError, LookupError):
        return code

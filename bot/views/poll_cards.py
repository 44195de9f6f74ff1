"""How a poll looks: to a resident in their language, and to the organiser with results.

Texts fall back to the default language where the organiser gave no translation, so a
resident never sees a question in one language and its options in another.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from babel.numbers import format_percent
from cachetools import LRUCache

from bot.i18n import gettext as _
from bot.i18n import ngettext
from bot.i18n.formatting import format_local_time
from bot.i18n.names import language_name
from bot.services.poll_answers import PollShape
from bot.services.polls import OTHER_LANGUAGES, PollResults, text_in
from bot.views.builder import KeyboardBuilder
from bot.views.callbacks import PollAnswerCallback, PollWizardCallback, PollWizardStep
from db.models import Poll, PollOption

__all__ = ["PollCard", "PollKeyboards", "group_name", "organiser_results_text", "percent"]


def percent(part: int, whole: int, locale: str) -> str:
    # Shown in whole percents, so a hundred and one texts per language cover every count.
    return _whole_percent(round(part * 100 / whole) if whole else 0, locale)


@lru_cache(maxsize=1024)
def _whole_percent(points: int, locale: str) -> str:
    try:
        return format_percent(points / 100, locale=locale)
    except (ValueError, LookupError):
        return f"{points}%"


@dataclass(frozen=True, slots=True)
class PollCard:
    """A poll as residents see it; built from the database or a broadcast's snapshot."""

    id: int
    question: dict[str, str]
    options: list[tuple[int, dict[str, str]]]
    multiple_choice: bool
    closes_at: datetime | None

    @classmethod
    def of(cls, poll: Poll, options: list[PollOption]) -> PollCard:
        return cls(
            poll.id,
            poll.question,
            [(option.id, option.texts) for option in options],
            poll.multiple_choice,
            poll.closes_at,
        )

    @classmethod
    def of_shape(cls, shape: PollShape) -> PollCard:
        return cls(
            shape.id, shape.question, list(shape.options), shape.multiple_choice, shape.closes_at
        )

    @classmethod
    def from_snapshot(cls, content: dict[str, Any]) -> PollCard:
        closes_at = content.get("closes_at")
        return cls(
            content["poll_id"],
            content["question"],
            [(option_id, texts) for option_id, texts in content["options"]],
            content["multiple_choice"],
            datetime.fromisoformat(closes_at) if closes_at else None,
        )

    def language_for(self, language: str, default: str) -> str:
        """The reader's language if the organiser translated the poll into it."""
        return language if language in self.question else default

    def question_in(self, language: str) -> str:
        return self.question[language]

    def text(
        self,
        language: str,
        zone: ZoneInfo,
        *,
        closed: bool = False,
        results: PollResults | None = None,
    ) -> str:
        """The message; ``language`` is one the poll has (see ``language_for``)."""
        how = _("Choose one or more answers.") if self.multiple_choice else _("Choose one answer.")
        if closed:
            when = _("🔒 This poll is closed.")
        elif self.closes_at is not None:
            when = _("Open until {time} (Swedish time).").format(
                time=format_local_time(self.closes_at, zone)
            )
        else:
            when = _("Open until the organisers close it.")
        text = _("📊 <b>Poll</b>\n\n{question}\n\n{how}\n{when}").format(
            question=escape(self.question_in(language)), how=how, when=when
        )
        if results is not None:
            text += "\n\n" + self.results_text(language, results)
        return text

    def results_text(self, language: str, results: PollResults) -> str:
        lines = [
            ngettext(
                "<b>Results</b> ({count} person answered):",
                "<b>Results</b> ({count} people answered):",
                results.respondents,
            ).format(count=results.respondents)
        ]
        for option_id, texts in self.options:
            count = results.per_option[option_id]
            lines.append(
                _("▫️ {option}: {count} ({percent})").format(
                    option=escape(text_in(texts, language)),
                    count=count,
                    percent=percent(count, results.respondents, language),
                )
            )
        return "\n".join(lines)

    def keyboard(self, language: str, chosen: frozenset[int] = frozenset()) -> InlineKeyboardMarkup:
        # Built directly, not with a builder: this runs once per tap on the busiest night.
        rows = []
        for option_id, texts in self.options:
            label = text_in(texts, language)
            data = PollAnswerCallback(poll_id=self.id, option_id=option_id).pack()
            text = f"✅ {label}" if option_id in chosen else label
            rows.append([InlineKeyboardButton(text=text, callback_data=data)])
        return InlineKeyboardMarkup(inline_keyboard=rows)

    def preview_keyboard(self, language: str) -> InlineKeyboardMarkup:
        """The same buttons, answering only "this is a preview"."""
        builder = KeyboardBuilder()
        for _option_id, texts in self.options:
            builder.button(
                text=text_in(texts, language),
                callback_data=PollWizardCallback(step=PollWizardStep.PREVIEW_TAP),
            )
        builder.adjust(1)
        return builder.as_markup()


_KeyboardKey = tuple[int, str, frozenset[int]]


class PollKeyboards:
    """The answer buttons of recently tapped polls, by language and choice.

    A sent poll's options never change, so everyone in one language who chose the same
    options sees the same buttons: on the night 4,500 residents answer a poll of three
    options, a few dozen keyboards are built instead of 4,500. Nothing here mutates them.
    """

    def __init__(self, size: int = 512) -> None:
        # (poll, language, options chosen) -> buttons.
        self._keyboards: LRUCache[_KeyboardKey, InlineKeyboardMarkup] = LRUCache(maxsize=size)

    def get(self, card: PollCard, language: str, chosen: frozenset[int]) -> InlineKeyboardMarkup:
        key = (card.id, language, chosen)
        keyboard = self._keyboards.get(key)
        if keyboard is None:
            keyboard = self._keyboards[key] = card.keyboard(language, chosen)
        return keyboard


def organiser_results_text(
    poll: Poll,
    options: list[PollOption],
    results: PollResults,
    locale: str,
    default_locale: str,
    zone: ZoneInfo,
    now: datetime,
) -> str:
    """Everything an organiser needs at a glance: state, overall and per language."""
    card = PollCard.of(poll, options)
    language = card.language_for(locale, default_locale)
    numbered = [
        _("{number}. {option}: {count} ({percent})").format(
            number=number,
            option=escape(text_in(option.texts, language)),
            count=results.per_option[option.id],
            percent=percent(results.per_option[option.id], results.respondents, locale),
        )
        for number, option in enumerate(options, start=1)
    ]
    parts = [
        _("📊 <b>Poll #{number}</b>: {question}").format(
            number=poll.id, question=escape(card.question_in(language))
        ),
        _poll_state(poll, zone, now),
        ngettext(
            "{count} person answered.", "{count} people answered.", results.respondents
        ).format(count=results.respondents),
        "\n".join(numbered),
    ]
    if results.respondents:
        parts.append(_answers_by_language(options, results))
    if poll.multiple_choice:
        parts.append(_("Multiple choice: one person can choose several options."))
    return "\n\n".join(parts)


def _poll_state(poll: Poll, zone: ZoneInfo, now: datetime) -> str:
    """Closed since when, open until when, or open until the organiser closes it."""
    if poll.is_closed(now):
        closed_at = poll.closed_at or poll.closes_at
        assert closed_at is not None
        return _("🔒 Closed on {time}.").format(time=format_local_time(closed_at, zone))
    if poll.closes_at is not None:
        return _("Open until {time} (Swedish time).").format(
            time=format_local_time(poll.closes_at, zone)
        )
    return _("Open until you close it.")


def _language_line(code: str, count: int, options: list[PollOption], results: PollResults) -> str:
    if results.too_small(code):
        return ngettext(
            "{language}: fewer than {count}",
            "{language}: fewer than {count}",
            results.min_group_size,
        ).format(language=_("other languages"), count=results.min_group_size)
    return _("{language} ({count}): {counts}").format(
        language=group_name(code),
        count=count,
        counts=" · ".join(
            f"{number}: {results.by_language[code][option.id]}"
            for number, option in enumerate(options, start=1)
        ),
    )


def group_name(code: str) -> str:
    """A language group's name in the reader's language ("arabiska"), or "other languages"."""
    if code == OTHER_LANGUAGES:
        return _("other languages")
    return language_name(code)


def _answers_by_language(options: list[PollOption], results: PollResults) -> str:
    """One line per language, most answers first: people, then answers per option number.
    Small languages come merged; a merged group still too small shows no counts."""
    lines = [
        _language_line(code, count, options, results)
        for code, count in results.respondents_by_language.most_common()
    ]
    return (
        _("<b>By language</b>: people who answered, then answers per option number")
        + "\n"
        + "\n".join(lines)
    )

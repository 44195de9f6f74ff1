"""The /newpoll wizard's draft and the rules for what the organiser types.

Parsing is plain functions: a test can check every rule without Telegram. A refusal is
a ``PollInputError`` whose message, already translated, says what to send instead.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from bot.errors import UserFacingError
from bot.i18n import gettext as _
from bot.i18n import ngettext
from bot.i18n.languages import LANGUAGES
from bot.services.polls import NewPoll
from handlers.drafts import DraftSlot

__all__ = [
    "MAX_OPTIONS",
    "MIN_OPTIONS",
    "OPTION_LIMIT",
    "POLL_DRAFT",
    "QUESTION_LIMIT",
    "PollDraft",
    "PollInputError",
    "example_closing_time",
    "parse_closing_time",
    "parse_options",
    "parse_question",
    "parse_translation",
]

QUESTION_LIMIT = 300
OPTION_LIMIT = 100
MIN_OPTIONS = 2
MAX_OPTIONS = 12
LONGEST_OPEN = timedelta(days=366)
TIME_FORMAT = "%Y-%m-%d %H:%M"


class PollInputError(UserFacingError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def user_message(self) -> str:
        return self.message


class PollDraft(BaseModel):
    # Texts per language code; the default language is always the first.
    question: dict[str, str]
    options: dict[str, list[str]] = {}
    multiple_choice: bool = False
    shows_results: bool = True
    closes_at: datetime | None = None
    audience_language: str | None = None

    def as_new_poll(self) -> NewPoll:
        default = next(iter(self.question))
        return NewPoll(
            question=self.question,
            options=[
                {code: texts[position] for code, texts in self.options.items()}
                for position in range(len(self.options[default]))
            ],
            multiple_choice=self.multiple_choice,
            shows_results=self.shows_results,
            closes_at=self.closes_at,
            audience_language=self.audience_language,
        )


POLL_DRAFT = DraftSlot(PollDraft, key="poll_draft")


def parse_question(text: str) -> str:
    question = text.strip()
    if not question or len(question) > QUESTION_LIMIT:
        raise PollInputError(
            _("The question needs 1 to {limit} characters; this one has {count}.").format(
                limit=QUESTION_LIMIT, count=len(question)
            )
        )
    return question


def parse_options(lines: list[str]) -> list[str]:
    """One option per line; empty lines do not count."""
    options = [line.strip() for line in lines if line.strip()]
    if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        raise PollInputError(
            ngettext(
                "Please send {low} to {high} options, one per line. I found {count} option.",
                "Please send {low} to {high} options, one per line. I found {count} options.",
                len(options),
            ).format(low=MIN_OPTIONS, high=MAX_OPTIONS, count=len(options))
        )
    for number, option in enumerate(options, start=1):
        if len(option) > OPTION_LIMIT:
            raise PollInputError(
                _("Option {number} has {count} characters; the limit is {limit}.").format(
                    number=number, count=len(option), limit=OPTION_LIMIT
                )
            )
    if len({option.casefold() for option in options}) < len(options):
        raise PollInputError(_("Two options are the same. Please make each option different."))
    return options


def parse_translation(
    text: str, default_locale: str, option_count: int
) -> tuple[str, str, list[str]]:
    """A language code, the question, then the options in the same order, one per line."""
    codes = ", ".join(code for code in LANGUAGES if code != default_locale)
    lines = [line for line in text.strip().splitlines() if line.strip()]
    code = lines[0].strip().lower() if lines else ""
    if code not in LANGUAGES or code == default_locale or len(lines) < 2:
        raise PollInputError(
            _(
                "I could not read that. First line: a language code ({codes}); second line: "
                "the question; then the options, one per line."
            ).format(codes=codes)
        )
    question = parse_question(lines[1])
    if len(lines) - 2 != option_count:
        raise PollInputError(
            ngettext(
                "The poll has {expected} option, so the translation needs {expected} option "
                "line after the question. I found {count}.",
                "The poll has {expected} options, so the translation needs {expected} option "
                "lines after the question. I found {count}.",
                option_count,
            ).format(expected=option_count, count=len(lines) - 2)
        )
    return code, question, parse_options(lines[2:])


def example_closing_time(zone: ZoneInfo, now: datetime) -> str:
    """A week from now at six in the evening, written the way the bot reads it."""
    return (now + timedelta(days=7)).astimezone(zone).strftime("%Y-%m-%d 18:00")


def parse_closing_time(text: str, zone: ZoneInfo, now: datetime) -> datetime:
    """``YYYY-MM-DD HH:MM`` in the area's time zone, in the future, within a year."""
    try:
        # Naive on purpose: it is wall-clock time in ``zone``, attached below.
        local = datetime.strptime(" ".join(text.split()), TIME_FORMAT)  # noqa: DTZ007
    except ValueError:
        raise PollInputError(
            _(
                "Please write the date and time like this: {example} (Swedish time), "
                "or press the button."
            ).format(example=example_closing_time(zone, now))
        ) from None
    moment = local.replace(tzinfo=zone)
    if moment <= now:
        raise PollInputError(_("That time has already passed. Please choose a later one."))
    if moment - now > LONGEST_OPEN:
        raise PollInputError(_("A poll can stay open for at most a year."))
    return moment

"""What is machine-translated, into which language, and which stored translation a
reader is shown.

For staff: every idea, safety report and answer in a report's thread that is not in the
staff language is translated into it, once, in the background. Nothing is sent to the
engine for a text already in the staff language, or in a language nobody could tell
(``und``). A translation is shown only for the wording it was made from.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import and_, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n.languages import LANGUAGES
from db.models import Idea, MessageDirection, SafetyMessage, SafetyReport, Translation

__all__ = [
    "MachineTranslation",
    "TranslationTask",
    "digest",
    "due_for_staff",
    "store_translation",
    "translation_of",
]


@dataclass(frozen=True, slots=True)
class MachineTranslation:
    """A stored translation as a reader sees it; ``text`` None: the engine has no model
    for ``source_language``, and the original stands alone with a note saying so."""

    id: int
    source_language: str
    target_language: str
    text: str | None


@dataclass(frozen=True, slots=True)
class TranslationTask:
    # The subject: the column of ``translations`` that names it, and its id.
    column: str
    subject_id: int
    text: str
    source_language: str
    target_language: str
    # The source language is a guess (an answer is taken to be in its report's language):
    # the translator tells it from the text first, when it can.
    detect: bool = False


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _not_translated(column, subject, target: str):
    return ~exists().where(column == subject, Translation.target_language == target)


async def due_for_staff(
    session: AsyncSession, staff_locale: str, limit: int
) -> list[TranslationTask]:
    """Texts staff cannot read yet, oldest first, at most ``limit`` of each kind."""
    known = tuple(code for code in LANGUAGES if code != staff_locale)
    ideas = await session.execute(
        select(Idea.id, Idea.body, Idea.language)
        .where(
            Idea.body.is_not(None),
            Idea.language.in_(known),
            _not_translated(Translation.idea_id, Idea.id, staff_locale),
        )
        .order_by(Idea.id)
        .limit(limit)
    )
    reports = await session.execute(
        select(SafetyReport.id, SafetyReport.body, SafetyReport.language)
        .where(
            SafetyReport.body.is_not(None),
            SafetyReport.language.in_(known),
            _not_translated(Translation.report_id, SafetyReport.id, staff_locale),
        )
        .order_by(SafetyReport.id)
        .limit(limit)
    )
    # A resident's answer is taken to be in the language of their report: the reporter's
    # own language would tell staff more about an anonymous sender than the report does.
    answers = await session.execute(
        select(SafetyMessage.id, SafetyMessage.body, SafetyReport.language)
        .join(SafetyReport)  # the answer's report, as the foreign key says
        .where(
            SafetyMessage.direction == MessageDirection.FROM_RESIDENT,
            SafetyReport.language.in_(known),
            _not_translated(Translation.message_id, SafetyMessage.id, staff_locale),
        )
        .order_by(SafetyMessage.id)
        .limit(limit)
    )
    return [
        TranslationTask(column, subject_id, text, language, staff_locale, column == "message_id")
        for column, rows in (("report_id", reports), ("message_id", answers), ("idea_id", ideas))
        for subject_id, text, language in rows
        if text and text.strip()
    ]


async def store_translation(
    session: AsyncSession, task: TranslationTask, translated: str | None
) -> bool:
    """Keep a translation (None: no model for the pair; a task whose source is its
    target says only that nothing needs translating); False when another instance
    stored one first, or the text went meanwhile."""
    try:
        async with session.begin_nested():
            session.add(
                Translation(
                    **{task.column: task.subject_id},
                    source_language=task.source_language,
                    target_language=task.target_language,
                    source_digest=digest(task.text),
                    text=translated,
                )
            )
    except IntegrityError:
        return False
    return True


async def translation_of(
    session: AsyncSession,
    column: str,
    subject_id: int,
    text: str | None,
    target_language: str | None = None,
) -> MachineTranslation | None:
    """The stored translation of this wording of a subject (into ``target_language``,
    when a subject has several), or None."""
    if not text:
        return None
    conditions = [
        getattr(Translation, column) == subject_id,
        Translation.source_digest == digest(text),
    ]
    if target_language is not None:
        conditions.append(Translation.target_language == target_language)
    row = await session.scalar(
        # The first row only: ``scalar`` reads no further.
        select(Translation).where(and_(*conditions)).order_by(Translation.id.desc())
    )
    if row is None or row.source_language == row.target_language:
        # None, or a row that only says the text turned out to be in the reader's language.
        return None
    return MachineTranslation(row.id, row.source_language, row.target_language, row.text)

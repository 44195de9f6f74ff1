"""Deliveries between the staff chat and residents about safety reports.

New reports go to the staff chat; staff questions go to the reporter; the reporter's
answers go back to the staff chat, as replies to the report's alert. Each is an outbox:
what is not delivered (the bot removed from the group, Telegram down) stays pending and
the next round tries again; nothing is lost.

Messages that name a private reporter are remembered (``StaffMention``); once the link
to the reporter is gone, ``redact_staff_mentions`` edits the name out.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import TypeVar

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramRetryAfter,
)
from aiogram.types import InlineKeyboardMarkup, Message, ReplyParameters
from sqlalchemy import ColumnElement, and_, delete, exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.area import AreaProfile
from bot.delivery.translating import TranslationWait
from bot.i18n import Catalogues
from bot.i18n import gettext as _
from bot.services.safety import reporter_of, staff_view
from bot.services.translations import MachineTranslation, translation_of
from bot.settings import Settings
from bot.views.keyboards.safety import answer_keyboard, staff_alert_keyboard
from bot.views.messaging import CAPTION_LIMIT, send_card
from bot.views.report_cards import (
    erased_report_note,
    resident_mention,
    staff_alert,
    unnamed_answer,
)
from bot.views.translation_notes import with_translation
from db.models import (
    MessageDirection,
    Resident,
    SafetyMessage,
    SafetyReport,
    SafetyReportLink,
    StaffMention,
    Translation,
    Visibility,
)
from db.types import utc_now

__all__ = [
    "deliver_safety_messages",
    "deliver_staff_alerts",
    "redact_staff_mentions",
    "show_staff_translations",
]

logger = logging.getLogger(__name__)

BATCH = 20
Edit = TypeVar("Edit")


async def deliver_staff_alerts(
    bot: Bot,
    i18n: Catalogues,
    session_factory: async_sessionmaker[AsyncSession],
    settings: Settings,
    area: AreaProfile,
) -> int:
    """Post reports the staff chat has not seen yet; returns how many were posted."""
    if settings.staff_chat_id is None:
        return 0
    async with session_factory() as session, session.begin():
        pending = list(
            await session.scalars(
                select(SafetyReport.id)
                .where(SafetyReport.staff_notified_at.is_(None))
                .order_by(SafetyReport.id)
                .limit(BATCH)
            )
        )
        views = [view for report_id in pending if (view := await staff_view(session, report_id))]
    posted = 0
    for view in views:
        with i18n.context(), i18n.use_locale(settings.staff_locale):
            text = staff_alert(view, area)
            markup = staff_alert_keyboard(view.id)
        try:
            alert = await send_card(bot, settings.staff_chat_id, text, view.photo_file_ids, markup)
            thread = ReplyParameters(message_id=alert.message_id)
            if view.latitude is not None and view.longitude is not None:
                await bot.send_location(
                    settings.staff_chat_id, view.latitude, view.longitude, reply_parameters=thread
                )
            if view.voice_file_id:
                await bot.send_voice(
                    settings.staff_chat_id, view.voice_file_id, reply_parameters=thread
                )
        except TelegramRetryAfter:
            raise
        except TelegramAPIError:
            logger.warning("report %s not posted to the staff chat; will retry", view.id)
            return posted
        async with session_factory() as session, session.begin():
            await session.execute(
                update(SafetyReport)
                .where(SafetyReport.id == view.id)
                .values(staff_notified_at=utc_now(), staff_message_id=alert.message_id)
            )
            if view.translation is not None:
                await _mark_shown(session, view.translation.id)
            if view.reporter_telegram_id is not None:
                await _remember_mention(session, view.id, view.reference, alert)
        posted += 1
    return posted


async def _remember_mention(
    session: AsyncSession, report_id: int, reference: str, message: Message, answer_id=None
) -> None:
    """Note a staff-chat message that names a private reporter, so that erasure and
    retention can edit the name out. If the link went while it was being sent, at once."""
    report_kept = await session.get(SafetyReport, report_id) is not None
    linked = report_kept and await reporter_of(session, report_id) is not None
    session.add(
        StaffMention(
            report_id=report_id if report_kept else None,
            reference=reference,
            chat_id=message.chat.id,
            message_id=message.message_id,
            caption=message.text is None,
            answer_id=answer_id if report_kept else None,
            redact_after=None if linked else utc_now(),
        )
    )


@dataclass(frozen=True, slots=True)
class _Outgoing:
    message_id: int
    direction: MessageDirection
    body: str
    report_id: int
    reference: str
    visibility: Visibility
    staff_message_id: int | None
    reporter_id: int | None
    reporter_telegram_id: int | None
    reporter_language: str | None
    created_at: datetime | None = None
    # An answer's into the staff language; a question's into the reporter's.
    translation: MachineTranslation | None = None


async def _mark_shown(session: AsyncSession, translation_id: int) -> None:
    await session.execute(
        update(Translation).where(Translation.id == translation_id).values(shown_at=utc_now())
    )


async def _outgoing_view(session: AsyncSession, message: SafetyMessage) -> _Outgoing | None:
    report = await session.get(SafetyReport, message.report_id)
    if report is None:
        return None
    reporter = await reporter_of(session, report.id)
    reporter_language = reporter.language if reporter else None
    return _Outgoing(
        message_id=message.id,
        direction=message.direction,
        body=message.body,
        report_id=report.id,
        reference=report.reference,
        visibility=report.visibility,
        staff_message_id=report.staff_message_id,
        reporter_id=reporter.id if reporter else None,
        reporter_telegram_id=reporter.telegram_id if reporter else None,
        reporter_language=reporter.language if reporter else None,
        created_at=message.created_at,
        translation=await translation_of(
            session,
            "message_id",
            message.id,
            message.body,
            None if message.direction is MessageDirection.FROM_RESIDENT else reporter_language,
        ),
    )


async def _load_outgoing(session: AsyncSession) -> list[_Outgoing]:
    messages = await session.scalars(
        select(SafetyMessage)
        .where(SafetyMessage.delivered_at.is_(None))
        .order_by(SafetyMessage.id)
        .limit(BATCH)
    )
    outgoing = []
    for message in messages:
        if (view := await _outgoing_view(session, message)) is not None:
            outgoing.append(view)
    return outgoing


async def _send_question(bot: Bot, i18n: Catalogues, outgoing: _Outgoing) -> None:
    if outgoing.reporter_telegram_id is None or outgoing.reporter_language is None:
        return  # Nobody left to ask: the link was erased since the question was written.
    with i18n.context(), i18n.use_locale(outgoing.reporter_language):
        text = _("💬 Staff have a question about your report {reference}:\n\n{question}").format(
            reference=outgoing.reference, question=escape(outgoing.body)
        )
        text = with_translation(text, outgoing.translation, for_resident=True)
        markup = answer_keyboard(outgoing.report_id)
    await bot.send_message(outgoing.reporter_telegram_id, text, reply_markup=markup)


def _names_reporter(outgoing: _Outgoing) -> bool:
    return outgoing.visibility is Visibility.PRIVATE and bool(outgoing.reporter_telegram_id)


async def _send_answer(
    bot: Bot, i18n: Catalogues, outgoing: _Outgoing, settings: Settings
) -> Message:
    """Posts the answer to the staff chat, under the report's alert."""
    assert settings.staff_chat_id is not None
    text = _answer_text(i18n, outgoing, settings)
    reply = (
        ReplyParameters(message_id=outgoing.staff_message_id, allow_sending_without_reply=True)
        if outgoing.staff_message_id
        else None
    )
    return await bot.send_message(settings.staff_chat_id, text, reply_parameters=reply)


def _answer_text(i18n: Catalogues, outgoing: _Outgoing, settings: Settings) -> str:
    with i18n.context(), i18n.use_locale(settings.staff_locale):
        if _names_reporter(outgoing) and outgoing.reporter_telegram_id:
            person = resident_mention(outgoing.reporter_telegram_id)
            text = _("💬 Answer about {reference} from {person}:\n\n{answer}").format(
                reference=outgoing.reference, person=person, answer=escape(outgoing.body)
            )
        elif outgoing.visibility is Visibility.PRIVATE:
            text = unnamed_answer(outgoing.reference, outgoing.body)
        else:
            text = _("💬 Answer about {reference} from the anonymous resident:\n\n{answer}").format(
                reference=outgoing.reference, answer=escape(outgoing.body)
            )
        return with_translation(text, outgoing.translation)


def _waits_for_translation(
    outgoing: _Outgoing, wait: TranslationWait | None, now: datetime
) -> bool:
    """A question whose translation into the reporter's language is still worth waiting
    for (TRANSLATE_URL set, the engine not known to be down, not waited for long)."""
    return (
        wait is not None
        and outgoing.direction is MessageDirection.TO_RESIDENT
        and outgoing.translation is None
        and outgoing.reporter_language not in (None, wait.staff_locale)
        and outgoing.created_at is not None
        and wait.worth_waiting(outgoing.created_at, now)
    )


async def deliver_safety_messages(
    bot: Bot,
    i18n: Catalogues,
    session_factory: async_sessionmaker[AsyncSession],
    settings: Settings,
    translations: TranslationWait | None = None,
) -> int:
    """Questions to reporters, and their answers to the staff chat."""
    async with session_factory() as session, session.begin():
        batch = await _load_outgoing(session)
    delivered = 0
    now = utc_now()
    for outgoing in batch:
        if _waits_for_translation(outgoing, translations, now):
            continue
        blocked = False
        posted: Message | None = None
        try:
            if outgoing.direction is MessageDirection.TO_RESIDENT:
                await _send_question(bot, i18n, outgoing)
            elif settings.staff_chat_id is None:
                continue
            else:
                posted = await _send_answer(bot, i18n, outgoing, settings)
        except TelegramForbiddenError:
            # The reporter blocked the bot; there is no one to deliver to.
            blocked = outgoing.direction is MessageDirection.TO_RESIDENT
            if not blocked:
                logger.warning("the staff chat refuses the bot; answers wait")
                return delivered
        except TelegramRetryAfter:
            raise
        except TelegramAPIError:
            logger.warning("safety message %s not delivered; will retry", outgoing.message_id)
            return delivered
        async with session_factory() as session, session.begin():
            await session.execute(
                update(SafetyMessage)
                .where(SafetyMessage.id == outgoing.message_id)
                .values(
                    delivered_at=utc_now(),
                    staff_message_id=posted.message_id if posted is not None else None,
                )
            )
            if posted is not None and outgoing.translation is not None:
                await _mark_shown(session, outgoing.translation.id)
            if posted is not None and _names_reporter(outgoing):
                await _remember_mention(
                    session, outgoing.report_id, outgoing.reference, posted, outgoing.message_id
                )
            if blocked and outgoing.reporter_id is not None:
                await session.execute(
                    update(Resident)
                    .where(Resident.id == outgoing.reporter_id)
                    .values(blocked_bot=True)
                )
        delivered += 1
    return delivered


def _link_gone() -> ColumnElement[bool]:
    """A mention whose report is no longer linked to anyone. Erasure marks the mentions it
    sees, but one recorded while the erasure ran (PostgreSQL: the two transactions do not
    see each other's rows) is found only this way."""
    linked = select(SafetyReportLink.report_id).where(
        SafetyReportLink.report_id == StaffMention.report_id
    )
    return and_(StaffMention.report_id.is_not(None), ~exists(linked))


async def _edit_in_turn(
    items: Sequence[Edit],
    edit: Callable[[Edit], Awaitable[object]],
    settle: Callable[[Edit], Awaitable[object]],
    name: Callable[[Edit], str],
) -> int:
    """Each staff-chat edit in turn, each settled in the database once made. One Telegram
    refuses for good (deleted by staff, too old, showing it already) is settled all the
    same; one that fails for now ends the round, and it and the rest wait for the next."""
    done = 0
    for item in items:
        try:
            await edit(item)
        except TelegramRetryAfter:
            raise
        except TelegramBadRequest:
            logger.info("%s could not be edited; dropped", name(item))
        except TelegramAPIError:
            logger.warning("%s not edited yet; will retry", name(item))
            return done
        await settle(item)
        done += 1
    return done


async def redact_staff_mentions(
    bot: Bot,
    i18n: Catalogues,
    session_factory: async_sessionmaker[AsyncSession],
    settings: Settings,
    area: AreaProfile,
) -> int:
    """Edit the reporter's name out of staff-chat messages once the link to them is gone:
    an alert is shown again without it (buttons kept), an answer without who wrote it,
    and either says only that it was erased when the report itself was."""
    async with session_factory() as session, session.begin():
        due = list(
            await session.scalars(
                select(StaffMention)
                .where(or_(StaffMention.redact_after.is_not(None), _link_gone()))
                .order_by(StaffMention.id)
                .limit(BATCH)
            )
        )
        edits = [await _redaction(session, i18n, settings, area, mention) for mention in due]

    async def edit(item: tuple[StaffMention, tuple[str, InlineKeyboardMarkup | None]]) -> None:
        mention, (text, markup) = item
        if mention.caption:
            await bot.edit_message_caption(
                chat_id=mention.chat_id,
                message_id=mention.message_id,
                caption=text,
                reply_markup=markup,
            )
        else:
            await bot.edit_message_text(
                text, chat_id=mention.chat_id, message_id=mention.message_id,
                reply_markup=markup,
            )  # fmt: skip

    async def forget(item: tuple[StaffMention, object]) -> None:
        async with session_factory() as session, session.begin():
            await session.execute(delete(StaffMention).where(StaffMention.id == item[0].id))

    return await _edit_in_turn(
        list(zip(due, edits, strict=True)), edit, forget, lambda item: f"staff mention {item[0].id}"
    )


async def _redaction(
    session: AsyncSession,
    i18n: Catalogues,
    settings: Settings,
    area: AreaProfile,
    mention: StaffMention,
) -> tuple[str, InlineKeyboardMarkup | None]:
    view = await staff_view(session, mention.report_id) if mention.report_id else None
    answer = await session.get(SafetyMessage, mention.answer_id) if mention.answer_id else None
    with i18n.context(), i18n.use_locale(settings.staff_locale):
        if view is None:
            return erased_report_note(mention.reference), None
        if answer is not None:
            translation = await translation_of(session, "message_id", answer.id, answer.body)
            text = unnamed_answer(mention.reference, answer.body)
            return with_translation(text, translation), None
        limit = CAPTION_LIMIT if mention.caption else None
        return staff_alert(view, area, limit=limit), staff_alert_keyboard(view.id)


@dataclass(frozen=True, slots=True)
class _TranslationEdit:
    translation_id: int
    message_id: int
    text: str
    # The alert as a photo's caption (shorter), and its buttons; None for an answer.
    caption: str | None
    markup: InlineKeyboardMarkup | None


async def _translation_edits(
    session: AsyncSession, i18n: Catalogues, settings: Settings, area: AreaProfile
) -> list[_TranslationEdit]:
    posted_reports = await session.scalars(
        select(Translation)
        .join(SafetyReport, SafetyReport.id == Translation.report_id)
        .where(Translation.shown_at.is_(None), SafetyReport.staff_message_id.is_not(None))
        .order_by(Translation.id)
        .limit(BATCH)
    )
    edits = []
    for translation in list(posted_reports):
        view = await staff_view(session, translation.report_id)
        if view is None or view.staff_message_id is None:
            continue
        with i18n.context(), i18n.use_locale(settings.staff_locale):
            edits.append(
                _TranslationEdit(
                    translation.id,
                    view.staff_message_id,
                    staff_alert(view, area),
                    staff_alert(view, area, limit=CAPTION_LIMIT),
                    staff_alert_keyboard(view.id),
                )
            )
    posted_answers = await session.execute(
        select(Translation.id, SafetyMessage)
        .join(SafetyMessage, SafetyMessage.id == Translation.message_id)
        .where(
            Translation.shown_at.is_(None),
            SafetyMessage.staff_message_id.is_not(None),
            # Not the rows saying an answer was in the staff language all along.
            Translation.source_language != Translation.target_language,
        )
        .order_by(Translation.id)
        .limit(BATCH)
    )
    for translation_id, message in list(posted_answers):
        outgoing = await _outgoing_view(session, message)
        if outgoing is not None and message.staff_message_id is not None:
            text = _answer_text(i18n, outgoing, settings)
            edits.append(
                _TranslationEdit(translation_id, message.staff_message_id, text, None, None)
            )
    return edits


async def show_staff_translations(
    bot: Bot,
    i18n: Catalogues,
    session_factory: async_sessionmaker[AsyncSession],
    settings: Settings,
    area: AreaProfile,
) -> int:
    """Edit translations made after an alert or answer reached the staff chat into it;
    an alert posted later carries its translation from the start."""
    chat_id = settings.staff_chat_id
    if chat_id is None:
        return 0
    async with session_factory() as session, session.begin():
        edits = await _translation_edits(session, i18n, settings, area)

    async def shown(edit: _TranslationEdit) -> None:
        async with session_factory() as session, session.begin():
            await _mark_shown(session, edit.translation_id)

    return await _edit_in_turn(
        edits,
        lambda edit: _edit_in_staff_chat(bot, chat_id, edit),
        shown,
        lambda edit: f"translation {edit.translation_id}",
    )


async def _edit_in_staff_chat(bot: Bot, chat_id: int, edit: _TranslationEdit) -> None:
    try:
        await bot.edit_message_text(
            edit.text, chat_id=chat_id, message_id=edit.message_id, reply_markup=edit.markup
        )
    except TelegramBadRequest as error:
        # The alert is a photo's caption.
        if edit.caption is None or "no text in the message" not in error.message:
            raise
        await bot.edit_message_caption(
            chat_id=chat_id, message_id=edit.message_id, caption=edit.caption,
            reply_markup=edit.markup,
        )  # fmt: skip

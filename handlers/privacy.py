"""/privacy, /mydata and /forget: the resident's data rights, from inside the chat."""

from __future__ import annotations

import json
from html import escape
from urllib.parse import urlsplit

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.area import AreaProfile
from bot.delivery.outbox import Outbox
from bot.i18n import gettext as _
from bot.i18n import ngettext
from bot.i18n.formatting import format_names
from bot.i18n.names import language_name
from bot.services.personal_data import collect_personal_data, forget_resident
from bot.settings import Settings
from bot.views.builder import KeyboardBuilder
from bot.views.callbacks import ForgetCallback, ForgetChoice
from bot.views.messaging import replace_message
from db.models import Resident
from db.types import utc_now

__all__ = ["build_router", "privacy_text"]


def _translation_text(area: AreaProfile, settings: Settings) -> str:
    """Only with TRANSLATE_URL: where texts are translated, and what is never sent."""
    return _(
        "<b>Machine translation:</b> so that staff can read what you write, texts in other "
        "languages than {language} are translated by a program on {operator}'s own server "
        "({server}); they are not sent to any other company. Texts you write in {language} "
        "are never sent to it. A translation is stored with your text and erased with it."
    ).format(
        language=language_name(settings.staff_locale),
        operator=escape(area.area.operator),
        server=escape(urlsplit(settings.translate_url or "").hostname or ""),
    )


def privacy_text(area: AreaProfile, settings: Settings, locale: str) -> str:
    # Whole paragraphs, each translated on its own: what staff can join, and the counter.
    translation = [_translation_text(area, settings)] if settings.translates else []
    return "\n\n".join(
        [
            _main_privacy_text(area, settings, locale),
            ngettext(
                "<b>What staff can put together:</b> for a private report staff see who sent "
                "it, but nothing shows them what you supported or how you answered polls: "
                "each list staff export gives you a different code. For an anonymous report "
                "they see neither who sent it nor your language, unless the text shows it. "
                "Poll results by language show only groups of at least {count} person; "
                "smaller languages are counted together as “other languages”. When you are "
                "erased, or who sent a report is forgotten, the bot also removes the link to "
                "your account from its messages to staff.",
                "<b>What staff can put together:</b> for a private report staff see who sent "
                "it, but nothing shows them what you supported or how you answered polls: "
                "each list staff export gives you a different code. For an anonymous report "
                "they see neither who sent it nor your language, unless the text shows it. "
                "Poll results by language show only groups of at least {count} people; "
                "smaller languages are counted together as “other languages”. When you are "
                "erased, or who sent a report is forgotten, the bot also removes the link to "
                "your account from its messages to staff.",
                settings.min_group_size,
            ).format(count=settings.min_group_size),
            _(
                "<b>Limits against misuse:</b> so that the daily limits still hold if someone "
                "erases themselves and starts again, the bot keeps a scrambled code made from "
                "your user number, with how many ideas and reports you sent, for 24 hours "
                "only. The code cannot be turned back into your number."
            ),
            *translation,
        ]
    )


def _main_privacy_text(area: AreaProfile, settings: Settings, locale: str) -> str:
    return _(
        "<b>Your data in this bot</b>\n\n"
        "<b>Who is responsible:</b> {operator}, for {area}, together with {partners}.\n\n"
        "<b>What we store, and why:</b> your Telegram user number (to answer you), your "
        "language, and what you send: ideas, support, safety reports, answers. Never your "
        "name, username or phone number.\n\n"
        "<b>Who sees what:</b> other residents see ideas and how many support them, never "
        "who. Staff see ideas and reports; for an anonymous report they never see who sent "
        "it. Exports for staff contain no names, only a code per person.\n\n"
        "<b>How long:</b> {report_links} {inactive}\n\n"
        "<b>Your rights:</b> /mydata sends you everything stored about you; /forget erases "
        "you. Both are free and immediate. Questions: {operator}."
    ).format(
        operator=escape(area.area.operator),
        area=escape(area.area.display_name),
        # The operator is named already; the list is of the others.
        partners=format_names(
            [name for name in area.organisation_names if name != area.area.operator], locale
        ),
        report_links=ngettext(
            "Who sent a safety report is forgotten after {days} day; the report stays.",
            "Who sent a safety report is forgotten after {days} days; the report stays.",
            settings.report_link_retention_days,
        ).format(days=settings.report_link_retention_days),
        inactive=ngettext(
            "If you do not use the bot for {days} day, you are erased; what you sent stays, "
            "linked to nobody.",
            "If you do not use the bot for {days} days, you are erased; what you sent stays, "
            "linked to nobody.",
            settings.inactive_resident_retention_days,
        ).format(days=settings.inactive_resident_retention_days),
    )


async def show_privacy(
    message: Message, area: AreaProfile, settings: Settings, resident: Resident
) -> None:
    await message.answer(privacy_text(area, settings, resident.language))


async def send_my_data(
    message: Message, bot: Bot, session: AsyncSession, resident: Resident
) -> None:
    async with session.read():
        data = await collect_personal_data(session, resident)
    document = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    day = utc_now().date().isoformat()
    await message.answer(
        _(
            "Here is everything stored about you, in the file below. In short:\n"
            "Ideas you shared: {ideas}\n"
            "Ideas you support: {supports}\n"
            "Polls you answered: {polls}\n"
            "Safety reports: {reports}\n"
            "Messages with staff: {messages}"
        ).format(
            ideas=len(data["ideas"]),
            supports=len(data["supported_ideas"]),
            polls=len(data["poll_answers"]),
            reports=len(data["safety_reports"]),
            messages=len(data["messages_with_staff"]),
        )
    )
    await bot.send_document(
        message.chat.id, BufferedInputFile(document, filename=f"mydata-{day}.json")
    )


async def ask_to_forget(message: Message, area: AreaProfile) -> None:
    keeping = area.privacy.keep_contributions_after_erasure
    choices = [
        (ForgetChoice.KEEP_CONTRIBUTIONS, _("Erase me, keep my ideas and reports without my name")),
        (ForgetChoice.DELETE_EVERYTHING, _("Erase me and everything I sent")),
        # Translators: the third /forget button: nothing is erased.
        (ForgetChoice.CANCEL, _("No, keep everything")),
    ]
    builder = KeyboardBuilder()
    for choice, label in choices[0 if keeping else 1 :]:
        builder.button(text=label, callback_data=ForgetCallback(choice=choice))
    builder.adjust(1)
    if keeping:
        text = _(
            "<b>Erase your data?</b>\n\n"
            "This deletes your user number, your language, your support for ideas, your "
            "poll answers and everything that links you to what you sent. It cannot be "
            "undone.\n\n"
            "Your ideas and safety reports can stay, linked to nobody, so that the area "
            "keeps them; or they can be deleted too."
        )
    else:
        text = _(
            "<b>Erase your data?</b>\n\n"
            "This deletes your user number, your language, your support for ideas, your "
            "poll answers and everything you sent, ideas and safety reports too. It cannot "
            "be undone."
        )
    await message.answer(text, reply_markup=builder.as_markup())


async def forget(
    callback: CallbackQuery,
    callback_data: ForgetCallback,
    state: FSMContext,
    session: AsyncSession,
    resident: Resident,
    area: AreaProfile,
    notifier: Outbox,
) -> None:
    await callback.answer()
    if callback_data.choice is ForgetChoice.CANCEL:
        await replace_message(callback, _("Nothing was erased."))
        return
    # A "keep" button from before the profile changed (or forged) keeps nothing.
    keep = (
        callback_data.choice is ForgetChoice.KEEP_CONTRIBUTIONS
        and area.privacy.keep_contributions_after_erasure
    )
    async with session.begin():
        await forget_resident(session, resident.id, keep_contributions=keep)
    await state.clear()
    # The staff chat's mentions of them are edited out by the outbox, now.
    notifier.wake()
    await replace_message(
        callback,
        _(
            "Done: you are erased. If you write to the bot again, it will know you as a "
            "new resident."
        ),
    )


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(show_privacy, Command("privacy"))
    router.message.register(send_my_data, Command("mydata"))
    router.message.register(ask_to_forget, Command("forget"))
    router.callback_query.register(forget, ForgetCallback.filter(F.choice))
    return router

"""Input the bot did not ask for gets a translated answer; failures get an apology."""

from __future__ import annotations

import pytest
from aiogram.types import Chat, Update
from sqlalchemy import select

from bot.views.callbacks import MenuAction, MenuCallback
from bot.views.keyboards.menu import main_menu
from db.models import Resident
from handlers import menu
from tests.conftest import STAFF_CHAT_ID
from tests.support.i18n import in_language


def _hint(i18n, locale: str) -> str:
    return in_language(
        i18n,
        locale,
        lambda: i18n.gettext(
            "Sorry, I did not understand that. Choose from the menu below or type /help."
        ),
    )


@pytest.mark.parametrize("locale", ["ti", "ckb", "bs"])
async def test_text_and_stickers_get_a_hint_with_the_menu(person, i18n, locale: str) -> None:
    resident = person(401, locale)
    for reply in (await resident.send("hej hej"), await resident.send_sticker()):
        assert reply.texts == [_hint(i18n, locale)]
        menu_buttons = in_language(i18n, locale, main_menu).inline_keyboard
        assert reply.buttons() == [button for row in menu_buttons for button in row]


async def test_a_very_long_message_is_answered_not_stored(person, i18n) -> None:
    reply = await person(402, "so").send("x" * 5000)
    assert reply.texts == [_hint(i18n, "so")]


async def test_an_unknown_command_gets_the_hint(person, i18n) -> None:
    reply = await person(403, "fa").send("/doesnotexist")
    assert reply.texts == [_hint(i18n, "fa")]


async def test_a_button_with_unknown_data_gets_an_alert(person, i18n) -> None:
    reply = await person(404, "ar").press_data("zz:old:button")
    expected = in_language(
        i18n,
        "ar",
        lambda: i18n.gettext("This button no longer works. Type /start to see the menu."),
    )
    assert reply.alerts == [expected]


async def test_the_help_button_on_an_old_message_still_helps(person) -> None:
    reply = await person(405, "en").press_data(MenuCallback(action=MenuAction.HELP).pack())
    assert "/language" in reply.text


async def test_cancel_outside_a_wizard_says_there_is_nothing_to_cancel(person) -> None:
    reply = await person(406, "en").send("/cancel")
    assert reply.texts == ["There is nothing to cancel."]


async def test_messages_from_other_groups_are_ignored(person, session_factory) -> None:
    stranger = person(407, "sv", chat_id=-100123, chat_type="supergroup")
    reply = await stranger.send("/start")
    assert reply.requests == []
    async with session_factory() as session:
        assert await session.scalar(select(Resident).where(Resident.telegram_id == 407)) is None


async def test_business_chats_and_channels_are_ignored(person, session_factory) -> None:
    customer = person(408, "sv")
    business = customer._message(text="/start").model_copy(
        update={"business_connection_id": "connection-1"}
    )
    channel = customer._message(text="/start").model_copy(
        update={"chat": Chat(id=-100555, type="channel"), "from_user": None}
    )
    for update in (
        Update(update_id=90_001, business_message=business),
        Update(update_id=90_002, channel_post=channel),
    ):
        assert (await customer.feed(update)).requests == []
    async with session_factory() as session:
        assert await session.scalar(select(Resident).where(Resident.telegram_id == 408)) is None


async def test_the_bot_stays_quiet_in_the_staff_chat_conversation(person) -> None:
    staff = person(408, "sv", chat_id=STAFF_CHAT_ID, chat_type="supergroup")
    reply = await staff.send("har någon kollat belysningen vid Fjällkåpan?")
    assert reply.requests == []


async def test_a_failing_handler_is_logged_and_apologised_for(
    person, i18n, monkeypatch, caplog
) -> None:
    def broken_help(resident):
        raise RuntimeError("boom")

    monkeypatch.setattr(menu, "help_text", broken_help)
    resident = person(409, "bs")
    reply = await resident.send("/help")

    assert len(reply.texts) == 1
    assert reply.texts[0] == in_language(
        i18n,
        "bs",
        lambda: i18n.gettext(
            "Sorry, something went wrong on our side. Everything I confirmed to you "
            "is saved. Please try again in a moment."
        ),
    )
    assert any("failed" in record.getMessage() for record in caplog.records)
    # The bot carries on with the next update.
    monkeypatch.undo()
    assert "/language" in (await resident.send("/help")).text

"""Tests of the fake Bot API server itself, driven by a real aiogram Bot (no bot process)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aiogram import Bot, Dispatcher, F, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.filters import CommandStart
from aiogram.types import (
    BotCommand,
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)

from .fake_bot_api import FakeBotAPI, TgUser

pytestmark = pytest.mark.asyncio

CHAT = 42
USER = TgUser(id=CHAT, first_name="Ann", username="ann")


def keyboard(*buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=text, callback_data=data)] for text, data in buttons
        ]
    )


@pytest_asyncio.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    # Unlike the conftest fixture, violations are expected here and asserted explicitly.
    async with FakeBotAPI(max_long_poll=30) as server:
        yield server


@pytest_asyncio.fixture
async def bot(api: FakeBotAPI) -> AsyncIterator[Bot]:
    session = AiohttpSession(api=TelegramAPIServer.from_base(api.base_url))
    client = Bot(api.token, session=session)
    try:
        yield client
    finally:
        await session.close()


async def raw_post(
    api: FakeBotAPI, method: str, data: Any = None, **kwargs: Any
) -> tuple[int, dict[str, Any]]:
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{api.base_url}/bot{api.token}/{method}", data=data, **kwargs) as response,
    ):
        return response.status, await response.json()


def only_violation(api: FakeBotAPI) -> str:
    assert len(api.violations) == 1, api.violations
    return api.violations[0]


# ------------------------------------------------------------------ validation


async def test_valid_message_with_inline_keyboard_passes(api: FakeBotAPI, bot: Bot) -> None:
    sent = await bot.send_message(
        CHAT,
        "Hello <b>world</b> &amp; co",
        parse_mode="HTML",
        reply_markup=keyboard(("Yes", "answer:yes"), ("No", "answer:no")),
    )

    assert api.violations == []
    assert sent.message_id == 1
    assert sent.chat.id == CHAT
    assert sent.chat.type == "private"
    assert sent.from_user is not None
    assert sent.from_user.id == 123456
    assert sent.text == "Hello world & co"
    assert sent.html_text == "Hello <b>world</b> &amp; co"
    assert sent.reply_markup is not None
    assert [row[0].callback_data for row in sent.reply_markup.inline_keyboard] == [
        "answer:yes",
        "answer:no",
    ]
    request = api.sent_to(CHAT)[0]
    assert request.params["chat_id"] == CHAT
    assert request.button_texts == ["Yes", "No"]


async def test_message_ids_are_per_chat(api: FakeBotAPI, bot: Bot) -> None:
    first = await bot.send_message(CHAT, "one")
    second = await bot.send_message(CHAT, "two")
    elsewhere = await bot.send_message(-100777, "staff")

    assert (first.message_id, second.message_id, elsewhere.message_id) == (1, 2, 1)
    assert elsewhere.chat.type == "supergroup"


async def test_text_over_4096_characters_is_rejected(api: FakeBotAPI, bot: Bot) -> None:
    await bot.send_message(CHAT, "x" * 4096)
    assert api.violations == []

    with pytest.raises(TelegramBadRequest):
        await bot.send_message(CHAT, "x" * 4097)

    violation = only_violation(api)
    assert violation.startswith("sendMessage.text:")
    assert "4097" in violation
    assert "1-4096" in violation


async def test_length_is_counted_in_utf16_code_units(api: FakeBotAPI, bot: Bot) -> None:
    # An emoji outside the BMP is two UTF-16 code units: 2049 of them are 4098.
    with pytest.raises(TelegramBadRequest):
        await bot.send_message(CHAT, "😀" * 2049)
    assert "4098" in only_violation(api)


async def test_callback_data_is_limited_in_utf8_bytes(api: FakeBotAPI, bot: Bot) -> None:
    await bot.send_message(CHAT, "fits", reply_markup=keyboard(("ok", "ب" * 32)))
    assert api.violations == []

    with pytest.raises(TelegramBadRequest):
        await bot.send_message(CHAT, "too long", reply_markup=keyboard(("ok", "ب" * 33)))

    violation = only_violation(api)
    assert violation.startswith("sendMessage.reply_markup.inline_keyboard[0][0].callback_data:")
    assert "66 bytes" in violation


async def test_unknown_field_is_a_violation(api: FakeBotAPI) -> None:
    status, body = await raw_post(
        api, "sendMessage", {"chat_id": "42", "text": "hi", "colour": "red"}
    )

    assert status == 400
    assert body["ok"] is False
    assert body["error_code"] == 400
    assert body["description"].startswith("Bad Request: sendMessage.colour: unknown field")
    assert only_violation(api).startswith("sendMessage.colour: unknown field")


async def test_missing_required_field_is_a_violation(api: FakeBotAPI) -> None:
    status, _body = await raw_post(api, "sendMessage", {"text": "hi"})

    assert status == 400
    assert only_violation(api) == "sendMessage.chat_id: required field is missing"


async def test_json_bodies_are_validated_too(api: FakeBotAPI) -> None:
    status, _ = await raw_post(
        api,
        "sendMessage",
        json={"chat_id": 42, "text": "hi", "reply_markup": {"inline_keyboard": [[{"text": "x"}]]}},
    )

    assert status == 400
    assert "needs exactly one of" in only_violation(api)


async def test_unknown_method_is_a_violation(api: FakeBotAPI) -> None:
    status, body = await raw_post(api, "sendMesage", {"chat_id": "42", "text": "hi"})

    assert status == 404
    assert body["description"] == "Not Found"
    assert only_violation(api) == "sendMesage: unknown Bot API method"


async def test_caption_over_1024_characters_is_rejected(api: FakeBotAPI, bot: Bot) -> None:
    await bot.send_photo(CHAT, "AgACexistingfileid", caption="c" * 1024)
    assert api.violations == []

    with pytest.raises(TelegramBadRequest):
        await bot.send_photo(CHAT, "AgACexistingfileid", caption="c" * 1025)

    violation = only_violation(api)
    assert violation.startswith("sendPhoto.caption:")
    assert "1025" in violation


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("<foo>bar</foo>", 'Unsupported start tag "foo"'),
        ("1 < 2", 'Unsupported start tag ""'),
        ("Tom & Jerry", "Unescaped '&'"),
        ("<b>bold <i>both</b></i>", "Unmatched end tag"),
        ("<b>never closed", "Can't find end tag"),
        ('<span class="red">x</span>', 'must have class "tg-spoiler"'),
    ],
)
async def test_malformed_html_is_rejected(
    api: FakeBotAPI, bot: Bot, text: str, problem: str
) -> None:
    with pytest.raises(TelegramBadRequest):
        await bot.send_message(CHAT, text, parse_mode="HTML")

    violation = only_violation(api)
    assert violation.startswith("sendMessage.text: can't parse entities (HTML)")
    assert problem in violation


async def test_html_length_is_counted_after_entities_parsing(api: FakeBotAPI, bot: Bot) -> None:
    # 4096 visible characters; the markup makes the raw text much longer.
    text = "<b>" + "a" * 2000 + "</b>" + '<a href="https://example.org">' + "&amp;" * 2096 + "</a>"
    sent = await bot.send_message(CHAT, text, parse_mode="HTML")

    assert api.violations == []
    assert len(sent.text or "") == 4096
    assert [entity.type for entity in sent.entities or []] == ["bold", "text_link"]

    with pytest.raises(TelegramBadRequest):
        await bot.send_message(CHAT, text + "!", parse_mode="HTML")
    assert "4097 characters" in only_violation(api)


async def test_text_that_is_empty_after_parsing_is_rejected(api: FakeBotAPI, bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest):
        await bot.send_message(CHAT, "<b> </b>", parse_mode="HTML")
    assert "text is empty after entities parsing" in only_violation(api)


async def test_markdown_v2_needs_escaping(api: FakeBotAPI, bot: Bot) -> None:
    await bot.send_message(CHAT, "*Done*\\.", parse_mode="MarkdownV2")
    assert api.violations == []

    with pytest.raises(TelegramBadRequest):
        await bot.send_message(CHAT, "*Done*.", parse_mode="MarkdownV2")
    assert "Character '.' is reserved" in only_violation(api)


async def test_parse_mode_must_be_a_known_mode(api: FakeBotAPI) -> None:
    status, _ = await raw_post(
        api, "sendMessage", {"chat_id": "42", "text": "hi", "parse_mode": "html5"}
    )

    assert status == 400
    assert only_violation(api).startswith("sendMessage.parse_mode: must be one of HTML")


async def test_bot_commands_are_checked(api: FakeBotAPI, bot: Bot) -> None:
    commands = [
        BotCommand(command="start", description="Start"),
        BotCommand(command="help", description="Help"),
    ]
    assert await bot.set_my_commands(commands) is True
    assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
    assert api.violations == []

    with pytest.raises(TelegramBadRequest):
        await bot.set_my_commands([BotCommand(command="Start", description="d" * 257)])
    assert sorted(api.violations) == [
        "setMyCommands.commands[0].command: 'Start' does not match ^[a-z0-9_]+$",
        "setMyCommands.commands[0].description: 257 characters (UTF-16 code units), "
        "allowed 1-256 characters",
    ]


async def test_reply_keyboard_is_validated_as_reply_keyboard(api: FakeBotAPI, bot: Bot) -> None:
    markup = ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text="Menu"), KeyboardButton(text="Share", request_contact=True)]
        ],
        resize_keyboard=True,
    )
    sent = await bot.send_message(CHAT, "pick", reply_markup=markup)

    assert api.violations == []
    assert sent.reply_markup is None  # Telegram does not echo reply keyboards
    assert api.sent_to(CHAT)[0].button_texts == ["Menu", "Share"]


# ----------------------------------------------------------------- behaviour


async def test_editing_an_unmodified_message_fails_like_telegram(api: FakeBotAPI, bot: Bot) -> None:
    markup = keyboard(("Again", "again"))
    sent = await bot.send_message(CHAT, "Hi <i>there</i>", parse_mode="HTML", reply_markup=markup)

    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(
            "Hi <i>there</i>",
            chat_id=CHAT,
            message_id=sent.message_id,
            parse_mode="HTML",
            reply_markup=markup,
        )

    edited = await bot.edit_message_text("Bye", chat_id=CHAT, message_id=sent.message_id)
    assert isinstance(edited, Message)
    assert edited.text == "Bye"
    assert edited.reply_markup is None
    assert edited.edit_date is not None
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=CHAT, message_id=999)
    assert api.violations == []  # Telegram's answers, not spec violations


async def test_blocked_user_answers_403(api: FakeBotAPI, bot: Bot) -> None:
    api.blocked_users.add(CHAT)
    with pytest.raises(TelegramForbiddenError):
        await bot.send_message(CHAT, "hello?")
    assert api.violations == []


async def test_long_poll_returns_a_pushed_update_without_waiting_for_the_timeout(
    api: FakeBotAPI, bot: Bot
) -> None:
    loop = asyncio.get_running_loop()
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await api.wait_for_method("getUpdates")
    assert not poll.done()

    started = loop.time()
    update = api.push_message(USER, "/start deep-link")
    updates = await asyncio.wait_for(poll, timeout=5)

    assert loop.time() - started < 5
    assert [u.update_id for u in updates] == [update["update_id"]]
    message = updates[0].message
    assert message is not None
    assert message.text == "/start deep-link"
    assert message.entities is not None
    assert message.entities[0].type == "bot_command"
    assert message.entities[0].length == len("/start")
    assert api.violations == []


async def test_get_updates_offset_confirms_updates(api: FakeBotAPI, bot: Bot) -> None:
    first = api.push_message(USER, "one")
    second = api.push_message(USER, "two")
    assert second["update_id"] == first["update_id"] + 1

    assert [u.update_id for u in await bot.get_updates(timeout=0)] == [
        first["update_id"],
        second["update_id"],
    ]
    # Unconfirmed updates are delivered again; an offset confirms them.
    assert len(await bot.get_updates(timeout=0)) == 2
    assert await bot.get_updates(offset=second["update_id"] + 1, timeout=0) == []
    await api.wait_for_confirmation(second, timeout=1)


async def test_stop_ends_a_pending_long_poll_promptly() -> None:
    api = FakeBotAPI(max_long_poll=30)
    await api.start()
    session = AiohttpSession(api=TelegramAPIServer.from_base(api.base_url))
    bot = Bot(api.token, session=session)
    try:
        poll = asyncio.create_task(bot.get_updates(timeout=30))
        await api.wait_for_method("getUpdates")
        await asyncio.wait_for(api.stop(), timeout=5)
        assert await asyncio.wait_for(poll, timeout=5) == []
    finally:
        await session.close()
        await api.stop()


async def test_wait_for_message_times_out_with_a_useful_report(api: FakeBotAPI, bot: Bot) -> None:
    await bot.send_message(7, "not for 42")
    with pytest.raises(AssertionError) as caught:
        await api.wait_for_message(CHAT, timeout=0.2)
    report = str(caught.value)
    assert "timed out after 0.2s waiting for a message to chat 42" in report.lower()
    assert "sendMessage chat_id=7 text='not for 42'" in report


async def test_pushed_updates_must_match_the_spec(api: FakeBotAPI) -> None:
    with pytest.raises(ValueError, match=r"message\.chat: required field is missing"):
        api.push_update({"message": {"message_id": 1, "date": 0, "text": "no chat"}})


async def test_ask_press_and_click_drive_an_aiogram_dispatcher(api: FakeBotAPI, bot: Bot) -> None:
    router = Router()

    @router.message(CommandStart())
    async def start(message: Message) -> None:
        await message.answer(
            "Welcome, <b>friend</b>!",
            parse_mode="HTML",
            reply_markup=keyboard(("Help", "help"), ("About", "about")),
        )

    @router.callback_query(F.data == "help")
    async def show_help(query: CallbackQuery) -> None:
        await query.answer()
        assert isinstance(query.message, Message)
        await query.message.edit_text("Help text")

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    polling = asyncio.create_task(
        dispatcher.start_polling(bot, handle_signals=False, close_bot_session=False)
    )
    try:
        await api.wait_for_method("getUpdates")

        reply = await api.ask(USER, "/start")
        assert reply.method == "sendMessage"
        assert reply.ok
        assert reply.plain_text == "Welcome, friend!"
        assert reply.button_texts == ["Help", "About"]

        mark = api.mark()
        edit = await api.click(USER, reply, "Help")
        assert edit.method == "editMessageText"
        assert edit.ok
        await api.wait_for_method("answerCallbackQuery", after=mark)
        assert api.unanswered_callback_queries == []
        assert reply.message_id is not None
        current = api.message(CHAT, reply.message_id)
        assert current is not None
        assert current["text"] == "Help text"
        assert "reply_markup" not in current

        with pytest.raises(AssertionError, match="no button 'About'"):
            api.press(USER, reply, "About")  # the edit removed the keyboard
        allowed = api.requests_for("getUpdates")[0].params["allowed_updates"]
        assert sorted(allowed) == ["callback_query", "message"]
    finally:
        await dispatcher.stop_polling()
        await polling
    assert api.violations == []


async def test_updates_the_bot_did_not_subscribe_to_are_dropped(api: FakeBotAPI, bot: Bot) -> None:
    await bot.send_message(CHAT, "menu", reply_markup=keyboard(("Go", "go")))
    sent = api.sent_to(CHAT)[0]
    assert await bot.get_updates(allowed_updates=["message"], timeout=0) == []

    api.press(USER, sent, "Go")
    assert await bot.get_updates(timeout=0) == []
    assert [next(k for k in u if k != "update_id") for u in api.dropped_updates] == [
        "callback_query"
    ]


async def test_uploads_and_downloads_round_trip(api: FakeBotAPI, bot: Bot) -> None:
    sent = await bot.send_document(CHAT, BufferedInputFile(b"minutes", filename="minutes.txt"))
    assert sent.document is not None
    assert sent.document.file_name == "minutes.txt"
    request = api.sent_to(CHAT)[0]
    assert [upload.data for upload in request.files.values()] == [b"minutes"]

    update = api.push_message(USER, photo=b"jpeg bytes", caption="a pothole")
    file_id = update["message"]["photo"][-1]["file_id"]
    file = await bot.get_file(file_id)
    assert file.file_path is not None
    downloaded = await bot.download_file(file.file_path)
    assert downloaded is not None
    assert downloaded.read() == b"jpeg bytes"
    assert api.violations == []

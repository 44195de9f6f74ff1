"""``python -m bot shell``: chat with the real dispatcher, handlers and database in a terminal.

Lines typed are messages from one pretend resident; a number presses a button of the
bot's latest message that has buttons; ``:photo [caption]``, ``:voice``, ``:sticker`` and
``:location [lat lon]`` send those instead of text. Works from a pipe too, one line per
message::

    printf '/start\\n1\\n' | python -m bot shell --lang ar
"""

from __future__ import annotations

import asyncio
import html
import re
import sys
from datetime import UTC, datetime
from itertools import count
from typing import Any, TextIO

from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageCaption,
    EditMessageReplyMarkup,
    EditMessageText,
    SendDocument,
    SendLocation,
    SendMessage,
    SendPhoto,
    TelegramMethod,
)
from aiogram.types import (
    CallbackQuery,
    Chat,
    InlineKeyboardMarkup,
    Location,
    Message,
    MessageEntity,
    PhotoSize,
    Sticker,
    Update,
    User,
    Voice,
)

from bot.app import build_bot, build_dispatcher
from bot.local_api import LocalBotAPISession
from bot.services.residents import register_contact
from bot.settings import Settings
from db.migrate import upgrade_database
from db.models import Role
from db.session import create_engine, create_session_factory

__all__ = ["Transcript", "run_shell"]

_TAG = re.compile(r"<[^>]+>")
QUIT_WORDS = {":q", ":quit", "/quit"}


def plain_text(text: str) -> str:
    """What a chat app would show for our HTML: tags gone, entities decoded."""
    return html.unescape(_TAG.sub("", text))


class Transcript:
    """Prints what the bot sends and remembers the buttons of its latest keyboard."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.buttons: dict[int, tuple[int, str]] = {}
        self._keyboard_message: int | None = None
        self.session = LocalBotAPISession(on_request=self.show)

    def show(self, method: TelegramMethod[Any]) -> None:
        if isinstance(method, SendMessage):
            self._print("bot", method.text, method.reply_markup, self._last_message_id())
        elif isinstance(method, SendPhoto | SendDocument | SendLocation):
            kind = type(method).__name__.removeprefix("Send").lower()
            caption = getattr(method, "caption", None) or ""
            self._print(f"bot [{kind}]", caption, method.reply_markup, self._last_message_id())
        elif isinstance(method, EditMessageText):
            self._print("bot (edited)", method.text, method.reply_markup, method.message_id)
        elif isinstance(method, EditMessageCaption | EditMessageReplyMarkup):
            caption = getattr(method, "caption", None) or ""
            self._print("bot (edited)", caption, method.reply_markup, method.message_id)
        elif isinstance(method, AnswerCallbackQuery) and method.text:
            self._print("bot (pop-up)", method.text, None, None)

    def _last_message_id(self) -> int:
        return max(message_id for _chat, message_id in self.session.messages)

    def _print(self, who: str, text: str, markup: Any, message_id: int | None) -> None:
        lines = plain_text(text).splitlines() or [""]
        self.out.write(f"{who} › {lines[0]}\n")
        for line in lines[1:]:
            self.out.write(f"    {line}\n")
        if isinstance(markup, InlineKeyboardMarkup) and message_id is not None:
            self._remember_buttons(markup, message_id)
        elif message_id is not None and message_id == self._keyboard_message:
            self.buttons.clear()
        self.out.flush()

    def _remember_buttons(self, markup: InlineKeyboardMarkup, message_id: int) -> None:
        self.buttons.clear()
        self._keyboard_message = message_id
        number = count(1)
        for row in markup.inline_keyboard:
            labels = []
            for button in row:
                index = next(number)
                if button.callback_data is not None:
                    self.buttons[index] = (message_id, button.callback_data)
                labels.append(f"[{index}] {button.text}")
            self.out.write("    " + "   ".join(labels) + "\n")


class PretendResident:
    """Turns typed lines into the updates Telegram would deliver for one person."""

    def __init__(self, user_id: int, language_code: str) -> None:
        self.user = User(
            id=user_id, is_bot=False, first_name="Resident", language_code=language_code
        )
        self.chat = Chat(id=user_id, type="private")
        self._ids = count(1)

    def message(self, text: str) -> Update:
        entities = None
        if text.startswith("/"):
            length = len(text.split(maxsplit=1)[0])
            entities = [MessageEntity(type="bot_command", offset=0, length=length)]
        message = Message(
            message_id=1_000_000 + next(self._ids),
            date=datetime.now(UTC),
            chat=self.chat,
            from_user=self.user,
            text=text,
            entities=entities,
        )
        return Update(update_id=next(self._ids), message=message)

    def media(self, **content: Any) -> Update:
        message = Message(
            message_id=1_000_000 + next(self._ids),
            date=datetime.now(UTC),
            chat=self.chat,
            from_user=self.user,
            **content,
        )
        return Update(update_id=next(self._ids), message=message)

    def press(self, message: Message, data: str) -> Update:
        query = CallbackQuery(
            id=str(next(self._ids)),
            from_user=self.user,
            chat_instance="shell",
            message=message,
            data=data,
        )
        return Update(update_id=next(self._ids), callback_query=query)


async def _give_role(settings: Settings, session_factory: Any, user_id: int, role: Role) -> None:
    async with session_factory() as session, session.begin():
        contact = await register_contact(
            session,
            telegram_id=user_id,
            language_code=None,
            default_locale=settings.default_locale,
            admin_ids=settings.admin_ids,
        )
        contact.resident.role = role


async def run_shell(
    settings: Settings,
    *,
    language_code: str,
    user_id: int,
    role: str | None = None,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
) -> None:
    if role == Role.ADMIN:
        # Administrators exist only through ADMIN_IDS, so the simulator adds you there.
        settings = settings.model_copy(update={"admin_ids": settings.admin_ids | {user_id}})
    engine = create_engine(settings.database_url)
    try:
        await upgrade_database(engine)
        session_factory = create_session_factory(engine)
        if role in (Role.ORGANISER, Role.STAFF):
            await _give_role(settings, session_factory, user_id, Role(role))
        transcript = Transcript(stdout)
        bot = build_bot(settings, session=transcript.session)
        dispatcher = build_dispatcher(settings, session_factory)
        resident = PretendResident(user_id, language_code)
        interactive = stdin.isatty()
        if interactive:
            stdout.write(
                "Type a message or a button number; :photo, :voice, :sticker, :location "
                "send those; :quit leaves. Start with /start.\n"
            )
        while True:
            if interactive:
                stdout.write("you › ")
                stdout.flush()
            line = await asyncio.to_thread(stdin.readline)
            if not line or line.strip() in QUIT_WORDS:
                break
            text = line.rstrip("\n")
            if not text.strip():
                continue
            if not interactive:
                stdout.write(f"you › {text}\n")
            update = _update_for(text, transcript, resident)
            await dispatcher.feed_update(bot, update)
        await bot.session.close()
    finally:
        await engine.dispose()


def _update_for(text: str, transcript: Transcript, resident: PretendResident) -> Update:
    if text.strip().isdigit() and int(text) in transcript.buttons:
        message_id, data = transcript.buttons[int(text)]
        message = transcript.session.messages[(resident.chat.id, message_id)]
        return resident.press(message, data)
    word, _, rest = text.partition(" ")
    if word == ":photo":
        photo = [PhotoSize(file_id="shell-photo", file_unique_id="p", width=800, height=600)]
        return resident.media(photo=photo, caption=rest or None)
    if word == ":voice":
        return resident.media(voice=Voice(file_id="shell-voice", file_unique_id="v", duration=5))
    if word == ":sticker":
        sticker = Sticker(
            file_id="shell-sticker",
            file_unique_id="s",
            type="regular",
            width=512,
            height=512,
            is_animated=False,
            is_video=False,
        )
        return resident.media(sticker=sticker)
    if word == ":location":
        latitude, _, longitude = rest.partition(" ")
        try:
            location = Location(latitude=float(latitude), longitude=float(longitude))
        except ValueError:
            location = Location(latitude=57.8135, longitude=12.0528)
        return resident.media(location=location)
    return resident.message(text)

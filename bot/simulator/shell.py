"""``python -m bot shell``: chat with the real dispatcher, handlers and database in a terminal.

Lines typed are messages from a pretend person; a number presses a button of the bot's
latest message to them that has buttons; ``:photo [caption]``, ``:voice``, ``:sticker``
and ``:location [lat lon]`` send those instead of text. A line ending in ``\\`` goes on
in the next line, as one message (a poll's options, one per line). ``:as N [LANG]``
switches to playing person N (a resident, new or known), so one terminal can be an
organiser who sends a poll and the residents who answer it. What the bot does on its own
(broadcasts, status news, staff alerts, closing polls) runs after each message, and every
few seconds while the terminal waits. Works from a pipe too, one line per message::

    printf '/start\\n1\\n' | python -m bot shell --lang ar
"""

from __future__ import annotations

import asyncio
import sys
from typing import Any, TextIO

from aiogram import Bot, Dispatcher
from aiogram.types import Location, PhotoSize, Sticker, Update, Voice

from bot.app import build_bot, build_dispatcher
from bot.delivery.jobs import BackgroundJobs
from bot.delivery.loop import cancel_and_wait
from bot.services.residents import register_contact
from bot.settings import Settings
from bot.simulator.people import PretendPerson
from bot.simulator.transcript import Transcript, plain_text
from db.migrate import upgrade_database
from db.models import Role
from db.session import create_engine, create_session_factory

__all__ = ["Transcript", "plain_text", "run_shell"]

QUIT_WORDS = {":q", ":quit", "/quit"}
CONTINUES = "\\"
# While the terminal waits for a line, the bot's own work runs this often (a poll whose
# deadline passed closes; a broadcast that paused goes on).
IDLE_ROUND_SECONDS = 5.0


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


class _Background:
    """The bot's background jobs, run in turn by the shell rather than on their own
    clocks, so a transcript shows what they send right after the message that caused it."""

    def __init__(self, bot: Bot, dispatcher: Dispatcher, settings: Settings, sessions) -> None:
        jobs = BackgroundJobs(dispatcher["notifier"], dispatcher["broadcasts"])
        self._rounds = jobs.rounds(bot, dispatcher["i18n"], sessions, settings, dispatcher["area"])
        self._lock = asyncio.Lock()

    async def run(self) -> None:
        async with self._lock:
            for loop, jobs in self._rounds:
                await loop.run_round(jobs)

    async def keep_running(self) -> None:
        while True:
            await asyncio.sleep(IDLE_ROUND_SECONDS)
            await self.run()


class _Terminal:
    """Reads one message at a time: a line, or several joined by a trailing ``\\``."""

    def __init__(self, stdin: TextIO, stdout: TextIO) -> None:
        self.stdin, self.stdout = stdin, stdout
        self.interactive = stdin.isatty()

    async def read(self) -> str | None:
        lines: list[str] = []
        while True:
            if self.interactive:
                self.stdout.write("    … " if lines else "you › ")
                self.stdout.flush()
            line = await asyncio.to_thread(self.stdin.readline)
            if not line:
                return "\n".join(lines) if lines else None
            line = line.rstrip("\n")
            if line.endswith(CONTINUES):
                lines.append(line[: -len(CONTINUES)].rstrip())
                continue
            lines.append(line)
            return "\n".join(lines)

    def echo(self, text: str) -> None:
        if not self.interactive:
            first, *rest = text.split("\n")
            self.stdout.write(f"you › {first}\n" + "".join(f"    {line}\n" for line in rest))


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
        background = _Background(bot, dispatcher, settings, session_factory)
        terminal = _Terminal(stdin, stdout)
        await _converse(terminal, transcript, bot, dispatcher, background, user_id, language_code)
        await bot.session.close()
    finally:
        await engine.dispose()


async def _converse(
    terminal: _Terminal,
    transcript: Transcript,
    bot: Bot,
    dispatcher: Dispatcher,
    background: _Background,
    user_id: int,
    language_code: str,
) -> None:
    people = {user_id: PretendPerson(user_id, language_code)}
    person = people[user_id]
    transcript.current_chat = person.chat.id
    if terminal.interactive:
        terminal.stdout.write(
            "Type a message or a button number; :photo, :voice, :sticker, :location send "
            "those; end a line with \\ to go on in the next; :as N plays person N; :quit "
            "leaves. Start with /start.\n"
        )
    idle = asyncio.create_task(background.keep_running()) if terminal.interactive else None
    try:
        while (text := await terminal.read()) is not None:
            if text.strip() in QUIT_WORDS:
                break
            if not text.strip():
                continue
            terminal.echo(text)
            word, _, rest = text.partition(" ")
            if word == ":as":
                number, _, language = rest.strip().partition(" ")
                if not number.isdigit():
                    terminal.stdout.write("    :as needs a number, e.g. :as 2 or :as 2 so\n")
                    continue
                person = people.setdefault(
                    int(number), PretendPerson(int(number), language or language_code)
                )
                transcript.current_chat = person.chat.id
                terminal.stdout.write(f"    (you are now person {number})\n")
                continue
            await dispatcher.feed_update(bot, _update_for(text, transcript, person))
            await background.run()
    finally:
        if idle is not None:
            await cancel_and_wait(idle)


def _update_for(text: str, transcript: Transcript, person: PretendPerson) -> Update:
    buttons = transcript.buttons(person.chat.id)
    if text.strip().isdigit() and int(text) in buttons:
        message_id, data = buttons[int(text)]
        message = transcript.session.messages[(person.chat.id, message_id)]
        return person.press(message, data)
    word, _, rest = text.partition(" ")
    if word == ":photo":
        photo = [PhotoSize(file_id="shell-photo", file_unique_id="p", width=800, height=600)]
        return person.media(photo=photo, caption=rest or None)
    if word == ":voice":
        return person.media(voice=Voice(file_id="shell-voice", file_unique_id="v", duration=5))
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
        return person.media(sticker=sticker)
    if word == ":location":
        latitude, _, longitude = rest.partition(" ")
        try:
            location = Location(latitude=float(latitude), longitude=float(longitude))
        except ValueError:
            location = Location(latitude=57.8135, longitude=12.0528)
        return person.media(location=location)
    return person.message(text)

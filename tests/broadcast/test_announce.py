"""/announce and /settings: organisers reach residents in their language; residents choose."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiogram.methods import EditMessageText, SendMessage
from sqlalchemy import func, select, update

from bot.delivery.broadcast_queue import BroadcastQueue
from bot.views.callbacks import (
    AnnounceCallback,
    AnnounceStep,
    AudienceCallback,
    SettingsCallback,
    SettingsTopic,
)
from db.models import Broadcast, Resident, Role
from tests.support.faults import APOLOGY, failing_once
from tests.support.i18n import in_language
from tests.support.telegram import Reply

ARABIC = "اجتماع السكان يوم الخميس في الساعة السادسة"
SOMALI = "Shirka dadka deggan waa Khamiista saacadda lixaad"
SWEDISH = "Boendemöte på torsdag klockan 18 i lokalen vid Fjällkåpan"


async def _organiser(person, session_factory):
    organiser = person(940_001, "sv")
    await organiser.send("/start")
    async with session_factory() as session, session.begin():
        await session.execute(
            update(Resident).where(Resident.telegram_id == 940_001).values(role=Role.ORGANISER)
        )
    return organiser


async def _prepare(organiser, audience: str = "") -> None:
    """The wizard from /announce to the preview."""
    await organiser.send("/announce")
    await organiser.send(SWEDISH)
    await organiser.send(f"ar\n{ARABIC}")
    await organiser.send(f"so\n{SOMALI}")
    await organiser.press_data(AnnounceCallback(step=AnnounceStep.TRANSLATIONS_DONE).pack())
    await organiser.press_data(AudienceCallback(language=audience).pack())


async def _send(organiser) -> Reply:
    return await organiser.press_data(AnnounceCallback(step=AnnounceStep.SEND).pack())


async def _announce(organiser, audience: str = "") -> None:
    await _prepare(organiser, audience)
    await _send(organiser)


async def _deliver(bot, i18n, session_factory) -> None:
    async with session_factory() as session:
        broadcast_id = await session.scalar(select(Broadcast.id).order_by(Broadcast.id.desc()))
    sender = BroadcastQueue().sender(
        bot,
        i18n,
        session_factory,
        rate=1000,
        default_locale="sv",
        zone=ZoneInfo("Europe/Stockholm"),
    )
    await sender.run(broadcast_id)


async def test_each_resident_gets_the_announcement_in_their_language(
    person, session_factory, bot, i18n
) -> None:
    for user_id, language in ((940_010, "ar"), (940_011, "so"), (940_012, "fi")):
        await person(user_id, language).send("/start")
    await _announce(await _organiser(person, session_factory))
    before = len(bot.session.requests)
    await _deliver(bot, i18n, session_factory)
    texts = {
        int(request.chat_id): request.text
        for request in bot.session.requests[before:]
        if isinstance(request, SendMessage)
    }
    frame = "📣 <b>Announcement</b>\n\n{text}"
    assert texts[940_010] == in_language(i18n, "ar", lambda: i18n.gettext(frame)).format(
        text=ARABIC
    )
    assert texts[940_011] == in_language(i18n, "so", lambda: i18n.gettext(frame)).format(
        text=SOMALI
    )
    assert texts[940_012] == in_language(i18n, "fi", lambda: i18n.gettext(frame)).format(
        text=SWEDISH
    )
    edits = [r for r in bot.session.requests[before:] if isinstance(r, EditMessageText)]
    assert edits  # the organiser's progress message was kept up to date
    assert edits[-1].chat_id == 940_001


async def test_an_audience_of_one_language(person, session_factory, bot, i18n) -> None:
    await person(940_020, "ar").send("/start")
    await person(940_021, "sv").send("/start")
    await _announce(await _organiser(person, session_factory), audience="ar")
    before = len(bot.session.requests)
    await _deliver(bot, i18n, session_factory)
    recipients = {
        int(r.chat_id) for r in bot.session.requests[before:] if isinstance(r, SendMessage)
    }
    assert recipients == {940_020}


async def test_a_resident_who_switched_announcements_off_gets_none(
    person, session_factory, bot, i18n
) -> None:
    resident = person(940_030, "so")
    await resident.send("/settings")
    await resident.press_data(SettingsCallback(topic=SettingsTopic.ANNOUNCEMENTS).pack())
    await _announce(await _organiser(person, session_factory))
    before = len(bot.session.requests)
    await _deliver(bot, i18n, session_factory)
    recipients = {
        int(r.chat_id) for r in bot.session.requests[before:] if isinstance(r, SendMessage)
    }
    assert 940_030 not in recipients
    async with session_factory() as session:
        stored = await session.scalar(select(Resident).where(Resident.telegram_id == 940_030))
    assert stored is not None
    assert (stored.receives_announcements, stored.receives_polls) == (False, True)


async def test_only_organisers_announce(person, i18n) -> None:
    reply = await person(940_040, "ti").send("/announce")
    assert reply.texts == [
        in_language(
            i18n, "ti", lambda: i18n.gettext("Sorry, only organisers can use this command.")
        )
    ]


async def test_a_translation_without_a_language_code_is_explained(person, session_factory) -> None:
    organiser = await _organiser(person, session_factory)
    await organiser.send("/announce")
    await organiser.send(SWEDISH)
    reply = await organiser.send("de\nHallo zusammen")
    assert "ar" in reply.text
    assert "so" in reply.text


async def _broadcasts(session_factory) -> list[Broadcast]:
    async with session_factory() as session:
        return list(await session.scalars(select(Broadcast)))


async def test_a_failed_save_is_apologised_for_and_the_announcement_can_be_sent_again(
    person, session_factory, i18n
) -> None:
    organiser = await _organiser(person, session_factory)
    await _prepare(organiser)
    with failing_once(session_factory, "INSERT INTO BROADCASTS") as failed:
        refused = await _send(organiser)
    assert failed, "the fault was not injected"
    # Answered once, with the apology: the button was not answered before the save.
    assert refused.answers == [i18n.gettext(APOLOGY, locale="sv")[:200]]
    assert await _broadcasts(session_factory) == []

    # The draft is still there, translations and all: the same button sends it, once.
    sent = await _send(organiser)
    assert sent.texts, "the organiser was not told the announcement is going out"
    [stored] = await _broadcasts(session_factory)
    assert stored.content["texts"] == {"sv": SWEDISH, "ar": ARABIC, "so": SOMALI}
    assert (await _send(organiser)).alerts  # a stale Send
    async with session_factory() as session:
        assert await session.scalar(select(func.count()).select_from(Broadcast)) == 1

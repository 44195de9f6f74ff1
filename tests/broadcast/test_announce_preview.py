"""The organiser previews each language of an announcement as its residents will get it."""

from __future__ import annotations

from aiogram.methods import SendMessage

from bot.views.callbacks import AnnounceCallback, AnnounceStep, AudienceCallback
from tests.broadcast.test_announce import ARABIC, SOMALI, SWEDISH, _deliver, _organiser, _send


async def test_each_language_is_previewed_as_it_is_delivered(
    person, session_factory, bot, i18n
) -> None:
    for user_id, language in ((941_010, "ar"), (941_011, "so")):
        await person(user_id, language).send("/start")
    organiser = await _organiser(person, session_factory)
    await organiser.send("/announce")
    await organiser.send(SWEDISH)
    await organiser.send(f"ar\n{ARABIC}")
    await organiser.send(f"so\n{SOMALI}")
    await organiser.press_data(AnnounceCallback(step=AnnounceStep.TRANSLATIONS_DONE).pack())
    preview = await organiser.press_data(AudienceCallback().pack())
    await _send(organiser)
    before = len(bot.session.requests)
    await _deliver(bot, i18n, session_factory)
    delivered = [
        request.text
        for request in bot.session.requests[before:]
        if isinstance(request, SendMessage) and int(request.chat_id) in (941_010, 941_011)
    ]
    assert len(delivered) == 2
    for text in delivered:
        assert text in preview.texts

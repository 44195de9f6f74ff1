"""The real bot process: an organiser's announcement reaches residents in their language."""

from __future__ import annotations

import re

from bot.views.callbacks import AnnounceCallback, AnnounceStep, AudienceCallback

from .bot_process import ADMIN_ID, BotProcess
from .fake_bot_api import FakeBotAPI, TgUser
from .scenario import click_data

INVITE = re.compile(r"start=(inv_[\w-]+)")
ARABIC = "اجتماع السكان يوم الخميس"
SWEDISH = "Boendemöte på torsdag klockan 18"


async def test_an_announcement_in_two_languages(
    fake_api: FakeBotAPI, bot_process: BotProcess
) -> None:
    residents = [
        TgUser(id=9001, first_name="Amal", language_code="ar"),
        TgUser(id=9002, first_name="Erik", language_code="sv"),
        TgUser(id=9003, first_name="Aino", language_code="fi"),
    ]
    for resident in residents:
        await fake_api.ask_many(resident, "/start", 2)
    blocked = TgUser(id=9004, first_name="Bo", language_code="sv")
    await fake_api.ask_many(blocked, "/start", 2)
    fake_api.blocked_users.add(blocked.id)

    admin = TgUser(id=ADMIN_ID, first_name="Admin", language_code="sv")
    code = INVITE.search((await fake_api.ask(admin, "/invite organiser")).text or "")
    assert code is not None
    organiser = TgUser(id=9010, first_name="Olle", language_code="sv")
    await fake_api.ask_many(organiser, f"/start {code.group(1)}", 3)

    await fake_api.ask(organiser, "/announce")
    translations = await fake_api.ask(organiser, SWEDISH)
    await fake_api.ask(organiser, f"ar\n{ARABIC}")
    audience = await click_data(
        fake_api, organiser, translations,
        AnnounceCallback(step=AnnounceStep.TRANSLATIONS_DONE),
    )  # fmt: skip
    mark = fake_api.mark()
    fake_api.push_callback(organiser, audience, AudienceCallback().pack())
    # Per language a title and the announcement as its residents get it; then the summary.
    *previews, confirm = await fake_api.wait_for_messages(organiser.id, 5, after=mark)
    assert any(ARABIC in (preview.plain_text or "") for preview in previews)
    mark = fake_api.mark()
    await click_data(fake_api, organiser, confirm, AnnounceCallback(step=AnnounceStep.SEND))

    arabic = await fake_api.wait_for_message(9001, after=mark)
    swedish = await fake_api.wait_for_message(9002, after=mark)
    finnish = await fake_api.wait_for_message(9003, after=mark)
    assert ARABIC in (arabic.plain_text or "")
    assert SWEDISH in (swedish.plain_text or "")
    assert SWEDISH in (finnish.plain_text or "")  # no Finnish translation: Swedish
    summary = await fake_api.wait_for_request(
        lambda request: (
            request.method == "editMessageText"
            and request.chat_id == organiser.id
            and "✅" in (request.plain_text or "")
        ),
        after=mark,
        description="the organiser's summary",
    )
    assert summary.ok
    assert fake_api.unanswered_callback_queries == []

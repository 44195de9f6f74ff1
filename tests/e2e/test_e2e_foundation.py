"""The real bot process: first contact in the right language, the picker, roles."""

from __future__ import annotations

import re

from bot.area import load_area_profile
from bot.i18n.names import language_prompt
from bot.settings import PROJECT_ROOT
from bot.views.callbacks import LanguageCallback
from db.models import Resident, Role
from handlers.menu import help_text
from handlers.start import welcome_text

from .bot_process import ADMIN_ID, BotProcess
from .fake_bot_api import FakeBotAPI, TgUser
from .scenario import I18N, button_index, text_in

AREA = load_area_profile(PROJECT_ROOT / "areas" / "rannebergen.toml")
INVITE = re.compile(r"start=(inv_[\w-]+)")


async def test_languages_on_first_contact_and_after(
    fake_api: FakeBotAPI, bot_process: BotProcess
) -> None:
    persian = TgUser(id=5001, first_name="Sara", language_code="fa-IR")
    welcome, picker = await fake_api.ask_many(persian, "/start", 2)
    assert welcome.text == text_in("fa", lambda: welcome_text(AREA, "fa"))
    assert picker.text == text_in("fa", language_prompt)
    assert "✅ فارسی" in picker.button_texts

    german = TgUser(id=5002, first_name="Jonas", language_code="de")
    welcome, picker = await fake_api.ask_many(german, "/start", 2)
    assert welcome.text == text_in("sv", lambda: welcome_text(AREA, "sv"))
    assert "✅ svenska" in picker.button_texts

    mark = fake_api.mark()
    fake_api.press(german, picker, button_index(picker, LanguageCallback(code="so")))
    confirmation, menu = await fake_api.wait_for_messages(german.id, 2, after=mark)
    assert confirmation.method == "editMessageText"
    assert menu.buttons
    assert "Soomaali" in (confirmation.text or "")
    helped = await fake_api.ask(german, "/help")
    somali_resident = Resident(telegram_id=5002, language="so", role=Role.RESIDENT)
    assert helped.text == text_in("so", lambda: help_text(somali_resident))
    assert fake_api.unanswered_callback_queries == []


async def test_commands_are_published_per_language(
    fake_api: FakeBotAPI, bot_process: BotProcess
) -> None:
    published = {
        request.params.get("language_code"): request.params["commands"]
        for request in fake_api.requests_for("setMyCommands")
    }
    assert {None, "sv", "en", "ar", "so", "fa", "bs", "fi", "ti"} <= set(published)
    somali = {command["command"]: command["description"] for command in published["so"]}
    assert somali["idea"] == text_in("so", lambda: I18N.gettext("Share an idea"))


async def test_only_an_administrator_invites_and_a_link_works_once(
    fake_api: FakeBotAPI, bot_process: BotProcess
) -> None:
    resident = TgUser(id=5003, first_name="Amal", language_code="ar")
    refusal = await fake_api.ask(resident, "/invite staff")
    assert refusal.text == text_in(
        "ar", lambda: I18N.gettext("Sorry, only administrators can use this command.")
    )

    admin = TgUser(id=ADMIN_ID, first_name="Admin", language_code="sv")
    invite = await fake_api.ask(admin, "/invite staff")
    code = INVITE.search(invite.text or "")
    assert code is not None, invite.text

    newcomer = TgUser(id=5004, first_name="Erik", language_code="sv")
    granted = await fake_api.ask_many(newcomer, f"/start {code.group(1)}", 3)
    assert "/help" in (granted[-1].text or "")

    latecomer = TgUser(id=5005, first_name="Lina", language_code="en")
    replies = await fake_api.ask_many(latecomer, f"/start {code.group(1)}", 3)
    assert replies[-1].text == (
        "This invite link has already been used. Ask an administrator for a new one."
    )
    listing = await fake_api.ask(admin, "/roles")
    assert "5004" in (listing.plain_text or "")
    assert "5005" not in (listing.plain_text or "")

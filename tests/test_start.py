"""First contact: greeted in the resident's language, offered the picker, then the menu."""

from __future__ import annotations

import subprocess
import sys

from sqlalchemy import select

from bot.area import AreaProfile
from bot.i18n import Catalogues
from bot.i18n.names import language_prompt
from bot.views.callbacks import LanguageCallback
from db.models import Resident
from handlers.start import welcome_text
from tests.support.i18n import in_language


async def test_a_persian_phone_is_greeted_in_persian_with_the_picker(
    person, i18n: Catalogues, dispatcher
) -> None:
    area: AreaProfile = dispatcher["area"]
    reply = await person(101, "fa-IR").send("/start")

    welcome_fa = in_language(i18n, "fa", lambda: welcome_text(area, "fa"))
    assert welcome_fa != in_language(i18n, "en", lambda: welcome_text(area, "en"))
    assert reply.texts == [welcome_fa, in_language(i18n, "fa", language_prompt)]
    ticked = [button.text for button in reply.buttons() if button.text.startswith("✅")]
    assert ticked == ["✅ فارسی"]


async def test_an_unknown_language_gets_swedish_and_the_picker(person, i18n, dispatcher) -> None:
    area: AreaProfile = dispatcher["area"]
    reply = await person(102, "de").send("/start")

    assert reply.texts[0] == in_language(i18n, "sv", lambda: welcome_text(area, "sv"))
    assert len(reply.buttons()) == 9
    assert [b.text for b in reply.buttons() if b.text.startswith("✅")] == ["✅ svenska"]


async def test_the_welcome_names_who_runs_the_bot(person) -> None:
    reply = await person(103, "en").send("/start")
    welcome = reply.texts[0]
    for name in ("Vårt Rannebergen", "Hyresgästföreningen", "Bostadsbolaget", "Göteborgs stad"):
        assert name in welcome


async def test_after_choosing_a_language_start_shows_the_menu_not_the_picker(
    person, session_factory
) -> None:
    somali = person(104, "en")
    await somali.send("/start")
    await somali.press_data(LanguageCallback(code="so").pack())

    reply = await somali.send("/start")
    assert len(reply.texts) == 1
    assert not any(button.text.startswith("✅") for button in reply.buttons())
    async with session_factory() as session:
        stored = await session.scalar(select(Resident).where(Resident.telegram_id == 104))
    assert stored is not None
    assert (stored.language, stored.language_chosen) == ("so", True)


async def test_one_row_per_resident_however_often_they_write(person, session_factory) -> None:
    resident = person(105, "sv")
    for _ in range(3):
        await resident.send("/start")
    async with session_factory() as session:
        rows = (await session.scalars(select(Resident).where(Resident.telegram_id == 105))).all()
    assert len(rows) == 1


def test_a_process_stops_while_the_language_models_are_still_loading() -> None:
    # The models load for seconds on a busy machine; a SIGTERM then must not wait for them.
    script = (
        "import asyncio, threading\n"
        "import bot.instance as instance\n"
        "instance.warm_up = threading.Event().wait\n"
        "async def main():\n"
        "    instance.start_warm_up()\n"
        "asyncio.run(main())\n"
        "print('stopped')\n"
    )
    finished = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert finished.stdout.strip() == "stopped"
    assert finished.returncode == 0

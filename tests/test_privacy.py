"""The resident's data rights: what is stored, sent on request; erased on request."""

from __future__ import annotations

import json

from aiogram.methods import SendDocument
from sqlalchemy import inspect, select, text

from bot.area import Privacy
from bot.views.callbacks import ForgetCallback, ForgetChoice, IdeaVoteCallback
from db.models import Idea, SafetyReport
from handlers.privacy import privacy_text
from tests.ideas.helpers import count_votes, seed_idea
from tests.safety.helpers import report
from tests.support.i18n import in_language

RESIDENT = 960_001


async def _every_value(session_factory) -> str:
    """Every cell of every table, as one text to search."""
    async with session_factory() as session:
        connection = await session.connection()
        tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
        cells = []
        for table in tables:
            rows = await session.execute(text(f'SELECT * FROM "{table}"'))
            cells += [str(value) for row in rows for value in row]
    return " ".join(cells)


async def _active(person, session_factory):
    resident = person(RESIDENT, "so", first_name="Sahra", username="sahra_r")
    await resident.send("/start")
    own = await seed_idea(session_factory, RESIDENT, "Waxaan rabaa kuraas badan oo beerta ah")
    other = await seed_idea(session_factory, 960_002, "Bättre belysning vid Fjällsippan")
    await resident.press_data(IdeaVoteCallback(idea_id=other).pack())
    await report(resident, "Nalka wadada ayaa jaban", photo=False)
    return resident, own, other


async def test_privacy_is_explained_in_somali(person, i18n, dispatcher, settings) -> None:
    reply = await person(960_010, "so").send("/privacy")
    expected = in_language(i18n, "so", lambda: privacy_text(dispatcher["area"], settings, "so"))
    assert reply.texts == [expected]
    assert expected != in_language(
        i18n, "en", lambda: privacy_text(dispatcher["area"], settings, "en")
    )


async def test_mydata_has_everything_about_me_and_nothing_else(person, session_factory) -> None:
    resident, own, other = await _active(person, session_factory)
    reply = await resident.send("/mydata")
    document = next(r for r in reply.requests if isinstance(r, SendDocument))
    data = json.loads(document.document.data)
    assert data["resident"]["telegram_id"] == RESIDENT
    assert [idea["reference"] for idea in data["ideas"]] == [f"#{own}"]
    assert [vote["idea"] for vote in data["supported_ideas"]] == [f"#{other}"]
    assert len(data["safety_reports"]) == 1
    assert "960002" not in document.document.data.decode()
    assert "Bättre belysning" not in document.document.data.decode()


async def test_forget_erases_the_telegram_id_everywhere(person, session_factory) -> None:
    resident, own, other = await _active(person, session_factory)
    assert await count_votes(session_factory, other) == 1
    await resident.send("/forget")
    done = await resident.press_data(ForgetCallback(choice=ForgetChoice.KEEP_CONTRIBUTIONS).pack())
    assert done.texts
    everything = await _every_value(session_factory)
    assert str(RESIDENT) not in everything
    assert "Sahra" not in everything
    assert await count_votes(session_factory, other) == 0
    async with session_factory() as session:
        kept = await session.get(Idea, own)
        assert kept is not None
        assert kept.author_id is None
        assert await session.scalar(select(SafetyReport.id)) is not None


async def test_forget_everything_deletes_what_i_sent(person, session_factory) -> None:
    resident, own, _other = await _active(person, session_factory)
    await resident.send("/forget")
    await resident.press_data(ForgetCallback(choice=ForgetChoice.DELETE_EVERYTHING).pack())
    async with session_factory() as session:
        assert await session.get(Idea, own) is None
        assert await session.scalar(select(SafetyReport.id)) is None
    assert str(RESIDENT) not in await _every_value(session_factory)


async def test_cancel_keeps_everything(person, session_factory) -> None:
    resident, _own, _other = await _active(person, session_factory)
    await resident.send("/forget")
    await resident.press_data(ForgetCallback(choice=ForgetChoice.CANCEL).pack())
    assert str(RESIDENT) in await _every_value(session_factory)


async def test_an_area_that_keeps_nothing_offers_only_full_erasure(
    person, session_factory, dispatcher
) -> None:
    area = dispatcher["area"]
    dispatcher["area"] = area.model_copy(
        update={"privacy": Privacy(keep_contributions_after_erasure=False)}
    )
    resident, own, _other = await _active(person, session_factory)
    asked = await resident.send("/forget")
    keep = ForgetCallback(choice=ForgetChoice.KEEP_CONTRIBUTIONS).pack()
    assert keep not in [button.callback_data for button in asked.buttons()]
    # A keep button from before the profile changed keeps nothing either.
    await resident.press_data(keep)
    async with session_factory() as session:
        assert await session.get(Idea, own) is None
    assert str(RESIDENT) not in await _every_value(session_factory)

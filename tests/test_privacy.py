"""The resident's data rights: what is stored, sent on request; erased on request."""

from __future__ import annotations

import json

from aiogram.methods import SendDocument
from sqlalchemy import inspect, select, text

from bot.area import Privacy
from bot.services.idea_submission import IdeaDraft, submit_idea
from bot.services.moderation import flag_idea
from bot.services.personal_data import collect_personal_data
from bot.services.polls import NewPoll, create_poll
from bot.services.residents import register_contact
from bot.services.safety import ReportDraft, record_answer, record_question, submit_report
from bot.services.votes import toggle_vote
from bot.views.callbacks import ForgetCallback, ForgetChoice, IdeaVoteCallback
from db.models import (
    FlagReason,
    Idea,
    PollAnswer,
    PollChoice,
    PollOption,
    SafetyCategory,
    SafetyReport,
    TimeOfDay,
    Visibility,
    WhenHappened,
)
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


async def _registered(session, telegram_id: int, language_code: str):
    contact = await register_contact(
        session,
        telegram_id=telegram_id,
        language_code=language_code,
        default_locale="sv",
        admin_ids=(),
    )
    await session.flush()
    return contact.resident


async def _answer_poll(session, resident_id: int, positions: list[int]) -> int:
    new = NewPoll(
        question={"sv": "Vilken dag passar för städdagen?"},
        options=[{"sv": "Lördag"}, {"sv": "Söndag"}, {"sv": "Måndag"}],
        multiple_choice=True,
        shows_results=True,
        closes_at=None,
        audience_language=None,
    )
    poll, _broadcast = await create_poll(session, new, created_by_id=None)
    answer = PollAnswer(poll_id=poll.id, resident_id=resident_id, language="so")
    session.add(answer)
    await session.flush()
    options = await session.scalars(
        select(PollOption).where(PollOption.poll_id == poll.id, PollOption.position.in_(positions))
    )
    for option in options:
        session.add(PollChoice(answer_id=answer.id, option_id=option.id))
    await session.flush()
    return poll.id


async def _report_and_talk(session, resident_id: int, staff_id: int) -> SafetyReport:
    """An anonymous report, a question from staff and the resident's answer."""
    draft = ReportDraft(
        category=SafetyCategory.LIGHTING,
        happened=WhenHappened.RECURRING,
        time_of_day=TimeOfDay.EVENING,
        visibility=Visibility.ANONYMOUS,
        language="so",
        body="Nalka wadada ayaa jaban",
        place_text="Jidka baarkinka",
    )
    _outcome, sent = await submit_report(session, resident_id, draft, daily_limit=5)
    assert sent is not None
    await record_question(session, sent.id, staff_id, "Vilken lampa?")
    await record_answer(session, sent.id, resident_id, "Tan labaad")
    return sent


async def test_an_access_request_holds_each_kind_of_fact_and_no_one_elses(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        me = await _registered(session, RESIDENT, "so")
        neighbour = await _registered(session, 960_002, "sv")
        mine = IdeaDraft(category="outdoor", body="Kuraas badan oo beerta ah", language="so")
        _outcome, own = await submit_idea(session, me.id, mine, daily_limit=5)
        theirs_draft = IdeaDraft(category="outdoor", body="Bänkar vid Fjällsippan", language="sv")
        _outcome, theirs = await submit_idea(session, neighbour.id, theirs_draft, daily_limit=5)
        await toggle_vote(session, theirs, me.id, support=True)
        await toggle_vote(session, own, neighbour.id, support=True)
        await flag_idea(session, theirs, me.id, FlagReason.SPAM, threshold=3)
        poll_id = await _answer_poll(session, me.id, [1, 3])
        sent = await _report_and_talk(session, me.id, neighbour.id)
        data = await collect_personal_data(session, me)

    assert list(data) == [
        "resident",
        "ideas",
        "supported_ideas",
        "followed_ideas",
        "poll_answers",
        "reported_as_inappropriate",
        "safety_reports",
        "messages_with_staff",
        "pending_messages",
    ]
    assert (data["resident"]["telegram_id"], data["resident"]["language"]) == (RESIDENT, "so")
    assert [(idea["reference"], idea["text"]) for idea in data["ideas"]] == [
        (f"#{own}", "Kuraas badan oo beerta ah")
    ]
    assert [vote["idea"] for vote in data["supported_ideas"]] == [f"#{theirs}"]
    assert sorted(data["followed_ideas"]) == sorted([f"#{own}", f"#{theirs}"])
    assert [(a["poll"], a["options"]) for a in data["poll_answers"]] == [(f"#{poll_id}", [1, 3])]
    assert [(f["idea"], f["reason"]) for f in data["reported_as_inappropriate"]] == [
        (f"#{theirs}", "spam")
    ]
    assert [(r["reference"], r["place"], r["visibility"]) for r in data["safety_reports"]] == [
        (sent.reference, "Jidka baarkinka", "anonymous")
    ]
    assert sorted(
        (m["report"], m["direction"], m["text"]) for m in data["messages_with_staff"]
    ) == sorted(
        [
            (sent.reference, "to_resident", "Vilken lampa?"),
            (sent.reference, "from_resident", "Tan labaad"),
        ]
    )
    assert all(m["at"] for m in data["messages_with_staff"])
    assert "960002" not in json.dumps(data)


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

"""After sending: status changes reach followers once each, /my, withdrawing, flags."""

from __future__ import annotations

from aiogram.methods import SendMessage
from sqlalchemy import select

from bot.delivery.outbox import deliver_pending, status_change_text
from bot.services.lifecycle import change_idea_status
from bot.views.callbacks import IdeaFlagCallback, IdeaVoteCallback, IdeaWithdrawCallback
from db.models import FlagReason, Idea, IdeaStatus, Notification, Resident
from tests.ideas.helpers import seed_idea
from tests.support.i18n import in_language


async def _set_status(session_factory, idea_id: int, status: IdeaStatus, note: str | None):
    async with session_factory() as session, session.begin():
        idea = await session.get(Idea, idea_id)
        assert idea is not None
        await change_idea_status(session, idea, status, actor_id=None, note=note)


async def test_each_follower_hears_of_a_change_once_in_their_language(
    person, session_factory, bot, i18n
) -> None:
    idea_id = await seed_idea(session_factory, 800, "فكرة: مقاعد أكثر قرب الملعب")
    async with session_factory() as session, session.begin():
        author = await session.scalar(select(Resident).where(Resident.telegram_id == 800))
        assert author is not None
        author.language = "ar"
    follower = person(801, "fi")
    await follower.press_data(IdeaVoteCallback(idea_id=idea_id).pack())
    await _set_status(session_factory, idea_id, IdeaStatus.PLANNED, "Vi bygger i vår.")

    sent_before = len(bot.session.requests)
    assert await deliver_pending(bot, i18n, session_factory) == 2
    messages = [r for r in bot.session.requests[sent_before:] if isinstance(r, SendMessage)]
    by_chat = {int(message.chat_id): message.text for message in messages}
    assert by_chat == {
        800: in_language(
            i18n, "ar", lambda: status_change_text(idea_id, IdeaStatus.PLANNED, "Vi bygger i vår.")
        ),
        801: in_language(
            i18n, "fi", lambda: status_change_text(idea_id, IdeaStatus.PLANNED, "Vi bygger i vår.")
        ),
    }
    assert "Vi bygger i vår." in by_chat[801]
    # Nothing is sent twice.
    assert await deliver_pending(bot, i18n, session_factory) == 0


async def test_a_resident_who_blocked_the_bot_is_marked_and_skipped(
    person, session_factory, bot, i18n, monkeypatch
) -> None:
    from aiogram.exceptions import TelegramForbiddenError

    idea_id = await seed_idea(session_factory, 802, "Belysning vid Fjällsippan")

    async def refuse(*args, **kwargs):
        raise TelegramForbiddenError(method=None, message="Forbidden: bot was blocked by the user")

    monkeypatch.setattr(bot, "send_message", refuse)
    await _set_status(session_factory, idea_id, IdeaStatus.UNDER_REVIEW, None)
    assert await deliver_pending(bot, i18n, session_factory) == 1
    async with session_factory() as session:
        author = await session.scalar(select(Resident).where(Resident.telegram_id == 802))
        notification = await session.scalar(select(Notification))
    assert author is not None
    assert author.blocked_bot
    assert notification is not None
    assert notification.failed
    assert await deliver_pending(bot, i18n, session_factory) == 0


async def test_my_ideas_and_withdrawing(person, session_factory) -> None:
    author = person(803, "en")
    await author.send("/start")
    own = await seed_idea(session_factory, 803, "A bench by the allotment gardens please")
    other = await seed_idea(session_factory, 804, "Table tennis near the school yard")
    await author.press_data(IdeaVoteCallback(idea_id=other).pack())

    overview = await author.send("/my")
    assert f"#{own}" in overview.text
    assert f"#{other}" in overview.text
    await author.press(f"Withdraw #{own}", overview)
    confirmed = await author.press_data(IdeaWithdrawCallback(idea_id=own, confirmed=True).pack())
    assert confirmed.texts == [f"Idea #{own} is withdrawn."]

    assert "allotment" not in (await person(805, "en").send("/ideas")).text
    again = await author.press_data(IdeaWithdrawCallback(idea_id=own, confirmed=True).pack())
    assert again.texts == [f"Idea #{own} cannot be withdrawn any more."]
    forged = await person(805, "en").press_data(
        IdeaWithdrawCallback(idea_id=other, confirmed=True).pack()
    )
    assert forged.texts == [f"Idea #{other} cannot be withdrawn any more."]
    async with session_factory() as session:
        status = await session.scalar(select(Idea.status).where(Idea.id == other))
    assert status is IdeaStatus.RECEIVED


async def test_three_different_residents_hide_an_idea(person, session_factory) -> None:
    idea_id = await seed_idea(session_factory, 806, "Buy cheap watches at example dot com")
    flag = IdeaFlagCallback(idea_id=idea_id, reason=FlagReason.SPAM).pack()
    first = person(807, "en")
    await first.press_data(flag)
    again = await first.press_data(flag)
    assert again.texts == ["You have already reported this idea. Thank you."]
    await person(808, "en").press_data(flag)
    async with session_factory() as session:
        assert (await session.get(Idea, idea_id)).hidden is False
    await person(809, "en").press_data(flag)
    async with session_factory() as session:
        assert (await session.get(Idea, idea_id)).hidden is True
    assert "watches" not in (await person(810, "en").send("/ideas")).text


async def test_safety_words_are_not_hidden_by_themselves(person, session_factory) -> None:
    idea_id = await seed_idea(
        session_factory, 811, "Det dealas knark och folk slåss i tunneln vid Fjällkåpan på natten"
    )
    listing = await person(812, "sv").send("/ideas")
    assert f"#{idea_id}" in listing.text

"""Bans from the review screen: audited, told once in their language, then ignored."""

from __future__ import annotations

from sqlalchemy import select

from bot.services.review import QueueKind
from bot.views.callbacks import (
    IdeaVoteCallback,
    ReviewAction,
    ReviewActionCallback,
    ReviewOpenCallback,
)
from db.models import AuditEntry, IdeaVote, Resident
from tests.ideas.helpers import seed_idea
from tests.safety.helpers import make_staff
from tests.support.i18n import in_language

AUTHOR = 981_010
NOTICE = (
    "Staff have stopped your access to this bot, so it will not answer you any more. "
    "If you think this is a mistake, contact {operator}."
)


async def test_a_banned_author_is_told_once_then_ignored_until_the_ban_is_lifted(
    person, session_factory, dispatcher, i18n
) -> None:
    idea_id = await seed_idea(session_factory, AUTHOR, "Gratis parkering för alla hela tiden")
    author = person(AUTHOR, "so")
    await author.send("/language")  # the author is a known resident writing in Somali
    async with session_factory() as session, session.begin():
        resident = await session.scalar(select(Resident).where(Resident.telegram_id == AUTHOR))
        assert resident is not None
        resident.language = "so"
    staff = person(981_001, "sv")
    await make_staff(session_factory, staff)

    opened = await staff.press_data(
        ReviewOpenCallback(kind=QueueKind.IDEAS, item_id=idea_id).pack()
    )
    await staff.press("🚫", opened)
    done = await staff.send("Hot mot andra boende i flera idéer")
    assert f"#{idea_id}" in done.text

    operator = dispatcher["area"].area.operator
    notice = in_language(i18n, "so", lambda: i18n.gettext(NOTICE)).format(operator=operator)
    first = await author.send("/start")
    assert first.texts == [notice]
    assert (await author.send("Varför?")).requests == []
    pressed = await author.press_data(IdeaVoteCallback(idea_id=idea_id).pack())
    assert [type(r).__name__ for r in pressed.requests] == ["AnswerCallbackQuery"]
    assert pressed.alerts == []
    async with session_factory() as session:
        assert (await session.scalars(select(IdeaVote))).all() == []
        actions = (await session.scalars(select(AuditEntry.action))).all()
    assert "ban" in actions

    reopened = await staff.press_data(
        ReviewOpenCallback(kind=QueueKind.IDEAS, item_id=idea_id).pack()
    )
    await staff.press("✅", reopened)
    served = await author.send("/start")
    assert served.texts
    assert notice not in served.texts
    async with session_factory() as session:
        actions = (await session.scalars(select(AuditEntry.action))).all()
    assert "unban" in actions


async def test_staff_cannot_ban_someone_with_a_role(person, session_factory, i18n) -> None:
    staff = person(981_101, "sv")
    await make_staff(session_factory, staff)
    idea_id = await seed_idea(session_factory, 981_102, "En idé från en kollega i personalen")
    colleague = person(981_102, "sv")
    await make_staff(session_factory, colleague)
    opened = await staff.press_data(
        ReviewOpenCallback(kind=QueueKind.IDEAS, item_id=idea_id).pack()
    )
    assert not any("🚫" in button.text for button in opened.buttons())
    # A forged ban press still bans nobody.
    await staff.press_data(ReviewActionCallback(idea_id=idea_id, action=ReviewAction.BAN).pack())
    reply = await staff.send("Test")
    assert reply.texts == [
        i18n.gettext(
            "The author is staff, an organiser or an administrator and cannot be banned.",
            locale="sv",
        )
    ]
    async with session_factory() as session:
        banned = await session.scalar(
            select(Resident.banned_at).where(Resident.telegram_id == 981_102)
        )
    assert banned is None

"""Staff review: status with a note reaches people in their language; merge, hide, refuse."""

from __future__ import annotations

import pytest
from aiogram.methods import SendMessage
from sqlalchemy import func, select, update

from bot.delivery.outbox import deliver_pending, status_change_text
from bot.i18n.languages import LANGUAGES
from bot.services.review import QueueKind
from bot.views.callbacks import (
    IdeaFlagCallback,
    IdeaVoteCallback,
    ReviewAction,
    ReviewActionCallback,
    ReviewListCallback,
    ReviewOpenCallback,
    ReviewStatusCallback,
)
from db.models import AuditEntry, FlagReason, Idea, IdeaStatus, IdeaVote, Resident
from tests.ideas.helpers import count_votes, seed_idea
from tests.safety.helpers import make_staff
from tests.support.i18n import in_language

ARABIC_IDEA = "نقترح زراعة أشجار على طول الطريق الدائري"


async def _staff(person, session_factory):
    staff = person(980_001, "sv")
    await make_staff(session_factory, staff)
    return staff


async def test_a_status_with_a_note_reaches_author_and_follower_once_each(
    person, session_factory, bot, i18n
) -> None:
    idea_id = await seed_idea(session_factory, 980_010, ARABIC_IDEA)
    async with session_factory() as session, session.begin():
        await session.execute(
            update(Resident).where(Resident.telegram_id == 980_010).values(language="ar")
        )
    await person(980_011, "fi").press_data(IdeaVoteCallback(idea_id=idea_id).pack())
    staff = await _staff(person, session_factory)

    opened = await staff.press_data(
        ReviewOpenCallback(kind=QueueKind.IDEAS, item_id=idea_id).pack()
    )
    assert ARABIC_IDEA in opened.text
    await staff.press_data(ReviewActionCallback(idea_id=idea_id, action=ReviewAction.STATUS).pack())
    await staff.press_data(ReviewStatusCallback(idea_id=idea_id, status=IdeaStatus.PLANNED).pack())
    await staff.send("Vi planterar i april.")

    before = len(bot.session.requests)
    assert await deliver_pending(bot, i18n, session_factory) == 2
    sent = {
        int(r.chat_id): r.text for r in bot.session.requests[before:] if isinstance(r, SendMessage)
    }
    note = "Vi planterar i april."
    assert sent == {
        980_010: in_language(
            i18n, "ar", lambda: status_change_text(idea_id, IdeaStatus.PLANNED, note)
        ),
        980_011: in_language(
            i18n, "fi", lambda: status_change_text(idea_id, IdeaStatus.PLANNED, note)
        ),
    }
    async with session_factory() as session:
        actions = list(await session.scalars(select(AuditEntry.action)))
    assert "idea.status" in actions


async def test_merging_a_duplicate_moves_support_without_double_votes(
    person, session_factory
) -> None:
    original = await seed_idea(session_factory, 980_020, "Fler bänkar vid lekplatsen i parken")
    duplicate = await seed_idea(session_factory, 980_021, "Bänkar till lekplatsen tack")
    both = person(980_022, "sv")
    await both.press_data(IdeaVoteCallback(idea_id=original).pack())
    await both.press_data(IdeaVoteCallback(idea_id=duplicate).pack())
    await person(980_023, "sv").press_data(IdeaVoteCallback(idea_id=duplicate).pack())

    staff = await _staff(person, session_factory)
    await staff.press_data(
        ReviewActionCallback(idea_id=duplicate, action=ReviewAction.DUPLICATE).pack()
    )
    await staff.send(f"#{original}")
    assert await count_votes(session_factory, original) == 2
    assert await count_votes(session_factory, duplicate) == 0
    async with session_factory() as session:
        merged = await session.get(Idea, duplicate)
    assert merged is not None
    assert (merged.status, merged.duplicate_of_id) == (IdeaStatus.DUPLICATE, original)


async def test_hidden_by_flags_comes_first_and_can_be_shown_again(person, session_factory) -> None:
    flagged = await seed_idea(session_factory, 980_030, "Köp billiga klockor på nätet nu")
    newer = await seed_idea(session_factory, 980_031, "Odlingslådor på innergården")
    for reporter in range(3):
        await person(980_040 + reporter, "sv").press_data(
            IdeaFlagCallback(idea_id=flagged, reason=FlagReason.SPAM).pack()
        )
    staff = await _staff(person, session_factory)
    queue = await staff.press_data(ReviewListCallback().pack())
    labels = [button.text for button in queue.buttons()]
    assert labels.index(f"🙈 #{flagged}") < labels.index(f"#{newer}")

    await staff.press_data(
        ReviewActionCallback(idea_id=flagged, action=ReviewAction.RESTORE).pack()
    )
    await staff.send("Granskad: inte reklam")
    async with session_factory() as session:
        assert (await session.get(Idea, flagged)).hidden is False
        entry = await session.scalar(select(AuditEntry).where(AuditEntry.action == "idea.restore"))
    assert entry is not None
    assert entry.details["reason"] == "Granskad: inte reklam"


@pytest.mark.parametrize("language_code", list(LANGUAGES))
async def test_residents_cannot_use_staff_commands(person, i18n, language_code: str) -> None:
    resident = person(980_050, language_code)
    for command, msgid in (
        ("/review", "Sorry, only staff can use this command."),
        ("/export", "Sorry, only staff can use this command."),
        ("/audit", "Sorry, only administrators can use this command."),
    ):
        reply = await resident.send(command)
        assert reply.texts == [in_language(i18n, language_code, lambda m=msgid: i18n.gettext(m))]


async def test_a_forged_review_button_changes_nothing(person, session_factory) -> None:
    idea_id = await seed_idea(session_factory, 980_060, "En boulebana vid parken")
    intruder = person(980_061, "en")
    await intruder.press_data(ReviewStatusCallback(idea_id=idea_id, status=IdeaStatus.DONE).pack())
    await intruder.send("done!")
    async with session_factory() as session:
        assert (await session.get(Idea, idea_id)).status is IdeaStatus.RECEIVED
        assert await session.scalar(select(func.count()).select_from(IdeaVote)) == 0


async def test_the_audit_log_for_administrators(person, session_factory) -> None:
    from tests.conftest import ADMIN_ID

    admin = person(ADMIN_ID, "en")
    await admin.send("/invite staff")
    reply = await admin.send("/audit")
    assert "invite.create" in reply.text

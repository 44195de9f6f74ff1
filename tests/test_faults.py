"""Faults: the database failing for a moment, PostgreSQL restarting, Telegram failing.

What a resident was told is saved is saved; what failed is answered with "try again" in
their language and can be tried again without retyping anything.
"""

from __future__ import annotations

import asyncpg
import pytest
from aiogram.exceptions import TelegramNetworkError, TelegramServerError
from aiogram.methods import SendMessage
from sqlalchemy import select

from bot.delivery.outbox import deliver_pending
from bot.views.callbacks import IdeaVoteCallback, WizardAction
from db.models import Idea, IdeaStatus, Notification
from tests.ideas.helpers import count_ideas, seed_idea, wizard_action, write_idea
from tests.support.database import postgres_unreachable_reason
from tests.support.faults import APOLOGY, failing_once
from tests.support.i18n import in_language

IDEA = "Fler cykelställ vid Rannebergsvägen, gärna med tak"


async def test_a_failed_save_is_apologised_for_and_the_draft_survives(
    person, session_factory, i18n
) -> None:
    author = person(991_001, "so")
    await author.send("/start")
    await write_idea(author, IDEA)
    await wizard_action(author, WizardAction.NEXT)
    with failing_once(session_factory, "INSERT INTO IDEAS") as failed:
        refused = await wizard_action(author, WizardAction.SEND)
    assert failed, "the fault was not injected"
    apology = in_language(i18n, "so", lambda: i18n.gettext(APOLOGY))
    assert refused.alerts == [apology[:200]]
    assert await count_ideas(session_factory) == 0  # nothing half-saved

    # The draft is still there: the same button saves it, once.
    sent = await wizard_action(author, WizardAction.SEND)
    assert "#1" in sent.text
    assert await count_ideas(session_factory) == 1
    assert (await wizard_action(author, WizardAction.SEND)).alerts  # a stale Send now
    assert await count_ideas(session_factory) == 1


async def test_a_vote_that_failed_to_save_can_be_given_again(person, session_factory, i18n) -> None:
    idea_id = await seed_idea(session_factory, 991_010, IDEA)
    voter = person(991_011, "ar")
    await voter.send("/start")
    with failing_once(session_factory, "INSERT INTO IDEA_VOTES"):
        refused = await voter.press_data(IdeaVoteCallback(idea_id=idea_id).pack())
    assert refused.alerts == [in_language(i18n, "ar", lambda: i18n.gettext(APOLOGY))[:200]]
    supported = await voter.press_data(IdeaVoteCallback(idea_id=idea_id).pack())
    assert supported.alerts == [
        in_language(
            i18n,
            "ar",
            lambda: i18n.gettext("Thank you for your support! I will tell you what happens."),
        )
    ]


@pytest.mark.parametrize(
    "wait_ms",
    [
        # The update comes before asyncpg has seen the socket close: the connection is
        # not closed yet, and the first statement on it fails (InternalClientError).
        0,
        # It comes after: asyncpg knows the connections are closed.
        10_000,
    ],
)
async def test_the_bot_carries_on_after_postgresql_restarts(
    person, session_factory, database_url, wait_ms
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only: set TEST_DATABASE_URL to run it")
    if reason := postgres_unreachable_reason(database_url):
        pytest.skip(reason)
    resident = person(991_020, "fi")
    await resident.send("/start")
    # What a restart does to the bot: every connection it holds is cut, the hot paths'
    # and SQLAlchemy's, and asyncpg learns of it only when it next uses one.
    cutter = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    try:
        # With a timeout, pg_terminate_backend returns once each one is gone.
        cut = await cutter.fetch(
            "SELECT pg_terminate_backend(pid, $1) AS gone FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()",
            wait_ms,
        )
    finally:
        await cutter.close()
    assert cut
    assert all(row["gone"] for row in cut)
    await write_idea(resident, IDEA)
    await wizard_action(resident, WizardAction.NEXT)
    sent = await wizard_action(resident, WizardAction.SEND)
    assert "#1" in sent.text


@pytest.mark.parametrize(
    "failure",
    [
        TelegramServerError(method=None, message="Bad Gateway"),
        TelegramNetworkError(method=None, message="Request timeout error"),
    ],
)
async def test_a_notification_telegram_fails_to_take_is_sent_in_a_later_round(
    person, session_factory, bot, i18n, failure
) -> None:
    from bot.services.lifecycle import change_idea_status

    idea_id = await seed_idea(session_factory, 991_030, IDEA)
    async with session_factory() as session, session.begin():
        idea = await session.get(Idea, idea_id)
        assert idea is not None
        await change_idea_status(session, idea, IdeaStatus.PLANNED, actor_id=None, note=None)

    calls: list[int] = []

    def fail_first_send(method) -> None:
        if isinstance(method, SendMessage):
            calls.append(1)
            if len(calls) == 1:
                raise failure

    bot.session._on_request = fail_first_send

    async def notification() -> Notification:
        async with session_factory() as session:
            found = await session.scalar(select(Notification))
        assert found is not None
        return found

    await deliver_pending(bot, i18n, session_factory)
    assert (await notification()).sent_at is None  # not marked sent: Telegram did not take it
    await deliver_pending(bot, i18n, session_factory)
    async with session_factory() as session:
        # Delivered: the row is gone (it would only say who was told about what).
        assert await session.scalar(select(Notification)) is None
    assert await deliver_pending(bot, i18n, session_factory) == 0  # nothing left, not twice
    assert len(calls) == 2

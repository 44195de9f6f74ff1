"""Erasure: a resident forgotten takes with them only what is theirs, and their ideas and
reports stay, linked to nobody, only if the area keeps contributions; who counts as
inactive is decided to the second and never includes staff."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.services.attachments import attach_photos
from bot.services.personal_data import forget_resident, inactive_residents
from bot.services.safety import reporter_of
from db.models import Attachment, Idea, Resident, Role, SafetyReport
from tests.rules.helpers import NOW, new_idea, new_resident
from tests.rules.test_lifecycle_rules import report_by


@pytest.mark.parametrize("keep", [True, False], ids=["keeping", "deleting"])
async def test_forgetting_a_resident_touches_only_their_own_contributions(
    session_factory, keep: bool
) -> None:
    async with session_factory() as session, session.begin():
        leaving, staying = await new_resident(session, 1), await new_resident(session, 2)
        my_idea = await new_idea(session, leaving.id, "Benches by the playground")
        their_idea = await new_idea(session, staying.id, "Lamps along the path")
        my_report = await report_by(session, leaving.id, "The lamp by the path is out")
        their_report = await report_by(session, staying.id, "Broken glass at the bus stop")
        for number, (idea_id, report_id) in enumerate(
            [(my_idea, None), (None, my_report), (their_idea, None), (None, their_report)]
        ):
            attach_photos(session, [f"photo-{number}-a", f"photo-{number}-b"],
                          idea_id=idea_id, report_id=report_id)  # fmt: skip

    async with session_factory() as session, session.begin():
        await forget_resident(session, leaving.id, keep_contributions=keep)

    async with session_factory() as session:
        residents = set(await session.scalars(select(Resident.id)))
        ideas = dict(list(await session.execute(select(Idea.id, Idea.author_id))))
        reports = set(await session.scalars(select(SafetyReport.id)))
        their_reporter = await reporter_of(session, their_report)
        my_reporter = await reporter_of(session, my_report)
        photos = set(await session.scalars(select(Attachment.file_id)))

    assert residents == {staying.id}
    assert their_reporter.id == staying.id
    assert my_reporter is None
    theirs = {"photo-2-a", "photo-2-b", "photo-3-a", "photo-3-b"}
    if keep:
        assert ideas == {my_idea: None, their_idea: staying.id}
        assert reports == {my_report, their_report}
        # The photos stay with the contributions, which are linked to nobody now.
        assert photos == theirs | {"photo-0-a", "photo-0-b", "photo-1-a", "photo-1-b"}
    else:
        assert ideas == {their_idea: staying.id}
        assert reports == {their_report}
        assert photos == theirs


async def test_inactive_means_silent_for_the_whole_period_and_a_plain_resident(
    session_factory,
) -> None:
    silence = timedelta(days=730)
    async with session_factory() as session, session.begin():
        silent = await new_resident(session, 1)
        almost = await new_resident(session, 2)
        silent_staff = await new_resident(session, 3, role=Role.STAFF)
        silent_organiser = await new_resident(session, 4, role=Role.ORGANISER)
        for resident in (silent, silent_staff, silent_organiser):
            resident.last_seen_at = NOW - silence
        almost.last_seen_at = NOW - silence + timedelta(seconds=1)

    async with session_factory() as session:
        inactive = await inactive_residents(session, silence, NOW)

    assert inactive == [silent.id]

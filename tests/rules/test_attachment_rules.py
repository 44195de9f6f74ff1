"""Photos come back in the order the resident sent them, whatever order they were stored
in, and each idea or report has only its own."""

from __future__ import annotations

from bot.services.attachments import idea_photos, report_photos
from bot.services.safety import ReportOutcome, submit_report
from db.models import Attachment, Visibility
from tests.rules.helpers import NOW, new_idea, new_resident
from tests.rules.test_safety_rules import draft


async def test_photos_come_back_by_their_position_each_with_its_own_owner(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        resident = await new_resident(session, 1)
        ideas = [await new_idea(session, resident.id, f"Benches, idea {n}") for n in (1, 2)]
        reports = []
        for body in ("The lamp at door 4 is out", "The door at number 6 is broken"):
            outcome, report = await submit_report(
                session, resident.id, draft(body, Visibility.PRIVATE), daily_limit=10, now=NOW
            )
            assert outcome is ReportOutcome.SAVED
            reports.append(report.id)
        # Stored last position first, as a retried upload might.
        for position in (2, 1, 0):
            for owner, idea_id, report_id in (
                ("idea", ideas[0], None),
                ("other-idea", ideas[1], None),
                ("report", None, reports[0]),
                ("other-report", None, reports[1]),
            ):
                session.add(
                    Attachment(
                        idea_id=idea_id,
                        report_id=report_id,
                        position=position,
                        file_id=f"{owner}-{position}",
                    )
                )
            await session.flush()

    async with session_factory() as session:
        photos = (await idea_photos(session, ideas[0]), await report_photos(session, reports[0]))

    assert photos == (("idea-0", "idea-1", "idea-2"), ("report-0", "report-1", "report-2"))

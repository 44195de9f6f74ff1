"""Edits of a safety report's own words while it is a draft, and after it is sent."""

from __future__ import annotations

from sqlalchemy import select

from bot.services.safety import BODY_MAX
from bot.views.callbacks import (
    ReportAction,
    ReportCategoryCallback,
    ReportTimeCallback,
    ReportVisibilityCallback,
    ReportWhenCallback,
)
from db.models import SafetyCategory, SafetyReport, TimeOfDay, Visibility, WhenHappened
from tests.safety.helpers import step

FIRST = "Lampan vid entrén på Fjällkåpan 12 är trasig och det är mörkt hela kvällen"
CORRECTED = "Lamporna vid entrén och i trappan på Fjällkåpan 12 är trasiga sedan i måndags"


async def _describe(person, text: str) -> int:
    """From /report to the photo step; the id of the message the words came from."""
    await person.send("/report")
    await person.press_data(step(ReportAction.START))
    await person.press_data(ReportCategoryCallback(category=SafetyCategory.LIGHTING).pack())
    await person.send_location(57.8135, 12.0528)
    await person.press_data(ReportWhenCallback(happened=WhenHappened.RECURRING).pack())
    await person.press_data(ReportTimeCallback(time_of_day=TimeOfDay.EVENING).pack())
    await person.send(text)
    return person.last_message_id


async def _stored_bodies(session_factory) -> list[str | None]:
    async with session_factory() as session:
        return list(await session.scalars(select(SafetyReport.body)))


async def test_an_edit_while_drafting_changes_the_report_that_is_sent(
    person, session_factory
) -> None:
    reporter = person(5301, "fi")
    written = await _describe(reporter, FIRST)

    assert (await reporter.edit(written, CORRECTED)).texts == ["Ilmoituksesi teksti on muutettu."]
    refused = await reporter.edit(written, "x" * (BODY_MAX + 1))
    assert refused.texts == [
        f"En ottanut tätä muutosta: kuvauksen pituuden pitää olla 1–{BODY_MAX} merkkiä. "
        "Ilmoituksesi teksti pysyy ennallaan."
    ]
    await reporter.press_data(step(ReportAction.NEXT))
    preview = await reporter.press_data(
        ReportVisibilityCallback(visibility=Visibility.ANONYMOUS).pack()
    )
    assert CORRECTED in preview.text
    assert FIRST not in preview.text
    await reporter.press_data(step(ReportAction.SEND))

    assert await _stored_bodies(session_factory) == [CORRECTED]


async def test_an_edit_at_the_preview_shows_it_again_and_after_sending_it_is_explained(
    person, session_factory
) -> None:
    reporter = person(5302, "so")
    written = await _describe(reporter, FIRST)
    await reporter.press_data(step(ReportAction.NEXT))
    await reporter.press_data(ReportVisibilityCallback(visibility=Visibility.PRIVATE).pack())

    shown_again = await reporter.edit(written, CORRECTED)
    assert CORRECTED in shown_again.text
    await reporter.press_data(step(ReportAction.SEND))
    late = await reporter.edit(written, "Something else entirely, written afterwards")

    assert late.texts == [
        "Warbixintan horay ayaa loo diray, markaa isbeddelkaagu ma gaarayo. Haddii wax "
        "cusub dhacaan, dir warbixin cusub adigoo isticmaalaya /report."
    ]
    assert await _stored_bodies(session_factory) == [CORRECTED]
    # An edit of any other message is not answered.
    await reporter.send("/help")
    assert (await reporter.edit(reporter.last_message_id, "/start")).requests == []

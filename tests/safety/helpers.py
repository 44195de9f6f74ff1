"""Steps shared by the safety tests."""

from __future__ import annotations

from sqlalchemy import update

from bot.views.callbacks import (
    ReportAction,
    ReportCategoryCallback,
    ReportStepCallback,
    ReportTimeCallback,
    ReportVisibilityCallback,
    ReportWhenCallback,
)
from db.models import Resident, Role, SafetyCategory, TimeOfDay, Visibility, WhenHappened
from tests.support.telegram import Person, Reply


def step(action: ReportAction) -> str:
    return ReportStepCallback(action=action).pack()


async def report(
    person: Person,
    text: str,
    *,
    visibility: Visibility = Visibility.PRIVATE,
    location: tuple[float, float] = (57.8135, 12.0528),
    photo: bool = True,
) -> Reply:
    """The whole flow, from /report to Send; returns the answer to Send."""
    await fill_in_report(person, text, visibility=visibility, location=location, photo=photo)
    return await person.press_data(step(ReportAction.SEND))


async def fill_in_report(
    person: Person,
    text: str,
    *,
    visibility: Visibility = Visibility.PRIVATE,
    location: tuple[float, float] = (57.8135, 12.0528),
    photo: bool = True,
) -> None:
    """The flow from /report to the last step before Send."""
    await person.send("/report")
    await person.press_data(step(ReportAction.START))
    await person.press_data(ReportCategoryCallback(category=SafetyCategory.LIGHTING).pack())
    await person.send_location(*location)
    await person.press_data(ReportWhenCallback(happened=WhenHappened.RECURRING).pack())
    await person.press_data(ReportTimeCallback(time_of_day=TimeOfDay.EVENING).pack())
    await person.send(text)
    if photo:
        await person.send_photo()
    else:
        await person.press_data(step(ReportAction.NEXT))
    await person.press_data(ReportVisibilityCallback(visibility=visibility).pack())


async def make_staff(session_factory, staff: Person) -> None:
    await staff.send("/start")
    async with session_factory() as session, session.begin():
        await session.execute(
            update(Resident).where(Resident.telegram_id == staff.user_id).values(role=Role.STAFF)
        )

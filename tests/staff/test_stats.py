"""/stats sends a PNG chart; residents are refused."""

from __future__ import annotations

import struct

from aiogram.methods import SendPhoto

from bot.views import charts
from bot.views.charts import stats_figure
from tests.ideas.helpers import seed_idea
from tests.safety.helpers import make_staff, report
from tests.support.charts import count_ticks

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


async def test_staff_get_a_readable_png(person, session_factory, bot) -> None:
    await seed_idea(session_factory, 970_001, "Grillplats i parken i mitten")
    await report(person(970_002, "sv"), "Mörkt vid busshållplatsen", photo=False)
    staff = person(970_003, "sv")
    await make_staff(session_factory, staff)

    reply = await staff.send("/stats")
    photos = [request for request in reply.requests if isinstance(request, SendPhoto)]
    assert len(photos) == 1
    image = photos[0].photo.data
    assert image.startswith(PNG_SIGNATURE)
    width, height = struct.unpack(">II", image[16:24])
    assert width >= 800
    assert height >= 1000


async def test_residents_are_refused(person) -> None:
    reply = await person(970_004, "en").send("/stats")
    assert reply.texts == ["Sorry, only staff can use this command."]


async def test_the_chart_staff_get_counts_in_whole_numbers(
    person, session_factory, monkeypatch
) -> None:
    """A quiet quarter (one idea, one report) is where fractional ticks (0.25, 1.25)
    appeared on the count axes; the figure /stats drew is kept to read its axes."""
    drawn = []

    def keeping(*args):
        figure = stats_figure(*args)
        drawn.append(figure)
        return figure

    monkeypatch.setattr(charts, "stats_figure", keeping)
    await seed_idea(session_factory, 970_011, "Grillplats i parken i mitten")
    await report(person(970_012, "sv"), "Mörkt vid busshållplatsen", photo=False)
    staff = person(970_013, "sv")
    await make_staff(session_factory, staff)

    reply = await staff.send("/stats")

    assert [type(request) for request in reply.requests] == [SendPhoto]
    (figure,) = drawn
    for shown in count_ticks(figure):
        assert shown, "a count axis without ticks"
        assert all(tick.is_integer() for tick in shown), shown

"""/stats sends a PNG chart; residents are refused."""

from __future__ import annotations

import struct

from aiogram.methods import SendPhoto

from tests.ideas.helpers import seed_idea
from tests.safety.helpers import make_staff, report

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

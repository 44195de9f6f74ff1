"""Acceptance for issue 12: after /forget, and after link retention, nothing staff can
receive (the staff chat as it stands, every export, /audit, /stats) holds a private
reporter's Telegram id, or a pseudonym that joins their report to their support for ideas
or their poll answers."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from aiogram.methods import SendDocument, SendPhoto
from pydantic import SecretStr

from bot.delivery.retention import RetentionJob
from bot.services.exports import ExportKind
from bot.views.callbacks import (
    AnswerStaffCallback,
    ForgetCallback,
    ForgetChoice,
    StaffAction,
    StaffReportCallback,
)
from db.types import utc_now
from tests.conftest import ADMIN_ID, STAFF_CHAT_ID
from tests.safety.helpers import make_staff
from tests.safety.test_reporter_privacy import (
    REPORTER,
    SECRET,
    STAFF,
    _busy_private_reporter,
    _export,
    run_outbox,
    staff_chat_now,
)

PSEUDONYM = re.compile(r"R-[A-Z2-7]{10}")


def _pseudonyms(text: str) -> set[str]:
    return set(PSEUDONYM.findall(text))


async def _everything_staff_receive(person, session_factory, dispatcher, settings, bot) -> dict:
    exports = {
        kind: await _export(session_factory, dispatcher, settings, kind) for kind in ExportKind
    }
    admin = person(ADMIN_ID, "sv")
    audit = await admin.send("/audit")
    stats = await person(STAFF, "sv").send("/stats")
    chart = b"".join(
        request.photo.data for request in stats.requests if isinstance(request, SendPhoto)
    )
    return {
        "staff chat": " ".join(staff_chat_now(bot).values()),
        **{f"export {kind}": text for kind, text in exports.items()},
        "audit": audit.text
        + " ".join(r.document.data.decode() for r in audit.requests if isinstance(r, SendDocument)),
        "stats": chart.decode("latin-1"),
    }


async def _reported_and_talked(person, session_factory, bot, i18n, settings, dispatcher):
    resident = await _busy_private_reporter(person, session_factory)
    area = dispatcher["area"]
    await run_outbox(bot, i18n, session_factory, settings, area)
    await make_staff(session_factory, person(STAFF, "sv"))
    staff = person(STAFF, "sv", chat_id=STAFF_CHAT_ID, chat_type="supergroup")
    await staff.press_data(StaffReportCallback(report_id=1, action=StaffAction.ASK).pack())
    await staff.send("Vilken port?")
    await run_outbox(bot, i18n, session_factory, settings, area)
    await resident.press_data(AnswerStaffCallback(report_id=1).pack())
    await resident.send("Port 3")
    await run_outbox(bot, i18n, session_factory, settings, area)
    assert f"tg://user?id={REPORTER}" in " ".join(staff_chat_now(bot).values())
    return resident


@pytest.mark.parametrize("forgotten_by", ["forget", "retention"])
async def test_nothing_staff_receive_joins_a_private_reporter_to_their_votes_or_answers(
    person, session_factory, bot, i18n, settings, dispatcher, forgotten_by
) -> None:
    settings = settings.model_copy(update={"pseudonym_secret": SecretStr(SECRET)})
    dispatcher["settings"] = settings
    resident = await _reported_and_talked(person, session_factory, bot, i18n, settings, dispatcher)
    before = await _everything_staff_receive(person, session_factory, dispatcher, settings, bot)
    reporter_codes = _pseudonyms(before[f"export {ExportKind.SAFETY}"])
    assert reporter_codes

    if forgotten_by == "forget":
        await resident.send("/forget")
        await resident.press_data(ForgetCallback(choice=ForgetChoice.KEEP_CONTRIBUTIONS).pack())
    else:
        later = utc_now() + timedelta(days=settings.report_link_retention_days + 1)
        await RetentionJob(session_factory, settings, clock=lambda: later)()
    await run_outbox(bot, i18n, session_factory, settings, dispatcher["area"])
    after = await _everything_staff_receive(person, session_factory, dispatcher, settings, bot)

    for place, text in after.items():
        assert str(REPORTER) not in text, place
        assert not reporter_codes & _pseudonyms(text), place
    # What the resident supported and answered (still there after retention) carries
    # codes of its own, none of which appear beside a report.
    joined = _pseudonyms(after[f"export {ExportKind.SAFETY}"]) & (
        _pseudonyms(after[f"export {ExportKind.VOTES}"])
        | _pseudonyms(after[f"export {ExportKind.POLL_ANSWERS}"])
    )
    assert not joined
    if forgotten_by == "retention":
        assert _pseudonyms(after[f"export {ExportKind.VOTES}"])
        assert _pseudonyms(after[f"export {ExportKind.POLL_ANSWERS}"])

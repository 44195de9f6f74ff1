"""The real bot process: staff review an idea, merge a duplicate, hide, restore, export."""

from __future__ import annotations

import csv
import io
import re

from bot.services.exports import ExportKind
from bot.services.review import QueueKind
from bot.views.callbacks import (
    ExportCallback,
    IdeaCategoryCallback,
    IdeaVoteCallback,
    IdeaWizardCallback,
    ReviewAction,
    ReviewActionCallback,
    ReviewOpenCallback,
    ReviewStatusCallback,
    SupportInsteadCallback,
    WizardAction,
)
from db.models import IdeaStatus

from .bot_process import ADMIN_ID
from .conftest import StartBot
from .fake_bot_api import FakeBotAPI, TgUser
from .scenario import button_index, click_data

INVITE = re.compile(r"start=(inv_[\w-]+)")


async def _share_idea(api: FakeBotAPI, user: TgUser, text: str) -> None:
    """Shares an idea through the wizard, going past any similar ideas it is shown."""
    categories = await api.ask(user, "/idea")
    await click_data(api, user, categories, IdeaCategoryCallback(category="outdoor"))
    extras = await api.ask(user, text)
    mark = api.mark()
    api.press(user, extras, button_index(extras, IdeaWizardCallback(action=WizardAction.NEXT)))
    reply = await api.wait_for_message(user.id, after=mark)
    if any(
        button.get("callback_data", "").startswith(SupportInsteadCallback.__prefix__)
        for button in reply.buttons
    ):
        mark = api.mark()
        api.press(
            user, reply, button_index(reply, IdeaWizardCallback(action=WizardAction.OWN_IDEA))
        )
        _intro, reply = await api.wait_for_messages(user.id, 2, after=mark)
    else:
        reply = await api.wait_for_message(user.id, after=reply.index + 1)
    await click_data(api, user, reply, IdeaWizardCallback(action=WizardAction.SEND))


async def _become_staff(api: FakeBotAPI, staff: TgUser) -> None:
    admin = TgUser(id=ADMIN_ID, first_name="Admin", language_code="sv")
    code = INVITE.search((await api.ask(admin, "/invite staff")).text or "")
    assert code is not None
    await api.ask_many(staff, f"/start {code.group(1)}", 3)


async def test_review_status_merge_hide_restore_and_export(
    fake_api: FakeBotAPI, start_bot: StartBot
) -> None:
    await start_bot(PSEUDONYM_SECRET="an-e2e-secret-for-pseudonyms")
    staff = TgUser(id=8001, first_name="Stina", language_code="sv")
    await _become_staff(fake_api, staff)
    author = TgUser(id=8002, first_name="Amal", username="amal_r", language_code="ar")
    await _share_idea(fake_api, author, "نقترح زراعة أشجار على طول الطريق الدائري")
    follower = TgUser(id=8003, first_name="Aino", language_code="fi")
    listing = await fake_api.ask(follower, "/ideas")
    await click_data(fake_api, follower, listing, IdeaVoteCallback(idea_id=1, page=0, support=True))

    # Set "planned" with a note: the author (Arabic) and the follower (Finnish) are told.
    queue = await fake_api.ask(staff, "/review")
    opened = await click_data(
        fake_api, staff, queue, ReviewOpenCallback(kind=QueueKind.IDEAS, item_id=1)
    )
    statuses = await click_data(
        fake_api, staff, opened, ReviewActionCallback(idea_id=1, action=ReviewAction.STATUS)
    )
    await click_data(
        fake_api, staff, statuses, ReviewStatusCallback(idea_id=1, status=IdeaStatus.PLANNED)
    )
    mark = fake_api.mark()
    fake_api.push_message(staff, "Vi planterar i april.")
    told_author = await fake_api.wait_for_message(author.id, after=mark)
    told_follower = await fake_api.wait_for_message(follower.id, after=mark)
    for told in (told_author, told_follower):
        assert "Vi planterar i april." in (told.plain_text or "")
    assert told_author.text != told_follower.text

    # A duplicate: its supporter moves to the original.
    await _share_idea(fake_api, follower, "Puita kehätien varteen, kiitos")
    queue = await fake_api.ask(staff, "/review")
    second = await click_data(
        fake_api, staff, queue, ReviewOpenCallback(kind=QueueKind.IDEAS, item_id=2)
    )
    merge = await click_data(
        fake_api, staff, second, ReviewActionCallback(idea_id=2, action=ReviewAction.DUPLICATE)
    )
    assert merge.method == "sendMessage"
    mark = fake_api.mark()
    done = await fake_api.ask(staff, "1")
    assert "#2" in (done.plain_text or "")
    assert "#1" in (done.plain_text or "")
    # The author of the duplicate hears of it from the outbox, in their own time; waited
    # for here, so that it is not taken for the answer to what they send next.
    notice = await fake_api.wait_for_message(follower.id, after=mark)
    assert "#2" in (notice.plain_text or "")
    assert "#1" in (notice.plain_text or "")

    # Hide, then show again, each with a reason.
    await click_data(
        fake_api, staff, opened, ReviewActionCallback(idea_id=1, action=ReviewAction.HIDE)
    )
    hidden = await fake_api.ask(staff, "Test av dölj")
    assert "أشجار" not in ((await fake_api.ask(follower, "/ideas")).plain_text or "")
    await click_data(
        fake_api, staff, hidden, ReviewActionCallback(idea_id=1, action=ReviewAction.RESTORE)
    )
    await fake_api.ask(staff, "Test av visa igen")
    assert "أشجار" in ((await fake_api.ask(follower, "/ideas")).plain_text or "")

    # The export arrives as a document, with BOM and semicolons, naming nobody.
    choice = await fake_api.ask(staff, "/export")
    document = await click_data(fake_api, staff, choice, ExportCallback(kind=ExportKind.IDEAS))
    assert document.method == "sendDocument"
    upload = next(iter(document.files.values()))
    assert upload.filename
    assert upload.filename.endswith(".csv")
    assert upload.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(upload.data.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 3
    content = upload.data.decode("utf-8")
    for secret in ("8002", "8003", "Amal", "amal_r", "Aino"):
        assert secret not in content
    assert fake_api.unanswered_callback_queries == []

"""The real bot process: photos the way residents send them, albums most of all.

A phone's gallery sends an album as one update per photo with the same media_group_id;
the resident gets one answer for it, and staff see all its photos as an album. Run with
conversations in memory and, when Redis is reachable, in Redis.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from io import BytesIO

import pytest
import pytest_asyncio
from PIL import Image
from sqlalchemy import func, select

from bot.i18n import gettext
from bot.services.exports import ExportKind
from bot.services.image_files import ImageFileProblem
from bot.views.callbacks import (
    ExportCallback,
    ForgetCallback,
    ForgetChoice,
    IdeaCategoryCallback,
    IdeaWizardCallback,
    MenuAction,
    MenuCallback,
    ReportAction,
    ReportCategoryCallback,
    ReportStepCallback,
    ReportTimeCallback,
    ReportVisibilityCallback,
    ReportWhenCallback,
    WizardAction,
)
from db.models import MAX_PHOTOS, Attachment, SafetyCategory, TimeOfDay, Visibility, WhenHappened
from db.session import create_engine
from handlers.image_files import image_file_refusal
from handlers.photos import limit_text
from handlers.safety.prompts import describe_text
from tests.support.redis import redis_unreachable_reason, redis_url_for_tests

from . import test_e2e_staff as staff_steps
from .bot_process import STAFF_CHAT_ID, BotProcess, StartBot
from .fake_bot_api import FakeBotAPI, Request, TgUser
from .scenario import button_index, click_data, text_in
from .test_e2e_instances import _forget_the_test_bots_keys

IDEA = "Laga porten på Fjällsippan 4, den går inte att låsa"
REPORT = "The entrance door at Fjällsippan 4 does not lock and the glass is broken"


@pytest_asyncio.fixture(params=["memory", "redis"])
async def bot(request: pytest.FixtureRequest, start_bot: StartBot) -> AsyncIterator[BotProcess]:
    if request.param == "memory":
        yield await start_bot()
        return
    url = redis_url_for_tests()
    if reason := redis_unreachable_reason(url):
        pytest.skip(reason)
    await _forget_the_test_bots_keys(url)
    yield await start_bot(REDIS_URL=url)
    await _forget_the_test_bots_keys(url)


def _kept(locale: str, count: int) -> str:
    return text_in(
        locale, lambda: gettext("{count} photo kept.", "{count} photos kept.", count)
    ).format(count=count)


async def _album_answer(
    api: FakeBotAPI, user: TgUser, photos: int, answers: int, caption: str | None = None
) -> list[Request]:
    """Send an album; the bot's next ``answers`` messages (what it says, then asks)."""
    mark = api.mark()
    api.push_album(user, photos, caption=caption)
    return await api.wait_for_messages(user.id, answers, after=mark)


def _said(api: FakeBotAPI, user: TgUser, text: str) -> int:
    return sum(1 for request in api.sent_to(user.id) if request.plain_text == text)


async def test_albums_in_the_idea_wizard_are_answered_once_and_kept(
    fake_api: FakeBotAPI, bot: BotProcess
) -> None:
    author = TgUser(id=8101, first_name="Ebba", language_code="sv")
    menu = await fake_api.ask(author, "/help")
    categories = await click_data(fake_api, author, menu, MenuCallback(action=MenuAction.NEW_IDEA))
    await click_data(fake_api, author, categories, IdeaCategoryCallback(category="outdoor"))

    # Three photos at the step that asks for the idea in words: one answer, then the
    # same question again.
    said, asked = await _album_answer(fake_api, author, 3, 2)
    assert said.plain_text == _kept("sv", 3)
    assert "Beskriv" in (asked.plain_text or "")
    extras = await fake_api.ask(author, IDEA)
    assert extras.buttons

    # Three more at the photo step: two fit, the third is refused and said so.
    said, refused, asked = await _album_answer(fake_api, author, 3, 3)
    assert said.plain_text == _kept("sv", 2)
    assert refused.plain_text == text_in("sv", lambda: limit_text(1))
    mark = fake_api.mark()
    fake_api.press(author, asked, button_index(asked, IdeaWizardCallback(action=WizardAction.NEXT)))
    _intro, album, preview = await fake_api.wait_for_messages(author.id, 3, after=mark)
    assert album.method == "sendMediaGroup"
    assert len(album.params["media"]) == MAX_PHOTOS
    assert IDEA in (preview.plain_text or "")
    saved = await click_data(
        fake_api, author, preview, IdeaWizardCallback(action=WizardAction.SEND)
    )
    assert "#1" in (saved.plain_text or "")
    # Each album was answered once: nothing came later.
    assert _said(fake_api, author, _kept("sv", 3)) == 1
    assert _said(fake_api, author, _kept("sv", 2)) == 1


async def test_an_album_of_seven_keeps_five_and_says_so(
    fake_api: FakeBotAPI, bot: BotProcess
) -> None:
    author = TgUser(id=8102, first_name="Amina", language_code="so")
    menu = await fake_api.ask(author, "/help")
    categories = await click_data(fake_api, author, menu, MenuCallback(action=MenuAction.NEW_IDEA))
    await click_data(fake_api, author, categories, IdeaCategoryCallback(category="outdoor"))
    said, refused, asked = await _album_answer(fake_api, author, 7, 3, caption=IDEA)
    assert said.plain_text == _kept("so", 5)
    assert refused.plain_text == text_in("so", lambda: limit_text(2))
    # The caption was the idea: the wizard went on to the extras step.
    assert asked.buttons


async def _report_until_photo_step(api: FakeBotAPI, user: TgUser) -> None:
    guidance = await api.ask(user, "/report")
    step = await click_data(api, user, guidance, ReportStepCallback(action=ReportAction.START))
    category = ReportCategoryCallback(category=SafetyCategory.ENTRANCES)
    await click_data(api, user, step, category)
    when = await api.ask(user, None, location=(57.8135, 12.0528))
    times = await click_data(api, user, when, ReportWhenCallback(happened=WhenHappened.RECURRING))
    describe = await click_data(api, user, times, ReportTimeCallback(time_of_day=TimeOfDay.NIGHT))
    assert describe.plain_text == text_in(user.language_code or "sv", describe_text)


async def test_an_album_in_an_anonymous_report_reaches_the_staff_chat_as_an_album(
    fake_api: FakeBotAPI, bot: BotProcess
) -> None:
    reporter = TgUser(id=8103, first_name="Goran", username="goran_r", language_code="bs")
    await _report_until_photo_step(fake_api, reporter)
    await fake_api.ask(reporter, REPORT)
    said, visibility = await _album_answer(fake_api, reporter, 3, 2)
    assert said.plain_text == _kept("bs", 3)
    anonymous = ReportVisibilityCallback(visibility=Visibility.ANONYMOUS)
    mark = fake_api.mark()
    fake_api.press(reporter, visibility, button_index(visibility, anonymous))
    _intro, preview_album, preview = await fake_api.wait_for_messages(reporter.id, 3, after=mark)
    assert len(preview_album.params["media"]) == 3
    mark = fake_api.mark()
    await click_data(fake_api, reporter, preview, ReportStepCallback(action=ReportAction.SEND))

    album = await fake_api.wait_for_method("sendMediaGroup", chat_id=STAFF_CHAT_ID, after=mark)
    assert [item["media"] for item in album.params["media"]] == [
        item["media"] for item in preview_album.params["media"]
    ]
    card = await fake_api.wait_for_request(
        lambda request: request.chat_id == STAFF_CHAT_ID and REPORT in (request.plain_text or ""),
        after=mark,
        description="the staff card after the album",
    )
    assert card.method == "sendMessage"
    assert card.buttons
    seen_by_staff = " ".join(
        str(request.params) for request in fake_api.requests if request.chat_id == STAFF_CHAT_ID
    )
    for secret in ("8103", "Goran", "goran_r"):
        assert secret not in seen_by_staff
    assert _said(fake_api, reporter, _kept("bs", 3)) == 1


async def test_an_edit_before_send_changes_the_saved_idea(
    fake_api: FakeBotAPI, bot_process: BotProcess
) -> None:
    author = TgUser(id=8104, first_name="Leila", language_code="fa")
    menu = await fake_api.ask(author, "/help")
    categories = await click_data(fake_api, author, menu, MenuCallback(action=MenuAction.NEW_IDEA))
    await click_data(fake_api, author, categories, IdeaCategoryCallback(category="outdoor"))
    mark = fake_api.mark()
    written = fake_api.push_message(author, IDEA)
    extras = await fake_api.wait_for_message(author.id, after=mark)
    mark = fake_api.mark()
    fake_api.press(
        author, extras, button_index(extras, IdeaWizardCallback(action=WizardAction.NEXT))
    )
    _intro, preview = await fake_api.wait_for_messages(author.id, 2, after=mark)
    assert IDEA in (preview.plain_text or "")

    corrected = IDEA.replace("Fjällsippan 4", "Fjällsippan 6")
    mark = fake_api.mark()
    fake_api.push_edit(written, corrected)
    _intro, preview = await fake_api.wait_for_messages(author.id, 2, after=mark)
    assert corrected in (preview.plain_text or "")
    saved = await click_data(
        fake_api, author, preview, IdeaWizardCallback(action=WizardAction.SEND)
    )
    assert "#1" in (saved.plain_text or "")
    reader = TgUser(id=8105, first_name="Erik", language_code="sv")
    listing = await fake_api.ask(reader, "/ideas")
    assert corrected in (listing.plain_text or "")
    assert IDEA not in (listing.plain_text or "")


def _photo_with_gps() -> bytes:
    """A JPEG as a phone saves it: with the camera's serial, the owner and a GPS position."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x013B] = "Goran Owner"  # Artist
    exif[0xA431] = "SERIAL-8106"  # BodySerialNumber
    exif[0x8825] = {1: "N", 2: (57.0, 48.0, 48.6), 3: "E", 4: (12.0, 3.0, 10.1)}
    image = Image.new("RGB", (64, 48), "navy")
    original = BytesIO()
    image.save(original, format="JPEG", exif=exif.tobytes())
    return original.getvalue()


async def test_an_image_file_reaches_the_staff_chat_without_its_metadata(
    fake_api: FakeBotAPI, bot_process: BotProcess
) -> None:
    original = _photo_with_gps()
    assert Image.open(BytesIO(original)).getexif().get_ifd(0x8825)
    reporter = TgUser(id=8106, first_name="Goran", language_code="bs")
    await _report_until_photo_step(fake_api, reporter)
    await fake_api.ask(reporter, REPORT)
    document = {"data": original, "mime_type": "image/jpeg", "file_name": "IMG_2031.jpg"}
    mark = fake_api.mark()
    fake_api.push_message(reporter, document=document)
    kept, visibility = await fake_api.wait_for_messages(reporter.id, 2, after=mark)
    assert kept.method == "sendPhoto"
    anonymous = ReportVisibilityCallback(visibility=Visibility.ANONYMOUS)
    mark = fake_api.mark()
    fake_api.press(reporter, visibility, button_index(visibility, anonymous))
    _intro, preview = await fake_api.wait_for_messages(reporter.id, 2, after=mark)
    mark = fake_api.mark()
    await click_data(fake_api, reporter, preview, ReportStepCallback(action=ReportAction.SEND))

    alert = await fake_api.wait_for_method("sendPhoto", chat_id=STAFF_CHAT_ID, after=mark)
    assert REPORT in (alert.plain_text or "")
    file_id = alert.params["photo"]
    assert isinstance(file_id, str)
    reached_staff = fake_api.state.file_contents[file_id]
    assert reached_staff != original
    clean = Image.open(BytesIO(reached_staff))
    assert clean.size == (64, 48)
    assert dict(clean.getexif()) == {}
    for secret in (b"Exif", b"SERIAL-8106", b"Goran Owner", b"PhoneMaker"):
        assert secret not in reached_staff


async def _two_picture_files(
    api: FakeBotAPI, reporter: TgUser, caption: str | None = None
) -> tuple[list[Request], Request, Request]:
    """Two pictures sent "as files" together (the caption on the first), as a phone sends
    them: the clean photos sent back, what the bot then says, and its next question."""
    mark = api.mark()
    for number in (1, 2):
        document = {
            "data": _photo_with_gps(),
            "mime_type": "image/jpeg",
            "file_name": f"IMG_{number}.jpg",
        }
        api.push_message(
            reporter,
            caption=caption if number == 1 else None,
            document=document,
            media_group_id=f"files-{reporter.id}",
        )
    *kept, said, question = await api.wait_for_messages(reporter.id, 4, after=mark)
    assert [request.method for request in kept] == ["sendPhoto", "sendPhoto"]
    assert question.buttons
    return kept, said, question


async def _choose_anonymous(
    api: FakeBotAPI, reporter: TgUser, visibility: Request
) -> list[Request]:
    mark = api.mark()
    anonymous = ReportVisibilityCallback(visibility=Visibility.ANONYMOUS)
    api.press(reporter, visibility, button_index(visibility, anonymous))
    return await api.wait_for_messages(reporter.id, 3, after=mark)


async def test_pictures_sent_together_as_files_are_all_kept_and_answered_once(
    fake_api: FakeBotAPI, bot_process: BotProcess
) -> None:
    """Two pictures chosen "as files" together: one album of documents. The first moves
    the report on to who may see the name; the second is kept all the same."""
    reporter = TgUser(id=8110, first_name="Faisal", language_code="ar")
    await _report_until_photo_step(fake_api, reporter)
    await fake_api.ask(reporter, REPORT)
    kept, said, visibility = await _two_picture_files(fake_api, reporter)
    assert said.plain_text == _kept("ar", 2)
    _intro, preview_album, _preview = await _choose_anonymous(fake_api, reporter, visibility)
    assert [item["media"] for item in preview_album.params["media"]] == [
        request.result["photo"][-1]["file_id"] for request in kept
    ]
    assert _said(fake_api, reporter, _kept("ar", 2)) == 1


async def test_pictures_sent_as_files_with_the_words_as_caption_are_answered_once(
    fake_api: FakeBotAPI, bot_process: BotProcess
) -> None:
    """Two picture files together, the words as the first one's caption, when the report
    asks for its words: both kept, the words taken, then one answer and one question."""
    reporter = TgUser(id=8111, first_name="Hodan", language_code="so")
    await _report_until_photo_step(fake_api, reporter)
    _kept_photos, said, visibility = await _two_picture_files(fake_api, reporter, caption=REPORT)
    assert said.plain_text == _kept("so", 2)
    _intro, preview_album, preview = await _choose_anonymous(fake_api, reporter, visibility)
    assert len(preview_album.params["media"]) == 2
    assert REPORT in (preview.plain_text or "")
    # Nothing was asked twice.
    assert [request.plain_text for request in fake_api.sent_to(reporter.id)].count(
        visibility.plain_text
    ) == 1


async def test_files_that_are_not_pictures_are_explained(
    fake_api: FakeBotAPI, bot_process: BotProcess
) -> None:
    reporter = TgUser(id=8107, first_name="Hanna", language_code="fi")
    await _report_until_photo_step(fake_api, reporter)
    await fake_api.ask(reporter, REPORT)
    broken = {"data": b"not a picture", "mime_type": "image/heic", "file_name": "IMG_1.HEIC"}
    refused = await fake_api.ask(reporter, None, document=broken)
    unreadable = ImageFileProblem.NOT_AN_IMAGE
    assert refused.plain_text == text_in("fi", lambda: image_file_refusal(unreadable))
    huge = {"mime_type": "image/jpeg", "file_name": "IMG_2.jpg", "file_size": 11 * 1024 * 1024}
    refused = await fake_api.ask(reporter, None, document=huge)
    too_large = ImageFileProblem.TOO_LARGE
    assert refused.plain_text == text_in("fi", lambda: image_file_refusal(too_large))


async def _attachments(database_url: str) -> int:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            return (await connection.scalar(select(func.count()).select_from(Attachment))) or 0
    finally:
        await engine.dispose()


async def test_the_export_counts_photos_and_forget_erases_them(
    fake_api: FakeBotAPI, bot_process: BotProcess, database_url: str
) -> None:
    author = TgUser(id=8108, first_name="Sara", language_code="ti")
    categories = await fake_api.ask(author, "/idea")
    await click_data(fake_api, author, categories, IdeaCategoryCallback(category="outdoor"))
    extras = await fake_api.ask(author, IDEA)
    await _album_answer(fake_api, author, 3, 2)
    mark = fake_api.mark()
    next_step = IdeaWizardCallback(action=WizardAction.NEXT)
    fake_api.press(author, extras, button_index(extras, next_step))
    _intro, _album, preview = await fake_api.wait_for_messages(author.id, 3, after=mark)
    await click_data(fake_api, author, preview, IdeaWizardCallback(action=WizardAction.SEND))
    assert await _attachments(database_url) == 3

    staff = TgUser(id=8109, first_name="Stina", language_code="sv")
    await staff_steps._become_staff(fake_api, staff)
    choice = await fake_api.ask(staff, "/export")
    document = await click_data(fake_api, staff, choice, ExportCallback(kind=ExportKind.IDEAS))
    upload = next(iter(document.files.values()))
    header, row = csv.reader(io.StringIO(upload.data.decode("utf-8-sig")), delimiter=";")
    assert row[header.index(text_in("sv", lambda: gettext("Photos")))] == "3"

    asked = await fake_api.ask(author, "/forget")
    erase_all = ForgetCallback(choice=ForgetChoice.DELETE_EVERYTHING)
    await click_data(fake_api, author, asked, erase_all)
    assert await _attachments(database_url) == 0


async def test_an_image_file_with_a_caption_gives_the_report_its_words(
    fake_api: FakeBotAPI, bot_process: BotProcess
) -> None:
    """Sent "as a file" with the words as its caption, as a photo with a caption would be."""
    reporter = TgUser(id=8108, first_name="Amina", language_code="so")
    await _report_until_photo_step(fake_api, reporter)
    document = {"data": _photo_with_gps(), "mime_type": "image/jpeg", "file_name": "IMG_7.jpg"}
    mark = fake_api.mark()
    fake_api.push_message(reporter, caption=REPORT, document=document)
    kept, visibility = await fake_api.wait_for_messages(reporter.id, 2, after=mark)
    assert kept.method == "sendPhoto"
    # The picture is the report's photo already: the next step is who may see the name.
    anonymous = ReportVisibilityCallback(visibility=Visibility.ANONYMOUS)
    mark = fake_api.mark()
    fake_api.press(reporter, visibility, button_index(visibility, anonymous))
    _intro, preview = await fake_api.wait_for_messages(reporter.id, 2, after=mark)
    assert REPORT in (preview.plain_text or "")
    mark = fake_api.mark()
    await click_data(fake_api, reporter, preview, ReportStepCallback(action=ReportAction.SEND))
    alert = await fake_api.wait_for_method("sendPhoto", chat_id=STAFF_CHAT_ID, after=mark)
    assert REPORT in (alert.plain_text or "")
    assert alert.params["photo"] == kept.result["photo"][-1]["file_id"]

"""The real bot process: a poll from /newpoll to the residents, answers, results, closing."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

from aiogram.filters.callback_data import CallbackData

from bot.delivery.broadcast_queue import progress_text
from bot.i18n import gettext as _
from bot.i18n import ngettext
from bot.i18n.names import language_name
from bot.services.broadcasts import BroadcastProgress
from bot.services.polls import PollResults
from bot.views.callbacks import (
    AudienceCallback,
    PollAction,
    PollAnswerCallback,
    PollManageCallback,
    PollWizardCallback,
    PollWizardStep,
)
from bot.views.poll_cards import PollCard, percent

from .bot_process import ADMIN_ID
from .conftest import StartBot
from .fake_bot_api import FakeBotAPI, Request, TgUser
from .scenario import callback_answer, click_data, text_in
from .telegram_objects import user_dict

INVITE = re.compile(r"start=(inv_[\w-]+)")
CLOSING_TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")
ZONE = ZoneInfo("Europe/Stockholm")
SECRET = "an-e2e-secret-for-pseudonyms"

QUESTION = {
    "sv": "Var ska den nya grillplatsen ligga?",
    "ar": "أين يجب أن يكون مكان الشواء الجديد؟",
    "so": "Xagee ayay noqon doontaa goobta cusub ee dubista?",
}
OPTIONS = {
    "sv": ["Vid lekplatsen", "I parken", "Vid dammen"],
    "ar": ["بجانب ملعب الأطفال", "في الحديقة", "بجانب البركة"],
    "so": ["Garoonka carruurta agtiisa", "Beerta dhexdeeda", "Balliga agtiisa"],
}


def _step(step: PollWizardStep) -> PollWizardCallback:
    return PollWizardCallback(step=step)


def _card(
    poll_id: int, option_ids: list[int], languages: list[str], closes_at: datetime | None = None
) -> PollCard:
    """The poll as the bot should render it, for the languages the organiser wrote."""
    return PollCard(
        poll_id,
        {code: QUESTION[code] for code in languages},
        [
            (option_id, {code: OPTIONS[code][position] for code in languages})
            for position, option_id in enumerate(option_ids)
        ],
        False,
        closes_at,
    )


def _results(option_ids: list[int], *chosen: int) -> PollResults:
    """Results as residents see them: ``chosen`` holds each respondent's option position."""
    counts = Counter(option_ids[position] for position in chosen)
    return PollResults(respondents=len(chosen), per_option=counts)


def _answer_buttons(request: Request) -> list[PollAnswerCallback]:
    return [PollAnswerCallback.unpack(button["callback_data"]) for button in request.buttons]


def _marked(language: str, position: int) -> list[str]:
    return [
        f"✅ {label}" if index == position else label
        for index, label in enumerate(OPTIONS[language])
    ]


async def _become_organiser(api: FakeBotAPI, organiser: TgUser) -> None:
    admin = TgUser(id=ADMIN_ID, first_name="Admin", language_code="sv")
    code = INVITE.search((await api.ask(admin, "/invite organiser")).text or "")
    assert code is not None
    await api.ask_many(organiser, f"/start {code.group(1)}", 3)


async def _edited(api: FakeBotAPI, user: TgUser, message: Request, data: CallbackData) -> Request:
    """Press a button and return the bot's edit of that very message."""
    mark = api.mark()
    api.push_callback(user, message, data.pack())
    return await api.wait_for_request(
        lambda request: (
            request.method == "editMessageText"
            and request.chat_id == message.chat_id
            and request.message_id == message.message_id
        ),
        after=mark,
        description=f"the edit of message {message.message_id} after {data.pack()}",
    )


async def _tap(
    api: FakeBotAPI, user: TgUser, poll_message: Request, data: PollAnswerCallback
) -> tuple[Request, Request]:
    """A resident taps an option: the pop-up (answerCallbackQuery) and the edited poll."""
    mark = api.mark()
    api.push_callback(user, poll_message, data.pack())
    answer = await api.wait_for_method("answerCallbackQuery", after=mark)
    edit = await api.wait_for_request(
        lambda request: request.method == "editMessageText" and request.chat_id == user.id,
        after=mark,
        description=f"the edited poll for {user.first_name}",
    )
    return answer, edit


async def _forged_tap(
    api: FakeBotAPI, user: TgUser, poll_message: Request, data: PollAnswerCallback
) -> Request:
    """A callback no button on the message carries (an old or hand-made client)."""
    current = api.message(user.id, poll_message.message_id or 0)
    assert current is not None
    query_id = api.state.new_callback_query(current, data.pack(), user.id)
    mark = api.mark()
    api.push_update(
        {
            "callback_query": {
                "id": query_id,
                "from": user_dict(user),
                "message": current,
                "chat_instance": str(user.id * 7 + 1),
                "data": data.pack(),
            }
        }
    )
    return await api.wait_for_method("answerCallbackQuery", after=mark)


async def _create_poll(
    api: FakeBotAPI,
    organiser: TgUser,
    translations: list[str],
    *,
    results: PollWizardStep,
    closing_time: bool,
    audience: AudienceCallback,
) -> tuple[list[Request], Request]:
    """Runs /newpoll up to the preview; returns the preview messages and the summary."""
    await api.ask(organiser, "/newpoll")
    await api.ask(organiser, QUESTION["sv"])
    prompt = await api.ask(organiser, "\n".join(OPTIONS["sv"]))
    for code in translations:
        added = await api.ask(organiser, "\n".join([code, QUESTION[code], *OPTIONS[code]]))
        named = text_in("sv", lambda code=code: language_name(code))
        assert named in (added.plain_text or "")
    mode = await click_data(api, organiser, prompt, _step(PollWizardStep.TRANSLATIONS_DONE))
    shown = await click_data(api, organiser, mode, _step(PollWizardStep.SINGLE_CHOICE))
    deadline = await click_data(api, organiser, shown, _step(results))
    if closing_time:
        example = CLOSING_TIME.search(deadline.plain_text or "")
        assert example is not None, deadline.plain_text
        who = await api.ask(organiser, example.group(0))
    else:
        who = await click_data(api, organiser, deadline, _step(PollWizardStep.NO_DEADLINE))
    mark = api.mark()
    api.push_callback(organiser, who, audience.pack())
    languages = 1 + len(translations)
    messages = await api.wait_for_messages(organiser.id, 2 * languages + 1, after=mark)
    return messages[:-1], messages[-1]


async def _send(api: FakeBotAPI, organiser: TgUser, summary: Request, delivered: int) -> int:
    """Press Send; wait until the organiser's progress message says everyone got it."""
    mark = api.mark()
    api.push_callback(organiser, summary, _step(PollWizardStep.SEND).pack())
    done = text_in("sv", lambda: progress_text(BroadcastProgress(delivered, 0, 0, 0), 1.0))
    await api.wait_for_request(
        lambda request: (
            request.method == "editMessageText"
            and request.chat_id == organiser.id
            and request.text == done
        ),
        after=mark,
        description="the organiser's progress message saying everyone got the poll",
    )
    return mark


async def _organiser_results(api: FakeBotAPI, organiser: TgUser, poll_id: int) -> Request:
    """/polls, then the poll's results screen (an edit of the list)."""
    wanted = PollManageCallback(action=PollAction.RESULTS, poll_id=poll_id)
    mark = api.mark()
    api.push_message(organiser, "/polls")
    listing = await api.wait_for_request(
        lambda request: (
            request.method == "sendMessage"
            and request.chat_id == organiser.id
            and any(button.get("callback_data") == wanted.pack() for button in request.buttons)
        ),
        after=mark,
        description="the organiser's list of polls",
    )
    return await _edited(api, organiser, listing, wanted)


def _organiser_lines(
    poll_id: int, counts: list[int], by_language: dict[str, list[int]]
) -> list[str]:
    """What the Swedish organiser's results screen must contain, line by line."""
    respondents = sum(sum(values) for values in by_language.values())

    def build() -> list[str]:
        lines = [
            _("📊 <b>Poll #{number}</b>: {question}").format(
                number=poll_id, question=QUESTION["sv"]
            ),
            ngettext("{count} person answered.", "{count} people answered.", respondents).format(
                count=respondents
            ),
        ]
        lines += [
            _("{number}. {option}: {count} ({percent})").format(
                number=number,
                option=OPTIONS["sv"][number - 1],
                count=count,
                percent=percent(count, respondents, "sv"),
            )
            for number, count in enumerate(counts, start=1)
        ]
        lines += [
            _("{language} ({count}): {counts}").format(
                language=language_name(code),
                count=sum(values),
                counts=" · ".join(
                    f"{number}: {value}" for number, value in enumerate(values, start=1)
                ),
            )
            for code, values in by_language.items()
        ]
        return lines

    return text_in("sv", build)


async def test_a_poll_in_four_languages_answered_and_counted(
    fake_api: FakeBotAPI, start_bot: StartBot
) -> None:
    # Every language on its own: three residents, one per language (MIN_GROUP_SIZE).
    await start_bot(PSEUDONYM_SECRET=SECRET, MIN_GROUP_SIZE="1")
    amal = TgUser(id=9101, first_name="Amal", language_code="ar")
    hodan = TgUser(id=9102, first_name="Hodan", language_code="so")
    erik = TgUser(id=9103, first_name="Erik", language_code="sv")
    aino = TgUser(id=9104, first_name="Aino", language_code="fi")
    residents = [amal, hodan, erik, aino]
    for resident in residents:
        await fake_api.ask_many(resident, "/start", 2)
    organiser = TgUser(id=9110, first_name="Olle", language_code="sv")
    await _become_organiser(fake_api, organiser)

    previews, summary = await _create_poll(
        fake_api,
        organiser,
        ["ar", "so"],
        results=PollWizardStep.SHOW_RESULTS,
        closing_time=False,
        audience=AudienceCallback(),
    )
    preview_card = _card(0, [0, 1, 2], ["sv", "ar", "so"])
    for index, code in enumerate(["sv", "ar", "so"]):
        title, preview = previews[2 * index], previews[2 * index + 1]
        assert text_in("sv", lambda code=code: language_name(code)) in (title.plain_text or "")
        # Framed in its own language, as its residents receive it.
        assert preview.text == text_in(code, lambda code=code: preview_card.text(code, ZONE))
        assert preview.button_texts == OPTIONS[code]
    tapped = await callback_answer(
        fake_api, organiser, previews[1], _step(PollWizardStep.PREVIEW_TAP)
    )
    assert tapped.params.get("text") == text_in(
        "sv", lambda: _("This is only a preview: taps here are not counted.")
    )
    # Everyone: the four residents, the organiser and the administrator.
    assert text_in(
        "sv",
        lambda: ngettext(
            "This poll goes to {count} resident.", "This poll goes to {count} residents.", 6
        ).format(count=6),
    ) in (summary.plain_text or "")

    mark = await _send(fake_api, organiser, summary, delivered=6)
    received = {
        resident.id: await fake_api.wait_for_message(resident.id, after=mark)
        for resident in residents
    }
    buttons = _answer_buttons(received[erik.id])
    poll_id = buttons[0].poll_id
    option_ids = [button.option_id for button in buttons]
    assert {button.poll_id for button in buttons} == {poll_id}
    card = _card(poll_id, option_ids, ["sv", "ar", "so"])
    # Arabic and Somali get their translation; Finnish (none given) gets Swedish,
    # with the bot's own words in Finnish.
    for resident, written_in in ((amal, "ar"), (hodan, "so"), (erik, "sv"), (aino, "sv")):
        message = received[resident.id]
        locale = resident.language_code or "sv"
        assert QUESTION[written_in] in (message.plain_text or "")
        assert message.text == text_in(locale, lambda w=written_in: card.text(w, ZONE))
        assert message.button_texts == OPTIONS[written_in]
        assert _answer_buttons(message) == buttons

    # Answers: each resident sees their choice and the results so far.
    def saved() -> str:
        return _("Thank you! Your answer is saved.")

    def changed() -> str:
        return _("Your answer is changed.")

    # Who taps, in which language they read the poll, the option, the pop-up, and
    # every respondent's option so far (Erik changes his mind).
    steps = [
        (amal, "ar", 1, saved, (1,)),
        (erik, "sv", 0, saved, (1, 0)),
        (erik, "sv", 2, changed, (1, 2)),
        (hodan, "so", 1, saved, (1, 2, 1)),
        (aino, "sv", 0, saved, (1, 2, 1, 0)),
    ]
    for resident, written_in, position, notice, chosen in steps:
        locale = resident.language_code or "sv"
        answer, edit = await _tap(fake_api, resident, received[resident.id], buttons[position])
        assert answer.params.get("text") == text_in(locale, notice)
        assert not answer.params.get("show_alert")
        expected = _results(option_ids, *chosen)
        assert edit.text == text_in(
            locale, lambda w=written_in, r=expected: card.text(w, ZONE, results=r)
        )
        assert edit.button_texts == _marked(written_in, position)

    # The organiser's results: overall and per language.
    shown = await _organiser_results(fake_api, organiser, poll_id)
    for line in _organiser_lines(
        poll_id,
        [1, 2, 1],
        {"ar": [0, 1, 0], "so": [0, 1, 0], "sv": [0, 0, 1], "fi": [1, 0, 0]},
    ):
        assert line in (shown.text or ""), line
    assert PollManageCallback(action=PollAction.CLOSE, poll_id=poll_id).pack() in [
        button.get("callback_data") for button in shown.buttons
    ]

    # The chart arrives as a photo, the CSV files as two documents.
    mark = fake_api.mark()
    fake_api.push_callback(
        organiser, shown, PollManageCallback(action=PollAction.CHART, poll_id=poll_id).pack()
    )
    chart = await fake_api.wait_for_method("sendPhoto", chat_id=organiser.id, after=mark)
    assert chart.ok
    assert next(iter(chart.files.values())).data.startswith(b"\x89PNG")
    assert chart.plain_text == text_in(
        "sv",
        lambda: _("Poll #{number}: answers per option, by the residents' languages.").format(
            number=poll_id
        ),
    )

    mark = fake_api.mark()
    fake_api.push_callback(
        organiser, shown, PollManageCallback(action=PollAction.CSV, poll_id=poll_id).pack()
    )
    results_file, answers_file = await fake_api.wait_for_messages(
        organiser.id, 2, after=mark, methods=frozenset({"sendDocument"})
    )
    tables = []
    for document in (results_file, answers_file):
        assert document.ok
        upload = next(iter(document.files.values()))
        assert (upload.filename or "").endswith(".csv")
        assert f"-{poll_id}-" in (upload.filename or "")
        content = upload.data.decode("utf-8-sig")
        for secret in ("9101", "9102", "9103", "9104", "Amal", "Hodan", "Erik", "Aino"):
            assert secret not in content
        tables.append(list(csv.reader(io.StringIO(content), delimiter=";")))
    results_rows, answer_rows = tables
    # Per option: all languages, then each of the four languages.
    assert len(results_rows) == 1 + 3 * 5
    assert len(answer_rows) == 1 + 4
    assert sorted(row[3] for row in answer_rows[1:]) == ["1", "2", "2", "3"]
    assert fake_api.unanswered_callback_queries == []


async def test_a_closed_poll_and_a_forged_answer_change_nothing(
    fake_api: FakeBotAPI, start_bot: StartBot
) -> None:
    await start_bot(MIN_GROUP_SIZE="1")  # the one Arabic answer shown on its own
    amal = TgUser(id=9201, first_name="Amal", language_code="ar")
    sami = TgUser(id=9202, first_name="Sami", language_code="ar")
    hodan = TgUser(id=9203, first_name="Hodan", language_code="so")
    for resident in (amal, sami, hodan):
        await fake_api.ask_many(resident, "/start", 2)
    organiser = TgUser(id=9210, first_name="Olle", language_code="sv")
    await _become_organiser(fake_api, organiser)

    # Arabic readers only, results hidden from residents, with a closing time.
    _previews, summary = await _create_poll(
        fake_api,
        organiser,
        ["ar"],
        results=PollWizardStep.HIDE_RESULTS,
        closing_time=True,
        audience=AudienceCallback(language="ar"),
    )
    assert text_in(
        "sv",
        lambda: ngettext(
            "This poll goes to {count} resident.", "This poll goes to {count} residents.", 2
        ).format(count=2),
    ) in (summary.plain_text or "")
    mark = await _send(fake_api, organiser, summary, delivered=2)
    received = {
        resident.id: await fake_api.wait_for_message(resident.id, after=mark)
        for resident in (amal, sami)
    }
    assert not [request for request in fake_api.sent_to(hodan.id) if request.index >= mark]
    nothing = await fake_api.ask(hodan, "/polls")
    assert nothing.text == text_in("so", lambda: _("There are no open polls for you right now."))

    buttons = _answer_buttons(received[amal.id])
    poll_id = buttons[0].poll_id
    option_ids = [button.option_id for button in buttons]
    closes = CLOSING_TIME.search(received[amal.id].plain_text or "")
    assert closes is not None
    closes_at = datetime.strptime(closes.group(0), "%Y-%m-%d %H:%M").replace(tzinfo=ZONE)
    card = _card(poll_id, option_ids, ["sv", "ar"], closes_at)
    for resident in (amal, sami):
        assert received[resident.id].text == text_in("ar", lambda: card.text("ar", ZONE))
        assert received[resident.id].button_texts == OPTIONS["ar"]

    # Results are hidden: the edit shows the choice, not the counts.
    for resident, position in ((amal, 0), (sami, 1)):
        answer, edit = await _tap(fake_api, resident, received[resident.id], buttons[position])
        assert answer.params.get("text") == text_in(
            "ar", lambda: _("Thank you! Your answer is saved.")
        )
        assert edit.text == text_in("ar", lambda: card.text("ar", ZONE))
        assert edit.button_texts == _marked("ar", position)

    expected_lines = _organiser_lines(poll_id, [1, 1, 0], {"ar": [1, 1, 0]})
    before = await _organiser_results(fake_api, organiser, poll_id)
    for line in expected_lines:
        assert line in (before.text or ""), line

    # A forged tap on an option the poll does not have: refused, and nothing changes.
    mark = fake_api.mark()
    refused = await _forged_tap(
        fake_api,
        amal,
        received[amal.id],
        PollAnswerCallback(poll_id=poll_id, option_id=max(option_ids) + 1000),
    )
    assert refused.params.get("text") == text_in(
        "ar", lambda: _("This poll no longer has that option.")
    )
    assert refused.params.get("show_alert") is True
    after_forgery = await _organiser_results(fake_api, organiser, poll_id)
    assert after_forgery.text == before.text
    assert not [
        request
        for request in fake_api.sent_to(amal.id)
        if request.index >= mark and request.method == "editMessageText"
    ]

    # The organiser closes it; a later tap is refused and counted nowhere.
    mark = fake_api.mark()
    closed = await _edited(
        fake_api,
        organiser,
        after_forgery,
        PollManageCallback(action=PollAction.CLOSE, poll_id=poll_id),
    )
    notice = await fake_api.wait_for_method("answerCallbackQuery", after=mark)
    assert notice.params.get("text") == text_in("sv", lambda: _("The poll is closed."))
    closed_state = text_in("sv", lambda: _("🔒 Closed on {time}."))
    assert closed_state.split("{time}")[0] in (closed.text or "")
    for line in expected_lines:
        assert line in (closed.text or ""), line
    assert PollManageCallback(action=PollAction.CLOSE, poll_id=poll_id).pack() not in [
        button.get("callback_data") for button in closed.buttons
    ]

    answer, edit = await _tap(fake_api, sami, received[sami.id], buttons[2])
    assert answer.params.get("text") == text_in(
        "ar", lambda: _("This poll is closed. Your tap was not counted.")
    )
    assert answer.params.get("show_alert") is True
    assert text_in("ar", lambda: _("🔒 This poll is closed.")) in (edit.text or "")
    assert edit.text == text_in("ar", lambda: card.text("ar", ZONE, closed=True))
    assert not edit.buttons

    listing = await _edited(
        fake_api,
        organiser,
        closed,
        PollManageCallback(action=PollAction.LIST, poll_id=poll_id),
    )
    assert any(label.startswith(f"🔒 #{poll_id} ") for label in listing.button_texts)
    again = await _edited(
        fake_api,
        organiser,
        listing,
        PollManageCallback(action=PollAction.RESULTS, poll_id=poll_id),
    )
    assert again.text == closed.text
    assert fake_api.unanswered_callback_queries == []

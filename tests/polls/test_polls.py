"""Polls through the real dispatcher: an organiser creates one with translations, each
resident answers in their language, the count is one, closing stops every tap."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from aiogram.methods import SendMessage
from pydantic import SecretStr
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from bot.delivery.broadcast_queue import BroadcastQueue
from bot.delivery.exports import run_export
from bot.delivery.poll_closing import PollClosingJob
from bot.services.exports import ExportFilters, ExportKind
from bot.services.polls import poll_results
from bot.views.callbacks import (
    AudienceCallback,
    LanguageCallback,
    PollAction,
    PollAnswerCallback,
    PollManageCallback,
    PollWizardCallback,
    PollWizardStep,
)
from db.models import Broadcast, Poll, PollAnswer, PollOption, Resident, Role
from db.types import utc_now
from tests.support.faults import APOLOGY, failing_once
from tests.support.i18n import in_language

ZONE = ZoneInfo("Europe/Stockholm")
ORGANISER = 950_001
QUESTION_SV = "Vilken dag passar bäst för städdagen?"
OPTIONS_SV = ["Lördag", "Söndag", "Onsdag kväll"]
QUESTION_AR = "ما هو اليوم الأنسب ليوم التنظيف؟"
OPTIONS_AR = ["السبت", "الأحد", "مساء الأربعاء"]
QUESTION_SO = "Maalintee ayaa ugu fiican maalinta nadaafadda?"
OPTIONS_SO = ["Sabti", "Axad", "Arbaco fiidkii"]


def _wizard(step: PollWizardStep) -> str:
    return PollWizardCallback(step=step).pack()


async def _organiser(person, session_factory):
    organiser = person(ORGANISER, "sv")
    await organiser.send("/start")
    async with session_factory() as session, session.begin():
        await session.execute(
            update(Resident).where(Resident.telegram_id == ORGANISER).values(role=Role.ORGANISER)
        )
    return organiser


async def _create_poll(organiser, **choices):
    """The whole wizard, from /newpoll to Send; returns the preview and the answer to Send."""
    preview = await _prepare_poll(organiser, **choices)
    sent = await organiser.press_data(_wizard(PollWizardStep.SEND))
    return preview, sent


async def _prepare_poll(
    organiser,
    *,
    multiple: bool = False,
    shows_results: bool = True,
    deadline: str | None = None,
    audience: str = "",
):
    """The wizard from /newpoll to the preview; returns the preview."""
    await organiser.send("/newpoll")
    await organiser.send(QUESTION_SV)
    await organiser.send("\n".join(OPTIONS_SV))
    await organiser.send("\n".join(["ar", QUESTION_AR, *OPTIONS_AR]))
    await organiser.send("\n".join(["so", QUESTION_SO, *OPTIONS_SO]))
    await organiser.press_data(_wizard(PollWizardStep.TRANSLATIONS_DONE))
    await organiser.press_data(
        _wizard(PollWizardStep.MULTIPLE_CHOICE if multiple else PollWizardStep.SINGLE_CHOICE)
    )
    await organiser.press_data(
        _wizard(PollWizardStep.SHOW_RESULTS if shows_results else PollWizardStep.HIDE_RESULTS)
    )
    if deadline is None:
        await organiser.press_data(_wizard(PollWizardStep.NO_DEADLINE))
    else:
        await organiser.send(deadline)
    return await organiser.press_data(AudienceCallback(language=audience).pack())


async def _deliver(bot, i18n, session_factory) -> dict[int, SendMessage]:
    async with session_factory() as session:
        broadcast_id = await session.scalar(select(Broadcast.id).order_by(Broadcast.id.desc()))
    before = len(bot.session.requests)
    sender = BroadcastQueue().sender(
        bot, i18n, session_factory, rate=1000, default_locale="sv", zone=ZONE
    )
    await sender.run(broadcast_id)
    return {
        int(request.chat_id): request
        for request in bot.session.requests[before:]
        if isinstance(request, SendMessage) and request.reply_markup is not None
    }


async def _poll_and_options(session_factory) -> tuple[Poll, list[PollOption]]:
    async with session_factory() as session:
        poll = await session.scalar(select(Poll).order_by(Poll.id.desc()))
        assert poll is not None
        options = list(
            await session.scalars(
                select(PollOption)
                .where(PollOption.poll_id == poll.id)
                .order_by(PollOption.position)
            )
        )
    return poll, options


def _labels(request: SendMessage) -> list[str]:
    return [button.text for row in request.reply_markup.inline_keyboard for button in row]


async def test_each_resident_gets_the_poll_in_their_language_and_answers_count_once(
    person, session_factory, bot, i18n
) -> None:
    residents = {950_010: "ar", 950_011: "so", 950_012: "sv", 950_013: "fi"}
    for user_id, language in residents.items():
        await person(user_id, language).send("/start")
    organiser = await _organiser(person, session_factory)
    preview, _sent = await _create_poll(organiser)
    # One preview per written language, each with its own buttons.
    assert any(QUESTION_AR in text for text in preview.texts)
    assert any(QUESTION_SO in text for text in preview.texts)
    assert OPTIONS_AR[0] in [button.text for button in preview.buttons()]

    received = await _deliver(bot, i18n, session_factory)
    assert QUESTION_AR in received[950_010].text
    assert _labels(received[950_010]) == OPTIONS_AR
    assert QUESTION_SO in received[950_011].text
    assert _labels(received[950_011]) == OPTIONS_SO
    assert QUESTION_SV in received[950_012].text
    assert _labels(received[950_012]) == OPTIONS_SV
    # No Finnish translation: the Swedish poll, framed in Finnish.
    assert QUESTION_SV in received[950_013].text
    frame = in_language(i18n, "fi", lambda: i18n.gettext("Choose one answer."))
    assert frame in received[950_013].text

    poll, options = await _poll_and_options(session_factory)
    for user_id, position in ((950_010, 0), (950_011, 0), (950_012, 1), (950_013, 0)):
        await person(user_id, residents[user_id]).press_data(
            PollAnswerCallback(poll_id=poll.id, option_id=options[position].id).pack()
        )
    async with session_factory() as session:
        results = await poll_results(session, poll.id, min_group_size=1)  # each language
    assert results.respondents == 4
    assert results.per_option[options[0].id] == 3
    assert results.per_option[options[1].id] == 1
    assert results.by_language["ar"][options[0].id] == 1
    assert results.respondents_by_language == {"ar": 1, "so": 1, "sv": 1, "fi": 1}


async def test_an_answer_changes_until_closing_then_taps_are_refused(
    person, session_factory, bot, i18n, settings
) -> None:
    somali = person(950_020, "so")
    await somali.send("/start")
    organiser = await _organiser(person, session_factory)
    await _create_poll(organiser)
    await _deliver(bot, i18n, session_factory)
    poll, options = await _poll_and_options(session_factory)

    def tap(position: int) -> str:
        return PollAnswerCallback(poll_id=poll.id, option_id=options[position].id).pack()

    first = await somali.press_data(tap(0))
    assert first.alerts == [
        in_language(i18n, "so", lambda: i18n.gettext("Thank you! Your answer is saved."))
    ]
    assert f"✅ {OPTIONS_SO[0]}" in [button.text for button in first.buttons()]
    changed = await somali.press_data(tap(2))
    assert changed.alerts == [
        in_language(i18n, "so", lambda: i18n.gettext("Your answer is changed."))
    ]
    assert f"✅ {OPTIONS_SO[2]}" in [button.text for button in changed.buttons()]
    assert f"✅ {OPTIONS_SO[0]}" not in [button.text for button in changed.buttons()]

    await organiser.press_data(PollManageCallback(action=PollAction.CLOSE, poll_id=poll.id).pack())
    refused = await somali.press_data(tap(1))
    assert refused.alerts == [
        in_language(
            i18n, "so", lambda: i18n.gettext("This poll is closed. Your tap was not counted.")
        )
    ]
    assert in_language(i18n, "so", lambda: i18n.gettext("🔒 This poll is closed.")) in (
        refused.text
    )
    # The final results, as the poll shows them.
    assert f"{OPTIONS_SO[2]}: 1" in refused.text
    # Also to someone who never answered.
    late = person(950_021, "sv")
    await late.send("/start")
    too_late = await late.press_data(tap(0))
    assert f"{OPTIONS_SV[2]}: 1" in too_late.text
    async with session_factory() as session:
        results = await poll_results(session, poll.id)
    assert results.respondents == 1
    assert results.per_option[options[2].id] == 1
    assert results.per_option[options[1].id] == 0


async def test_multiple_choice_toggles_and_results_show_after_answering(
    person, session_factory, bot, i18n
) -> None:
    resident = person(950_030, "sv")
    await resident.send("/start")
    organiser = await _organiser(person, session_factory)
    await _create_poll(organiser, multiple=True)
    poll, options = await _poll_and_options(session_factory)

    def tap(position: int) -> str:
        return PollAnswerCallback(poll_id=poll.id, option_id=options[position].id).pack()

    await resident.press_data(tap(0))
    both = await resident.press_data(tap(1))
    assert {f"✅ {OPTIONS_SV[0]}", f"✅ {OPTIONS_SV[1]}"} <= {b.text for b in both.buttons()}
    assert "Lördag: 1 (100" in both.text  # results, shown because the poll shows them
    one = await resident.press_data(tap(0))
    assert f"✅ {OPTIONS_SV[0]}" not in {b.text for b in one.buttons()}
    async with session_factory() as session:
        results = await poll_results(session, poll.id)
    assert results.respondents == 1
    assert dict(results.per_option) == {options[1].id: 1}
    none = await resident.press_data(tap(1))
    assert none.alerts == [i18n.gettext("This option is removed from your answer.", locale="sv")]
    async with session_factory() as session:
        assert await session.scalar(select(func.count()).select_from(PollAnswer)) == 0


async def test_hidden_results_stay_hidden_from_residents(
    person, session_factory, bot, i18n
) -> None:
    resident = person(950_035, "sv")
    await resident.send("/start")
    await _create_poll(await _organiser(person, session_factory), shows_results=False)
    poll, options = await _poll_and_options(session_factory)
    reply = await resident.press_data(
        PollAnswerCallback(poll_id=poll.id, option_id=options[0].id).pack()
    )
    assert "(100" not in reply.text
    assert "✅" in " ".join(b.text for b in reply.buttons())


async def test_a_poll_closes_at_its_deadline_even_after_a_restart(
    person, session_factory, bot, i18n, settings
) -> None:
    resident = person(950_040, "ar")
    await resident.send("/start")
    organiser = await _organiser(person, session_factory)
    deadline = (utc_now() + timedelta(days=2)).astimezone(ZONE).replace(second=0, microsecond=0)
    await _create_poll(organiser, deadline=deadline.strftime("%Y-%m-%d %H:%M"))
    poll, options = await _poll_and_options(session_factory)
    assert poll.closes_at == deadline
    await resident.press_data(PollAnswerCallback(poll_id=poll.id, option_id=options[1].id).pack())

    before = len(bot.session.requests)
    # Before the deadline nothing closes; a fresh job (as after a restart) after it does.
    assert await PollClosingJob(bot, i18n, session_factory, settings)() == 0
    later = PollClosingJob(bot, i18n, session_factory, settings, clock=lambda: deadline)
    assert await later() == 1
    assert await later() == 0  # the organiser is told once
    told = [r for r in bot.session.requests[before:] if isinstance(r, SendMessage)]
    assert [int(r.chat_id) for r in told] == [ORGANISER]
    assert QUESTION_SV in told[0].text
    assert "Söndag: 1" in told[0].text
    async with session_factory() as session:
        closed = await session.get(Poll, poll.id)
        assert closed is not None
        assert closed.closed_at == deadline


async def test_taps_after_the_deadline_are_refused_before_the_job_runs(
    person, session_factory, bot, i18n
) -> None:
    resident = person(950_045, "fi")
    await resident.send("/start")
    await _create_poll(await _organiser(person, session_factory))
    poll, options = await _poll_and_options(session_factory)
    async with session_factory() as session, session.begin():
        await session.execute(
            update(Poll)
            .where(Poll.id == poll.id)
            .values(closes_at=utc_now() - timedelta(minutes=1))
        )
    reply = await resident.press_data(
        PollAnswerCallback(poll_id=poll.id, option_id=options[0].id).pack()
    )
    assert reply.alerts == [
        in_language(
            i18n, "fi", lambda: i18n.gettext("This poll is closed. Your tap was not counted.")
        )
    ]


async def test_forged_taps_change_nothing(person, session_factory, bot, i18n) -> None:
    resident = person(950_050, "ti")
    await resident.send("/start")
    await _create_poll(await _organiser(person, session_factory))
    poll, options = await _poll_and_options(session_factory)
    expected = in_language(i18n, "ti", lambda: i18n.gettext("This poll no longer has that option."))
    for forged in (
        PollAnswerCallback(poll_id=poll.id, option_id=options[-1].id + 100),
        PollAnswerCallback(poll_id=poll.id + 100, option_id=options[0].id),
        PollAnswerCallback(poll_id=poll.id, option_id=0),
    ):
        reply = await resident.press_data(forged.pack())
        assert reply.alerts == [expected]
    async with session_factory() as session:
        assert await session.scalar(select(func.count()).select_from(PollAnswer)) == 0


async def test_only_organisers_create_polls_or_see_all_results(person, session_factory) -> None:
    resident = person(950_060, "so")
    await resident.send("/start")
    reply = await resident.send("/newpoll")
    assert "organis" not in reply.text  # translated, not the English refusal
    async with session_factory() as session:
        assert await session.scalar(select(func.count()).select_from(Poll)) == 0
    forged = await resident.press_data(
        PollManageCallback(action=PollAction.CLOSE, poll_id=1).pack()
    )
    assert forged.alerts  # a stale-button answer, nothing closed
    wizard = await resident.press_data(_wizard(PollWizardStep.SEND))
    assert wizard.alerts


async def _a_poll_for_arabic_readers(person, session_factory, arabic_id: int, swedish_id: int):
    """An Arabic and a Swedish resident, and a poll sent for Arabic readers only."""
    arabic, swedish = person(arabic_id, "ar"), person(swedish_id, "sv")
    await arabic.send("/start")
    await swedish.send("/start")
    await _create_poll(await _organiser(person, session_factory), audience="ar")
    poll, options = await _poll_and_options(session_factory)
    return arabic, swedish, poll, options


async def test_polls_lists_what_the_resident_has_not_answered(
    person, session_factory, bot, i18n
) -> None:
    arabic, swedish, poll, options = await _a_poll_for_arabic_readers(
        person, session_factory, 950_070, 950_071
    )

    listed = await arabic.send("/polls")
    assert any(QUESTION_AR in text for text in listed.texts)
    assert OPTIONS_AR[0] in [button.text for button in listed.buttons()]
    # Not in the audience: nothing to answer.
    nothing = await swedish.send("/polls")
    assert nothing.texts == [
        i18n.gettext("There are no open polls for you right now.", locale="sv")
    ]

    await arabic.press_data(PollAnswerCallback(poll_id=poll.id, option_id=options[0].id).pack())
    after = await arabic.send("/polls")
    assert not any(QUESTION_AR in text for text in after.texts)


async def test_a_poll_sent_in_one_language_is_answered_after_switching_to_another(
    person, session_factory, bot, i18n
) -> None:
    arabic, swedish, poll, options = await _a_poll_for_arabic_readers(
        person, session_factory, 950_072, 950_073
    )
    sent = await _deliver(bot, i18n, session_factory)
    assert set(sent) == {950_072}
    tap = PollAnswerCallback(poll_id=poll.id, option_id=options[1].id).pack()
    assert tap in [
        b.callback_data for row in sent[950_072].reply_markup.inline_keyboard for b in row
    ]

    await arabic.press_data(LanguageCallback(code="sv").pack())
    answered = await arabic.press_data(tap)
    # The poll was never sent to the Swedish resident: a tap made up from its ids is refused.
    forged = await swedish.press_data(tap)

    assert answered.answers == [i18n.gettext("Thank you! Your answer is saved.", locale="sv")]
    assert forged.alerts == [i18n.gettext("This poll no longer has that option.", locale="sv")]
    async with session_factory() as session:
        stored = (await session.execute(select(PollAnswer.resident_id, PollAnswer.language))).all()
        arabic_id = await session.scalar(select(Resident.id).where(Resident.telegram_id == 950_072))
    assert stored == [(arabic_id, "sv")]


async def test_organisers_see_results_per_language_a_chart_and_csv(
    person, session_factory, bot, i18n, settings
) -> None:
    settings.min_group_size = 1  # every language on its own; see test_small_groups.py
    for user_id, language in ((950_080, "ar"), (950_081, "ar"), (950_082, "so")):
        await person(user_id, language).send("/start")
    organiser = await _organiser(person, session_factory)
    await _create_poll(organiser)
    poll, options = await _poll_and_options(session_factory)
    for user_id, language, position in ((950_080, "ar", 0), (950_081, "ar", 1), (950_082, "so", 1)):
        await person(user_id, language).press_data(
            PollAnswerCallback(poll_id=poll.id, option_id=options[position].id).pack()
        )

    listing = await organiser.send("/polls")
    assert any(
        f"#{poll.id}" in button.text and "(3)" in button.text for button in listing.buttons()
    )
    results = await organiser.press(f"#{poll.id}")
    assert "1. Lördag: 1" in results.text
    assert "2. Söndag: 2" in results.text
    # Languages named in the organiser's language (Swedish here).
    assert "arabiska (2): 1: 1 · 2: 1 · 3: 0" in results.text
    assert "somaliska (1): 1: 0 · 2: 1 · 3: 0" in results.text

    chart = await organiser.press("📊")
    assert [type(r).__name__ for r in chart.requests].count("SendPhoto") == 1
    settings.pseudonym_secret = None
    files = await organiser.press("⬇️", results)
    # Without PSEUDONYM_SECRET the bot's own stored secret keys the pseudonyms.
    assert [type(r).__name__ for r in files.requests].count("SendDocument") == 2


async def test_one_answer_per_resident_is_a_database_rule(person, session_factory) -> None:
    resident = person(950_090, "sv")
    await resident.send("/start")
    await _create_poll(await _organiser(person, session_factory))
    poll, _options = await _poll_and_options(session_factory)
    async with session_factory() as session:
        resident_id = await session.scalar(
            select(Resident.id).where(Resident.telegram_id == 950_090)
        )
    with pytest.raises(IntegrityError):
        async with session_factory() as session, session.begin():
            session.add_all(
                [
                    PollAnswer(poll_id=poll.id, resident_id=resident_id, language="sv"),
                    PollAnswer(poll_id=poll.id, resident_id=resident_id, language="sv"),
                ]
            )


async def test_poll_csv_has_counts_per_language_and_pseudonymous_answers(
    person, session_factory, dispatcher, settings
) -> None:
    answers = ((950_100, "ar", 0), (950_101, "ar", 1), (950_102, "sv", 1))
    for user_id, language, _position in answers:
        await person(user_id, language).send("/start")
    await _create_poll(await _organiser(person, session_factory))
    poll, options = await _poll_and_options(session_factory)
    for user_id, language, position in answers:
        await person(user_id, language).press_data(
            PollAnswerCallback(poll_id=poll.id, option_id=options[position].id).pack()
        )
    # Every language on its own; tests/polls/test_small_groups.py merges them.
    secret = settings.model_copy(
        update={"pseudonym_secret": SecretStr("poll-test-secret"), "min_group_size": 1}
    )

    async def export(kind: ExportKind) -> list[list[str]]:
        target = io.BytesIO()
        await run_export(
            session_factory, dispatcher["i18n"], secret, dispatcher["area"], kind,
            ExportFilters(poll_id=poll.id), target, actor_id=None,
        )  # fmt: skip
        data = target.getvalue()
        assert data.startswith(b"\xef\xbb\xbf")
        return list(csv.reader(io.StringIO(data[3:].decode(), newline=""), delimiter=";"))

    header, *rows = await export(ExportKind.POLLS)
    assert len(header) == 7
    everyone = dispatcher["i18n"].gettext("All languages", locale="sv")
    assert [f"#{poll.id}", QUESTION_SV, "2", "Söndag", everyone, "2", "66,7"] in rows
    assert [f"#{poll.id}", QUESTION_SV, "2", "Söndag", "arabiska", "1", "50"] in rows
    assert [f"#{poll.id}", QUESTION_SV, "1", "Lördag", "svenska", "0", "0"] in rows
    assert len(rows) == len(options) * 3  # everyone, Arabic, Swedish per option

    header, *raw = await export(ExportKind.POLL_ANSWERS)
    assert len(raw) == 3
    assert {row[3] for row in raw} == {"1", "2"}
    text = "\n".join(";".join(row) for row in raw)
    for user_id, _language, _position in answers:
        assert str(user_id) not in text
    assert all(row[1].startswith("R-") for row in raw)


OPTION_COUNT = (
    "Please send {low} to {high} options, one per line. I found {count} option.",
    "Please send {low} to {high} options, one per line. I found {count} options.",
)
TRANSLATION_COUNT = (
    "The poll has {expected} option, so the translation needs {expected} option line after "
    "the question. I found {count}.",
    "The poll has {expected} options, so the translation needs {expected} option lines after "
    "the question. I found {count}.",
)


@pytest.mark.parametrize(
    ("step", "sent", "expected"),
    [
        (
            "question",
            "x" * 301,
            "The question needs 1 to {limit} characters; this one has {count}.",
        ),
        ("options", "Bara ett alternativ", OPTION_COUNT),
        ("options", "Ja\nja", "Two options are the same. Please make each option different."),
        (
            "options",
            "Ja\n" + "n" * 101,
            "Option {number} has {count} characters; the limit is {limit}.",
        ),
        ("translation", "ar\nسؤال\nنعم", TRANSLATION_COUNT),
        (
            "translation",
            "xx\nFråga\nA\nB\nC",
            "I could not read that. First line: a language code ({codes}); second line: the "
            "question; then the options, one per line.",
        ),
        (
            "deadline",
            "i morgon",
            "Please write the date and time like this: {example} (Swedish time), or press the "
            "button.",
        ),
        (
            "deadline",
            "2020-01-01 12:00",
            "That time has already passed. Please choose a later one.",
        ),
    ],
)
async def test_the_wizard_explains_what_to_send_instead(
    person, session_factory, i18n, step: str, sent: str, expected: str
) -> None:
    organiser = await _organiser(person, session_factory)
    await organiser.send("/newpoll")
    if step != "question":
        await organiser.send(QUESTION_SV)
    if step in ("translation", "deadline"):
        await organiser.send("\n".join(OPTIONS_SV))
    if step == "deadline":
        await organiser.press_data(_wizard(PollWizardStep.TRANSLATIONS_DONE))
        await organiser.press_data(_wizard(PollWizardStep.SINGLE_CHOICE))
        await organiser.press_data(_wizard(PollWizardStep.SHOW_RESULTS))
    reply = await organiser.send(sent)
    if isinstance(expected, tuple):
        translated = i18n.gettext(*expected, n=3, locale="sv")
    else:
        translated = i18n.gettext(expected, locale="sv")
    prefix = translated.split("{")[0]
    assert len(reply.texts) == 1
    assert reply.texts[0].startswith(prefix)
    # Nothing was lost: the right input is still taken at the same step.
    sticker = await organiser.send_sticker()
    assert sticker.texts == [i18n.gettext("Please send this as a text message.", locale="sv")]


async def test_a_poll_that_closes_while_going_out_reaches_nobody_more(
    person, session_factory, bot, i18n
) -> None:
    for user_id in range(950_200, 950_206):
        await person(user_id, "sv").send("/start")
    organiser = await _organiser(person, session_factory)
    await _create_poll(organiser)
    poll, _options = await _poll_and_options(session_factory)
    async with session_factory() as session:
        broadcast_id = await session.scalar(select(Broadcast.id).order_by(Broadcast.id.desc()))

    async def close_after_first_batch(session, broadcast) -> bool:
        # The deadline passes after the first batch went out.
        sent_batches.append(1)
        if len(sent_batches) > 1:
            await session.execute(
                update(Poll).where(Poll.id == poll.id).values(closed_at=utc_now())
            )
        return len(sent_batches) == 1

    sent_batches: list[int] = []
    before = len(bot.session.requests)
    sender = BroadcastQueue().sender(
        bot, i18n, session_factory, rate=1000, default_locale="sv", zone=ZONE
    )
    sender.batch = 3
    sender.still_wanted = close_after_first_batch
    progress = await sender.run(broadcast_id)
    polls_sent = [
        r for r in bot.session.requests[before:] if isinstance(r, SendMessage) and r.reply_markup
    ]
    assert len(polls_sent) == 3
    assert (progress.sent, progress.pending) == (3, 0)
    async with session_factory() as session:
        broadcast = await session.get(Broadcast, broadcast_id)
    assert broadcast is not None
    assert broadcast.state == "done"


async def test_the_queue_stops_a_closed_polls_broadcast(person, session_factory, bot, i18n) -> None:
    await person(950_210, "sv").send("/start")
    organiser = await _organiser(person, session_factory)
    await _create_poll(organiser)
    poll, _options = await _poll_and_options(session_factory)
    await organiser.press_data(PollManageCallback(action=PollAction.CLOSE, poll_id=poll.id).pack())
    received = await _deliver(bot, i18n, session_factory)
    assert received == {}


async def test_results_for_an_organiser_telegram_refuses_are_not_retried_forever(
    person, session_factory, bot, i18n, settings
) -> None:
    from aiogram.exceptions import TelegramBadRequest

    organiser = await _organiser(person, session_factory)
    await _create_poll(organiser)
    poll, _options = await _poll_and_options(session_factory)
    await organiser.press_data(PollManageCallback(action=PollAction.CLOSE, poll_id=poll.id).pack())
    async with session_factory() as session, session.begin():
        await session.execute(update(Poll).where(Poll.id == poll.id).values(results_sent_at=None))

    def chat_not_found(method) -> None:
        if isinstance(method, SendMessage):
            raise TelegramBadRequest(method=method, message="Bad Request: chat not found")

    bot.session._on_request = chat_not_found
    job = PollClosingJob(bot, i18n, session_factory, settings)
    assert await job() == 1
    assert await job() == 0  # given up once, not asked again every round


async def _count(session_factory, model) -> int:
    async with session_factory() as session:
        return await session.scalar(select(func.count()).select_from(model)) or 0


async def test_a_failed_save_is_apologised_for_and_the_poll_can_be_sent_again(
    person, session_factory, i18n
) -> None:
    organiser = await _organiser(person, session_factory)
    await _prepare_poll(organiser)
    # The poll row is written; storing its broadcast fails: nothing may stay half-saved.
    with failing_once(session_factory, "INSERT INTO BROADCASTS") as failed:
        refused = await organiser.press_data(_wizard(PollWizardStep.SEND))
    assert failed, "the fault was not injected"
    # Answered once, with the apology: the button was not answered before the save.
    assert refused.answers == [i18n.gettext(APOLOGY, locale="sv")[:200]]
    assert await _count(session_factory, Poll) == 0
    assert await _count(session_factory, Broadcast) == 0

    # The draft is still there, translations and all: the same button sends it, once.
    sent = await organiser.press_data(_wizard(PollWizardStep.SEND))
    assert sent.texts, "the organiser was not told the poll is going out"
    assert await _count(session_factory, Poll) == 1
    assert await _count(session_factory, Broadcast) == 1
    poll, options = await _poll_and_options(session_factory)
    assert poll.question == {"sv": QUESTION_SV, "ar": QUESTION_AR, "so": QUESTION_SO}
    assert [option.texts["ar"] for option in options] == OPTIONS_AR
    assert (await organiser.press_data(_wizard(PollWizardStep.SEND))).alerts  # a stale Send
    assert await _count(session_factory, Poll) == 1

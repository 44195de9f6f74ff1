"""What a second reading of the catalogues found (issue 15, items 14-16), as residents
meet it through the dispatcher.

The privacy notice says the bot never stores a name; the choice of how to send a safety
report must not promise "with your name", in any language. /forget names everything it
erases. And the texts that one language got wrong say what the English says.
"""

from __future__ import annotations

import pytest

from bot.i18n.languages import LANGUAGES
from bot.views.callbacks import (
    ForgetCallback,
    ForgetChoice,
    ReportCategoryCallback,
    ReportTimeCallback,
    ReportVisibilityCallback,
    ReportWhenCallback,
    WizardAction,
)
from db.models import SafetyCategory, TimeOfDay, Visibility, WhenHappened
from handlers.polls import _answer_notice
from tests.ideas.helpers import wizard_action, write_idea
from tests.safety.helpers import ReportAction, step
from tests.support.i18n import in_language

RESIDENT = 970_001
# The word for "name" in each language, as the privacy notice uses it ("never your name").
NAME = {
    "sv": "namn",
    "en": "name",
    "ar": "اسم",
    "so": "magac",
    "fa": "نام",
    "bs": "ime",
    "ckb": "ناو",
    "fi": "nime",
    "ti": "ስም",
}
# "your poll answers", as the /forget text that erases everything says it.
POLL_ANSWERS = {
    "sv": "dina enkätsvar",
    "en": "your poll answers",
    "ar": "وإجاباتك في استطلاعات الرأي",
    "so": "jawaabahaaga ra'yi ururinta",
    "fa": "جواب\u200cهای شما به نظرسنجی\u200cها",
    "bs": "vaše odgovore u anketama",
    "ckb": "وەڵامەکانتان لە ڕاپرسییەکاندا",
    "fi": "kyselyvastauksesi",
    "ti": "ኣብ ናይ ርእይቶ ሕቶታት ዝሃብኩምዎ መልስታት",
}


async def _up_to_visibility(resident, category: SafetyCategory = SafetyCategory.LIGHTING):
    await resident.send("/start")
    await resident.send("/report")
    categories = await resident.press_data(step(ReportAction.START))
    await resident.press_data(ReportCategoryCallback(category=category).pack())
    await resident.send_location(57.8135, 12.0528)
    await resident.press_data(ReportWhenCallback(happened=WhenHappened.RECURRING).pack())
    await resident.press_data(ReportTimeCallback(time_of_day=TimeOfDay.EVENING).pack())
    await resident.send("Lampan vid gångvägen är trasig")
    return categories, await resident.press_data(step(ReportAction.NEXT))


@pytest.mark.parametrize("code", list(LANGUAGES))
async def test_the_private_choice_promises_no_name_the_bot_never_stores(person, code: str) -> None:
    resident = person(RESIDENT, code)
    privacy = (await resident.send("/privacy")).text
    assert NAME[code] in privacy, "the privacy notice says a name is never stored"
    _categories, asked = await _up_to_visibility(resident)
    private = ReportVisibilityCallback(visibility=Visibility.PRIVATE).pack()
    label = next(button.text for button in asked.buttons() if button.callback_data == private)
    card = (await resident.press_data(private)).texts[-1]
    sent_line = card.splitlines()[4]
    for shown in (label, sent_line, asked.text.split("\n\n")[-1].splitlines()[0]):
        assert NAME[code] not in shown.lower(), f"{code}: {shown!r}"


@pytest.mark.parametrize("code", list(LANGUAGES))
async def test_forget_says_that_poll_answers_are_erased_in_every_language(
    person, dispatcher, code: str
) -> None:
    assert dispatcher["area"].privacy.keep_contributions_after_erasure
    resident = person(RESIDENT, code)
    await resident.send("/start")
    asked = await resident.send("/forget")
    assert POLL_ANSWERS[code] in asked.text


@pytest.mark.parametrize(
    ("code", "question"),
    [
        ("sv", "Vilken plats gäller din idé?"),
        ("fi", "Mitä paikkaa ideasi koskee?"),
        ("bs", "Na koje mjesto se odnosi vaša ideja?"),
        ("ckb", "بیرۆکەکەتان دەربارەی کام شوێنە؟"),
    ],
)
async def test_the_place_question_asks_which_place_the_idea_is_about(
    person, code: str, question: str
) -> None:
    author = person(RESIDENT, code)
    await author.send("/start")
    await write_idea(author, "Fler bänkar vid lekplatsen")
    assert (await wizard_action(author, WizardAction.CHOOSE_PLACE)).text == question


async def test_finnish_says_identifiable_not_confidential(person) -> None:
    # "Yksityinen" reads as "confidential", the opposite of a report whose sender staff see.
    # Staff texts and the CSV keep it on purpose (locales/fi/GLOSSARY.md).
    resident = person(RESIDENT, "fi")
    _categories, asked = await _up_to_visibility(resident)
    private = ReportVisibilityCallback(visibility=Visibility.PRIVATE).pack()
    label = next(button.text for button in asked.buttons() if button.callback_data == private)
    card = (await resident.press_data(private)).texts[-1]
    for shown in (label, asked.text, card):
        assert "yksityi" not in shown.lower(), shown
    assert label == "Tunnistettava: henkilökunta näkee, kuka olet"


async def test_arabic_says_without_a_name_not_unknown_person(person) -> None:
    resident = person(RESIDENT, "ar")
    privacy = (await resident.send("/privacy")).text
    _categories, asked = await _up_to_visibility(resident)
    anonymous = ReportVisibilityCallback(visibility=Visibility.ANONYMOUS).pack()
    preview = await resident.press_data(anonymous)
    for text in (privacy, asked.text, preview.text, *(b.text for b in asked.buttons())):
        assert "مجهول" not in text
    assert "طريقة الإرسال: بدون اسم" in preview.text
    # The retention line says the information is deleted, not that "we forget".
    assert "نحذف المعلومات التي تبيّن من أرسل" in privacy


async def test_persian_says_who_sent_a_report_is_deleted_not_forgotten(person) -> None:
    privacy = (await person(RESIDENT, "fa").send("/privacy")).text
    assert "فراموش" not in privacy
    assert "پاک می\u200cشود" in privacy


async def test_somali_entrances_forget_button_and_responsible_operator(person) -> None:
    resident = person(RESIDENT, "so")
    privacy = (await resident.send("/privacy")).text
    assert "ka tirsan" not in privacy  # "belongs to" the area
    assert "oo u shaqeeya" in privacy
    categories, _asked = await _up_to_visibility(resident)
    entrances = ReportCategoryCallback(category=SafetyCategory.ENTRANCES).pack()
    label = next(b.text for b in categories.buttons() if b.callback_data == entrances)
    assert label.startswith("Irdaha,")
    await resident.send("/cancel")
    asked = await resident.send("/forget")
    everything = ForgetCallback(choice=ForgetChoice.DELETE_EVERYTHING).pack()
    label = next(b.text for b in asked.buttons() if b.callback_data == everything)
    assert label.count("tirtir") == 1


async def test_tigrinya_says_for_the_area_not_instead_of_it(person) -> None:
    privacy = (await person(RESIDENT, "ti").send("/privacy")).text
    assert "ኣብ ክንዲ" not in privacy
    assert "ምእንቲ" in privacy


def test_bosnian_removes_the_option_from_the_answer(i18n) -> None:
    from bot.services.poll_answers import AnswerOutcome

    notice = in_language(i18n, "bs", lambda: _answer_notice(AnswerOutcome.REMOVED))
    assert notice == "Ova opcija je uklonjena iz vašeg odgovora."


def test_swedish_says_nyast_and_when_support_was_given(i18n) -> None:
    polls = "<b>Polls</b>, newest first. 🟢 open, 🔒 closed; in brackets, how many answered."
    assert "nyast först" in i18n.gettext(polls, locale="sv")
    assert i18n.gettext("Supported at", locale="sv") == "Tidpunkt för stöd"

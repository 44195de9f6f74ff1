"""The nine catalogues: complete, consistent with the code, safe to format.

A resident who reads only Tigrinya must never meet an English fallback, a placeholder a
translator renamed, or a pop-up Telegram refuses for being too long.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from bot.i18n.catalogues import LOCALES_DIR, load_translations
from bot.i18n.languages import LANGUAGES
from bot.settings import PROJECT_ROOT

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
TAG = re.compile(r"</?[a-z]+[^>]*>")
COMMAND = re.compile(r"(?<![\w/])/[a-z]+")
# Texts shown with answerCallbackQuery, which Telegram caps at 200 characters.
POP_UPS = {
    "That language is not available. Please choose again.",
    "This button no longer works. Type /start to see the menu.",
    "Role removed.",
    "This role was already removed.",
    "Sorry, only administrators can use this button.",
    "That took a while, so I deleted your draft. Nothing was saved. Start again from the menu.",
    "Thank you for your support! I will tell you what happens.",
    "You no longer support this idea.",
    "This idea can no longer be supported.",
    "This idea is no longer available.",
    "This report no longer exists.",
    "Done: the resident will be told that you are looking at it.",
    "Only staff can use these buttons.",
    "If someone is in danger now, call 112.",
    "Thank you! Your answer is saved.",
    "Your answer is changed.",
    "This is already your answer.",
    "This option is removed from your answer.",
    "This poll is closed. Your tap was not counted.",
    "This poll no longer has that option.",
    "This poll does not exist any more.",
    "The poll is closed.",
    "This poll was already closed.",
    "Drawing the chart…",
    "This is only a preview: taps here are not counted.",
}


def _catalogue(code: str) -> Catalog:
    with (LOCALES_DIR / code / "LC_MESSAGES" / "messages.po").open("rb") as source:
        return read_po(source, locale=code)


def _messages(code: str) -> list[Message]:
    return [message for message in _catalogue(code) if message.id]


def _forms(message: Message) -> list[str]:
    return list(message.string) if message.pluralizable else [message.string]


def _source(message: Message) -> str:
    return message.id[0] if message.pluralizable else message.id


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_catalogue_is_complete_without_fuzzy_entries(code: str) -> None:
    for message in _messages(code):
        assert message.fuzzy is False, f"{code}: fuzzy {_source(message)!r}"
        assert all(_forms(message)), f"{code}: untranslated {_source(message)!r}"


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_plural_forms_header_is_the_one_for_the_language(code: str) -> None:
    path = LOCALES_DIR / code / "LC_MESSAGES" / "messages.po"
    header = f'"Plural-Forms: {LANGUAGES[code].plural_forms}\\n"'
    assert header in path.read_text(encoding="utf-8")
    expected_count = int(re.search(r"nplurals=(\d)", header).group(1))
    for message in _messages(code):
        if message.pluralizable:
            assert len(message.string) == expected_count, f"{code}: {_source(message)!r}"


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_placeholders_tags_and_commands_survive_translation(code: str) -> None:
    for message in _messages(code):
        source = _source(message)
        for form in _forms(message):
            for pattern in (PLACEHOLDER, TAG):
                assert sorted(pattern.findall(form)) == sorted(pattern.findall(source)), (
                    f"{code}: {source!r} -> {form!r}"
                )
            assert set(COMMAND.findall(source)) <= set(COMMAND.findall(form)), (
                f"{code}: a /command is missing in {form!r}"
            )
            form.format(**{name[1:-1]: "x" for name in PLACEHOLDER.findall(source)})


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_pop_ups_fit_telegram(code: str) -> None:
    for message in _messages(code):
        if _source(message) in POP_UPS:
            assert all(len(form) <= 200 for form in _forms(message)), _source(message)


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_plural_forms_choose_the_right_form(code: str) -> None:
    translations = load_translations(LOCALES_DIR / code / "LC_MESSAGES" / "messages.po")
    plural = next(message for message in _messages(code) if message.pluralizable)
    expected = {"ar": {0: 0, 1: 1, 2: 2, 5: 3, 11: 4, 100: 5}, "bs": {1: 0, 3: 1, 5: 2, 21: 0}}
    cases = expected.get(code, {0: 0 if code in {"fa", "ti"} else 1, 1: 0, 2: 1})
    for n, form in cases.items():
        assert translations.ngettext(plural.id[0], plural.id[1], n) == plural.string[form]


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
@pytest.mark.parametrize("code", list(LANGUAGES))
def test_msgfmt_check_passes(code: str) -> None:
    path = LOCALES_DIR / code / "LC_MESSAGES" / "messages.po"
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=False,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr
    assert "fuzzy" not in result.stderr
    assert "warning" not in result.stderr


def test_every_message_in_the_code_is_in_the_catalogues(tmp_path: Path) -> None:
    template = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable, "-m", "babel.messages.frontend", "-q", "extract",
            "--input-dirs=bot,handlers", "-k", "_:1,1t", "-k", "_:1,2", "-k", "__",
            "-o", str(template),
        ],
        cwd=PROJECT_ROOT,
        check=True,
    )  # fmt: skip
    with template.open("rb") as source:
        in_code = {_source(message) for message in read_po(source) if message.id}
    in_catalogue = {_source(message) for message in _messages("en")}
    missing = in_code - in_catalogue
    assert not missing, f"run `python -m bot.i18n.tools`, then translate: {sorted(missing)}"

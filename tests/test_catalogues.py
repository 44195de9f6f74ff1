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
from bot.i18n.checks import (
    POP_UPS,
    length_limit,
    plural_count,
    source_text,
    translated_forms,
    translation_problems,
)
from bot.i18n.languages import LANGUAGES
from bot.settings import PROJECT_ROOT


def _catalogue(code: str) -> Catalog:
    with (LOCALES_DIR / code / "LC_MESSAGES" / "messages.po").open("rb") as source:
        return read_po(source, locale=code)


def _messages(code: str) -> list[Message]:
    return [message for message in _catalogue(code) if message.id]


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_catalogue_is_complete_without_fuzzy_entries(code: str) -> None:
    for message in _messages(code):
        assert message.fuzzy is False, f"{code}: fuzzy {source_text(message)!r}"
        assert all(translated_forms(message)), f"{code}: untranslated {source_text(message)!r}"


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_plural_forms_header_is_the_one_for_the_language(code: str) -> None:
    path = LOCALES_DIR / code / "LC_MESSAGES" / "messages.po"
    header = f'"Plural-Forms: {LANGUAGES[code].plural_forms}\\n"'
    assert header in path.read_text(encoding="utf-8")
    expected_count = int(re.search(r"nplurals=(\d)", header).group(1))
    for message in _messages(code):
        if message.pluralizable:
            assert len(message.string) == expected_count, f"{code}: {source_text(message)!r}"


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_placeholders_tags_commands_and_lengths_survive_translation(code: str) -> None:
    """The same checks ``python -m bot catalogues apply`` runs on a reviewer's correction:
    placeholders and tags kept exactly, /commands kept, safe to ``format``, and within
    the Telegram limit of where the text is shown (a pop-up's 200 characters)."""
    nplurals = plural_count(LANGUAGES[code].plural_forms)
    for message in _messages(code):
        problems = translation_problems(message, translated_forms(message), nplurals)
        assert not problems, f"{code}: {source_text(message)!r}: {problems}"


def test_every_pop_up_the_checks_know_is_still_in_the_catalogue() -> None:
    """A reworded pop-up left behind in ``POP_UPS`` would lose its 200-character check."""
    pop_ups = {source_text(m) for m in _messages("en") if length_limit(m).characters == 200}
    assert pop_ups == POP_UPS


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
        in_code = {source_text(message) for message in read_po(source) if message.id}
    in_catalogue = {source_text(message) for message in _messages("en")}
    missing = in_code - in_catalogue
    assert not missing, f"run `python -m bot.i18n.tools`, then translate: {sorted(missing)}"

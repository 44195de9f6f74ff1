"""The review kit: a sheet a community translator fills in with Excel, and the way back.

The sheet goes out with every text of one language; corrections come back through the
catalogue tests' own checks, so a reviewer cannot break a placeholder, a tag, a plural
form or a pop-up's length, nor overwrite a translation someone changed meanwhile.
"""

from __future__ import annotations

import codecs
import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.i18n import catalogues
from bot.i18n.catalogues import load_translations
from bot.i18n.checks import translation_problems
from bot.i18n.pofiles import catalogue_path, read_catalogue
from bot.i18n.review_kit import COLUMNS, write_review_sheet
from bot.settings import PROJECT_ROOT

POP_UP = "This option is removed from your answer."
PLURAL = "{count} person answered."


@pytest.fixture
def locales(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the catalogues for the command to read and rewrite."""
    copy = tmp_path / "locales"
    shutil.copytree(PROJECT_ROOT / "locales", copy)
    monkeypatch.setattr(catalogues, "LOCALES_DIR", copy)
    return copy


def _sheet(raw: bytes) -> list[dict[str, str]]:
    assert raw.startswith(codecs.BOM_UTF8), "Excel needs the byte-order mark for Arabic"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


def _save_as_excel_does(rows: list[dict[str, str]], path: Path) -> None:
    """Excel's "CSV UTF-8" with Swedish settings: BOM, ``;``, CRLF, quotes where needed."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8"))


def _review(language: str, locales: Path, tmp_path: Path) -> list[dict[str, str]]:
    out = tmp_path / f"review-{language}.csv"
    assert main(["catalogues", "review", language, "--out", str(out)]) == 0
    return _sheet(out.read_bytes())


def _row(rows: list[dict[str, str]], english: str) -> dict[str, str]:
    return next(row for row in rows if row["English"] == english)


async def test_the_sheet_has_each_text_where_it_is_shown_and_its_limit() -> None:
    target = io.BytesIO()
    rows_written = await write_review_sheet("ar", target)
    rows = _sheet(target.getvalue())
    assert len(rows) == rows_written
    assert list(rows[0]) == list(COLUMNS)
    pop_up = _row(rows, POP_UP)
    assert pop_up["Current translation"] == "تمت إزالة هذا الخيار من إجابتك."
    assert pop_up["Where it is shown"] == "handlers/polls.py"
    assert pop_up["Length limit"].startswith("200 ")
    assert pop_up["Correction"] == ""
    assert _row(rows, "Choose your language")["Length limit"].startswith("256 ")
    visibility = _row(rows, "Private: staff can see who you are")
    assert "safety report" in visibility["Note for the translator"]
    assert visibility["Length limit"].startswith("4096 (button:")
    # Arabic has six plural forms: one row each, with the numbers that use it.
    forms = [row for row in rows if row["id"] == _row(rows, PLURAL)["id"]]
    assert [row["Plural form"].split(":")[0] for row in forms] == ["0", "1", "2", "3", "4", "5"]
    assert forms[1]["Plural form"] == "1: n = 1"
    assert forms[3]["Plural form"] == "3: n = 3, 4, 5, 6…"
    assert forms[1]["English"] == PLURAL
    assert forms[3]["English"] == "{count} people answered."


def test_a_correction_goes_back_into_the_catalogue(locales: Path, tmp_path: Path) -> None:
    rows = _review("bs", locales, tmp_path)
    _row(rows, POP_UP)["Correction"] = "Ova opcija je sada izbačena iz vašeg odgovora."
    plural = [row for row in rows if row["id"] == _row(rows, PLURAL)["id"]]
    plural[2]["Correction"] = "{count} osoba\r\nje odgovorilo."  # a line break typed in Excel
    sheet = tmp_path / "corrected.csv"
    _save_as_excel_does(rows, sheet)
    before = catalogue_path(locales, "bs").read_text("utf-8").splitlines()

    assert main(["catalogues", "apply", "bs", str(sheet)]) == 0

    translations = load_translations(catalogue_path(locales, "bs"))
    assert translations.gettext(POP_UP) == "Ova opcija je sada izbačena iz vašeg odgovora."
    plural_source = "{count} people answered."
    assert translations.ngettext(PLURAL, plural_source, 5) == "{count} osoba\nje odgovorilo."
    assert translations.ngettext(PLURAL, plural_source, 1) == plural[0]["Current translation"]
    after = catalogue_path(locales, "bs").read_text("utf-8").splitlines()
    changed = [line for line in after if line not in before]
    assert len(changed) <= 4, f"only the corrected texts change: {changed}"


@pytest.mark.parametrize(
    ("correction", "reason"),
    [
        ("Ova opcija je uklonjena iz {answer}.", "placeholders"),
        ("Ova opcija je <b>uklonjena iz vašeg odgovora.", "HTML tags"),
        ("Ova opcija je uklonjena. " + "Zaista. " * 30, "pop-up"),
    ],
)
def test_a_correction_that_breaks_the_text_is_refused(
    locales: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], correction: str, reason: str
) -> None:
    rows = _review("bs", locales, tmp_path)
    _row(rows, POP_UP)["Correction"] = correction
    _row(rows, "Nothing was erased.")["Correction"] = "Ništa nije obrisano, baš ništa."
    sheet = tmp_path / "corrected.csv"
    _save_as_excel_does(rows, sheet)

    assert main(["catalogues", "apply", "bs", str(sheet)]) == 1

    told = capsys.readouterr().err
    assert POP_UP in told
    assert reason in told
    assert "1 corrections written to the bs catalogue, 1 refused." in told
    translations = load_translations(catalogue_path(locales, "bs"))
    assert translations.gettext(POP_UP) == _row(rows, POP_UP)["Current translation"]
    assert translations.gettext("Nothing was erased.") == "Ništa nije obrisano, baš ništa."


def test_a_correction_to_a_plural_form_the_language_lacks_is_refused(
    locales: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _review("fi", locales, tmp_path)
    extra = dict(next(row for row in rows if row["English"] == PLURAL))
    extra.update({"Plural form": "2: n = 5…", "Correction": "{count} henkilöä vastasi."})
    sheet = tmp_path / "corrected.csv"
    _save_as_excel_does([*rows, extra], sheet)
    unchanged = catalogue_path(locales, "fi").read_bytes()

    assert main(["catalogues", "apply", "fi", str(sheet)]) == 1

    assert "there is no plural form 2" in capsys.readouterr().err
    assert catalogue_path(locales, "fi").read_bytes() == unchanged


def test_the_checks_refuse_a_missing_plural_form() -> None:
    catalogue = read_catalogue(catalogue_path(PROJECT_ROOT / "locales", "ar"), "ar")
    message = next(message for message in catalogue if message.id and message.pluralizable)
    assert translation_problems(message, list(message.string), 6) == []
    assert translation_problems(message, list(message.string)[:2], 6) == [
        "needs 6 plural forms, has 2"
    ]


def test_a_correction_to_a_translation_changed_since_is_refused(
    locales: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _review("so", locales, tmp_path)
    row = _row(rows, POP_UP)
    row["Current translation"] = "Something the catalogue no longer says."
    row["Correction"] = "Doorashadan waa laga saaray jawaabtaada."
    sheet = tmp_path / "corrected.csv"
    _save_as_excel_does(rows, sheet)

    assert main(["catalogues", "apply", "so", str(sheet)]) == 1

    assert "has changed since the sheet was written" in capsys.readouterr().err


def test_a_sheet_excel_saved_in_its_old_encoding_is_explained(
    locales: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "ansi.csv"
    sheet.write_bytes(";".join(COLUMNS).encode() + "\r\nx;;Hej;Hej;Hallå;;;\r\n".encode("cp1252"))

    assert main(["catalogues", "apply", "sv", str(sheet)]) == 2

    assert "CSV UTF-8" in capsys.readouterr().err


def test_an_unknown_language_is_explained(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["catalogues", "review", "xx", "--out", str(tmp_path / "x.csv")]) == 2
    assert "no language 'xx'" in capsys.readouterr().err


def test_the_kit_runs_under_the_name_the_issue_gave_it(tmp_path: Path) -> None:
    out = tmp_path / "review-ti.csv"
    subprocess.run(
        [sys.executable, "-m", "bot.catalogues", "review", "ti", "--out", str(out)],
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
    )
    assert _row(_sheet(out.read_bytes()), POP_UP)["Current translation"] == "እዚ ምርጫ ካብ መልስኹም ተሰሪዙ።"


def test_the_kit_does_not_load_the_telegram_library() -> None:
    probe = "import sys, bot.cli_catalogues, bot.i18n.review_kit; print('aiogram' in sys.modules)"
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=PROJECT_ROOT
    )
    assert loaded.stdout.strip() == "False"


async def test_no_id_is_a_text_excel_would_turn_into_a_number() -> None:
    target = io.BytesIO()
    await write_review_sheet("sv", target)
    ids = {row["id"] for row in _sheet(target.getvalue())}
    assert all(text_id[0].isalpha() for text_id in ids)

"""Exports: Excel-safe CSV, every column, nobody named, and what LibreOffice makes of it."""

from __future__ import annotations

import asyncio
import csv
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from bot.delivery.exports import run_export
from bot.i18n import gettext as _
from bot.services.exports import ExportFilters, ExportKind
from bot.views.csv_export import FORMULA_STARTS, excel_safe, write_csv
from db.models import AuditEntry
from tests.ideas.helpers import seed_idea
from tests.safety.helpers import report
from tests.support.i18n import in_language

SECRET = "a-long-test-secret-for-pseudonyms"
TRICKY_TEXTS = [
    "مقاعد أكثر قرب الملعب من فضلكم",
    "Kuraas badan oo la dhigo garoonka carruurta",
    "Fler bänkar på gården, åtta stycken; gärna öster om lekplatsen",
    "Första raden\nandra raden med en nyrad",
    '=HYPERLINK("http://example.com","klicka")',
    "+46 31 123 45 67 är ingen formel",
]


@pytest.fixture
def export_settings(settings):
    return settings.model_copy(
        update={"pseudonym_secret": __import__("pydantic").SecretStr(SECRET)}
    )


async def _export(session_factory, dispatcher, settings, kind: ExportKind) -> bytes:
    target = io.BytesIO()
    await run_export(
        session_factory,
        dispatcher["i18n"],
        settings,
        dispatcher["area"],
        kind,
        ExportFilters(),
        target,
        actor_id=None,
    )
    return target.getvalue()


def _rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline=""), delimiter=";"))


async def _seed(person, session_factory) -> None:
    for number, text in enumerate(TRICKY_TEXTS):
        await seed_idea(session_factory, 990_000 + number, text)
    named = person(990_100, "so", first_name="Ubaxdheere", username="ubax_rannebergen")
    await report(named, "Nalka wadada ayaa jaban", photo=False)
    await report(person(990_101, "ar", first_name="Xalimo"), "الممر مظلم", photo=False)


async def test_the_ideas_export_is_excel_safe(
    person, session_factory, dispatcher, export_settings
) -> None:
    await _seed(person, session_factory)
    rows = _rows(await _export(session_factory, dispatcher, export_settings, ExportKind.IDEAS))
    header, *data = rows
    i18n = dispatcher["i18n"]
    assert len(header) == 12
    assert header[0] == in_language(i18n, "sv", lambda: i18n.gettext("Reference"))
    assert len(data) == len(TRICKY_TEXTS)
    texts = [row[4] for row in data]
    assert texts[:4] == TRICKY_TEXTS[:4]
    assert texts[4] == "'" + TRICKY_TEXTS[4]
    assert texts[5] == "'" + TRICKY_TEXTS[5]
    assert all(len(row) == len(header) for row in data)
    pseudonyms = {row[-1] for row in data}
    assert len(pseudonyms) == len(TRICKY_TEXTS)
    assert all(value.startswith("R-") for value in pseudonyms)
    assert all(row[1][4] == "-" and row[1][13] == ":" for row in data)


async def test_no_export_names_anyone(person, session_factory, dispatcher, export_settings) -> None:
    await _seed(person, session_factory)
    everything = b"".join(
        [await _export(session_factory, dispatcher, export_settings, kind) for kind in ExportKind]
    ).decode("utf-8")
    for secret in ("990100", "990101", "Ubaxdheere", "ubax_rannebergen", "Xalimo"):
        assert secret not in everything
    safety = _rows(await _export(session_factory, dispatcher, export_settings, ExportKind.SAFETY))
    assert len(safety) == 3
    who = safety[0].index(in_language(dispatcher["i18n"], "sv", lambda: _("Resident")))
    assert {row[who] for row in safety[1:]} <= {"anonym"} | {
        value for value in (row[who] for row in safety[1:]) if value.startswith("R-")
    }


async def test_the_safety_export_counts_each_reports_photos(
    person, session_factory, dispatcher, export_settings
) -> None:
    await report(person(990_200, "so"), "Nalka wadada ayaa jaban", photo=True)
    await report(person(990_201, "ar"), "الممر مظلم", photo=False)
    i18n = dispatcher["i18n"]
    safety = _rows(await _export(session_factory, dispatcher, export_settings, ExportKind.SAFETY))
    photos = safety[0].index(in_language(i18n, "sv", lambda: _("Photos")))
    assert [row[photos] for row in safety[1:]] == ["1", "0"]


async def test_pseudonyms_are_stable_across_exports(
    person, session_factory, dispatcher, export_settings
) -> None:
    resident = person(990_200, "sv")
    await report(resident, "Trasig lampa vid Fjällglimmen", photo=False)
    first = _rows(await _export(session_factory, dispatcher, export_settings, ExportKind.SAFETY))
    second = _rows(await _export(session_factory, dispatcher, export_settings, ExportKind.SAFETY))
    who = first[0].index(in_language(dispatcher["i18n"], "sv", lambda: _("Resident")))
    assert first[1][who] == second[1][who]
    assert first[1][who].startswith("R-")


async def test_every_export_is_audited(session_factory, dispatcher, export_settings) -> None:
    await seed_idea(session_factory, 990_300, "Ett förslag om grillplatser i parken")
    await _export(session_factory, dispatcher, export_settings, ExportKind.IDEAS)
    async with session_factory() as session:
        entry = await session.scalar(select(AuditEntry).where(AuditEntry.action == "export"))
    assert entry is not None
    assert (entry.subject, entry.details["rows"]) == ("ideas", 1)


async def test_without_a_secret_the_bot_keys_pseudonyms_with_its_own(
    session_factory, dispatcher, settings, export_settings
) -> None:
    await seed_idea(session_factory, 990_400, "Ett förslag om grillplatser i parken")
    first = _rows(await _export(session_factory, dispatcher, settings, ExportKind.IDEAS))
    second = _rows(await _export(session_factory, dispatcher, settings, ExportKind.IDEAS))
    assert first[1][-1].startswith("R-")
    assert first[1][-1] == second[1][-1]
    # PSEUDONYM_SECRET, when set, overrides the stored one.
    chosen = _rows(await _export(session_factory, dispatcher, export_settings, ExportKind.IDEAS))
    assert chosen[1][-1] != first[1][-1]


async def test_batches_are_written_as_they_come() -> None:
    async def batches():
        yield [["a", "b"]]
        for start in range(0, 10_000, 1000):
            yield [[str(number), "x"] for number in range(start, start + 1000)]

    class Watching(io.BytesIO):
        largest = 0

        def write(self, data: bytes) -> int:
            # One batch at a time: the writer never holds the whole file.
            Watching.largest = max(Watching.largest, len(data))
            return super().write(data)

    watched = Watching()
    assert await write_csv(batches(), watched, ";") == 10_000
    assert Watching.largest < len(watched.getvalue()) / 5


@given(st.text(alphabet=st.sampled_from(list('ab;," \n\r=+-@\tåش')), max_size=30))
def test_a_written_cell_reads_back_as_its_text(text: str) -> None:
    """What ``write_csv`` writes, the csv module reads back: every text comes back,
    formula characters behind the apostrophe that keeps Excel from evaluating them."""

    async def one_row():
        yield [[excel_safe(text), "end"]]

    target = io.BytesIO()
    asyncio.run(write_csv(one_row(), target, ";"))
    cells = next(csv.reader(io.StringIO(target.getvalue()[3:].decode(), newline=""), delimiter=";"))
    expected = "'" + text if text[:1] in FORMULA_STARTS else text
    assert cells == [expected, "end"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
async def test_libreoffice_reads_every_cell_and_evaluates_no_formula(
    person, session_factory, dispatcher, export_settings, tmp_path: Path
) -> None:
    await _seed(person, session_factory)
    source = tmp_path / "ideas.csv"
    source.write_bytes(
        await _export(session_factory, dispatcher, export_settings, ExportKind.IDEAS)
    )
    expected = _rows(source.read_bytes())

    # 59 = ";", 34 = '"', 76 = UTF-8, first line 1; as Calc does when Excel's users open it.
    import_filter = "CSV:59,34,76,1"
    profile = f"-env:UserInstallation=file://{tmp_path}/profile"
    for target, extension in (
        ("xlsx", "xlsx"),
        ("csv:Text - txt - csv (StarCalc):59,34,76,1", "csv"),
    ):
        await asyncio.to_thread(
            subprocess.run,
            ["soffice", profile, "--headless", f"--infilter={import_filter}",
             "--convert-to", target, "--outdir", str(tmp_path / extension), str(source)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
    with zipfile.ZipFile(tmp_path / "xlsx" / "ideas.xlsx") as workbook:
        sheet = workbook.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet  # no cell became a formula
    round_trip = (tmp_path / "csv" / "ideas.csv").read_text(encoding="utf-8-sig")
    cells = list(csv.reader(io.StringIO(round_trip, newline=""), delimiter=";"))
    # Calc reads "2026-11-27 15:07" as a date and time, as Excel does, and writes it back
    # with seconds; every other cell must come back exactly as written.
    date_columns = {1, 8}
    assert [
        [cell[:16] if column in date_columns else cell for column, cell in enumerate(row)]
        for row in cells
    ] == expected

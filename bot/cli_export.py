"""``python -m bot export`` and ``stats``: what /export and /stats send, written to files."""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack
from pathlib import Path

from bot.area import load_area_profile
from bot.delivery.exports import run_export
from bot.i18n import Catalogues
from bot.services.exports import ExportFilters, ExportKind
from bot.settings import Settings
from db.migrate import upgrade_database
from db.models import IdeaStatus
from db.session import create_engine, create_session_factory

__all__ = ["export_to_file", "stats_to_file"]


def _filters(arguments: argparse.Namespace) -> ExportFilters:
    try:
        status = IdeaStatus(arguments.status) if arguments.status else None
    except ValueError:
        choices = ", ".join(status.value for status in IdeaStatus)
        raise ValueError(f"--status: use one of {choices}") from None
    return ExportFilters(
        since=arguments.since,
        until=arguments.until,
        status=status,
        category=arguments.category,
        poll_id=arguments.poll,
    )


async def export_to_file(settings: Settings, arguments: argparse.Namespace) -> int:
    filters = _filters(arguments)
    engine = create_engine(settings.database_url)
    try:
        await upgrade_database(engine)
        i18n = Catalogues(default_locale=settings.default_locale)
        area = load_area_profile(settings.area_profile)
        with ExitStack() as files:
            target = (
                # Opening a local file is quick; the rows are what streams.
                files.enter_context(open(arguments.output, "wb"))  # noqa: ASYNC230
                if arguments.output
                else sys.stdout.buffer
            )
            return await run_export(
                create_session_factory(engine),
                i18n,
                settings,
                area,
                ExportKind(arguments.kind),
                filters,
                target,
                actor_id=None,
            )
    finally:
        await engine.dispose()


async def stats_to_file(settings: Settings, output: str) -> None:
    # matplotlib is imported only when a chart is drawn: exports stay light.
    from bot.views.charts import render_stats

    engine = create_engine(settings.database_url)
    try:
        await upgrade_database(engine)
        i18n = Catalogues(default_locale=settings.default_locale)
        area = load_area_profile(settings.area_profile)
        with i18n.context(), i18n.use_locale(settings.staff_locale):
            async with create_session_factory(engine)() as session, session.read():
                image = await render_stats(session, area.idea_categories)
        Path(output).write_bytes(image)  # noqa: ASYNC240
    finally:
        await engine.dispose()

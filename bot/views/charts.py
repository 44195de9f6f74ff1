"""/stats: one PNG with the numbers staff ask for, captions in the staff language.

matplotlib draws with its Agg backend, which needs no display; the figure is built from
three small queries and written to memory. Drawing takes a few hundred milliseconds of
CPU, so it runs in a thread, on its own Figure (not pyplot's shared state), while the
bot goes on serving residents.
"""

from __future__ import annotations

import asyncio
import io
import textwrap
from collections import Counter
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import gettext as _
from bot.i18n.names import (
    category_name,
    idea_status_name,
    safety_category_name,
    time_of_day_name,
)
from db.models import Idea, IdeaStatus, SafetyCategory, SafetyReport, TimeOfDay
from db.types import utc_now

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["render_poll_chart", "render_stats", "stacked_bars", "stats_figure"]

WEEKS = 13


def _week_start(moment: datetime) -> datetime:
    start = moment - timedelta(days=moment.weekday())
    return start.replace(hour=0, minute=0, second=0, microsecond=0)


async def _counts(session: AsyncSession, since: datetime):
    ideas = Counter(
        {
            (category, status): count
            for category, status, count in await session.execute(
                select(Idea.category, Idea.status, func.count()).group_by(
                    Idea.category, Idea.status
                )
            )
        }
    )
    reports = Counter(
        {
            (category, time_of_day): count
            for category, time_of_day, count in await session.execute(
                select(SafetyReport.category, SafetyReport.time_of_day, func.count()).group_by(
                    SafetyReport.category, SafetyReport.time_of_day
                )
            )
        }
    )
    idea_weeks = Counter(
        _week_start(moment)
        for moment in await session.scalars(select(Idea.created_at).where(Idea.created_at >= since))
    )
    report_weeks = Counter(
        _week_start(moment)
        for moment in await session.scalars(
            select(SafetyReport.created_at).where(SafetyReport.created_at >= since)
        )
    )
    return ideas, reports, idea_weeks, report_weeks


def stacked_bars(axis, labels, series: dict[str, list[int]]) -> None:
    bottoms = [0] * len(labels)
    drawn = False
    for name, values in series.items():
        if any(values):
            axis.barh(labels, values, left=bottoms, label=name)
            bottoms = [bottom + value for bottom, value in zip(bottoms, values, strict=True)]
            drawn = True
    if not drawn:
        # Nothing to count yet: the axis with its labels, and no empty legend.
        axis.barh(labels, bottoms)
    else:
        # Beside the bars, never over them.
        axis.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
    axis.invert_yaxis()


def _figure(width: float, height: float) -> Figure:
    # Imported with the first chart, not at start: matplotlib costs about 1.5 s of CPU and
    # 30 MB, and most days nobody asks for a chart.
    import matplotlib

    matplotlib.use("Agg")  # No display on a server.
    from matplotlib.figure import Figure

    # Room between the panels: the rotated week labels must not reach the next title.
    figure = Figure(figsize=(width, height))
    figure.set_layout_engine("tight", h_pad=2.0)
    return figure


def _whole_numbers(axis) -> None:
    """Counts are whole: no 0.25 or 1.5 on a count axis."""
    axis.get_major_locator().set_params(integer=True)


def _png(figure: Figure) -> bytes:
    image = io.BytesIO()
    figure.savefig(image, format="png", dpi=110)
    return image.getvalue()


def render_poll_chart(title: str, options: list[str], by_language: dict[str, list[int]]) -> bytes:
    """One bar per option, split by the language residents answered in. CPU-bound."""
    figure = _figure(10, 1.5 + 0.5 * len(options))
    axis = figure.subplots()
    labels = [textwrap.shorten(option, 45, placeholder="…") for option in options]
    stacked_bars(axis, labels, by_language)
    axis.set_title(textwrap.fill(title, 80), fontsize=10)
    _whole_numbers(axis.xaxis)
    return _png(figure)


async def render_stats(
    session: AsyncSession, categories: list[str], now: datetime | None = None
) -> bytes:
    """The PNG; translated texts need the staff locale active (the drawing thread gets the
    caller's context, and with it the locale)."""
    now = now or utc_now()
    since = _week_start(now - timedelta(weeks=WEEKS - 1))
    counts = await _counts(session, since)
    return await asyncio.to_thread(_draw_stats, counts, categories, since)


def _draw_stats(counts: tuple[Counter, ...], categories: list[str], since: datetime) -> bytes:
    return _png(stats_figure(counts, categories, since))


def stats_figure(counts: tuple[Counter, ...], categories: list[str], since: datetime) -> Figure:
    """The three panels of /stats: ideas by category and status, new per week, and
    safety reports by category and time of day."""
    ideas, reports, idea_weeks, report_weeks = counts
    figure = _figure(11, 13)
    by_category, by_week, by_place = figure.subplots(3, 1)
    stacked_bars(
        by_category,
        [category_name(category) for category in categories],
        {
            idea_status_name(status): [ideas[(category, status)] for category in categories]
            for status in IdeaStatus
        },
    )
    by_category.set_title(_("Ideas by category and status"))

    weeks = [since + timedelta(weeks=week) for week in range(WEEKS)]
    labels = [week.strftime("%Y-%m-%d") for week in weeks]
    by_week.plot(labels, [idea_weeks[week] for week in weeks], marker="o", label=_("Ideas"))
    by_week.plot(
        labels,
        [report_weeks[week] for week in weeks],
        marker="s",
        label=_("Safety reports"),
    )
    by_week.set_title(_("New per week, last three months"))
    by_week.tick_params(axis="x", labelrotation=45, labelsize=7)
    by_week.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))

    stacked_bars(
        by_place,
        [safety_category_name(category) for category in SafetyCategory],
        {
            time_of_day_name(time): [reports[(category, time)] for category in SafetyCategory]
            for time in TimeOfDay
        },
    )
    by_place.set_title(_("Safety reports by category and time of day"))
    for count_axis in (by_category.xaxis, by_week.yaxis, by_place.xaxis):
        _whole_numbers(count_axis)
    return figure

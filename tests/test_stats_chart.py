"""/stats as staff read it: whole numbers on every count axis, and clear space between the
week labels and the next panel's title."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from matplotlib.backends.backend_agg import FigureCanvasAgg

from bot.area import IDEA_CATEGORIES
from bot.views.charts import WEEKS, stats_figure
from db.models import IdeaStatus, SafetyCategory, TimeOfDay
from tests.support.charts import count_ticks
from tests.support.i18n import in_language

SINCE = datetime(2026, 9, 7, tzinfo=UTC)


def small_counts() -> tuple[Counter, ...]:
    """A quiet quarter: one or two of each, where fractional ticks used to appear."""
    ideas = Counter(
        {(IDEA_CATEGORIES[0], IdeaStatus.RECEIVED): 1, (IDEA_CATEGORIES[1], IdeaStatus.DONE): 2}
    )
    reports = Counter({(SafetyCategory.LIGHTING, TimeOfDay.EVENING): 1})
    idea_weeks = Counter({SINCE + timedelta(weeks=3): 1, SINCE + timedelta(weeks=5): 2})
    report_weeks = Counter({SINCE + timedelta(weeks=WEEKS - 1): 1})
    return ideas, reports, idea_weeks, report_weeks


def drawn(i18n):
    figure = in_language(
        i18n, "sv", lambda: stats_figure(small_counts(), list(IDEA_CATEGORIES), SINCE)
    )
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    return figure, canvas.get_renderer()


def test_every_count_axis_shows_whole_numbers(i18n) -> None:
    figure, _renderer = drawn(i18n)

    for shown in count_ticks(figure):
        assert shown, "a count axis without ticks"
        assert all(tick.is_integer() for tick in shown), shown


def test_the_week_labels_stay_above_the_next_panels_title(i18n) -> None:
    figure, renderer = drawn(i18n)
    _by_category, by_week, by_place = figure.axes[:3]

    lowest_label = min(
        label.get_window_extent(renderer).y0
        for label in by_week.get_xticklabels()
        if label.get_text()
    )
    title_top = by_place.title.get_window_extent(renderer).y1
    gap_in_points = (lowest_label - title_top) * 72 / figure.dpi

    assert gap_in_points >= 15  # a line of the title font, at least

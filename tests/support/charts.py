"""What staff read off the /stats chart."""

from __future__ import annotations

from matplotlib.figure import Figure


def count_ticks(figure: Figure) -> list[list[float]]:
    """The ticks shown on each count axis of the /stats chart: ideas by category, new per
    week, safety reports by category."""
    by_category, by_week, by_place = figure.axes[:3]
    shown = []
    for axis in (by_category.xaxis, by_week.yaxis, by_place.xaxis):
        low, high = sorted(axis.get_view_interval())
        shown.append([float(tick) for tick in axis.get_ticklocs() if low <= tick <= high])
    return shown

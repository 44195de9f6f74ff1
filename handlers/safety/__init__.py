"""/report: tell staff about a place or situation that feels unsafe.

First what is not for the bot (112, 114 14, the fault report) and "do not name people";
then category, place, when, what, who sees it, preview, send. The report reaches the
staff chat through the background sender, so a staff chat that cannot be reached loses
nothing.
"""

from handlers.safety.routing import build_router
from handlers.safety.states import ReportForm

__all__ = ["ReportForm", "build_router"]

"""/review for staff: the queue of ideas and safety reports, and acting on an idea."""

from __future__ import annotations

from handlers.review.queue import STAFF_REVIEW_COMMANDS, ReviewDesk, build_router

__all__ = ["STAFF_REVIEW_COMMANDS", "ReviewDesk", "build_router"]

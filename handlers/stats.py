"""/stats for staff: a chart of ideas and safety reports, as one PNG image."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.area import AreaProfile
from bot.filters.roles import HasRole
from bot.i18n import Catalogues
from bot.i18n import gettext as _
from bot.settings import Settings
from bot.views.charts import render_stats
from db.models import Role

__all__ = ["STAFF_STATS_COMMANDS", "build_router"]

STAFF_STATS_COMMANDS = ("stats",)


async def send_stats(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    i18n: Catalogues,
    settings: Settings,
    area: AreaProfile,
) -> None:
    # The chart and its caption in one language: the staff language the chart is drawn in.
    with i18n.use_locale(settings.staff_locale):
        async with session.read():
            image = await render_stats(session, area.idea_categories)
        caption = _("Ideas and safety reports in {area}").format(area=area.area.display_name)
    await bot.send_photo(
        message.chat.id, BufferedInputFile(image, filename="stats.png"), caption=caption
    )


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(HasRole(Role.STAFF))
    router.message.register(send_stats, Command(*STAFF_STATS_COMMANDS))
    return router

"""Everything about language: the one gettext layer, the languages the bot speaks, the
names it shows for its own enums, formatting by language, and the catalogue tools.

No module here imports aiogram: the command line translates through the same layer.
"""

from bot.i18n.catalogues import LOCALES_DIR, Catalogues, gettext, ngettext

__all__ = ["LOCALES_DIR", "Catalogues", "gettext", "ngettext"]

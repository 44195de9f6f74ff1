"""Machine translation through a self-hosted engine (LibreTranslate).

Nothing here knows of Telegram or of the database: ``engine`` speaks to the engine's HTTP
API; what is translated, for whom, is decided in ``bot.services.translations`` and done in
the background by ``bot.delivery.translating``.
"""

from bot.translation.engine import (
    EngineUnavailableError,
    LibreTranslate,
    PairUnsupportedError,
    TranslationEngine,
    build_engine,
    translate_within,
)

__all__ = [
    "EngineUnavailableError",
    "LibreTranslate",
    "PairUnsupportedError",
    "TranslationEngine",
    "build_engine",
    "translate_within",
]

"""Photos in the wizards: at most five per draft, and an album answered once.

A phone's gallery sends an album as one message per photo, each with the same
``media_group_id``, within about a second. Each photo is put into the draft as it comes
(so a restart in the middle loses nothing); the answer waits until the album has been
quiet for a moment, then says once how many were kept (``handlers.photos.albums``).
"""

from handlers.photos.albums import AlbumCollector, build_router
from handlers.photos.keeping import add_photo_id, limit_text, photo_file_id

__all__ = ["AlbumCollector", "add_photo_id", "build_router", "limit_text", "photo_file_id"]

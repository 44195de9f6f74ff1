"""Image files (a photo sent "as a file") made safe to keep: decoded and encoded again,
with none of their metadata.

A phone's original file carries EXIF: where it was taken (GPS), the camera's serial
number, sometimes the owner's name. For an anonymous safety report that would name the
reporter, so nothing of it is kept: only the pixels, turned the way the camera meant
(its orientation tag is applied first), go into a new JPEG.
"""

from __future__ import annotations

from enum import StrEnum
from io import BytesIO

from PIL import Image, ImageOps, UnidentifiedImageError

__all__ = [
    "IMAGE_FILE_MAX_BYTES",
    "ImageFileProblem",
    "is_image_type",
    "problem_with_file",
    "without_metadata",
]

IMAGE_FILE_MAX_BYTES = 10 * 1024 * 1024
# Larger than this is scaled down: Telegram's photos are at most 2560 pixels a side.
LONGEST_SIDE = 2560
JPEG_QUALITY = 90


class ImageFileProblem(StrEnum):
    TOO_LARGE = "too_large"
    NOT_AN_IMAGE = "not_an_image"


def is_image_type(mime_type: str | None) -> bool:
    return mime_type is not None and mime_type.lower().startswith("image/")


def problem_with_file(mime_type: str | None, size: int | None) -> ImageFileProblem | None:
    """What rules a file out before it is downloaded (its size as Telegram tells it)."""
    if not is_image_type(mime_type):
        return ImageFileProblem.NOT_AN_IMAGE
    if size is not None and size > IMAGE_FILE_MAX_BYTES:
        return ImageFileProblem.TOO_LARGE
    return None


def without_metadata(data: bytes) -> bytes | None:
    """The image as a JPEG with no metadata at all; None if Pillow cannot read it."""
    if len(data) > IMAGE_FILE_MAX_BYTES:
        return None
    try:
        with Image.open(BytesIO(data)) as original:
            original.load()
            upright = ImageOps.exif_transpose(original)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    # Only the pixels go on: a fresh image has no info (EXIF, XMP, ICC comments) to copy.
    pixels = Image.new("RGB", upright.size)
    pixels.paste(upright.convert("RGB"))  # pragma: no mutate: paste converts modes alike
    pixels.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
    clean = BytesIO()
    pixels.save(
        clean,
        format="JPEG",  # pragma: no mutate: Pillow takes a format's name in any case
        quality=JPEG_QUALITY,
    )
    return clean.getvalue()

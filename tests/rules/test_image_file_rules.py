"""A photo sent as a file: what is refused before it is downloaded, and what is kept of
it afterwards (the pixels, turned upright, and nothing that could name its sender)."""

from __future__ import annotations

from io import BytesIO

from PIL import Image

from bot.services.image_files import (
    IMAGE_FILE_MAX_BYTES,
    JPEG_QUALITY,
    LONGEST_SIDE,
    ImageFileProblem,
    is_image_type,
    problem_with_file,
    without_metadata,
)

# EXIF tags: the camera's maker, the owner's name, and the way to turn the picture.
MAKE, ARTIST, ORIENTATION = 0x010F, 0x013B, 0x0112


def _photo(size: tuple[int, int], *, orientation: int | None = None) -> bytes:
    image = Image.new("RGB", size, "red")
    # The left half blue, to see which way the picture was turned.
    image.paste("blue", (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker"
    exif[ARTIST] = "Anna Andersson"
    if orientation is not None:
        exif[ORIENTATION] = orientation
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif, comment=b"Anna's phone")
    return out.getvalue()


def _colour(pixel: tuple[int, int, int]) -> str:
    red, _green, blue = pixel
    return "red" if red > blue else "blue"


def test_only_images_up_to_the_size_limit_are_downloaded() -> None:
    cases = {
        ("image/jpeg", IMAGE_FILE_MAX_BYTES): None,
        ("IMAGE/PNG", None): None,
        ("image/jpeg", IMAGE_FILE_MAX_BYTES + 1): ImageFileProblem.TOO_LARGE,
        ("application/pdf", 10): ImageFileProblem.NOT_AN_IMAGE,
        (None, 10): ImageFileProblem.NOT_AN_IMAGE,
    }

    assert {case: problem_with_file(*case) for case in cases} == cases
    assert [is_image_type(kind) for kind in ("image/heic", "Image/Jpeg", "text/plain", None)] == [
        True,
        True,
        False,
        False,
    ]


def test_a_clean_copy_keeps_the_pixels_and_nothing_that_names_anyone() -> None:
    photo = _photo((40, 20))
    clean = without_metadata(photo)

    with Image.open(BytesIO(photo)) as original:
        assert original.getexif()[ARTIST] == "Anna Andersson"
        assert original.info["comment"] == b"Anna's phone"
    assert clean is not None
    with Image.open(BytesIO(clean)) as image:
        assert (image.format, image.mode, image.size) == ("JPEG", "RGB", (40, 20))
        assert dict(image.getexif()) == {}
        assert set(image.info) & {"comment", "exif", "icc_profile", "xmp"} == set()
        left, right = image.getpixel((5, 10)), image.getpixel((35, 10))
    assert (_colour(left), _colour(right)) == ("blue", "red")


def test_a_clean_copy_keeps_the_detail_of_a_good_jpeg() -> None:
    clean = without_metadata(_photo((40, 20)))
    reference = BytesIO()
    Image.new("RGB", (40, 20)).save(reference, format="JPEG", quality=JPEG_QUALITY)

    with Image.open(BytesIO(clean)) as image, Image.open(reference) as expected:
        assert image.quantization == expected.quantization


def test_a_photo_is_turned_the_way_the_camera_meant() -> None:
    # Orientation 6: the camera was held turned; the picture is shown a quarter clockwise.
    clean = without_metadata(_photo((40, 20), orientation=6))

    assert clean is not None
    with Image.open(BytesIO(clean)) as image:
        assert image.size == (20, 40)
        top, bottom = image.getpixel((10, 5)), image.getpixel((10, 35))
    assert (_colour(top), _colour(bottom)) == ("blue", "red")


def test_a_large_picture_is_scaled_to_the_longest_side_telegram_keeps() -> None:
    clean = without_metadata(_photo((LONGEST_SIDE * 2, 10)))
    exact = without_metadata(_photo((LONGEST_SIDE, 10)))

    with Image.open(BytesIO(clean)) as image, Image.open(BytesIO(exact)) as kept:
        assert (image.size, kept.size) == ((LONGEST_SIDE, 5), (LONGEST_SIDE, 10))


def test_what_is_not_an_image_or_too_large_gives_nothing() -> None:
    photo = _photo((4, 4))
    padded = photo + b"\0" * (IMAGE_FILE_MAX_BYTES + 1 - len(photo))

    assert without_metadata(b"%PDF-1.7 not a picture") is None
    assert without_metadata(photo[: len(photo) // 2]) is None
    assert without_metadata(padded) is None
    assert without_metadata(photo + b"\0" * (IMAGE_FILE_MAX_BYTES - len(photo))) is not None

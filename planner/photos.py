"""Uploaded photos (monitoring reports, meetings): checked by content, resized, metadata removed.

A photo is accepted only if Pillow reads it as a JPEG or PNG (the file name and the
browser's content type are ignored). It is turned upright (EXIF orientation), shrunk to at
most ``MAX_SIDE`` pixels, and saved again without any metadata: camera make, dates and,
above all, the GPS position of the place (often the monitor's home) are dropped. A member
may keep the location on purpose, to show where a site is; then only the GPS block is
copied into the new file."""
import io
from dataclasses import dataclass

from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import ServiceError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 1600
THUMB_SIDE = 480
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}
GPS_IFD = 0x8825


@dataclass(frozen=True)
class ProcessedPhoto:
    data: bytes
    thumb: bytes
    content_type: str
    width: int
    height: int
    has_location: bool


class NotAnImage(ValueError):
    """Pillow could not read the data as an accepted image; ``reason`` is "format" (another
    image format), "pixels" (too many) or "unreadable" (not an image, or a broken one)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def decode(data: bytes, formats=FORMATS, max_pixels=MAX_PIXELS) -> Image.Image:
    """The image, fully decoded by Pillow: its format read from the content (the file name
    and the browser's content type are ignored), at most ``max_pixels`` pixels, checked
    before any pixel is decoded. Raises :class:`NotAnImage`. Photos and council decision
    documents are both checked here."""
    try:
        image = Image.open(io.BytesIO(data))
        if image.format not in formats:
            raise NotAnImage("format")
        if image.width * image.height > max_pixels:
            raise NotAnImage("pixels")
        image_format = image.format
        image.load()
    except NotAnImage:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise NotAnImage("pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise NotAnImage("unreadable") from None
    image.info["_format"] = image_format
    return image


def _open(data: bytes) -> Image.Image:
    if not data:
        raise ServiceError(_("The photo is empty."), field="photo")
    if len(data) > MAX_BYTES:
        raise ServiceError(_("The photo is larger than 10 MB."), field="photo")
    try:
        return decode(data)
    except NotAnImage as refused:
        if refused.reason == "pixels":
            raise ServiceError(_("The photo has too many pixels."), field="photo") from None
        if refused.reason == "format":
            raise ServiceError(_("Only JPEG and PNG photos are accepted."), field="photo") from None
        raise ServiceError(_("This file is not a JPEG or PNG photo."), field="photo") from None


def _gps(image: Image.Image):
    try:
        gps = image.getexif().get_ifd(GPS_IFD)
    except Exception:  # a broken EXIF block: no position to keep  # noqa: BLE001
        return None
    return dict(gps) if gps else None


def process(data: bytes, keep_location: bool = False) -> ProcessedPhoto:
    """Check and clean an uploaded photo; raise ServiceError if it is not a photo."""
    image = _open(data)
    image_format = image.info.get("_format")
    gps = _gps(image) if keep_location else None
    image = ImageOps.exif_transpose(image)
    if image_format == "JPEG" or image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGB")
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    exif = None
    if gps:
        exif = Image.Exif()
        exif[GPS_IFD] = gps
    data_out = _save(image, image_format, exif)
    thumb = image.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE))
    return ProcessedPhoto(
        data=data_out, thumb=_save(thumb, image_format, None), content_type=FORMATS[image_format],
        width=image.width, height=image.height, has_location=bool(gps),
    )


def _save(image: Image.Image, image_format: str, exif) -> bytes:
    out = io.BytesIO()
    image.info.clear()  # no ICC text, comments or PNG text chunks carried over
    if image_format == "JPEG":
        options = {"quality": 82, "optimize": True}
        if exif is not None:
            options["exif"] = exif
        image.save(out, "JPEG", **options)
    else:
        options = {"optimize": True}
        if exif is not None:
            options["exif"] = exif
        image.save(out, "PNG", **options)
    return out.getvalue()


def location(data: bytes):
    """The GPS block kept in a stored photo (a dict), or None: used by the tests and the page."""
    try:
        return _gps(Image.open(io.BytesIO(data)))
    except (UnidentifiedImageError, OSError):
        return None

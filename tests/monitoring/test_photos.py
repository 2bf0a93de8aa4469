"""Photos: checked by content, resized, metadata removed unless the location is kept."""
import io

import pytest
from PIL import Image

from planner.errors import ServiceError
from planner import photos

GPS = {1: "N", 2: (42.0, 30.0, 15.0), 3: "E", 4: (77.0, 10.0, 5.0)}


def jpeg_with_gps(size=(2400, 1800)):
    image = Image.new("RGB", size, (120, 160, 90))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x0132] = "2026:05:01 10:00:00"
    exif[photos.GPS_IFD] = GPS
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_jpeg_is_resized_and_location_removed(rq):
    data = jpeg_with_gps()
    assert photos.location(data)  # the original carries a position
    result = photos.process(data)
    assert result.content_type == "image/jpeg"
    assert max(result.width, result.height) == photos.MAX_SIDE
    cleaned = Image.open(io.BytesIO(result.data))
    assert cleaned.size == (1600, 1200)
    assert len(cleaned.getexif()) == 0  # no make, no date, no GPS
    assert photos.location(result.data) is None
    assert not result.has_location
    assert max(Image.open(io.BytesIO(result.thumb)).size) == photos.THUMB_SIDE


def test_location_kept_on_purpose(rq):
    result = photos.process(jpeg_with_gps(), keep_location=True)
    assert result.has_location
    kept = photos.location(result.data)
    assert kept[1] == "N" and kept[3] == "E"
    exif = Image.open(io.BytesIO(result.data)).getexif()
    assert 0x010F not in exif  # the rest is still gone


def test_png_accepted_text_chunks_dropped(rq):
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "home address")
    out = io.BytesIO()
    Image.new("RGBA", (300, 200), (1, 2, 3, 255)).save(out, "PNG", pnginfo=info)
    result = photos.process(out.getvalue())
    assert result.content_type == "image/png"
    cleaned = Image.open(io.BytesIO(result.data))
    assert "Comment" not in cleaned.info and cleaned.size == (300, 200)


@pytest.mark.parametrize("data", [
    b"",
    b"%PDF-1.4 not a photo",
    b"GIF89a" + b"\x00" * 40,
    b"\xff\xd8\xff\xe0 truncated jpeg",
])
def test_non_photos_refused(rq, data):
    with pytest.raises(ServiceError) as error:
        photos.process(data)
    assert error.value.field == "photo"


def test_gif_refused_even_if_named_jpg(rq):
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "GIF")
    with pytest.raises(ServiceError, match="JPEG and PNG"):
        photos.process(out.getvalue())


def test_too_large_refused(rq):
    with pytest.raises(ServiceError, match="10 MB"):
        photos.process(b"\xff\xd8" + b"0" * (photos.MAX_BYTES + 1))

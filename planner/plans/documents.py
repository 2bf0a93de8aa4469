"""Council decision documents: checked by content before anything is saved, placed on disk
only once the decision is committed, and served so that a browser runs nothing in them.

- An image is accepted only if Pillow decodes it as a PNG or JPEG of at most
  ``photos.MAX_PIXELS`` pixels (``photos.decode``, the photos' rule): a 30000×30000 PNG,
  a few kilobytes that would take gigabytes to draw, is refused. The bytes are kept as
  uploaded: a decision's scan is a legal record, not a photo to re-encode.
- A PDF is accepted only if pypdf parses it (cross-reference table, catalogue, page tree,
  every page's box) and it is not encrypted; a file that merely starts with ``%PDF-`` is
  refused.
- The file is written in an after-commit hook (``planner.actions.after_commit``): a
  refusal, a rollback or a failed commit leaves no file behind.
- It is served (``response``) as an attachment, images inline, with ``nosniff`` and a
  sandboxing Content-Security-Policy, so nothing in it runs in the site's origin."""
import secrets

from flask import send_from_directory
from flask_babel import gettext as _

from .. import files, photos
from ..errors import ServiceError

PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
EXTENSIONS = {PDF: "pdf", PNG: "png", JPEG: "jpg"}
IMAGE_TYPES = {"PNG": PNG, "JPEG": JPEG}
INLINE_TYPES = (PNG, JPEG)  # drawn by the browser's image viewer; a PDF is downloaded
MAX_PAGES = files.MAX_PAGES
SANDBOX = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def _refused():
    return ServiceError(_("Upload the decision as a PDF, PNG or JPEG file."), field="document")


def _check_pdf(content: bytes) -> None:
    try:
        files.pdf_pages(content, MAX_PAGES)
    except files.NotAPdf as refused:
        if refused.reason == "encrypted":
            raise ServiceError(_("The PDF is protected by a password; upload it without one."), field="document") from None
        raise _refused() from None


def check(content: bytes) -> str:
    """The document's content type, or ServiceError(field="document") if it is not a
    readable PDF, PNG or JPEG."""
    if content.startswith(b"%PDF-"):
        _check_pdf(content)
        return PDF
    try:
        image = photos.decode(content, formats=IMAGE_TYPES)
    except photos.NotAnImage as refused:
        if refused.reason == "pixels":
            raise ServiceError(_("The image has too many pixels; scan the decision at a lower resolution."),
                               field="document") from None
        raise _refused() from None
    return IMAGE_TYPES[image.info["_format"]]


def place_after_commit(directory, prefix, content, mime) -> str:
    """A fresh file name for ``content``; the file is written once the transaction commits."""
    name = f"{prefix}-{secrets.token_hex(8)}.{EXTENSIONS[mime]}"
    files.write_after_commit(directory, name, content)
    return name


def response(directory, decision):
    """The stored document as a download (images inline), sandboxed."""
    inline = decision.document_type in INLINE_TYPES
    result = send_from_directory(directory, decision.document_path, mimetype=decision.document_type,
                                 download_name=decision.document_name, as_attachment=not inline)
    result.headers["X-Content-Type-Options"] = "nosniff"
    result.headers["Content-Security-Policy"] = SANDBOX
    return result

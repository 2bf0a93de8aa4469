"""Uploaded files: PDFs opened with pypdf rather than trusted by their first bytes, and
files written only once their transaction commits.

Features give their own messages: ``pdf_pages`` raises ``NotAPdf`` with a reason
("encrypted" or "unreadable") and the caller turns it into a ``ServiceError`` for its field."""
import io
import logging
import os
import tempfile
import warnings
from pathlib import Path

from pypdf import PdfReader

from .actions import after_commit

MAX_PAGES = 2000
log = logging.getLogger(__name__)


class NotAPdf(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def pdf_pages(content: bytes, max_pages: int = MAX_PAGES) -> int:
    """The number of pages of a readable, unencrypted PDF (every page's box is read, which
    parses the page tree); else ``NotAPdf``."""
    if not content.startswith(b"%PDF-"):
        raise NotAPdf("unreadable")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a repairable defect is pypdf's to handle, not ours to report
            reader = PdfReader(io.BytesIO(content), strict=False)
            if reader.is_encrypted:
                raise NotAPdf("encrypted")
            pages = len(reader.pages)
            if not 0 < pages <= max_pages:
                raise NotAPdf("unreadable")
            for page in reader.pages:
                page.mediabox  # noqa: B018
    except NotAPdf:
        raise
    except Exception:  # noqa: BLE001 - any failure to parse an uploaded PDF is a refusal, never a 500
        log.info("refused an uploaded PDF that does not parse", exc_info=True)
        raise NotAPdf("unreadable") from None
    return pages


def write_after_commit(directory, name: str, content: bytes) -> None:
    """Write ``content`` as ``directory/name`` once the transaction commits (atomically: a
    reader never sees half a file); a rollback or a failed commit writes nothing."""
    after_commit(lambda: write_atomically(directory, name, content))


def write_atomically(directory, name: str, content: bytes) -> Path:
    """Write ``content`` as ``directory/name`` now, through a temporary file in the same
    folder and ``os.replace``: a reader sees the old file or the new one, never half of one,
    and two writers never share the temporary file."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, prefix=f".{name}.", suffix=".part", delete=False) as partial:
        partial.write(content)
    try:
        os.chmod(partial.name, 0o644)  # as a file written by open(): the temporary one is private
        os.replace(partial.name, folder / name)
    except OSError:
        Path(partial.name).unlink(missing_ok=True)
        raise
    return folder / name

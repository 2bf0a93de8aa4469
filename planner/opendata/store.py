"""The built open-data ZIPs on disk, in the instance's files area beside the uploads
(``OPENDATA_DIR``, default ``instance/uploads/opendata``): one file per municipality and
language, ``<municipality id>/<language>.zip``, replaced atomically, stamped with the data
version and the time it was built from (``build.Stamp``, kept in the ZIP's comment so that
file and stamp can never disagree). Beside them, ``pending``: the mark that a build is queued,
so that a burst of commits queues one build, not one per commit."""
import os
import shutil
import time
import zipfile
from pathlib import Path
from typing import BinaryIO, NamedTuple

from flask import current_app

from ..files import write_atomically
from .build import Stamp

_PENDING = "pending"


class Built(NamedTuple):
    """A stored ZIP opened for reading (the caller closes ``file``) and its stamp."""

    file: BinaryIO
    stamp: Stamp


def directory() -> Path:
    return Path(current_app.config["OPENDATA_DIR"] or Path(current_app.instance_path) / "uploads" / "opendata")


def _folder(municipality_id: int) -> Path:
    return directory() / str(int(municipality_id))


def write(municipality, locale: str, content: bytes) -> None:
    write_atomically(_folder(municipality.id), f"{locale}.zip", content)


def open_built(municipality, locale: str) -> Built | None:
    """The stored ZIP of ``municipality`` in ``locale`` and its stamp; None if there is none,
    or it is not ours, or it belongs to another municipality that had the same number."""
    try:
        file = open(_folder(municipality.id) / f"{locale}.zip", "rb")  # noqa: SIM115 - the response closes it
    except FileNotFoundError:
        return None
    try:
        stamp = Stamp.of(zipfile.ZipFile(file).comment)
    except zipfile.BadZipFile:
        stamp = None
    if stamp is None or stamp.slug != municipality.slug:
        file.close()
        return None
    file.seek(0)
    return Built(file, stamp)


def stamp_of(municipality, locale: str) -> Stamp | None:
    built = open_built(municipality, locale)
    if built is None:
        return None
    built.file.close()
    return built.stamp


def forget(municipality_id: int) -> None:
    """Remove the files of a municipality that is gone or not public."""
    shutil.rmtree(_folder(municipality_id), ignore_errors=True)


def mark_pending(municipality_id: int) -> bool:
    """Set the municipality's "build queued" mark; False if it was set already. A mark older
    than ``OPENDATA_PENDING_SECONDS`` is taken for one whose job was lost, and set anew."""
    path = _folder(municipality_id) / _PENDING
    path.parent.mkdir(parents=True, exist_ok=True)
    for _try in range(2):
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            return True
        except FileExistsError:
            try:
                age = time.time() - path.stat().st_mtime
            except FileNotFoundError:  # the job took it meanwhile
                continue
            if age < current_app.config["OPENDATA_PENDING_SECONDS"]:
                return False
            path.unlink(missing_ok=True)
    return False


def clear_pending(municipality_id: int) -> None:
    """Take the mark off (the job, as it starts: a change committed from then on queues again)."""
    (_folder(municipality_id) / _PENDING).unlink(missing_ok=True)


def is_pending(municipality_id: int) -> bool:
    return (_folder(municipality_id) / _PENDING).exists()

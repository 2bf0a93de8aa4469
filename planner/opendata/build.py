"""Building the open-data ZIP of a municipality: its CSV files and a README in one language,
stamped (in the ZIP's comment) with the data version and the time it was built from."""
import io
import json
import zipfile
from datetime import datetime
from typing import NamedTuple

from flask import render_template
from flask_babel import format_datetime

from .. import spreadsheets
from .tables import TABLES, rows

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
_STAMP = "planner-open-data"


class Stamp(NamedTuple):
    """What a built ZIP was built from: the municipality (its slug), the data version, and
    when (UTC, naive)."""

    slug: str
    version: int
    built_at: datetime

    def comment(self) -> bytes:
        return json.dumps({_STAMP: 1, "slug": self.slug, "version": self.version,
                           "built_at": self.built_at.isoformat()}).encode()

    @classmethod
    def of(cls, comment: bytes):
        """The stamp in a ZIP's comment, or None when it has none (or not ours)."""
        try:
            values = json.loads(comment.decode())
            return cls(str(values["slug"]), int(values["version"]), datetime.fromisoformat(values["built_at"]))
        except (ValueError, KeyError, TypeError, AttributeError):
            return None


def csv_of(name, records):
    columns = [column for column, _description in TABLES[name][1]]
    return spreadsheets.csv_text([columns] + [[_cell(r.get(c)) for c in columns] for r in records])


def _cell(value):
    return "" if value is None else value


def readme(municipality, built_on):
    return render_template("opendata/README.txt", municipality=municipality, tables=TABLES, licence=LICENCE,
                           licence_url=LICENCE_URL, built_on=built_on)


def build_zip(municipality, stamp: Stamp) -> bytes:
    """The ZIP in the current language, of the data as read now, stamped with ``stamp``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.comment = stamp.comment()
        archive.writestr("README.txt", readme(municipality, format_datetime(stamp.built_at, "medium")))
        for name, records in rows(municipality).items():
            archive.writestr(name, csv_of(name, records).encode("utf-8"))
    return out.getvalue()

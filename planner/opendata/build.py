"""Building the open-data ZIP of a municipality: its CSV files and a README in one language,
stamped (in the ZIP's comment) with the data version and the time it was built from."""
import io
import json
import zipfile
from datetime import date, datetime, time, timedelta, timezone
from typing import NamedTuple

from flask import render_template
from flask_babel import format_datetime
from sqlalchemy import case, func, select

from .. import spreadsheets
from ..extensions import db
from ..surveys.ballots.models import Ballot
from ..surveys.models import Survey
from .tables import TABLES, rows

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
_STAMP = "planner-open-data"


class Stamp(NamedTuple):
    """What a built ZIP was built from: the municipality (its slug), the data version, when
    (UTC, naive), and until when time alone changes nothing in it (a ballot or survey opening
    or closing changes what is public without any commit; None: nothing waits)."""

    slug: str
    version: int
    built_at: datetime
    until: datetime | None = None

    def comment(self) -> bytes:
        return json.dumps({_STAMP: 1, "slug": self.slug, "version": self.version,
                           "built_at": self.built_at.isoformat(),
                           "until": self.until.isoformat() if self.until else None}).encode()

    def is_current(self, version: int, now: datetime) -> bool:
        return self.version == version and (self.until is None or now < self.until)

    @classmethod
    def of(cls, comment: bytes):
        """The stamp in a ZIP's comment, or None when it has none (or not ours)."""
        try:
            values = json.loads(comment.decode())
            until = values.get("until")
            return cls(str(values["slug"]), int(values["version"]), datetime.fromisoformat(values["built_at"]),
                       datetime.fromisoformat(until) if until else None)
        except (ValueError, KeyError, TypeError, AttributeError):
            return None


def next_change(municipality, now: datetime) -> datetime | None:
    """The first time after ``now`` (UTC, naive) when a ballot or survey of the municipality
    opens or closes: its results may become public then, with no commit to say so."""
    times = db.session.execute(
        select(func.min(case((Ballot.opens_at > now, Ballot.opens_at), else_=Ballot.closes_at)))
        .where(Ballot.municipality_id == municipality.id, Ballot.closes_at > now)).scalar()
    today = date.today()  # surveys open and close by the server's calendar (api/data.py)
    surveys = select(Survey).where(Survey.municipality_id == municipality.id, Survey.published()).subquery()
    opens = db.session.scalar(select(func.min(surveys.c.opens_on)).where(surveys.c.opens_on > today))
    closes = db.session.scalar(select(func.min(surveys.c.closes_on)).where(surveys.c.closes_on >= today))
    days = [d for d in (opens, closes + timedelta(days=1) if closes else None) if d is not None]
    if days:  # at the server's midnight, in UTC
        midnight = datetime.combine(min(days), time()).astimezone(timezone.utc).replace(tzinfo=None)
        times = midnight if times is None else min(times, midnight)
    return times


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

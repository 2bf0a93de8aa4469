"""Participants: online registration, bulk entry of a printed sign-in sheet, attendance per day.

The sign-in sheet is typed (or pasted from a spreadsheet) one person a line: name, sex, age
band, role, municipality, and optionally the certificate's language. Every row is checked
first; if any row is wrong, the refusal lists each wrong row with its number and reason and
nothing is stored."""
import csv
import io

from flask_babel import force_locale, ngettext

from .. import audit
from ..errors import ServiceError
from ..extensions import db
from ..i18n import gettext as _, normalize_text
from ..municipalities.models import Municipality
from .labels import AGE_LABELS, ROLE_LABELS, SEX_LABELS
from .models import AGE_BANDS, LANGUAGES, PARTICIPANT_ROLES, SEXES, Attendance, Participant

MAX_ROWS = 500


class BulkError(ServiceError):
    """A refusal of a whole sheet, with every wrong row as ``(row number, reason)``."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__(ngettext("%(num)s row has a mistake; nothing was saved.",
                                  "%(num)s rows have mistakes; nothing was saved.", len(problems)), field="rows")


def _key(text):
    return " ".join(normalize_text(str(text)).casefold().replace("–", "-").split())


def _aliases(labels):
    """Each code, and its label in every language, lower-cased, mapped to the code."""
    table = {}
    for code, label in labels.items():
        table[_key(code)] = code
        for language in LANGUAGES:
            with force_locale(language):
                table[_key(str(label))] = code
    return table


def allowed_municipalities(workshop):
    """The workshop's invited municipalities, or every real municipality when none is invited."""
    if workshop.municipalities:
        return list(workshop.municipalities)
    return db.session.query(Municipality).filter(Municipality.is_sandbox.is_(False)).order_by(Municipality.name).all()


def _municipality_table(workshop):
    table = {}
    for m in allowed_municipalities(workshop):
        table[_key(m.name)] = m
        table[_key(m.slug)] = m
    return table


def _rows(text):
    text = (text or "").strip("\ufeff")
    sample = "\n".join(text.splitlines()[:5])
    delimiter = "\t" if "\t" in sample else (";" if sample.count(";") > sample.count(",") else ",")
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _is_header(cells):
    first = _key(cells[0]) if cells else ""
    names = {_key("name")}
    for language in LANGUAGES:
        with force_locale(language):
            names.add(_key(_("Name")))
    return first in names or first in ("№", "no", "#")


def parse_sheet(workshop, text, default_locale):
    """``(rows, problems)``: rows as dicts ready for :class:`Participant`, problems as
    ``(line number, reason)``. Blank lines and a header line are skipped."""
    sexes, bands, roles = _aliases(SEX_LABELS), _aliases(AGE_LABELS), _aliases(ROLE_LABELS)
    municipalities = _municipality_table(workshop)
    taken = {(_key(p.name), p.municipality_id) for p in workshop.participants}
    lines = _rows(text)
    filled = [cells for cells in lines if any(c.strip() for c in cells)]
    if len(filled) - (1 if filled and _is_header(filled[0]) else 0) > MAX_ROWS:
        return [], [(0, ngettext("At most %(num)s row at a time.", "At most %(num)s rows at a time.", MAX_ROWS))]
    rows, problems = [], []
    for number, cells in enumerate(lines, start=1):
        cells = [c.strip() for c in cells]
        if not any(cells) or (number == 1 and _is_header(cells)):
            continue
        if len(cells) not in (5, 6):
            problems.append((number, _("Expected 5 or 6 columns, found %(n)s.", n=len(cells))))
            continue
        name, sex, band, role, place = cells[:5]
        locale = _key(cells[5]) if len(cells) == 6 and cells[5] else default_locale
        reasons = []
        if not name:
            reasons.append(_("The name is missing."))
        elif len(name) > 120:
            reasons.append(ngettext("The name is longer than %(num)s character.",
                                    "The name is longer than %(num)s characters.", 120))
        if _key(sex) not in sexes:
            reasons.append(_("Unknown sex “%(value)s”.", value=sex))
        if _key(band) not in bands:
            reasons.append(_("Unknown age band “%(value)s”.", value=band))
        if _key(role) not in roles:
            reasons.append(_("Unknown role “%(value)s”.", value=role))
        municipality = municipalities.get(_key(place))
        if municipality is None:
            reasons.append(_("“%(value)s” is not among the workshop's municipalities.", value=place))
        if locale not in LANGUAGES:
            reasons.append(_("Unknown language “%(value)s”.", value=cells[5]))
        if not reasons and (_key(name), municipality.id) in taken:
            reasons.append(_("%(name)s from %(place)s is already on the list.", name=name, place=municipality.name))
        if reasons:
            problems.append((number, " ".join(reasons)))
            continue
        taken.add((_key(name), municipality.id))
        rows.append({"name": name, "sex": sexes[_key(sex)], "age_band": bands[_key(band)], "role": roles[_key(role)],
                     "municipality_id": municipality.id, "locale": locale})
    return rows, problems


def enter_sheet(workshop, by, text, days):
    """Store every row of the sheet, present on ``days`` (a subset of the workshop's days),
    or nothing (a :class:`BulkError` lists the wrong rows)."""
    rows, problems = parse_sheet(workshop, text, workshop.language)
    if problems:
        raise BulkError(problems)
    if not rows:
        raise ServiceError(_("Type at least one participant."), field="rows")
    days = _check_days(workshop, days)
    people = []
    for row in rows:
        participant = Participant(workshop=workshop, **row)
        participant.attendance = [Attendance(day=d) for d in days]
        people.append(participant)
    db.session.add_all(people)
    db.session.flush()
    audit.record(by, "workshop.sheet", workshop, None, str(len(people)))
    return people


def _check_days(workshop, days):
    days = sorted(set(days or ()))
    if any(d not in workshop.days for d in days):
        raise ServiceError(_("Choose days of the workshop."), field="days")
    return days


def is_registered(workshop, user) -> bool:
    return any(p.user_id == user.id for p in workshop.participants)


def register(workshop, user, *, sex, age_band, role, municipality_id, today):
    """The signed-in user puts themselves on the list (until the workshop's last day)."""
    if workshop.is_past(today):
        raise ServiceError(_("This workshop is over; registration is closed."))
    if is_registered(workshop, user):
        raise ServiceError(_("You are already registered for this workshop."))
    for value, known, field in ((sex, SEXES, "sex"), (age_band, AGE_BANDS, "age_band"), (role, PARTICIPANT_ROLES, "role")):
        if value not in known:
            raise ServiceError(_("Choose from the list."), field=field)
    allowed = {m.id: m for m in allowed_municipalities(workshop)}
    if municipality_id not in allowed:
        raise ServiceError(_("Choose a municipality from the list."), field="municipality_id")
    locale = user.locale if user.locale in LANGUAGES else workshop.language
    participant = Participant(workshop=workshop, user_id=user.id, name=user.name[:120], sex=sex, age_band=age_band,
                              role=role, municipality_id=municipality_id, locale=locale)
    db.session.add(participant)
    db.session.flush()
    audit.record(user, "workshop.register", participant, None, workshop.title)
    return participant


def remove_participant(participant, by):
    audit.record(by, "workshop.participant_remove", participant, None, participant.name)
    db.session.delete(participant)
    db.session.flush()


def set_attendance(workshop, by, present):
    """``present``: ``{participant id: set of days}`` for every participant of the workshop;
    replaces what was recorded."""
    days = set(workshop.days)
    ids = {p.id for p in workshop.participants}
    if set(present) - ids or any(set(d) - days for d in present.values()):
        raise ServiceError(_("Mark attendance on the workshop's days for its participants only."))
    for participant in workshop.participants:
        wanted = set(present.get(participant.id, ()))
        participant.attendance = ([a for a in participant.attendance if a.day in wanted]
                                  + [Attendance(day=d) for d in sorted(wanted - {a.day for a in participant.attendance})])
    db.session.flush()
    audit.record(by, "workshop.attendance", workshop, None)

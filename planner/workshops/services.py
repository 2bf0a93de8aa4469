"""Workshops and their materials: create, change, delete; PDF handouts checked with pypdf.

Services flush and audit; they never commit (planner/actions.py does)."""
import secrets
from pathlib import Path

from flask_babel import ngettext

from .. import audit, checks, files
from ..actions import after_commit
from ..errors import ServiceError
from ..extensions import db
from ..i18n import gettext as _
from ..municipalities.models import Municipality
from .models import LANGUAGES, MAX_DAYS, TOPICS, Material, Workshop

DEFAULT_MATERIAL_MAX = 10 * 1024 * 1024
AGENDA_MAX = 4000


def _fields(*, title, topics, starts_on, ends_on, place, region, language, agenda, municipality_ids):
    """The checked values of a workshop's form (a ServiceError names the wrong field)."""
    if starts_on is None:
        raise ServiceError(_("This field is required."), field="starts_on")
    if ends_on is None:
        ends_on = starts_on
    if ends_on < starts_on:
        raise ServiceError(_("The last day cannot be before the first."), field="ends_on")
    if (ends_on - starts_on).days >= MAX_DAYS:
        raise ServiceError(ngettext("A workshop lasts at most %(num)s day.", "A workshop lasts at most %(num)s days.",
                                    MAX_DAYS), field="ends_on")
    topics = list(dict.fromkeys(topics or ()))
    if not topics:
        raise ServiceError(_("Choose at least one topic."), field="topics")
    if any(t not in TOPICS for t in topics):
        raise ServiceError(_("Choose topics from the list."), field="topics")
    if language not in LANGUAGES:
        raise ServiceError(_("Choose a language from the list."), field="language")
    ids = set(municipality_ids or ())
    municipalities = db.session.query(Municipality).filter(
        Municipality.id.in_(ids), Municipality.is_sandbox.is_(False)).all() if ids else []  # never a practice one
    if len(municipalities) != len(ids):
        raise ServiceError(_("Choose municipalities from the list."), field="municipality_ids")
    return {
        "title": checks.text(title, "title", 200, required=True), "topics": [t for t in TOPICS if t in topics],
        "starts_on": starts_on, "ends_on": ends_on, "place": checks.text(place, "place", 200),
        "region": checks.text(region, "region", 120), "language": language, "agenda": checks.text(agenda, "agenda", AGENDA_MAX),
        "municipalities": municipalities,
    }


def _outside_days(workshop):
    days = set(workshop.days)
    return [a for p in workshop.participants for a in p.attendance if a.day not in days]


def create_workshop(by, **values):
    workshop = Workshop(trainer_id=by.id, **_fields(**values))
    db.session.add(workshop)
    db.session.flush()
    audit.record(by, "workshop.create", workshop, None, workshop.title)
    return workshop


def update_workshop(workshop, by, **values):
    for name, value in _fields(**values).items():
        setattr(workshop, name, value)
    if _outside_days(workshop):
        raise ServiceError(_("Attendance is recorded on days outside these dates; change the attendance first."),
                           field="ends_on")
    db.session.flush()
    audit.record(by, "workshop.update", workshop, None, workshop.title)
    return workshop


def delete_workshop(workshop, by, upload_dir):
    paths = [Path(upload_dir) / m.path for m in workshop.materials]
    audit.record(by, "workshop.delete", workshop, None, workshop.title)
    db.session.delete(workshop)
    db.session.flush()
    after_commit(lambda: [p.unlink(missing_ok=True) for p in paths])


def check_pdf(content: bytes, max_bytes: int) -> int:
    """The number of pages of a readable, unencrypted PDF within the size limit, else a refusal."""
    if len(content) > max_bytes:
        raise ServiceError(_("The file is larger than %(mb)s MB.", mb=max_bytes // (1024 * 1024)), field="file")
    if not content.startswith(b"%PDF-"):
        raise ServiceError(_("Upload the material as a PDF file."), field="file")
    try:
        return files.pdf_pages(content)
    except files.NotAPdf as refused:
        if refused.reason == "encrypted":
            raise ServiceError(_("The PDF is protected by a password; upload an open copy."), field="file") from None
        raise ServiceError(_("This PDF cannot be read; it may be damaged."), field="file") from None


def add_material(workshop, by, filename, content, *, upload_dir, max_bytes=DEFAULT_MATERIAL_MAX):
    pages = check_pdf(content, max_bytes)
    stored = f"workshop-{workshop.id}-{secrets.token_hex(8)}.pdf"
    files.write_after_commit(upload_dir, stored, content)
    name = (Path(filename or "").name or stored)[:200]
    material = Material(workshop=workshop, name=name, path=stored, size=len(content), pages=pages)
    db.session.add(material)
    db.session.flush()
    audit.record(by, "workshop.material_add", material, None, name)
    return material


def remove_material(material, by, upload_dir):
    audit.record(by, "workshop.material_remove", material, None, material.name)
    path = Path(upload_dir) / material.path
    db.session.delete(material)
    db.session.flush()
    after_commit(lambda: path.unlink(missing_ok=True))

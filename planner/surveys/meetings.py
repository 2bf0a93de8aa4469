"""Meetings of the needs assessment and the hearings: attendance by sex and age band,
deputies present, minutes and photos; totals per municipality and year."""
import functools

from flask_babel import gettext as _
from sqlalchemy import bindparam, case, extract, func, select
from sqlalchemy.orm import selectinload

from .. import audit, photos
from ..errors import ServiceError
from ..extensions import db
from .models import Meeting, MeetingAttendance, MeetingPhoto

PHOTO_MAX_BYTES = 5 * 1024 * 1024
JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
FIELDS = ("kind", "held_on", "village_id", "place", "target_group", "deputies_present", "minutes")


@functools.cache
def _meetings_table():
    women = func.sum(case((MeetingAttendance.sex == "f", MeetingAttendance.count), else_=0))
    return (
        select(Meeting.id, Meeting.held_on, Meeting.kind, Meeting.target_group, Meeting.village_id,
               func.coalesce(func.sum(MeetingAttendance.count), 0).label("total"),
               func.coalesce(women, 0).label("women"))
        .outerjoin(MeetingAttendance, MeetingAttendance.meeting_id == Meeting.id)
        .where(Meeting.municipality_id == bindparam("municipality_id"))
        .group_by(Meeting.id)
        .order_by(Meeting.held_on.desc(), Meeting.id.desc())
    )


def meetings_table(municipality_id):
    """``(statement, parameters)``: the rows of the meetings list, latest first, each with its
    participants and women summed by the database (the list showed ``Meeting.total`` and
    ``.women``, which loaded every attendance row as an object). Built once: a statement
    costs more to build than this query takes."""
    return _meetings_table(), {"municipality_id": municipality_id}


def attendance_per_year(rows):
    """``attendance_summary``'s ``(rows per year, people, women, meetings)`` from the rows of
    ``meetings_table``, oldest year first, without asking the database again."""
    years = {}
    for row in rows:
        total, women, n = years.get(row.held_on.year, (0, 0, 0))
        years[row.held_on.year] = (total + int(row.total), women + int(row.women), n + 1)
    per_year = [(year, *years[year]) for year in sorted(years)]
    return per_year, sum(r[1] for r in per_year), sum(r[2] for r in per_year), len(rows)


def meeting_detail(meeting_id):
    return (
        select(Meeting)
        .where(Meeting.id == meeting_id)
        .options(selectinload(Meeting.attendance), selectinload(Meeting.photos), selectinload(Meeting.village))
    )


@functools.cache
def _attendance_by_year():
    year = extract("year", Meeting.held_on)
    per_meeting = (
        select(Meeting.id.label("id"), year.label("year"),
               func.coalesce(func.sum(MeetingAttendance.count), 0).label("total"),
               func.coalesce(func.sum(case((MeetingAttendance.sex == "f", MeetingAttendance.count), else_=0)), 0).label("women"))
        .outerjoin(MeetingAttendance, MeetingAttendance.meeting_id == Meeting.id)
        .where(Meeting.municipality_id == bindparam("municipality_id"))
        .group_by(Meeting.id, year)
        .subquery()
    )
    return (
        select(per_meeting.c.year, func.sum(per_meeting.c.total), func.sum(per_meeting.c.women), func.count(per_meeting.c.id))
        .group_by(per_meeting.c.year)
        .order_by(per_meeting.c.year)
    )


def attendance_by_year(municipality_id):
    """``(statement, parameters)``: (year, people, women, meetings) per year, oldest first, in
    one query. Built once (the municipality's page asks it on every request)."""
    return _attendance_by_year(), {"municipality_id": municipality_id}


def _check(municipality, fields):
    village_id = fields.get("village_id")
    if village_id and village_id not in {v.id for v in municipality.villages}:
        raise ServiceError(_("Choose one of this municipality's villages."), field="village_id")


def _set_attendance(meeting, attendance):
    """``attendance``: {(sex, age band): count}. Zero cells are not stored."""
    current = {(a.sex, a.age_band): a for a in meeting.attendance}
    for (sex, band), count in attendance.items():
        count = int(count or 0)
        if count < 0:
            raise ServiceError(_("Attendance cannot be negative."))
        row = current.get((sex, band))
        if row is None and count:
            meeting.attendance.append(MeetingAttendance(sex=sex, age_band=band, count=count))
        elif row is not None and count:
            row.count = count
        elif row is not None:
            meeting.attendance.remove(row)


def create_meeting(municipality, by, attendance, **fields) -> Meeting:
    _check(municipality, fields)
    fields["village_id"] = fields.get("village_id") or None
    meeting = Meeting(municipality_id=municipality.id, created_by_id=getattr(by, "id", None), **fields)
    db.session.add(meeting)
    _set_attendance(meeting, attendance)
    db.session.flush()
    audit.record(by, "meeting.create", meeting, municipality.id, f"{meeting.kind} {meeting.held_on}")
    return meeting


def update_meeting(meeting, municipality, by, attendance, **fields) -> None:
    _check(municipality, fields)
    fields["village_id"] = fields.get("village_id") or None
    for key, value in fields.items():
        setattr(meeting, key, value)
    _set_attendance(meeting, attendance)
    audit.record(by, "meeting.update", meeting, municipality.id, f"{meeting.kind} {meeting.held_on}")


def delete_meeting(meeting, by) -> None:
    audit.record(by, "meeting.delete", meeting, meeting.municipality_id, f"{meeting.kind} {meeting.held_on}")
    db.session.delete(meeting)


def sniff_image(data: bytes) -> str | None:
    """The image type from the file's first bytes (never from its name or the browser)."""
    if data.startswith(JPEG_MAGIC):
        return "image/jpeg"
    if data.startswith(PNG_MAGIC):
        return "image/png"
    return None


def add_photo(meeting, by, data: bytes, caption="") -> MeetingPhoto:
    if not data:
        raise ServiceError(_("Choose a photo to upload."), field="photo")
    if len(data) > PHOTO_MAX_BYTES:
        raise ServiceError(_("The photo is larger than 5 MB. Make it smaller and try again."), field="photo")
    if sniff_image(data) is None:
        raise ServiceError(_("This file is not a JPEG or PNG photo."), field="photo")
    # Stored cleaned: upright, resized, and without EXIF (no GPS position of anyone's home).
    cleaned = photos.process(data)
    photo = MeetingPhoto(meeting=meeting, data=cleaned.data, content_type=cleaned.content_type, size=len(cleaned.data),
                         caption=caption or "", created_by_id=getattr(by, "id", None))
    db.session.add(photo)
    db.session.flush()
    audit.record(by, "meeting.photo_add", photo, meeting.municipality_id, caption or "")
    return photo


def delete_photo(photo, by) -> None:
    audit.record(by, "meeting.photo_delete", photo, photo.meeting.municipality_id, photo.caption)
    db.session.delete(photo)

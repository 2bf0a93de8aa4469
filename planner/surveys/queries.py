"""Loaders that several pages share: meeting attendance totals (the meetings list, the
municipality's public page, the API)."""
from ..extensions import db
from . import meetings


def attendance_summary(municipality_id):
    """(rows per year, total people, women, meetings)."""
    rows = db.session.execute(meetings.attendance_by_year(municipality_id)).all()
    rows = [(int(year), int(total or 0), int(women or 0), int(n)) for year, total, women, n in rows]
    return rows, sum(r[1] for r in rows), sum(r[2] for r in rows), sum(r[3] for r in rows)

"""What a monitor sees in the field: the report form ticks its author as present, and the
timeline's actual months are the months of the visits, not of the reported quarters."""
import io
import re
from datetime import date

from planner.monitoring import queries
from planner.monitoring.models import MonitoringReport

from .test_views import _url, fresh


def _ticked(html):
    """The member ids ticked as present in the report form."""
    boxes = re.findall(r'<input[^>]*name="members_present"[^>]*>', html)
    return {int(re.search(r'value="(\d+)"', box).group(1)) for box in boxes if " checked" in box}


def _new_report_url(app, m):
    return _url(app, "monitoring.report_new", slug=m["municipality"].slug, plan_id=m["plan"].id,
                activity_id=m["activities"][0].id)


def test_report_form_ticks_its_author_as_present(app, db, client, auth, monitoring):
    m = monitoring
    aida, bakyt, _chynara = m["members"]
    auth.as_user(m["author"])
    html = client.get(_new_report_url(app, m)).get_data(as_text=True)
    assert _ticked(html) == {aida.id}
    fresh()
    auth.as_user(m["approver"])
    assert _ticked(client.get(_new_report_url(app, m)).get_data(as_text=True)) == {bakyt.id}


def test_timeline_actual_months_come_from_the_visits(app, db, client, monitoring, file_report):
    m = monitoring
    activity = m["activities"][0]
    # a first-quarter report written after an April visit, then the finishing visit in May (second quarter)
    file_report(activity=activity, period_number=1, visit_date=date(2026, 4, 10), status="on_track", progress=40)
    file_report(activity=activity, period_number=2, visit_date=date(2026, 5, 15), status="done", progress=100)
    with app.test_request_context():
        board = queries.build_dashboard(m["plan"])
    state = next(s for s in board.activities if s.activity.id == activity.id)
    assert state.actual_start == 2026 * 12 + 3  # April, not January, the quarter's first month
    assert state.actual_end == 2026 * 12 + 4  # May, not June, the quarter's last month
    assert state.status == "done" and state.progress == 100
    page = client.get(_url(app, "monitoring.dashboard", slug=m["municipality"].slug, plan_id=m["plan"].id),
                      headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<td data-label="Actual months">4/2026 – 5/2026</td>' in page  # Babel's English month form


def test_unfinished_activity_runs_to_its_latest_visit(app, db, monitoring, file_report):
    m = monitoring
    activity = m["activities"][1]
    file_report(activity=activity, period_number=2, visit_date=date(2026, 6, 3), status="delayed", progress=30)
    file_report(activity=activity, period_number=1, visit_date=date(2026, 3, 2), status="on_track", progress=10)
    with app.test_request_context():
        board = queries.build_dashboard(m["plan"])
    state = next(s for s in board.activities if s.activity.id == activity.id)
    assert state.actual_start == 2026 * 12 + 2  # March
    assert state.actual_end is None and state.latest_month == 2026 * 12 + 5  # June
    assert state.status == "delayed"  # the report on the latest period gives the status


def test_photo_without_a_file_is_refused_with_a_message(app, db, client, auth, monitoring, file_report):
    m = monitoring
    report = file_report(approve=False)
    auth.as_user(m["author"])
    url = _url(app, "monitoring.photo_add", slug=m["municipality"].slug, report_id=report.id)
    response = client.post(url, data={"caption": "x", "photo": (io.BytesIO(b""), "")},
                           content_type="multipart/form-data", follow_redirects=True)
    assert response.status_code == 200 and "Choose a photo." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(MonitoringReport, report.id).photos == []

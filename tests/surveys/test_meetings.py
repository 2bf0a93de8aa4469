"""Meetings: attendance by sex and age band, totals per year, share of women, photos."""
from datetime import date

import pytest
from io import BytesIO

from planner import photos
from planner.errors import ServiceError
from planner.surveys import meetings

from ..monitoring.test_photos import jpeg_with_gps
from .conftest import get_counted
from .routes import PNG_1PX

JPEG = jpeg_with_gps(size=(40, 30))  # a real photo that carries a GPS position


def _meeting(kg, by, held_on, women, men, **kw):
    fields = dict(kind="needs_assessment", held_on=held_on, village_id=kg.villages[0].id, place="Мектеп",
                  target_group="everyone", deputies_present=2, minutes="Суу маселеси талкууланды.")
    fields.update(kw)
    return meetings.create_meeting(kg, by, {("f", "30-44"): women, ("m", "45-59"): men}, **fields)


def test_totals_per_year_and_share_of_women(app, db, kg, staff_user):
    with app.test_request_context():
        _meeting(kg, staff_user, date(2025, 3, 1), 12, 8)
        _meeting(kg, staff_user, date(2025, 4, 1), 5, 5, kind="focus_group", target_group="women")
        _meeting(kg, staff_user, date(2026, 2, 1), 30, 10)
        db.session.commit()
    rows = db.session.execute(*meetings.attendance_by_year(kg.id)).all()
    assert [(int(y), int(t), int(w), n) for y, t, w, n in rows] == [(2025, 30, 17, 2), (2026, 40, 30, 1)]


def test_public_page_shows_attendance(app, db, kg, staff_user, client):
    with app.test_request_context():
        _meeting(kg, staff_user, date(2025, 3, 1), 12, 8)
        db.session.commit()
    page = client.get(f"/m/{kg.slug}/").get_data(as_text=True)
    assert "Residents&#39; voice" in page or "Residents' voice" in page
    assert "60" in page  # 12 of 20 are women


def test_zero_cells_are_not_stored_and_edit_replaces(app, db, kg, staff_user):
    with app.test_request_context():
        meeting = _meeting(kg, staff_user, date(2025, 3, 1), 0, 8)
        assert [(a.sex, a.count) for a in meeting.attendance] == [("m", 8)]
        meetings.update_meeting(meeting, kg, staff_user, {("f", "30-44"): 4, ("m", "45-59"): 0},
                                kind="gathering", held_on=date(2025, 3, 2), village_id=None, place="",
                                target_group="youth", deputies_present=0, minutes="")
        db.session.commit()
    assert meeting.total == 4 and meeting.women == 4


def test_village_of_another_municipality_is_refused(app, db, kg, staff_user, make_municipality):
    other = make_municipality()
    with app.test_request_context(), pytest.raises(ServiceError):
        _meeting(kg, staff_user, date(2025, 3, 1), 1, 1, village_id=other.villages[0].id)


@pytest.mark.parametrize(("data", "ok"), [
    (PNG_1PX, True),
    (JPEG, True),
    (b"GIF89a....", False),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", False),
    (b"", False),
    (b"\xff\xd8\xff" + b"\x00" * (5 * 1024 * 1024), False),
])
def test_photos_are_checked_by_content(app, db, kg, staff_user, data, ok):
    with app.test_request_context():
        meeting = _meeting(kg, staff_user, date(2025, 3, 1), 1, 1)
        if ok:
            photo = meetings.add_photo(meeting, staff_user, data, "hall")
            assert photo.content_type in ("image/jpeg", "image/png")
            assert photos.location(photo.data) is None  # stored without the GPS position
        else:
            with pytest.raises(ServiceError):
                meetings.add_photo(meeting, staff_user, data)


def test_photo_upload_through_the_form(app, db, kg, staff_user, client, auth):
    with app.test_request_context():
        meeting = _meeting(kg, staff_user, date(2025, 3, 1), 1, 1)
        db.session.commit()
    auth.as_user(staff_user)
    url = f"/m/{kg.slug}/meetings/{meeting.id}/photos"
    bad = client.post(url, data={"photo": (BytesIO(b"MZ not an image"), "photo.jpg"), "caption": "x"},
                      content_type="multipart/form-data")
    assert bad.status_code == 422 and "not a JPEG or PNG" in bad.get_data(as_text=True)
    good = client.post(url, data={"photo": (BytesIO(PNG_1PX), "anything.bin"), "caption": "Жыйын"},
                       content_type="multipart/form-data")
    assert good.status_code == 302
    db.session.expire_all()
    photo = meeting.photos[0]
    served = client.get(f"/m/{kg.slug}/meetings/{meeting.id}/photos/{photo.id}")
    assert served.mimetype == "image/png" and served.data.startswith(b"\x89PNG")


def test_meeting_form_and_pages(app, db, kg, staff_user, client, auth):
    auth.as_user(staff_user)
    response = client.post(f"/m/{kg.slug}/meetings/new", data={
        "kind": "hearing", "held_on": "2026-05-10", "village_id": "0", "place": "Клуб", "target_group": "everyone",
        "deputies_present": "3", "minutes": "БАП долбоору талкууланды.", "att_f_18_29": "7", "att_m_60plus": "4",
        "att_f_30_44": "-1"})
    assert response.status_code == 200 and "0 to 10,000" in response.get_data(as_text=True)
    response = client.post(f"/m/{kg.slug}/meetings/new", data={
        "kind": "hearing", "held_on": "2026-05-10", "village_id": "0", "place": "Клуб", "target_group": "everyone",
        "deputies_present": "3", "minutes": "БАП долбоору талкууланды.", "att_f_18_29": "7", "att_m_60plus": "4"})
    assert response.status_code == 302
    detail, queries = get_counted(client, response.headers["Location"])
    assert "БАП долбоору талкууланды." in detail.get_data(as_text=True) and queries <= 8
    with app.test_request_context():
        for day in range(1, 12):
            _meeting(kg, staff_user, date(2025, 1, day), day, 1)
        db.session.commit()
    listing, queries = get_counted(client, f"/m/{kg.slug}/meetings")
    assert listing.status_code == 200 and queries <= 8
    assert "chart-data" in listing.get_data(as_text=True)  # two years: a chart, with its table
    public, queries = get_counted(client, f"/m/{kg.slug}/")
    assert public.status_code == 200 and queries <= 8


def test_meetings_list_sums_in_the_database_with_flat_queries(app, db, kg, staff_user, client):
    """The list's rows carry their totals (no attendance objects), its yearly table is the
    same as attendance_summary's, and the number of statements does not grow with the rows."""
    from planner.surveys.queries import attendance_summary

    with app.test_request_context():
        _meeting(kg, staff_user, date(2025, 3, 1), 12, 8)
        _meeting(kg, staff_user, date(2026, 2, 1), 0, 0, village_id=None, target_group="women")
        db.session.commit()
    few, few_queries = get_counted(client, f"/m/{kg.slug}/meetings")
    text = few.get_data(as_text=True)
    assert 'class="num">20</td>' in text and 'class="num">12</td></tr>' in text  # 12 women of 20
    assert 'class="num">0</td>\n<td data-label="Women" class="num">0</td></tr>' in text
    with app.test_request_context():
        for day in range(1, 61):
            _meeting(kg, staff_user, date(2024, 1 + day % 12, 1 + day % 28), day, 1, village_id=kg.villages[day % 2].id)
        db.session.commit()
    many, many_queries = get_counted(client, f"/m/{kg.slug}/meetings")
    assert many.status_code == 200 and many_queries == few_queries <= 4
    rows = db.session.execute(*meetings.meetings_table(kg.id)).all()
    assert len(rows) == 62 and meetings.attendance_per_year(rows) == attendance_summary(kg.id)


def test_public_section_shows_for_a_published_survey_alone(app, db, kg, staff_user, client, make_survey):
    """The municipality's page shows the residents' section when it has meetings, problems or a
    published survey (not a draft alone), with the register's counts."""
    def section():
        page, queries = get_counted(client, f"/m/{kg.slug}/")
        assert page.status_code == 200 and queries <= 8
        return "Residents&#39; voice" in page.get_data(as_text=True) or "Residents' voice" in page.get_data(as_text=True)

    assert not section()
    survey = make_survey(kg)
    survey.published_at = None
    db.session.commit()
    assert not section()
    survey.published_at = survey.created_at
    db.session.commit()
    assert section()
    survey.published_at = None
    with app.test_request_context():
        from planner.surveys import problems

        problems.add_problem(kg, staff_user, text="Жол начар", village_id=None, sector="roads", source_kind="other",
                             meeting_id=None, survey_id=None, times_raised=3)
        db.session.commit()
    assert section()
    page = client.get(f"/m/{kg.slug}/").get_data(as_text=True)
    assert "Problem register</a> (1)" in page

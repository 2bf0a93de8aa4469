"""Participants: bulk entry of a sign-in sheet (good rows stored, any bad row reported by
number and reason with nothing stored), online registration, attendance, the printed sheet
and certificates in each participant's language."""
from datetime import date, timedelta

from planner.workshops.models import Attendance, Participant


def _people(db):
    return db.session.scalars(db.select(Participant).order_by(Participant.id)).all()


GOOD_SHEET = """Name;Sex;Age;Role;Municipality
Aida Bekova;f;30–44;Municipal staff;Gülchö
Bolot Asanov;m;45-59;deputy;kara-kulja
Cholpon Alieva;Аял;18–29;Демилгечи топ;Nookat;ru

Dinara Tokoeva;Woman;60 and over;Head of the municipality;Uzgen;hy
"""


def test_good_sheet_is_stored_with_attendance(db, client, auth, trainer, make_workshop, places):
    workshop = make_workshop()
    auth.as_user(trainer)
    response = client.post(f"/workshops/{workshop.id}/participants/sheet",
                           data={"rows": GOOD_SHEET, "days": ["2026-03-02"]})
    assert response.status_code == 302
    people = _people(db)
    assert [(p.name, p.sex, p.age_band, p.role, p.municipality.name, p.locale) for p in people] == [
        ("Aida Bekova", "f", "30-44", "staff", "Gülchö", "ky"),
        ("Bolot Asanov", "m", "45-59", "deputy", "Kara-Kulja", "ky"),
        ("Cholpon Alieva", "f", "18-29", "initiative_group", "Nookat", "ru"),
        ("Dinara Tokoeva", "f", "60+", "head", "Uzgen", "hy"),
    ]
    assert all([a.day for a in p.attendance] == [date(2026, 3, 2)] for p in people)


def test_tab_separated_rows_from_a_spreadsheet(db, client, auth, trainer, make_workshop):
    workshop = make_workshop()
    auth.as_user(trainer)
    rows = "Aida\tf\t30-44\tstaff\tGülchö\nBolot\tm\t18-29\tresident\tAlai\n"
    client.post(f"/workshops/{workshop.id}/participants/sheet", data={"rows": rows, "days": ["2026-03-02", "2026-03-03"]})
    assert [(p.name, len(p.attendance)) for p in _people(db)] == [("Aida", 2), ("Bolot", 2)]


def test_bad_rows_are_reported_by_number_and_nothing_is_stored(db, client, auth, trainer, make_workshop):
    workshop = make_workshop()
    auth.as_user(trainer)
    sheet = "\n".join([
        "Aida Bekova;f;30-44;staff;Gülchö",          # 1 good
        "Bolot;x;30-44;staff;Gülchö",                 # 2 sex
        ";f;30-44;staff;Gülchö",                      # 3 name
        "Cholpon;f;25;staff;Gülchö",                  # 4 age band
        "Dinara;f;30-44;astronaut;Gülchö",            # 5 role
        "Emil;m;30-44;staff;Tamchy",                  # 6 not invited
        "Farida;f;30-44;staff",                       # 7 columns
        "Aida Bekova;f;30-44;staff;Gülchö",           # 8 twice on the sheet
        "Gulnara;f;30-44;staff;Gülchö;fr",            # 9 language
    ])
    response = client.post(f"/workshops/{workshop.id}/participants/sheet", data={"rows": sheet, "days": ["2026-03-02"]})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "8 rows have mistakes; nothing was saved." in page
    for row, reason in [(2, "Unknown sex “x”."), (3, "The name is missing."), (4, "Unknown age band “25”."),
                        (5, "Unknown role “astronaut”."), (6, "“Tamchy” is not among the workshop&#39;s municipalities."),
                        (7, "Expected 5 or 6 columns, found 4."), (8, "Aida Bekova from Gülchö is already on the list."),
                        (9, "Unknown language “fr”.")]:
        assert f'<td class="num">{row}</td><td>{reason}</td>' in page, (row, reason)
    assert '<td class="num">1</td>' not in page
    assert _people(db) == []
    assert sheet.splitlines()[0] in page  # what was typed is shown again, not lost


def test_a_name_already_on_the_list_is_refused(db, client, auth, trainer, make_workshop):
    workshop = make_workshop()
    auth.as_user(trainer)
    url = f"/workshops/{workshop.id}/participants/sheet"
    client.post(url, data={"rows": "Aida;f;30-44;staff;Gülchö", "days": ["2026-03-02"]})
    page = client.post(url, data={"rows": "Bolot;m;30-44;staff;Gülchö\naida;f;30-44;staff;Gülchö",
                                  "days": ["2026-03-02"]}).get_data(as_text=True)
    assert "aida from Gülchö is already on the list." in page
    assert [p.name for p in _people(db)] == ["Aida"]


def test_days_outside_the_workshop_are_refused(db, client, auth, trainer, make_workshop):
    workshop = make_workshop()
    auth.as_user(trainer)
    page = client.post(f"/workshops/{workshop.id}/participants/sheet",
                       data={"rows": "Aida;f;30-44;staff;Gülchö", "days": ["2026-03-09"]}).get_data(as_text=True)
    assert "Choose days of the workshop." in page
    assert _people(db) == []


def test_online_registration(db, client, auth, make_user, make_workshop, places):
    today = date.today()
    workshop = make_workshop(starts_on=today + timedelta(days=7), ends_on=today + timedelta(days=8))
    user = make_user(name="Nurlan Sadykov", locale="ru")
    auth.as_user(user)
    url = f"/workshops/{workshop.id}/register"
    data = {"sex": "m", "age_band": "30-44", "role": "deputy", "municipality_id": str(places[1].id)}
    page = client.post(url, data={**data, "municipality_id": str(places[5].id)}).get_data(as_text=True)
    assert "Выберите муниципалитет из списка." in page and _people(db) == []  # the user reads Russian
    assert client.post(url, data=data).status_code == 302
    assert client.post(url, data=data, follow_redirects=True).status_code == 200
    [person] = _people(db)
    assert (person.name, person.user_id, person.locale, person.municipality_id) == (
        "Nurlan Sadykov", user.id, "ru", places[1].id)


def test_registration_closes_after_the_workshop(db, client, auth, make_user, make_workshop, places):
    workshop = make_workshop()  # March 2026: over
    auth.as_user(make_user())
    page = client.post(f"/workshops/{workshop.id}/register",
                       data={"sex": "f", "age_band": "30-44", "role": "staff", "municipality_id": str(places[0].id)},
                       follow_redirects=True).get_data(as_text=True)
    assert "registration is closed" in page and _people(db) == []


def test_attendance_per_day(db, client, auth, trainer, make_workshop, make_user):
    workshop = make_workshop()
    auth.as_user(trainer)
    client.post(f"/workshops/{workshop.id}/participants/sheet",
                data={"rows": "Aida;f;30-44;staff;Gülchö\nBolot;m;30-44;staff;Alai", "days": []})
    aida, bolot = _people(db)
    assert aida.attendance == [] and bolot.attendance == []
    url = f"/workshops/{workshop.id}/participants"
    client.post(url, data={"present": [f"{aida.id}@2026-03-02", f"{aida.id}@2026-03-03", f"{bolot.id}@2026-03-03"]})
    db.session.expire_all()
    assert [a.day.day for a in aida.attendance] == [2, 3] and [a.day.day for a in bolot.attendance] == [3]
    client.post(url, data={"present": [f"{bolot.id}@2026-03-02"]})
    db.session.expire_all()
    assert aida.attendance == [] and [a.day.day for a in bolot.attendance] == [2]

    # Someone of another workshop, or a day outside this one: refused, nothing changed.
    other = make_workshop(title="Other")
    client.post(f"/workshops/{other.id}/participants/sheet", data={"rows": "Chyngyz;m;30-44;staff;Alai",
                                                                   "days": ["2026-03-02"]})
    stranger = _people(db)[-1]
    for tick in (f"{stranger.id}@2026-03-02", f"{bolot.id}@2026-03-09"):
        page = client.post(url, data={"present": [tick]}, follow_redirects=True).get_data(as_text=True)
        assert "Mark attendance on the workshop" in page
    db.session.expire_all()
    assert [a.day.day for a in bolot.attendance] == [2] and len(stranger.attendance) == 1


def test_a_trainer_cannot_fill_another_trainers_workshop(db, client, auth, make_user, make_workshop):
    workshop = make_workshop()
    auth.as_user(make_user(is_trainer=True))
    response = client.post(f"/workshops/{workshop.id}/participants/sheet",
                           data={"rows": "Aida;f;30-44;staff;Gülchö", "days": ["2026-03-02"]})
    assert response.status_code == 403 and _people(db) == []


def test_printable_sign_in_sheet_is_a4_with_the_bulk_columns(db, client, auth, trainer, make_workshop):
    workshop = make_workshop()
    auth.as_user(trainer)
    client.post(f"/workshops/{workshop.id}/participants/sheet",
                data={"rows": "Aida;f;30-44;staff;Gülchö", "days": []})
    page = client.get(f"/workshops/{workshop.id}/sign-in-sheet").get_data(as_text=True)
    head = page.split("<thead>")[1].split("</thead>")[0]
    positions = [head.index(f">{column}<") for column in ("Name", "Sex", "Age", "Role", "Municipality",
                                                           "Certificate's language")]
    assert positions == sorted(positions)  # the order the bulk entry reads
    assert page.count("Signature") == 2  # one column per day
    assert "Aida" in page
    from pathlib import Path

    import planner

    css = (Path(planner.__file__).parent / "static" / "workshops-print.css").read_text()
    assert 'href="/static/workshops-print.css' in page or "workshops-print.css" in page
    assert "@page{size:A4;margin:15mm}" in css and "A4 landscape" in css


def test_certificate_in_the_participants_language(db, client, auth, trainer, make_workshop):
    workshop = make_workshop(title="SEDP training")
    auth.as_user(trainer)
    client.post(f"/workshops/{workshop.id}/participants/sheet",
                data={"rows": "Aida;f;30-44;staff;Gülchö;ky\nBolot;m;30-44;staff;Alai;ru\n"
                              "Ani;f;30-44;staff;Nookat;hy\nEmma;f;30-44;staff;Uzgen;en\nAbsent;m;30-44;staff;Uzgen",
                      "days": ["2026-03-02"]})
    absent = _people(db)[-1]
    db.session.query(Attendance).filter_by(participant_id=absent.id).delete()
    db.session.commit()
    expected = {"Aida": "ky", "Bolot": "ru", "Ani": "hy", "Emma": "en"}
    from flask_babel import force_locale, gettext

    for person in _people(db)[:4]:
        page = client.get(f"/workshops/{workshop.id}/participants/{person.id}/certificate").get_data(as_text=True)
        with force_locale(expected[person.name]):
            heading = gettext("Certificate of attendance")
        assert heading in page and person.name in page, person.name
        assert f'lang="{expected[person.name]}"' in page
    # Translated headings differ, so the test would fail if every certificate were in English.
    headings = set()
    for code in ("ky", "ru", "hy", "en"):
        with force_locale(code):
            headings.add(gettext("Certificate of attendance"))
    assert len(headings) == 4

    all_pages = client.get(f"/workshops/{workshop.id}/certificates").get_data(as_text=True)
    assert all_pages.count('class="certificate"') == 4 and "Absent" not in all_pages
    response = client.get(f"/workshops/{workshop.id}/participants/{absent.id}/certificate", follow_redirects=True)
    assert "attended no day of the workshop" in response.get_data(as_text=True)


def test_too_many_rows_are_refused_before_checking_them(db, client, auth, trainer, make_workshop):
    workshop = make_workshop()
    auth.as_user(trainer)
    rows = "\n".join(f"Person {i};f;30-44;staff;Gülchö" for i in range(501))
    page = client.post(f"/workshops/{workshop.id}/participants/sheet",
                       data={"rows": rows, "days": []}).get_data(as_text=True)
    assert "At most 500 rows at a time." in page and _people(db) == []


def test_names_are_escaped_on_every_page(db, client, auth, trainer, make_workshop):
    workshop = make_workshop()
    auth.as_user(trainer)
    client.post(f"/workshops/{workshop.id}/participants/sheet",
                data={"rows": "<script>alert(1)</script>;f;30-44;staff;Gülchö", "days": ["2026-03-02"]})
    [person] = _people(db)
    for url in (f"/workshops/{workshop.id}/participants", f"/workshops/{workshop.id}/sign-in-sheet",
                f"/workshops/{workshop.id}/certificates", f"/workshops/{workshop.id}/participants/{person.id}/certificate",
                f"/workshops/{workshop.id}/statistics"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in page, url
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get(f"/workshops/{workshop.id}/certificates").get_data(as_text=True)


def test_dates_cannot_shrink_below_recorded_attendance(db, client, auth, trainer, make_workshop, places):
    workshop = make_workshop()
    auth.as_user(trainer)
    client.post(f"/workshops/{workshop.id}/participants/sheet",
                data={"rows": "Aida;f;30-44;staff;Gülchö", "days": ["2026-03-03"]})
    data = {"title": "SEDP training", "topics": ["jap"], "starts_on": "2026-03-02", "ends_on": "2026-03-02",
            "place": "", "region": "Osh", "language": "ky", "municipality_ids": [str(places[0].id)], "agenda": ""}
    page = client.post(f"/workshops/{workshop.id}/edit", data=data).get_data(as_text=True)
    assert "Attendance is recorded on days outside these dates" in page
    db.session.expire_all()
    assert workshop.ends_on == date(2026, 3, 3) and len(workshop.municipalities) == 5

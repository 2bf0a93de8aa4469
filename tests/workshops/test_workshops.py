"""Workshops through the client: a trainer creates, edits and deletes them; another trainer
cannot; PDF materials are checked with pypdf and size-limited; the home lists upcoming first."""
import io
from datetime import date, timedelta

from planner.audit import AuditEntry
from planner.workshops.models import Material, Workshop

from .conftest import pdf_bytes


def _form(places, **extra):
    form = {"title": "SEDP training in Gülchö", "topics": ["sedp_method", "jap"], "starts_on": "2026-03-02",
            "ends_on": "2026-03-03", "place": "Gülchö", "region": "Osh", "language": "ky",
            "municipality_ids": [str(m.id) for m in places[:5]], "agenda": "10:00 The SEDP method\n14:00 JAP"}
    form.update(extra)
    return form


def test_trainer_creates_and_edits_a_workshop(db, client, auth, trainer, places):
    auth.as_user(trainer)
    response = client.post("/workshops/new", data=_form(places))
    assert response.status_code == 302
    workshop = db.session.scalars(db.select(Workshop)).one()
    assert workshop.trainer_id == trainer.id
    assert workshop.topics == ["sedp_method", "jap"]
    assert [m.name for m in workshop.municipalities] == sorted(m.name for m in places[:5])
    assert workshop.days == [date(2026, 3, 2), date(2026, 3, 3)]
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "SEDP training in Gülchö" in page and "10:00 The SEDP method" in page

    response = client.post(f"/workshops/{workshop.id}/edit", data=_form(places, title="Renamed", topics=["legal"]))
    assert response.status_code == 302
    db.session.expire_all()
    assert workshop.title == "Renamed" and workshop.topics == ["legal"]
    actions = db.session.scalars(db.select(AuditEntry.action)).all()
    assert "workshop.create" in actions and "workshop.update" in actions


def test_bad_input_is_refused_with_a_message_and_nothing_saved(db, client, auth, trainer, places):
    auth.as_user(trainer)
    cases = [
        (_form(places, ends_on="2026-03-01"), "The last day cannot be before the first."),
        (_form(places, topics=[]), "Choose at least one topic."),
        (_form(places, topics=["astrology"]), "Choose topics from the list."),
        (_form(places, municipality_ids=["999999"]), "Choose municipalities from the list."),
        (_form(places, language="xx"), "Not a valid choice"),
        (_form(places, ends_on="2026-04-30"), "A workshop lasts at most 14 days."),
        (_form(places, title=""), "This field is required."),
    ]
    for data, message in cases:
        response = client.post("/workshops/new", data=data)
        assert response.status_code == 200
        assert message in response.get_data(as_text=True)
    assert db.session.scalars(db.select(Workshop)).all() == []


def test_another_trainer_cannot_change_the_workshop(db, client, auth, make_user, make_workshop, places):
    workshop = make_workshop()
    other = make_user(is_trainer=True)
    auth.as_user(other)
    for url in (f"/workshops/{workshop.id}/edit", f"/workshops/{workshop.id}/participants",
                f"/workshops/{workshop.id}/statistics", f"/workshops/{workshop.id}/sign-in-sheet",
                f"/workshops/{workshop.id}/certificates"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/workshops/{workshop.id}/edit", data=_form(places, title="Hijacked")).status_code == 403
    assert client.post(f"/workshops/{workshop.id}/delete").status_code == 403
    upload = {"file": (io.BytesIO(pdf_bytes()), "x.pdf")}
    assert client.post(f"/workshops/{workshop.id}/materials", data=upload,
                       content_type="multipart/form-data").status_code == 403
    db.session.expire_all()
    assert workshop.title == "SEDP training" and workshop.materials == []


def test_a_resident_cannot_create_a_workshop(db, client, auth, make_user, places):
    auth.as_user(make_user())
    assert client.get("/workshops/new").status_code == 403
    assert client.post("/workshops/new", data=_form(places)).status_code == 403
    assert db.session.scalars(db.select(Workshop)).all() == []


def test_pdf_material_is_checked_with_pypdf_and_served(app, db, client, auth, trainer, make_workshop, _uploads):
    workshop = make_workshop()
    auth.as_user(trainer)
    url = f"/workshops/{workshop.id}/materials"

    def upload(content, name="handout.pdf"):
        return client.post(url, data={"file": (io.BytesIO(content), name)}, content_type="multipart/form-data",
                           follow_redirects=True).get_data(as_text=True)

    assert "Upload the material as a PDF file." in upload(b"\x89PNG\r\n\x1a\nnot a pdf", "photo.pdf")
    assert "This PDF cannot be read" in upload(b"%PDF-1.4\n garbage without any objects")
    assert "protected by a password" in upload(pdf_bytes(password="secret"))
    app.config["WORKSHOPS_MATERIAL_MAX_BYTES"] = 2 * 1024 * 1024
    assert "larger than 2 MB" in upload(b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024))
    assert db.session.scalars(db.select(Material)).all() == []
    assert not _uploads.exists() or list(_uploads.iterdir()) == []

    page = upload(pdf_bytes(pages=3), "../../etc/Agenda.pdf")
    assert "Material added." in page and "3 pages" in page
    material = db.session.scalars(db.select(Material)).one()
    assert material.name == "Agenda.pdf" and material.pages == 3
    stored = list(_uploads.iterdir())
    assert [p.name for p in stored] == [material.path]
    response = client.get(f"/workshops/{workshop.id}/materials/{material.id}")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    assert response.headers["Content-Disposition"].startswith("attachment")
    response.close()

    client.post(f"/workshops/{workshop.id}/materials/{material.id}/delete")
    assert db.session.scalars(db.select(Material)).all() == []
    assert list(_uploads.iterdir()) == []


def test_material_of_another_workshop_is_not_found(db, client, auth, trainer, make_workshop):
    first, second = make_workshop(), make_workshop(title="Second")
    auth.as_user(trainer)
    client.post(f"/workshops/{first.id}/materials", data={"file": (io.BytesIO(pdf_bytes()), "a.pdf")},
                content_type="multipart/form-data")
    material = db.session.scalars(db.select(Material)).one()
    assert client.get(f"/workshops/{second.id}/materials/{material.id}").status_code == 404
    assert client.post(f"/workshops/{second.id}/materials/{material.id}/delete").status_code == 404


def test_delete_removes_the_workshop_and_its_files(db, client, auth, trainer, make_workshop, _uploads):
    workshop = make_workshop()
    auth.as_user(trainer)
    client.post(f"/workshops/{workshop.id}/materials", data={"file": (io.BytesIO(pdf_bytes()), "a.pdf")},
                content_type="multipart/form-data")
    assert len(list(_uploads.iterdir())) == 1
    assert client.post(f"/workshops/{workshop.id}/delete").status_code == 302
    assert db.session.scalars(db.select(Workshop)).all() == []
    assert list(_uploads.iterdir()) == []


def test_home_lists_upcoming_first_and_admin_sees_all(db, client, auth, trainer, make_user, make_workshop):
    today = date.today()
    past = make_workshop(title="Past one", starts_on=today - timedelta(days=40), ends_on=today - timedelta(days=39))
    older = make_workshop(title="Older one", starts_on=today - timedelta(days=90), ends_on=today - timedelta(days=90))
    later = make_workshop(title="Later one", starts_on=today + timedelta(days=30), ends_on=today + timedelta(days=31))
    soon = make_workshop(title="Soon one", starts_on=today + timedelta(days=3), ends_on=today + timedelta(days=3))
    other_trainer = make_user(is_trainer=True, name="Other Trainer")
    theirs = make_workshop(by=other_trainer, title="Their one", starts_on=today + timedelta(days=5),
                           ends_on=today + timedelta(days=5))
    auth.as_user(trainer)
    page = client.get("/workshops").get_data(as_text=True)
    mine = page.split("My workshops")[1].split("Workshops open for registration")[0]
    order = [mine.index(w.title) for w in (soon, later, past, older)]
    assert order == sorted(order)
    assert theirs.title not in mine

    auth.as_user(make_user(is_admin=True))
    page = client.get("/workshops").get_data(as_text=True)
    everyone = page.split("All trainers' workshops")[1].split("Workshops open for registration")[0]
    order = [everyone.index(w.title) for w in (soon, theirs, later, past, older)]
    assert order == sorted(order)
    assert "Other Trainer" in everyone

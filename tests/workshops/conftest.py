"""Fixtures of the workshops tests: a trainer, municipalities, a workshop, real PDF bytes."""
import io
from datetime import date

import pytest


def pdf_bytes(pages=1, password=None):
    """A real PDF made with pypdf (blank A4 pages), optionally encrypted."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _uploads(app, tmp_path):
    app.config["WORKSHOPS_UPLOAD_DIR"] = str(tmp_path / "uploads")
    return tmp_path / "uploads"


@pytest.fixture
def trainer(make_user):
    return make_user(is_trainer=True, name="Trainer One")


@pytest.fixture
def places(make_municipality):
    """Five ayil aimaks of one region, and one of another."""
    names = ("Gülchö", "Kara-Kulja", "Nookat", "Uzgen", "Alai")
    made = [make_municipality(name=n, region="Osh") for n in names]
    return made + [make_municipality(name="Tamchy", region="Issyk-Kul")]


@pytest.fixture
def make_workshop(db, trainer, places):
    from planner.workshops import services

    def make(by=None, **values):
        fields = {"title": "SEDP training", "topics": ["sedp_method", "jap"], "starts_on": date(2026, 3, 2),
                  "ends_on": date(2026, 3, 3), "place": "Gülchö", "region": "Osh", "language": "ky", "agenda": "",
                  "municipality_ids": [m.id for m in places[:5]]}
        fields.update(values)
        workshop = services.create_workshop(by or trainer, **fields)
        db.session.commit()
        return workshop

    return make


def login(client, user):
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return client

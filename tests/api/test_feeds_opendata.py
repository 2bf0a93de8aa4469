"""Atom feeds parsed and checked against RFC 4287's requirements; the open-data ZIP opened
and checked; a walk of every public endpoint finds no e-mail address, no person's name,
no draft and nothing from a practice municipality."""
import csv
import io
import re
import zipfile

import feedparser
from lxml import etree

from .conftest import DRAFT_TITLE, SANDBOX_NAME, walk_api

ATOM = "{http://www.w3.org/2005/Atom}"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def _check_atom(body):
    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    root = etree.fromstring(body)
    assert root.tag == ATOM + "feed"
    # RFC 4287 4.1.1: exactly one id, title, updated; an author (feed-wide here); a self link
    for name in ("id", "title", "updated", "author"):
        assert len(root.findall(ATOM + name)) == 1, name
    assert root.find(f"{ATOM}link[@rel='self']") is not None
    ids = []
    for entry in root.findall(ATOM + "entry"):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(ATOM + name)) == 1, name
        links = entry.findall(ATOM + "link")  # rel defaults to alternate (4.2.7.2)
        assert any(link.get("rel", "alternate") == "alternate" and link.get("href") for link in links)
        ids.append(entry.findtext(ATOM + "id"))
    assert len(ids) == len(set(ids))
    updated = [e.updated_parsed for e in parsed.entries]
    assert updated == sorted(updated, reverse=True)
    return parsed


def test_feeds_are_valid_atom_of_public_events(client, demo, db):
    from planner.plans.models import Plan

    m = demo["kg"]
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"  # the titles below are read in English
    feed = _check_atom(client.get(f"/m/{m.slug}/feed.atom").data)
    titles = " ".join(e.title for e in feed.entries)
    assert "Ballot opened" in titles and "Monitoring report approved" in titles
    plan = db.session.query(Plan).filter(Plan.municipality_id == m.id, Plan.approved_version_id.is_not(None)).first()
    plan_feed = _check_atom(client.get(f"/m/{m.slug}/plans/{plan.id}/feed.atom").data)
    assert plan_feed.entries and all(plan.title in e.title for e in plan_feed.entries)
    assert any(e.title.startswith("Plan approved") for e in plan_feed.entries)
    assert any(e.title.startswith("Plan approved") for e in feed.entries)
    response = client.get(f"/m/{m.slug}/feed.atom")
    assert response.mimetype == "application/atom+xml"
    assert client.get(f"/m/{m.slug}/feed.atom", headers={"If-None-Match": response.headers["ETag"]}).status_code == 304
    empty = _check_atom(client.get("/m/verindzor-2/feed.atom").data)
    assert empty.entries == []
    assert client.get(f"/m/{demo['sandbox'].slug}/feed.atom").status_code == 404
    draft = db.session.query(Plan).filter_by(title=DRAFT_TITLE, municipality_id=m.id).one()
    assert client.get(f"/m/{m.slug}/plans/{draft.id}/feed.atom").status_code == 404


def _zip(client, slug):
    response = client.get(f"/m/{slug}/open-data.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    return response, zipfile.ZipFile(io.BytesIO(response.data))


def test_open_data_zip_documents_every_column_and_is_rebuilt_only_when_data_changes(client, demo, db):
    m = demo["kg"]
    response, archive = _zip(client, m.slug)
    assert response.headers["X-Open-Data-Cache"] == "miss"
    readme = archive.read("README.txt").decode("utf-8")
    assert "CC BY 4.0" in readme and "creativecommons.org/licenses/by/4.0" in readme
    names = [n for n in archive.namelist() if n.endswith(".csv")]
    assert {"plans.csv", "activities.csv", "ballot_results.csv", "budget_execution.csv",
            "monitoring_reports.csv", "survey_results.csv", "meetings.csv", "villages.csv"} <= set(names)
    for name in names:
        text = archive.read(name).decode("utf-8-sig")  # UTF-8 (with a BOM for spreadsheets)
        rows = list(csv.reader(io.StringIO(text)))
        assert name in readme
        section = readme.split(name, 1)[1]
        for column in rows[0]:
            assert f"  {column}: " in section, (name, column)
        assert all(len(r) == len(rows[0]) for r in rows)
    plans = list(csv.DictReader(io.StringIO(archive.read("plans.csv").decode("utf-8-sig"))))
    assert plans and all(p["approved_version"] for p in plans if p["decision_number"])
    assert len(list(csv.reader(io.StringIO(archive.read("activities.csv").decode("utf-8-sig"))))) > 10

    again, _archive = _zip(client, m.slug)
    assert again.headers["X-Open-Data-Cache"] == "hit" and again.data == response.data
    m.villages[0].name = "Renamed village 7Q"
    db.session.commit()
    stale, _archive = _zip(client, m.slug)  # the last file built, with its date, while a rebuild is queued
    assert stale.headers["X-Open-Data-Cache"] == "stale" and stale.data == response.data
    assert stale.headers["X-Open-Data-Built"] == response.headers["X-Open-Data-Built"]
    stale.close()  # the rebuild runs once the response is sent
    changed, archive = _zip(client, m.slug)
    assert changed.headers["X-Open-Data-Cache"] == "hit" and changed.headers["ETag"] != response.headers["ETag"]
    assert "Renamed village 7Q" in archive.read("villages.csv").decode("utf-8-sig")
    assert client.get(f"/m/{demo['sandbox'].slug}/open-data.zip").status_code == 404


def test_walk_of_every_public_endpoint_finds_no_personal_data_or_draft(client, demo, db):
    from planner.auth.models import User
    from planner.monitoring.models import MonitoringMember
    from planner.plans.models import Plan
    from planner.surveys.ballots.models import Ballot

    texts = {url: r.get_data(as_text=True) for url, r in walk_api(client).items()}
    slugs = [m["slug"] for m in client.get("/api/v1/municipalities?page_size=100").get_json()]
    assert demo["sandbox"].slug not in slugs
    for slug in slugs + [demo["sandbox"].slug]:
        texts[f"/m/{slug}/feed.atom"] = client.get(f"/m/{slug}/feed.atom").get_data(as_text=True)
        response = client.get(f"/m/{slug}/open-data.zip")
        if response.status_code == 200:
            archive = zipfile.ZipFile(io.BytesIO(response.data))
            for name in archive.namelist():
                texts[f"/m/{slug}/open-data.zip:{name}"] = archive.read(name).decode("utf-8-sig")
    for plan in db.session.query(Plan).all():
        r = client.get(f"/m/{plan.municipality.slug}/plans/{plan.id}/feed.atom")
        texts[r.request.path] = r.get_data(as_text=True)
        r = client.get(f"/m/{plan.municipality.slug}/open-data/plan-{plan.id}.csv")
        texts[r.request.path] = r.get_data(as_text=True)
    for ballot in db.session.query(Ballot).all():
        r = client.get(f"/m/{ballot.municipality.slug}/open-data/ballot-{ballot.id}.csv")
        texts[r.request.path] = r.get_data(as_text=True)
    assert len(texts) > 60
    people = {u.name for u in db.session.query(User).all()} | {x.name for x in db.session.query(MonitoringMember).all()}
    people = {p for p in people if len(p) > 5}
    assert people
    for url, text in texts.items():
        assert not EMAIL.search(text.replace("://creativecommons.org", "")), (url, EMAIL.search(text).group())
        assert DRAFT_TITLE not in text and SANDBOX_NAME not in text, url
        found = [p for p in people if p in text]
        assert not found, (url, found)

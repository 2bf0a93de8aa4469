"""Practice municipalities: made from the template with practice accounts and login cards,
invisible to everyone outside them (public pages, the API), reset, deleted, purged."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from planner.auth.models import User
from planner.models import utcnow
from planner.monitoring.models import MonitoringGroup
from planner.municipalities.models import Membership, Municipality
from planner.plans.models import Activity, Plan
from planner.surveys.ballots.models import Ballot
from planner.surveys.models import Problem, Survey
from planner.workshops import practice
from planner.workshops.models import PracticeAccount, PracticeMunicipality

from .conftest import login

ACCOUNTS = "Aida Toktogulova, staff\nBakyt Osmonov; deputy\nCholpon Bekova\n"


@pytest.fixture
def made(client, db, trainer, make_workshop):
    workshop = make_workshop()
    login(client, trainer)
    response = client.post(f"/workshops/{workshop.id}/practice", data={"accounts": ACCOUNTS, "days": "7"})
    assert response.status_code == 302
    item = db.session.scalar(select(PracticeMunicipality).where(PracticeMunicipality.workshop_id == workshop.id))
    return workshop, item


def _count(db, model, municipality_id):
    return db.session.scalar(select(func.count()).select_from(model).where(model.municipality_id == municipality_id))


def test_made_from_the_template_in_the_workshops_language(db, made, trainer):
    workshop, item = made
    m = item.municipality
    assert m.is_sandbox and m.default_locale == "ky" and m.slug == item.slug
    assert len(m.villages) == 5
    assert _count(db, Plan, m.id) == 1 and _count(db, Survey, m.id) == 1
    assert _count(db, Ballot, m.id) == 1 and _count(db, MonitoringGroup, m.id) == 1
    assert db.session.scalar(select(func.count()).select_from(Activity).join(Plan).where(Plan.municipality_id == m.id)) == 9
    assert [(a.user.name, a.role) for a in item.accounts] == [
        ("Aida Toktogulova", "staff"), ("Bakyt Osmonov", "deputy"), ("Cholpon Bekova", "resident")]
    assert all(a.user.email.endswith("@practice.invalid") for a in item.accounts)
    roles = {(ms.user_id, ms.role) for ms in db.session.scalars(select(Membership).where(Membership.municipality_id == m.id))}
    assert (trainer.id, "staff") in roles and (item.accounts[1].user_id, "deputy") in roles
    assert item.expires_at - utcnow() > timedelta(days=6, hours=23)


def test_armenian_workshop_gets_the_armenian_template(client, db, trainer, make_workshop):
    workshop = make_workshop(language="hy")
    login(client, trainer)
    client.post(f"/workshops/{workshop.id}/practice", data={"accounts": "Ani, staff", "days": "3"})
    item = db.session.scalar(select(PracticeMunicipality).where(PracticeMunicipality.workshop_id == workshop.id))
    assert item.municipality.country == "AM" and item.municipality.default_locale == "hy"
    assert item.municipality.currency == "AMD"


@pytest.mark.parametrize("accounts, days, message", [
    ("Aida, mayor", "7", "Line 1: choose the role from the list."),
    ("Aida, staff", "400", "Between 1 and 90 days."),
    (",staff", "7", "Line 1: write the person"),
])
def test_bad_input_is_refused_and_nothing_is_made(client, db, trainer, make_workshop, accounts, days, message):
    workshop = make_workshop()
    login(client, trainer)
    response = client.post(f"/workshops/{workshop.id}/practice", data={"accounts": accounts, "days": days})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True).replace("&#39;", "'")
    assert db.session.scalar(select(func.count()).select_from(Municipality).where(Municipality.is_sandbox)) == 0
    assert db.session.scalar(select(func.count()).select_from(User).where(User.email.like("%practice.invalid"))) == 0


def _card_logins(client, workshop, item):
    page = client.get(f"/workshops/{workshop.id}/practice/{item.id}/cards").get_data(as_text=True)
    return re.findall(r"<code>([^<]+@practice\.invalid)</code></dd>\s*<dt>[^<]+</dt><dd><code[^>]*>([^<]+)</code>", page)


def test_login_cards_sign_in_and_the_page_is_marked(app, db, made):
    workshop, item = made
    logins = _card_logins(made_client(app, workshop), workshop, item)
    assert len(logins) == 3
    email, password = logins[0]
    participant = app.test_client()
    assert participant.post("/login", data={"email": email, "password": password}).status_code == 302
    page = participant.get(f"/m/{item.slug}/").get_data(as_text=True)
    assert '<p class="sandbox-banner wrap" role="note">' in page  # (in the workshop's language, Kyrgyz)
    real = participant.get("/").get_data(as_text=True)
    assert "sandbox-banner" not in real


def made_client(app, workshop):
    client = app.test_client()
    login(client, workshop.trainer)
    return client


def _crawl(client, start, forbidden):
    """Follow every same-site link and JSON slug from ``start``; returns the pages seen."""
    seen, queue = set(), list(start)
    while queue and len(seen) < 200:
        url = queue.pop()
        if url in seen or url.startswith(("/static", "/logout", "/lang")):
            continue
        seen.add(url)
        response = client.get(url)
        raw = response.get_data()
        response.close()
        for word in forbidden:
            assert word.encode() not in raw, f"{word!r} is on {url}"
        if not (response.is_json or response.mimetype == "text/html"):
            continue  # CSV was searched above; images and XLSX (zipped) hold only their own municipality's data
        body = raw.decode()
        if response.is_json:
            for slug in re.findall(r'"slug":\s*"([^"]+)"', body):
                queue += [f"/api/v1/municipalities/{slug}", f"/api/v1/municipalities/{slug}/plans", f"/m/{slug}/"]
        else:
            queue += [u for u in re.findall(r'href="(/[^"#]*)"', body) if not u.startswith("//")]
    return seen


def test_nothing_of_a_practice_municipality_on_public_pages_or_the_api(app, db, made, make_municipality, make_user,
                                                                        make_member):
    workshop, item = made
    real = make_municipality(name="Real place")
    resident = make_user()
    make_member(resident, real, "resident")
    forbidden = [item.slug, item.municipality.name, "Машыгуу"]
    starts = ["/", "/api/v1/municipalities", f"/m/{real.slug}/"]
    starts += [str(r.rule) for r in app.url_map.iter_rules()
               if "GET" in r.methods and not r.arguments and r.endpoint.startswith(("public.", "api."))]
    for who in (None, resident):
        client = app.test_client()
        if who is not None:
            login(client, who)
        seen = _crawl(client, starts, forbidden)
        assert f"/m/{real.slug}/" in seen and "/api/v1/municipalities" in seen
        for url in (f"/m/{item.slug}/", f"/api/v1/municipalities/{item.slug}",
                    f"/api/v1/municipalities/{item.slug}/plans", f"/m/{item.slug}/plans/"):
            assert client.get(url).status_code == 404, url
    # not even its own members find it in the API or the public list
    member = app.test_client()
    login(member, item.accounts[0].user)
    assert member.get(f"/m/{item.slug}/").status_code == 200
    assert member.get(f"/api/v1/municipalities/{item.slug}").status_code == 404
    assert item.slug not in member.get("/api/v1/municipalities").get_data(as_text=True)
    assert item.municipality.name not in member.get("/").get_data(as_text=True)


def test_reset_brings_back_the_template_and_keeps_the_accounts(app, db, made, trainer):
    workshop, item = made
    client = made_client(app, workshop)
    before = _card_logins(client, workshop, item)
    old_id = item.municipality_id
    db.session.add(Problem(municipality_id=old_id, text="Added during the exercise", created_by_id=trainer.id))
    db.session.execute(Plan.__table__.delete().where(Plan.municipality_id == old_id))
    item.accounts[1].user.set_password("changed by the participant")
    db.session.commit()
    assert client.post(f"/workshops/{workshop.id}/practice/{item.id}/reset").status_code == 302
    db.session.expire_all()
    item = db.session.get(PracticeMunicipality, item.id)
    m = item.municipality
    assert m.slug == item.slug and m.is_sandbox  # (SQLite may give the new one the old id)
    assert _count(db, Plan, m.id) == 1
    assert db.session.scalar(select(Problem.id).where(Problem.text == "Added during the exercise")) is None
    assert _card_logins(client, workshop, item) == before
    participant = app.test_client()
    assert participant.post("/login", data={"email": before[1][0], "password": before[1][1]}).status_code == 302
    assert participant.get(f"/m/{item.slug}/").status_code == 200


def test_delete_removes_the_municipality_and_the_accounts(app, db, made):
    workshop, item = made
    mid, user_ids = item.municipality_id, [a.user_id for a in item.accounts]
    client = made_client(app, workshop)
    assert client.post(f"/workshops/{workshop.id}/practice/{item.id}/delete").status_code == 302
    db.session.expire_all()
    assert db.session.get(Municipality, mid) is None
    assert db.session.scalar(select(func.count()).select_from(User).where(User.id.in_(user_ids))) == 0
    assert db.session.scalar(select(func.count()).select_from(PracticeAccount)) == 0


def test_purge_deletes_only_expired_ones(app, db, runner, made, trainer, make_workshop):
    workshop, item = made
    other = practice.create_practice(make_workshop(), trainer, days=30, accounts="Dana, resident")
    db.session.commit()
    item.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    expired_mid, kept_id = item.municipality_id, other.id
    result = runner.invoke(args=["purge-practice"])
    assert result.exit_code == 0 and "Deleted 1 expired" in result.output
    db.session.expire_all()
    assert db.session.get(Municipality, expired_mid) is None
    assert db.session.get(PracticeMunicipality, kept_id).municipality is not None


def test_another_trainer_cannot_touch_it(app, db, made, make_user):
    workshop, item = made
    stranger = app.test_client()
    login(stranger, make_user(is_trainer=True))
    assert stranger.get(f"/workshops/{workshop.id}/practice/{item.id}/cards").status_code == 403
    assert stranger.post(f"/workshops/{workshop.id}/practice/{item.id}/delete").status_code == 403
    assert stranger.get(f"/m/{item.slug}/").status_code == 404


def test_a_practice_municipality_cannot_be_invited_to_a_workshop(app, db, made, trainer, make_workshop):
    """Invited municipalities are on the workshop's page for everyone signed in, and the
    participants' (so the statistics') municipalities come from them."""
    from planner.errors import ServiceError

    workshop, item = made
    with app.test_request_context(headers={"Accept-Language": "en"}), pytest.raises(ServiceError, match="Choose municipalities from the list."):
        make_workshop(municipality_ids=[item.municipality_id])


def test_the_demo_public_site_and_api_show_nothing_of_its_practice_municipality(app, db, runner):
    """The demo's real municipalities have plans, surveys, ballots and monitoring in public;
    a crawl of everything linked from the home page and the API finds no trace of the
    practice municipality made from the same data."""
    assert runner.invoke(args=["demo", "--quiet"]).exit_code == 0
    item = db.session.scalars(select(PracticeMunicipality)).one()
    sandbox = item.municipality
    plan_id = db.session.scalar(select(Plan.id).where(Plan.municipality_id == sandbox.id))
    real = db.session.scalars(select(Municipality).where(Municipality.is_sandbox.is_(False))).all()
    client = app.test_client()
    client.set_cookie("lang", "en")
    seen = _crawl(client, ["/", "/api/v1/municipalities"], [item.slug, sandbox.name])
    assert len(seen) > 30 and all(f"/m/{m.slug}/" in seen for m in real)
    for m in real:  # the sandbox's plan asked for under a real municipality's address
        assert client.get(f"/api/v1/municipalities/{m.slug}/plans/{plan_id}").status_code == 404
        assert client.get(f"/m/{m.slug}/plans/{plan_id}").status_code == 404

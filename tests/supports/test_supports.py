"""Supports on proposals and problems: one per verified resident, counted, sortable; a
double POST counts once; others get a translated refusal; CSRF is required."""
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from planner.supports.models import Support


def _count(db, **where):
    return db.session.scalar(select(func.count()).select_from(Support).filter_by(**where))


def _url(town, kind="proposal", target=None):
    m = town["m"]
    if kind == "proposal":
        target = target or town["proposal"]
        return f"/m/{m.slug}/plans/{town['plan'].id}/proposals/{target.id}/support"
    return f"/m/{m.slug}/problems/{(target or town['problem']).id}/support"


@pytest.mark.parametrize("kind", ["proposal", "problem"])
def test_a_double_post_counts_once_and_withdraw_removes_it(client, db, login, town, kind):
    resident = town["residents"][1]
    login(resident)
    column = "proposal_id" if kind == "proposal" else "problem_id"
    target = town[kind]
    for _ in range(2):  # the same form sent twice (a double click, a second tab)
        response = client.post(_url(town, kind), data={"support": "1"})
        assert response.status_code == 302 and response.headers["Location"].endswith(f"#p{target.id}")
    assert _count(db, **{column: target.id}) == 1
    client.post(_url(town, kind), data={"support": "0"})
    client.post(_url(town, kind), data={"support": "0"})
    assert _count(db, **{column: target.id}) == 0


def test_the_database_refuses_a_second_support(db, town):
    resident = town["residents"][1]
    for _ in range(2):
        db.session.add(Support(municipality_id=town["m"].id, user_id=resident.id, proposal_id=town["proposal"].id))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    db.session.add(Support(municipality_id=town["m"].id, user_id=resident.id, proposal_id=town["proposal"].id,
                           problem_id=town["problem"].id))
    with pytest.raises(IntegrityError):  # one target per row
        db.session.commit()
    db.session.rollback()


@pytest.mark.parametrize(("lang", "expected"), [
    ("ky", "тастыкталган тургундары гана"), ("ru", "Только подтверждённые жители"),
    ("hy", "Միայն"), ("en", "Only verified residents of")])
def test_a_non_resident_gets_a_translated_refusal(client, db, login, make_user, town, lang, expected):
    stranger = make_user(locale=lang)
    login(stranger)
    response = client.post(_url(town), data={"support": "1"})
    assert response.status_code == 403
    assert expected in response.get_data(as_text=True)
    assert _count(db) == 0


def test_staff_of_the_municipality_is_not_a_resident(client, db, login, town):
    login(town["staff"])
    assert client.post(_url(town, "problem")).status_code == 403
    assert _count(db) == 0


def test_an_unverified_resident_is_told_to_wait(client, db, login, make_user, make_member, town):
    from planner.municipalities.models import PENDING

    waiting = make_user()
    make_member(waiting, town["m"], "resident", status=PENDING)
    login(waiting)
    response = client.post(_url(town), data={"support": "1"})
    assert response.status_code == 403
    assert "has not been verified yet" in response.get_data(as_text=True)
    assert _count(db) == 0


def test_a_resident_of_another_municipality_cannot_support(client, db, login, make_user, make_member,
                                                           make_municipality, town):
    elsewhere = make_user()
    make_member(elsewhere, make_municipality(), "resident")
    login(elsewhere)
    assert client.post(_url(town, "problem")).status_code == 403


def test_a_tampered_id_from_another_municipality_is_404(client, login, make_municipality, town):
    other = make_municipality()
    login(town["residents"][0])
    assert client.post(f"/m/{other.slug}/problems/{town['problem'].id}/support").status_code == 404
    assert client.post(f"/m/{town['m'].slug}/plans/{town['plan'].id}/proposals/999999/support").status_code == 404


def test_an_answered_proposal_takes_no_more_supports(client, db, login, town):
    from planner.plans import services

    with client.application.test_request_context():
        services.answer_proposal(town["proposal"], town["staff"], status="declined", answer="Акча жок")
        db.session.commit()
    login(town["residents"][1])
    response = client.post(_url(town), data={"support": "1"}, follow_redirects=True)
    assert "supports are closed" in response.get_data(as_text=True)
    assert _count(db) == 0


def test_counts_sort_and_buttons_on_the_pages(client, db, login, town):
    first, second, third = town["proposals"]
    residents = town["residents"]
    for resident in residents:
        login(resident)
        client.post(_url(town, target=third), data={"support": "1"})
    for resident in residents[:2]:
        login(resident)
        client.post(_url(town, target=second), data={"support": "1"})
    login(residents[2])
    page = client.get(f"/m/{town['m'].slug}/plans/{town['plan'].id}/proposals?sort=support").get_data(as_text=True)
    assert page.index(f'id="p{third.id}"') < page.index(f'id="p{second.id}"') < page.index(f'id="p{first.id}"')
    assert "3 residents support this" in page and "2 residents support this" in page
    assert "Withdraw my support" in page and "I support this" in page
    default = client.get(f"/m/{town['m'].slug}/plans/{town['plan'].id}/proposals").get_data(as_text=True)
    assert default.index(f'id="p{third.id}"') < default.index(f'id="p{first.id}"')  # newest first anyway
    login(None)
    anonymous = client.get(f"/m/{town['m'].slug}/problems?sort=support").get_data(as_text=True)
    assert "0 residents support this" in anonymous and "I support this" not in anonymous
    assert "Verified residents can support" in anonymous


def test_the_form_needs_its_csrf_token(make_app, db, town):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = town["residents"][1].get_id()
        session["_fresh"] = True
    response = client.post(_url(town), data={"support": "1"})
    assert response.status_code == 400
    assert _count(db) == 0


def test_supports_are_in_the_audit_log(client, db, login, town):
    from planner.audit import AuditEntry

    login(town["residents"][1])
    client.post(_url(town, "problem"), data={"support": "1"})
    client.post(_url(town, "problem"), data={"support": "1"})
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("support.%"))).all()
    assert actions == ["support.add"]

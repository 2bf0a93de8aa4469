"""The author of a proposal or problem is told when it is answered: in the app (an unread
count in the header, read when the list is opened) and by e-mail to a confirmed address."""
from sqlalchemy import func, select

from planner.actions import perform
from planner.auth.models import User
from planner.extensions import db
from planner.models import utcnow
from planner.notifications.models import Notification
from planner.plans import services as plan_services
from planner.surveys import problems

from ..mail.conftest import inbox, mail_config, text_of  # noqa: F401  (fixtures)
from ..plans.conftest import make_plan, people  # noqa: F401  (fixtures)


def _signed_in(app, user):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
    return client


def _count(user_id):
    return db.session.scalar(select(func.count()).select_from(Notification).where(Notification.user_id == user_id))


def test_answering_a_proposal_tells_its_author_once(app, make_plan, people, make_user, make_member):
    plan = make_plan(stage="discussion")
    author = make_user()
    make_member(author, people["m"], "resident")
    section = plan.sections[0]
    proposal = plan_services.add_proposal(plan, author, kind="new", text="Көпүрө куруу", reason="Суу ташкыны",
                                          section=section)
    db.session.commit()
    assert _count(author.id) == 0
    with app.test_request_context():
        assert perform(plan_services.answer_proposal, proposal, people["staff"], status="declined", answer="Акча жок")
        assert not perform(plan_services.answer_proposal, proposal, people["staff"], status="declined",
                           answer="again")  # refused: already answered, nothing more
    assert _count(author.id) == 1
    assert _count(people["staff"].id) == 0

    client = _signed_in(app, author)
    page = client.get("/account")
    assert 'href="/notifications"' in page.text and '<span class="badge"' in page.text
    listing = client.get("/notifications")
    assert "Your proposal was declined." in listing.text and "Көпүрө куруу" in listing.text
    db.session.expire_all()
    assert db.session.get(User, author.id).unread_notifications == 0
    assert db.session.scalar(select(Notification.read_at).where(Notification.user_id == author.id)) is not None
    assert '<span class="badge"' not in client.get("/account").text.split("</header>")[0]


def test_a_refused_review_leaves_no_notification(app, make_municipality, make_user, make_member):
    municipality = make_municipality()
    author, staff = make_user(), make_user()
    problem = problems.propose_problem(municipality, author, "Жол бузулган")
    db.session.commit()
    with app.test_request_context():
        assert not perform(problems.review_problem, problem, staff, "maybe")
    assert _count(author.id) == 0
    db.session.expire_all()
    assert db.session.get(User, author.id).unread_notifications == 0


def test_the_review_reaches_a_confirmed_author_by_mail(app, make_app, mail_config, inbox, make_municipality,  # noqa: F811
                                                       make_user, make_member):
    municipality = make_municipality()
    staff = make_user()
    make_member(staff, municipality, "staff")
    confirmed = make_user(email_confirmed_at=utcnow(), locale="ru")
    unconfirmed = make_user()
    first = problems.propose_problem(municipality, confirmed, "Мектептин чатыры агат")
    second = problems.propose_problem(municipality, unconfirmed, "Көчө жарыгы жок")
    db.session.commit()
    mail_app = make_app(**mail_config)
    client = _signed_in(mail_app, staff)
    for problem in (first, second):
        response = client.post(f"/m/{municipality.slug}/problems/{problem.id}/review", data={"decision": "accepted"})
        response.close()
        assert response.status_code == 302
    assert _count(confirmed.id) == 1 and _count(unconfirmed.id) == 1  # both see it in the app
    [message] = inbox.messages  # only the confirmed address gets mail
    assert message.envelope_to == [confirmed.email]
    assert "Мектептин чатыры агат" in text_of(message)
    assert "/notifications" in text_of(message)
    assert "реестр" in text_of(message)  # in the author's language (Russian)

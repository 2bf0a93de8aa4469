"""Followed events reach each follower once, in their language, by e-mail to a confirmed
address only, never from a practice municipality or about a draft; the daily digest groups
them; the unsubscribe link works without logging in, RFC 8058 one-click included."""
import threading
from datetime import timedelta

from sqlalchemy import func, select

from planner.actions import commit
from planner.extensions import db
from planner.notifications.dispatch import digest, dispatch
from planner.notifications.models import Delivery, Follow, Notification, Preference

from ..mail.conftest import text_of


def _subject(message) -> str:
    return str(message["Subject"]).strip()


def _notifications(user, kind=None):
    query = select(Notification).where(Notification.user_id == user.id)
    if kind:
        query = query.where(Notification.kind == kind)
    return db.session.scalars(query).all()


def test_an_event_reaches_each_follower_once_in_their_language(quiet_app, inbox, make_municipality, follower,
                                                               make_ballot):
    m = make_municipality()
    russian = follower(m, locale="ru", opened="email")
    armenian = follower(m, locale="hy", opened="email")
    ballot = make_ballot(m, title="Көпүрө")
    assert dispatch() == 2
    assert dispatch() == 0  # derived again: nothing new
    assert sorted(x for msg in inbox.messages for x in msg.envelope_to) == sorted([russian.email, armenian.email])
    [ru] = inbox.to(russian.email)
    assert _subject(ru) == "Голосование открыто: Көпүрө"
    assert f"/m/{m.slug}/ballots/{ballot.id}" in text_of(ru)
    assert text_of(ru).count("https://planner.example.org/") >= 3  # links to the site, not to localhost
    [hy] = inbox.to(armenian.email)
    assert _subject(hy).startswith("Քվեարկությունը բացվեց")
    for message in (ru, hy):  # RFC 8058: a one-click unsubscribe URL, and the POST header
        link = str(message["List-Unsubscribe"]).strip()  # a long header is folded onto its next line
        assert link.startswith("<https://planner.example.org/unsubscribe/") and link.endswith(">")
        assert str(message["List-Unsubscribe-Post"]).strip() == "List-Unsubscribe=One-Click"
    assert len(_notifications(russian, "ballot_opened")) == 1
    db.session.expire_all()
    assert db.session.get(type(russian), russian.id).unread_notifications == 1


def test_an_unconfirmed_address_gets_no_mail(quiet_app, inbox, make_municipality, follower, make_ballot):
    m = make_municipality()
    unconfirmed = follower(m, confirmed=False, opened="email")
    make_ballot(m)
    dispatch()
    assert inbox.messages == []
    assert len(_notifications(unconfirmed)) == 1  # the list in the app still has it


def test_a_practice_municipality_sends_nothing(quiet_app, inbox, make_municipality, make_user, make_ballot,
                                               make_survey):
    from planner.models import utcnow

    practice = make_municipality(is_sandbox=True)
    user = make_user(email_confirmed_at=utcnow())
    db.session.add(Follow(user_id=user.id, municipality_id=practice.id, target="municipality"))  # by hand: no route allows it
    db.session.commit()
    make_ballot(practice)
    make_survey(practice)
    assert dispatch() == 0
    assert inbox.messages == [] and _notifications(user) == []


def test_an_answer_in_a_practice_municipality_sends_no_mail(quiet_app, inbox, make_municipality, make_user):
    from planner.models import utcnow
    from planner.surveys import problems

    practice = make_municipality(is_sandbox=True)
    author, staff = make_user(email_confirmed_at=utcnow()), make_user()
    problem = problems.propose_problem(practice, author, "Жол бузулган")
    db.session.commit()
    problems.review_problem(problem, staff, "accepted")
    commit()
    assert inbox.messages == []


def test_drafts_and_what_is_not_open_are_never_notified(quiet_app, inbox, make_municipality, follower, make_ballot,
                                                        make_survey, people, make_plan):
    from datetime import date

    from planner.plans import services as plan_services

    m = people["m"]
    user = follower(m, **{kind: "email" for kind in ("opened", "plan_discussion", "plan_submitted", "plan_approved")})
    plan = make_plan(stage="draft")  # a draft plan, with its stage change to draft
    make_ballot(m, opens_in=timedelta(days=2))  # not open yet
    make_survey(m, opens_on=date.today() + timedelta(days=3))
    assert dispatch() == 0 and inbox.messages == []

    plan_services.open_discussion(plan, people["staff"])
    commit()
    assert dispatch() == 1
    [message] = inbox.messages
    assert "Plan open for public discussion" in _subject(message)

    # an amendment in preparation is not public either: only its approval is told
    plan_services.submit_plan(plan, people["staff"])
    plan_services.record_decision(plan, people["staff"], session_date=date(2026, 2, 20), number="1", votes_for=9,
                                  votes_against=0, votes_abstained=0, outcome="approved")
    commit()
    dispatch()
    plan_services.start_amendment(plan, people["staff"])
    plan_services.open_discussion(plan, people["staff"])
    commit()
    dispatch()
    kinds = sorted(n.kind for n in _notifications(user))
    assert kinds == ["plan_approved", "plan_discussion", "plan_submitted"]


def test_plan_followers_hear_of_their_plan_only(quiet_app, inbox, people, make_plan, follower):
    from planner.plans import services as plan_services

    first, second = make_plan(stage="draft"), make_plan(stage="draft")
    user = follower(people["m"], plan=first, plan_discussion="email")
    for plan in (first, second):
        plan_services.open_discussion(plan, people["staff"])
    commit()
    dispatch()
    [n] = _notifications(user)
    assert n.object_id == first.id and n.link == f"/m/{people['m'].slug}/plans/{first.id}"


def test_closing_within_48_hours_comes_from_the_cron_command(quiet_app, inbox, make_municipality, follower,
                                                             make_ballot):
    m = make_municipality()
    user = follower(m, opened="off", closing="email")
    ballot = make_ballot(m, opens_in=timedelta(days=-3), lasts=timedelta(days=3, hours=30))  # closes in 30 hours
    late = follower(m, ballot=ballot, closing="app")  # follows the ballot after it opened: still told it closes
    result = quiet_app.test_cli_runner().invoke(args=["notifications", "dispatch"])
    assert result.exit_code == 0, result.output
    assert "2 notifications delivered" in result.output
    [n] = _notifications(user)
    assert n.kind == "ballot_closing" and n.event_on == ballot.closes_at.date()
    [message] = inbox.messages
    assert _subject(message).startswith("Voting closes on ")
    assert [n.kind for n in _notifications(late)] == ["ballot_closing"]
    # "off": the opening was recorded as delivered (not sent later when the choice changes)
    assert db.session.scalar(select(Delivery.mode).where(Delivery.user_id == user.id,
                                                         Delivery.event_key == f"ballot-{ballot.id}-opened")) == "off"


def test_the_daily_digest_groups_by_municipality_and_goes_once(quiet_app, inbox, make_municipality, follower,
                                                               make_ballot, make_survey, make_user):
    from planner.notifications import follows

    first, second = make_municipality(name="Ак-Суу айыл аймагы"), make_municipality(name="Кара-Таш айыл аймагы")
    user = follower(first, opened="digest")
    follows.follow(user, second)
    db.session.commit()
    make_ballot(first, title="Суу түтүгү")
    make_survey(first, title="Жаштардын сурамжылоосу")
    make_ballot(second, title="Мектептин чатыры")
    assert dispatch() == 3
    assert inbox.messages == []  # waiting for the digest
    assert len(_notifications(user)) == 3  # but already in the app

    result = quiet_app.test_cli_runner().invoke(args=["notifications", "digest"])
    assert result.exit_code == 0 and "1 digests sent" in result.output
    [message] = inbox.messages
    assert _subject(message) == "Your daily digest"
    text = text_of(message)
    a, b = text.index("Ак-Суу айыл аймагы"), text.index("Кара-Таш айыл аймагы")
    first_items = text[a:b] if a < b else text[a:]
    assert "Суу түтүгү" in first_items and "Жаштардын сурамжылоосу" in first_items
    assert "Мектептин чатыры" not in first_items and "Мектептин чатыры" in text
    assert str(message["List-Unsubscribe-Post"]).strip() == "List-Unsubscribe=One-Click"

    make_ballot(second, title="Жаңы")
    dispatch()
    assert digest() == 0  # one digest a day: the new item waits for tomorrow's
    assert len(inbox.messages) == 1


def test_two_processes_dispatching_at_once_deliver_once(make_app, mail_config, inbox, make_municipality, follower,
                                                        make_ballot, make_survey):
    apps = [make_app(**mail_config, NOTIFICATIONS_DISPATCH_ON_COMMIT=False) for _ in range(2)]
    m = make_municipality()
    users = [follower(m, opened="email", closing="email") for _ in range(4)]
    make_ballot(m, title="Бир")
    make_ballot(m, title="Эки", lasts=timedelta(hours=20))
    make_survey(m)
    start = threading.Barrier(2)
    made, errors = [], []

    def run(app):
        try:
            with app.app_context():
                start.wait()
                made.append(dispatch())
        except Exception as error:  # noqa: BLE001  (reported below)
            errors.append(error)

    threads = [threading.Thread(target=run, args=(app,)) for app in apps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sum(made) == 4 * 4  # opened ×3 and one closing, per user: shared between the two, none twice
    assert len(inbox.messages) == 16
    for user in users:
        assert len(inbox.to(user.email)) == 4
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 16


def test_answers_follow_the_authors_choice(quiet_app, inbox, make_municipality, make_user):
    from planner.models import utcnow
    from planner.notifications.unsubscribe import set_delivery
    from planner.surveys import problems

    m = make_municipality()
    quiet, staff = make_user(email_confirmed_at=utcnow()), make_user()
    set_delivery(quiet.id, "answered", "off")
    problem = problems.propose_problem(m, quiet, "Көчө жарыгы жок")
    db.session.commit()
    problems.review_problem(problem, staff, "accepted")
    commit()
    assert inbox.messages == [] and _notifications(quiet) == []


def test_preferences_are_saved_per_kind(app, client, auth, make_user):
    user = make_user()
    auth.as_user(user)
    page = client.get("/account/notifications")
    assert page.status_code == 200 and 'name="opened"' in page.text
    form = {kind: "app" for kind in ("opened", "closing", "plan_discussion", "plan_submitted", "plan_approved",
                                     "plan_amended", "answered", "report_approved", "meeting", "workshop")}
    form["opened"] = "email"
    assert client.post("/account/notifications", data=form).status_code == 302
    chosen = dict(db.session.execute(select(Preference.kind, Preference.delivery)
                                     .where(Preference.user_id == user.id)).all())
    assert chosen["opened"] == "email" and chosen["closing"] == "app"
    assert '<option selected value="email">' in client.get("/account/notifications").text
    form["opened"] = "everything"  # not a choice
    page = client.post("/account/notifications", data=form)
    assert page.status_code == 200 and "Not a valid choice" in page.text


def test_a_registered_participant_is_reminded_of_the_workshop_once(quiet_app, inbox, make_municipality, make_user):
    from datetime import date

    from planner.models import utcnow
    from planner.workshops.models import Participant, Workshop

    m = make_municipality()
    participant, other = make_user(email_confirmed_at=utcnow(), locale="ru"), make_user(email_confirmed_at=utcnow())
    soon = Workshop(title="Биргелешкен мониторинг", starts_on=date.today() + timedelta(days=1),
                    ends_on=date.today() + timedelta(days=2))
    later = Workshop(title="Бюджет", starts_on=date.today() + timedelta(days=9), ends_on=date.today() + timedelta(days=9))
    db.session.add_all([soon, later])
    db.session.flush()
    for workshop in (soon, later):
        db.session.add(Participant(workshop_id=workshop.id, user_id=participant.id, name="Айгүл", sex="f",
                                   age_band="30-44", role="staff", municipality_id=m.id, locale="ru"))
    db.session.add(Participant(workshop_id=soon.id, user_id=None, name="Без аккаунта", sex="m", age_band="30-44",
                               role="staff", municipality_id=m.id, locale="ky"))
    db.session.commit()
    assert dispatch() == 1 and dispatch() == 0
    [message] = inbox.messages
    assert message.envelope_to == [participant.email]
    assert _subject(message).startswith("Ваш тренинг начинается") and "Биргелешкен мониторинг" in _subject(message)
    assert _notifications(other) == []

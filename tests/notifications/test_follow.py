"""Following from the public pages, the feed and open-data links there, and the unsubscribe
link: it works without logging in, GET only asks, POST (the page's button or a mail
program's RFC 8058 one-click, without a CSRF token) stops that e-mail and nothing else."""
from datetime import timedelta

from sqlalchemy import select

from planner.extensions import db
from planner.notifications.follows import deliveries_of
from planner.notifications.models import Follow
from planner.notifications.unsubscribe import make_token, set_delivery


def _follows(user):
    return db.session.scalars(select(Follow.target).where(Follow.user_id == user.id)).all()


def test_follow_and_unfollow_a_municipality_from_its_page(client, auth, make_user, make_municipality):
    m = make_municipality()
    client.set_cookie("lang", "en")
    page = client.get(f"/m/{m.slug}/")
    assert "Log in to follow" in page.text
    assert f'<link rel="alternate" type="application/atom+xml" title="{m.name}" href="/m/{m.slug}/feed.atom">' in page.text
    assert f'href="/m/{m.slug}/open-data.zip"' in page.text

    user = make_user()
    auth.as_user(user)
    assert f'action="/m/{m.slug}/follow"' in client.get(f"/m/{m.slug}/").text
    response = client.post(f"/m/{m.slug}/follow", data={"action": "follow"})
    assert response.status_code == 302
    client.post(f"/m/{m.slug}/follow", data={"action": "follow"})  # twice: still one follow
    assert _follows(user) == ["municipality"]
    page = client.get(f"/m/{m.slug}/")
    assert ">Unfollow</button>" in page.text and 'href="/account/notifications"' in page.text
    client.post(f"/m/{m.slug}/follow", data={"action": "unfollow"})
    assert _follows(user) == []


def test_a_plan_and_a_ballot_are_followed_from_their_pages(client, auth, make_user, people, make_plan):
    from planner.models import utcnow
    from planner.surveys.ballots.models import Ballot, BallotOption

    m = people["m"]
    plan = make_plan(stage="discussion")
    draft = make_plan(stage="draft")
    now = utcnow()
    ballot, upcoming = (Ballot(municipality_id=m.id, title=t, method="single", opens_at=now + start,
                               closes_at=now + start + timedelta(days=5),
                               options=[BallotOption(position=1, text="A"), BallotOption(position=2, text="B")])
                        for t, start in (("Open", -timedelta(hours=1)), ("Later", timedelta(days=1))))
    db.session.add_all([ballot, upcoming])
    db.session.commit()
    user = make_user()
    auth.as_user(user)
    page = client.get(f"/m/{m.slug}/plans/{plan.id}")
    assert f'href="/m/{m.slug}/plans/{plan.id}/feed.atom"' in page.text  # in the head and in the links
    assert f'action="/m/{m.slug}/plans/{plan.id}/follow"' in page.text
    assert client.post(f"/m/{m.slug}/plans/{plan.id}/follow").status_code == 302
    assert client.post(f"/m/{m.slug}/plans/{draft.id}/follow").status_code == 404  # a draft is not public
    assert f'action="/m/{m.slug}/ballots/{ballot.id}/follow"' in client.get(f"/m/{m.slug}/ballots/{ballot.id}").text
    assert client.post(f"/m/{m.slug}/ballots/{ballot.id}/follow").status_code == 302
    assert client.post(f"/m/{m.slug}/ballots/{upcoming.id}/follow").status_code == 404  # not open yet
    assert sorted(_follows(user)) == [f"ballot-{ballot.id}", f"plan-{plan.id}"]
    settings = client.get("/account/notifications").text
    assert plan.title in settings and "Open" in settings


def test_nobody_follows_a_practice_municipality(client, auth, make_user, make_municipality, make_member):
    practice = make_municipality(is_sandbox=True)
    member = make_user()
    make_member(member, practice, "staff")
    auth.as_user(member)
    page = client.get(f"/m/{practice.slug}/")
    assert page.status_code == 200 and "/follow" not in page.text and "feed.atom" not in page.text
    assert client.post(f"/m/{practice.slug}/follow").status_code == 404
    assert _follows(member) == []


def test_unsubscribe_without_logging_in(client, make_user):
    user = make_user(locale="en")
    set_delivery(user.id, "closing", "email")
    set_delivery(user.id, "opened", "email")
    db.session.commit()
    link = f"/unsubscribe/{make_token(user.id, 'opened')}"
    page = client.get(link)
    assert page.status_code == 200 and "Stop these e-mails" in page.text
    assert deliveries_of(user.id)["opened"] == "email"  # GET only asks (mail scanners open links)
    done = client.post(link)
    assert done.status_code == 200 and "no more e-mails" in done.text
    db.session.expire_all()
    chosen = deliveries_of(user.id)
    assert chosen["opened"] == "app"  # still in the app list
    assert chosen["closing"] == "email"  # nothing else changed
    assert client.get("/notifications").status_code == 302  # and the link logged nobody in
    assert client.get(f"/unsubscribe/{make_token(user.id, 'opened')[:-2]}xx").status_code == 404  # tampered
    assert client.get(f"/unsubscribe/{make_token(user.id + 1000, 'opened')}").status_code == 404  # no such account
    russian = make_user(locale="ru")  # the page speaks the language of the e-mail it came from
    assert "Отписка от писем" in client.get(f"/unsubscribe/{make_token(russian.id, 'opened')}").text


def test_the_digest_link_stops_the_digest_only(client, make_user):
    user = make_user()
    for kind, delivery in (("opened", "digest"), ("plan_approved", "digest"), ("closing", "email")):
        set_delivery(user.id, kind, delivery)
    db.session.commit()
    client.post(f"/unsubscribe/{make_token(user.id, 'digest')}")
    db.session.expire_all()
    chosen = deliveries_of(user.id)
    assert chosen["opened"] == chosen["plan_approved"] == chosen["meeting"] == "app"
    assert chosen["closing"] == chosen["answered"] == "email"


def test_one_click_post_needs_no_csrf_token_but_other_forms_do(make_app, make_user, make_municipality):
    """RFC 8058: the mail program POSTs ``List-Unsubscribe=One-Click`` with no token; the
    route is exempt from CSRF explicitly, and only it."""
    strict = make_app(WTF_CSRF_ENABLED=True)
    user = make_user()
    set_delivery(user.id, "opened", "email")
    db.session.commit()
    m = make_municipality()
    client = strict.test_client()
    response = client.post(f"/unsubscribe/{make_token(user.id, 'opened')}", data="List-Unsubscribe=One-Click",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    db.session.expire_all()
    assert deliveries_of(user.id)["opened"] == "app"
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
    assert client.post("/account/notifications", data={"opened": "email"}).status_code == 400  # CSRF still on
    assert client.post(f"/m/{m.slug}/follow").status_code == 400
    db.session.expire_all()
    assert deliveries_of(user.id)["opened"] == "app" and _follows(user) == []

"""Public discussion: an end date with the days left; opening it and submitting to the
council ask for confirmation; members and the public see one stage label (issue 14)."""
import re
from datetime import date, timedelta

from planner.plans import services

from .conftest import activity_data


def _url(plan, tail=""):
    return f"/m/{plan.municipality.slug}/plans/{plan.id}{tail}"


def test_open_discussion_asks_for_confirmation_and_an_end_date(client, login, make_plan, people, db):
    plan = make_plan()
    login(people["staff"])
    detail = client.get(_url(plan)).get_data(as_text=True)
    assert f'href="{_url(plan, "/stage/open_discussion")}"' in detail  # a link to the confirm step, not a POST
    page = client.get(_url(plan, "/stage/open_discussion")).get_data(as_text=True)
    default = (date.today() + timedelta(days=30)).isoformat()
    assert f'value="{default}"' in page and 'name="confirm"' in page
    ends = (date.today() + timedelta(days=12)).isoformat()
    # without the box ticked nothing happens
    refused = client.post(_url(plan, "/stage/open_discussion"), data={"ends_on": ends})
    assert refused.status_code == 200 and 'class="field has-error"' in refused.get_data(as_text=True)
    db.session.refresh(plan)
    assert plan.stage == "draft"
    # an end date in the past is refused next to its field
    past = client.post(_url(plan, "/stage/open_discussion"),
                       data={"ends_on": date.today().isoformat(), "confirm": "y"}).get_data(as_text=True)
    assert "The discussion must end after today." in past
    db.session.refresh(plan)
    assert plan.stage == "draft"
    assert client.post(_url(plan, "/stage/open_discussion"), data={"ends_on": ends, "confirm": "y"}).status_code == 302
    db.session.refresh(plan)
    assert plan.stage == "discussion" and plan.discussion_ends_on == date.today() + timedelta(days=12)


def test_days_left_are_shown_with_plural_forms(client, login, make_plan, people, db):
    plan = make_plan(stage="discussion")
    for days, english in ((12, "12 days left"), (1, "1 day left"), (0, "last day today"),
                          (-1, "the period has ended")):
        plan.discussion_ends_on = date.today() + timedelta(days=days)
        db.session.commit()
        html = client.get(_url(plan), headers={"Accept-Language": "en"}).get_data(as_text=True)
        assert english in html, days
    listing = client.get(f"/m/{plan.municipality.slug}/plans/", headers={"Accept-Language": "en"})
    assert "the period has ended" in listing.get_data(as_text=True)  # the list of plans shows it too
    plan.discussion_ends_on = date.today() + timedelta(days=2)
    db.session.commit()
    client.set_cookie("lang", "ru")
    html = client.get(_url(plan)).get_data(as_text=True)
    assert "осталось 2 дня" in html or "Осталось 2 дня" in html
    plan.discussion_ends_on = date.today() + timedelta(days=5)
    db.session.commit()
    html = client.get(_url(plan)).get_data(as_text=True)
    assert "осталось 5 дней" in html or "Осталось 5 дней" in html
    client.set_cookie("lang", "hy")
    assert "մնացել է 5 օր" in client.get(_url(plan)).get_data(as_text=True)
    client.set_cookie("lang", "ky")
    assert "5 күн калды" in client.get(_url(plan)).get_data(as_text=True)


def test_submit_asks_for_confirmation(client, login, make_plan, people, db):
    plan = make_plan(stage="discussion")
    login(people["staff"])
    assert f'href="{_url(plan, "/stage/submit")}"' in client.get(_url(plan)).get_data(as_text=True)
    assert client.get(_url(plan, "/stage/submit")).status_code == 200
    assert client.post(_url(plan, "/stage/submit"), data={}).status_code == 200
    db.session.refresh(plan)
    assert plan.stage == "discussion"
    assert client.post(_url(plan, "/stage/submit"), data={"confirm": "y"}).status_code == 302
    db.session.refresh(plan)
    assert plan.stage == "submitted"


def _badges(html):
    start = html.index("<h1>")
    return re.findall(r'<span class="badge[^"]*">([^<]*)</span>', html[start:start + 2000])


def test_members_and_the_public_see_one_stage_label(client, login, make_plan, people, db):
    plan = make_plan(stage="approved")
    services.start_amendment(plan, people["staff"])
    db.session.commit()
    seen = {}
    for who in ("staff", "resident", None):
        login(people[who] if who else None)
        seen[who] = _badges(client.get(_url(plan)).get_data(as_text=True))
    assert seen["staff"] == seen["resident"] == seen[None] == ["Approved", "Amendment: Draft"]
    login(people["staff"])
    activity = plan.sections[0].activities[0]
    services.update_activity(activity, people["staff"], activity.version, activity_data(description="Жаңы"))
    services.open_discussion(plan, people["staff"])
    db.session.commit()
    for who in ("staff", "resident", None):
        login(people[who] if who else None)
        seen[who] = _badges(client.get(_url(plan)).get_data(as_text=True))
    assert seen["staff"] == seen["resident"] == seen[None] == ["Approved", "Amendment: Public discussion"]

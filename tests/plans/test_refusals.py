"""A refused change leaves nothing behind: not in the database, not in the page that shows
the form again (the write step rolls back before the form is re-rendered)."""
from sqlalchemy import func, select

from planner.plans.models import GroupMember, Plan


def _url(plan, tail=""):
    return f"/m/{plan.municipality.slug}/plans/{plan.id}{tail}"


def test_refused_plan_edit_shows_the_saved_title_and_the_message(client, login, make_plan, people, db):
    plan = make_plan()
    login(people["staff"])
    # the service changes the title first, then refuses the years
    response = client.post(_url(plan, "/edit"), data={"title": "Башка аталыш", "year_from": "2027", "year_to": "2026"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "The plan cannot end before it starts." in html
    head = html.split("</title>")[0]
    assert "Биргелешкен аракеттер планы" in head and "Башка аталыш" not in head
    assert 'value="Башка аталыш"' in html  # what was typed is kept in the field
    assert html.count("Башка аталыш") == 1
    db.session.expire_all()
    assert db.session.get(Plan, plan.id).title == "Биргелешкен аракеттер планы"


def test_refused_indicator_row_shows_its_message_beside_the_row(client, login, make_plan, people, db):
    plan = make_plan(sections=1, per_section=0)
    login(people["staff"])
    response = client.post(_url(plan, f"/sections/{plan.sections[0].id}/activities/new"), data={
        "description": "Суу түтүгү", "indicators-0-name": "Түтүк", "indicators-0-target": "800"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    # next to the unit of the first row, not above the form
    assert '<p class="error" id="indicators-0-unit-err">A target needs a unit, for example' in html


def test_group_member_with_unknown_account_is_refused_next_to_the_field(client, login, make_plan, people, db):
    plan = make_plan(stage="discussion")
    login(people["staff"])
    response = client.post(_url(plan, "/groups"), data={"name": "Суу тобу"})
    assert response.status_code == 302
    group_url = response.headers["Location"]
    response = client.post(group_url + "/members", data={"name": "Асан", "sex": "m", "user_email": "nobody@example.org"})
    assert response.status_code == 200
    assert "No account has this e-mail address." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(GroupMember.id))) == 0
    response = client.post(group_url + "/members", data={"name": "Асан", "sex": "m",
                                                         "user_email": people["resident"].email})
    assert response.status_code == 302
    member = db.session.scalar(select(GroupMember))
    assert member.user_id == people["resident"].id


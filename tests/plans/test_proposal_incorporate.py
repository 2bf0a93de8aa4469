"""Accepting a resident's change proposal opens the activity's form with the proposal beside
it; nothing of the resident's sentence lands in a field by itself (issue 14, Plans)."""
import re
from decimal import Decimal

from sqlalchemy import select

from planner.plans.models import Activity, Proposal

SENTENCE = "Мен ойлойм, жолду асфальттоо керек, анткени жамгырда баткак болот"


def _url(plan, tail=""):
    return f"/m/{plan.municipality.slug}/plans/{plan.id}{tail}"


def _first(db, plan):
    return db.session.scalar(select(Activity).where(Activity.plan_id == plan.id).order_by(Activity.id))


def _propose(client, login, people, plan, activity, db):
    login(people["resident"])
    client.post(_url(plan, "/proposals/new"), data={"kind": "change", "activity_id": activity.id, "section_id": 0,
                                                    "text": SENTENCE, "reason": "Баткак"})
    return db.session.scalar(select(Proposal).where(Proposal.plan_id == plan.id))


def test_accepting_keeps_title_cost_and_opens_the_form_with_the_proposal(client, login, make_plan, people, db):
    plan = make_plan(stage="discussion")
    activity = _first(db, plan)
    proposal = _propose(client, login, people, plan, activity, db)
    login(people["group_member"])
    response = client.post(_url(plan, f"/proposals/{proposal.id}/answer"),
                           data={"status": "accepted", "answer": "Кабыл алынды", "merged_into_id": 0})
    edit = _url(plan, f"/activities/{activity.id}/edit?proposal={proposal.id}")
    assert response.status_code == 302 and response.headers["Location"].endswith(edit)
    db.session.expire_all()
    stored = db.session.get(Activity, activity.id)
    assert stored.description == "Иш-чара 1.1" and stored.version == 1
    assert stored.fund_local == Decimal("100000")

    html = client.get(edit).get_data(as_text=True)
    aside = html[html.index('class="card proposal-aside"'):html.index("</aside>")]
    assert SENTENCE in aside and "Баткак" in aside and "Кабыл алынды" in aside
    form = html[html.index('<form method="post" class="form activity-form"'):]
    textarea = re.search(r'<textarea[^>]*name="description"[^>]*>(.*?)</textarea>', form, re.S).group(1)
    assert textarea.strip() == "Иш-чара 1.1"  # nothing preselected from the proposal
    assert SENTENCE not in form

    # the person writes the new wording themselves; the proposal stays beside it on the POST
    from .test_views import _form
    saved = client.post(edit, data=_form(description="Жолду асфальттоо (2 км)", version=stored.version))
    assert saved.status_code == 302
    db.session.expire_all()
    assert db.session.get(Activity, activity.id).description == "Жолду асфальттоо (2 км)"


def test_proposal_card_names_and_links_the_activity(client, login, make_plan, people, db):
    plan = make_plan(stage="discussion")
    activity = _first(db, plan)
    proposal = _propose(client, login, people, plan, activity, db)
    html = client.get(_url(plan, "/proposals")).get_data(as_text=True)
    card = html[html.index(f'id="p{proposal.id}"'):]
    card = card[:card.index("</article>")]
    link = f'href="{_url(plan, f"/activities/{activity.id}")}"'
    assert link in card and "Иш-чара 1.1" in card and "Артыкчылык 1" in card


def test_proposal_beside_the_form_must_be_about_that_activity(client, login, make_plan, people, db):
    plan = make_plan(stage="discussion")
    activity = _first(db, plan)
    proposal = _propose(client, login, people, plan, activity, db)
    other = db.session.scalars(select(Activity).where(Activity.plan_id == plan.id).order_by(Activity.id)).all()[1]
    login(people["staff"])
    assert client.get(_url(plan, f"/activities/{other.id}/edit?proposal={proposal.id}")).status_code == 404
    assert client.get(_url(plan, f"/activities/{activity.id}/edit?proposal=x")).status_code == 404
    assert client.get(_url(plan, f"/activities/{activity.id}/edit?proposal={proposal.id}")).status_code == 200
    another = make_plan(stage="discussion")
    assert client.get(_url(another, f"/activities/{_first(db, another).id}/edit?proposal={proposal.id}")).status_code == 404


def test_accepted_new_activity_opens_its_form_too(client, login, make_plan, people, db):
    plan = make_plan(stage="discussion")
    login(people["resident"])
    client.post(_url(plan, "/proposals/new"), data={"kind": "new", "activity_id": 0, "section_id": plan.sections[1].id,
                                                    "text": "Балдар аянтчасы", "reason": ""})
    proposal = db.session.scalar(select(Proposal).where(Proposal.plan_id == plan.id))
    login(people["staff"])
    response = client.post(_url(plan, f"/proposals/{proposal.id}/answer"),
                           data={"status": "accepted", "answer": "Макул", "merged_into_id": 0})
    db.session.expire_all()
    created = db.session.get(Proposal, proposal.id).applied_activity_id
    assert response.headers["Location"].endswith(f"/activities/{created}/edit?proposal={proposal.id}")
    html = client.get(_url(plan, "/proposals")).get_data(as_text=True)
    assert f'href="{_url(plan, f"/activities/{created}")}"' in html

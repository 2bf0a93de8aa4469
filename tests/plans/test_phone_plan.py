"""A 45-activity plan on a phone: a section index, collapsible sections (details/summary,
no JavaScript) and "my village" filtering through a GET parameter (issue 14, Plans)."""
import re

from sqlalchemy import select

from planner.plans.models import Activity


def _url(plan, tail=""):
    return f"/m/{plan.municipality.slug}/plans/{plan.id}{tail}"


def _big(db, make_plan, people):
    """5 sections × 9 activities; every third activity is in the second village."""
    plan = make_plan(stage="discussion", sections=5, per_section=9)
    first, second = people["m"].villages[:2]
    rows = db.session.scalars(select(Activity).where(Activity.plan_id == plan.id).order_by(Activity.id)).all()
    for n, a in enumerate(rows):
        a.villages = [second] if n % 3 == 0 else [first]
    db.session.commit()
    return plan, first, second


def test_section_index_and_collapsed_sections(client, db, make_plan, people):
    plan, _first, _second = _big(db, make_plan, people)
    html = client.get(_url(plan)).get_data(as_text=True)
    index = html[html.index('<nav class="section-index"'):]
    index = index[:index.index("</nav>")]
    for section in plan.sections:
        assert f'href="#s{section.id}"' in index
        assert f'<details class="plan-section" id="s{section.id}">' in html  # closed: 45 activities
    assert html.count("<summary>") == 5 and "<script" not in html.split("<main", 1)[1]
    assert index.count("9 activities") == 5


def test_a_small_plan_shows_its_sections_open(client, make_plan):
    plan = make_plan(stage="discussion")
    html = client.get(_url(plan)).get_data(as_text=True)
    assert html.count('class="plan-section" id="s') == 2 and html.count(" open>") >= 2


def test_village_filter_is_a_get_parameter(client, db, make_plan, people):
    plan, first, second = _big(db, make_plan, people)
    html = client.get(_url(plan, f"?village={second.id}")).get_data(as_text=True)
    rows = re.findall(r'<tr id="a(\d+)"', html)
    assert len(rows) == 15
    wanted = {a.id for a in db.session.scalars(select(Activity).where(Activity.plan_id == plan.id))
              if second in a.villages}
    assert {int(r) for r in rows} == wanted
    assert "15 of 45 activities concern" in html
    assert f'<option value="{second.id}" selected>' in html
    # numbering stays the plan's: the first activity of section 2 is "2.1" whoever filters
    assert ">2.1<" in html
    assert client.get(_url(plan, "?village=abc")).status_code == 404
    assert client.get(_url(plan, f"?village={people['other'].villages[0].id}")).status_code == 404


def test_residents_get_their_village_as_a_link_not_forced(client, login, db, make_plan, people):
    plan, first, _second = _big(db, make_plan, people)
    login(people["resident"])  # a resident of the first village
    html = client.get(_url(plan)).get_data(as_text=True)
    assert len(re.findall(r'<tr id="a(\d+)"', html)) == 45  # not filtered by default
    assert f'?village={first.id}#sections">Only my village: {first.name}</a>' in html
    filtered = client.get(_url(plan, f"?village={first.id}")).get_data(as_text=True)
    assert len(re.findall(r'<tr id="a(\d+)"', filtered)) == 30
    assert "Only my village" not in filtered and "Show all villages" in filtered

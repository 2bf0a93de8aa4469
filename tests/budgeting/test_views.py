"""Budgeting pages: voting without JavaScript (running total, over budget refused with the
choices kept), the lock seen through the form and a tampered POST, results in four languages,
computed once per change."""
import re

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from planner.budgeting import rules
from planner.budgeting.models import PbSealedVote, PbVote

from .conftest import close, vote_as


@pytest.fixture
def town(make_municipality):
    return make_municipality()


def _login(client, user):
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def _url(ballot, town, end=""):
    return f"/m/{town.slug}/budgeting/{ballot.id}{end}"


def test_the_running_total_is_shown_and_an_over_budget_paper_refused_with_choices_kept(db, client, town, make_pb,
                                                                                       make_resident):
    ballot = make_pb(town, costs=(40, 30, 50), budget=100)
    voter = make_resident(town)
    _login(client, voter)
    ids = [str(p.id) for p in ballot.projects]
    checked = client.post(_url(ballot, town, "/vote"), data={"project": ids[:2], "action": "check"})
    page = checked.get_data(as_text=True)
    assert checked.status_code == 200 and "costs KGS70.00 of the budget of KGS100.00" in page and "KGS30.00 left" in page
    assert db.session.scalar(select(func.count()).select_from(PbSealedVote)) == 0  # checking saves nothing
    refused = client.post(_url(ballot, town, "/vote"), data={"project": ids, "action": "send"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "more than the budget" in page and "That is" in page
    for pid in ids:  # every choice is still ticked
        assert re.search(rf'value="{pid}" checked', page)
    assert db.session.scalar(select(func.count()).select_from(PbSealedVote)) == 0
    sent = client.post(_url(ballot, town, "/vote"), data={"project": ids[:2], "action": "send"})
    assert sent.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(PbSealedVote)) == 1
    page = client.get(_url(ballot, town)).get_data(as_text=True)
    assert re.search(rf'value="{ids[0]}" checked', page) and re.search(rf'value="{ids[1]}" checked', page)


def test_the_over_budget_message_is_translated(db, client, town, make_pb, make_resident):
    ballot = make_pb(town, costs=(60, 50), budget=100)
    _login(client, make_resident(town, locale="ru"))
    page = client.post(_url(ballot, town, "/vote"), data={"project": [str(p.id) for p in ballot.projects]}).get_data(as_text=True)
    assert "больше бюджета" in page


def test_someone_who_is_not_a_resident_cannot_vote(db, client, town, make_pb, make_user):
    ballot = make_pb(town)
    _login(client, make_user())
    assert client.post(_url(ballot, town, "/vote"), data={"project": [str(ballot.projects[0].id)]}).status_code == 403


def test_the_rule_cannot_be_changed_after_a_vote_by_the_form_or_a_tampered_post(db, client, town, make_pb,
                                                                                make_resident):
    ballot = make_pb(town, rule="mes_add1")
    from planner.auth.models import User

    staff = db.session.get(User, ballot.created_by_id)
    vote_as(db, ballot, make_resident(town), [1])
    _login(client, staff)
    form = client.get(_url(ballot, town, "/edit")).get_data(as_text=True)
    assert "can no longer change" in form
    assert re.search(r'<select[^>]*disabled[^>]*name="rule"|<select[^>]*name="rule"[^>]*disabled', form)
    # the form as the page sends it: accepted (only the title changes)
    data = {"title": "New title", "budget": "100", "style": "budget", "max_choices": "2", "rule": "mes_add1",
            "opens_at": _local(ballot.opens_at, town), "closes_at": _local(ballot.closes_at, town)}
    assert client.post(_url(ballot, town, "/edit"), data=data).status_code == 302
    # a tampered POST naming another rule: refused, nothing changes
    refused = client.post(_url(ballot, town, "/edit"), data={**data, "rule": "greedy", "title": "Sneaky"})
    assert refused.status_code == 400 and "can no longer change" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert (ballot.rule, ballot.title) == ("mes_add1", "New title")


def _local(value, town):
    from planner.surveys.ballots.forms import to_local

    return to_local(value, town).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize(("locale", "word"), [("en", "Not enough budget left"), ("ru", "Не хватило бюджета"),
                                              ("ky", "бюджет"), ("hy", "բյուջե")])
def test_results_explain_each_project_in_four_languages(db, client, town, make_pb, make_resident, locale, word):
    ballot = make_pb(town, costs=(60, 50, 30), budget=100)
    for paper in [[1, 3]] * 3 + [[2]] * 2:
        vote_as(db, ballot, make_resident(town), paper)
    close(db, ballot)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = locale
    page = client.get(_url(ballot, town, "/results")).get_data(as_text=True)
    assert word in page
    assert "<svg" in page and "style=" not in page.split("<main", 1)[-1]


def test_results_chart_names_every_project_in_full_and_the_table_stacks_on_phones(db, client, town, make_pb,
                                                                               make_resident):
    """The chart puts each title on a line of its own, uncut (long Kyrgyz titles were cut at 34
    characters); each cell of the table says what it is, so a phone shows a card per project."""
    ballot = make_pb(town, costs=(60, 50), budget=100)
    long_title = "Жашыл-Өрөн мектебинин чатырын алмаштыруу жана жылуулоо <2027>"
    ballot.projects[0].title = long_title
    db.session.commit()
    for paper in [[1]] * 3 + [[2]] * 2:
        vote_as(db, ballot, make_resident(town), paper)
    close(db, ballot)
    page = client.get(_url(ballot, town, "/results"), headers={"Accept-Language": "en"}).get_data(as_text=True)
    chart = page.split('<svg class="chart-svg"', 1)[1].split("</svg>", 1)[0]
    assert f">{escape(long_title)}</text>" in chart and ">Project 2</text>" in chart
    assert chart.index(escape(long_title)) < chart.index("Project 2")  # the count's order, top first
    assert re.findall(r'<rect [^>]*fill="([^"]+)"><title>Votes: (\d+)</title>', chart) == [("#0b5d4b", "3"),
                                                                                          ("#c9d3cf", "2")]
    table = page.split('<table class="table stack pb-results">', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert body.count("<td") - body.count('class="pb-title"') == body.count("data-label=")
    assert 'data-label="Greedy (the ballot\'s rule)"' in body


def test_two_projects_with_the_same_title_each_keep_their_bar(db, client, town, make_pb, make_resident):
    """Two villages may each propose "Street lights": the results page shows both, each with its
    own votes (the chart matched bars by title: the page failed with a 500)."""
    ballot = make_pb(town, costs=(30, 30, 30), budget=100)
    ballot.projects[0].title = ballot.projects[2].title = "Street lights"
    db.session.commit()
    for paper in [[1]] * 3 + [[2]] * 2 + [[3]]:
        vote_as(db, ballot, make_resident(town), paper)
    close(db, ballot)
    response = client.get(_url(ballot, town, "/results"), headers={"Accept-Language": "en"})
    assert response.status_code == 200
    chart = response.get_data(as_text=True).split('<svg class="chart-svg"', 1)[1].split("</svg>", 1)[0]
    assert re.findall(r">([^<>]+)</text>", chart)[::2] == ["Street lights", "Project 2", "Street lights"]
    assert re.findall(r"<title>Votes: (\d+)</title>", chart) == ["3", "2", "1"]


def test_results_are_hidden_while_voting_is_open(db, client, town, make_pb, make_resident):
    ballot = make_pb(town)
    vote_as(db, ballot, make_resident(town), [1])
    page = client.get(_url(ballot, town, "/results")).get_data(as_text=True)
    assert "shown once voting closes" in page and "<svg" not in page
    assert client.get(_url(ballot, town, "/export.pb")).status_code in (302, 403)


def test_results_are_computed_once_per_change(db, client, town, make_pb, make_resident, monkeypatch):
    ballot = make_pb(town)
    vote_as(db, ballot, make_resident(town), [1])
    close(db, ballot)
    calls = []
    real = rules.count
    monkeypatch.setattr(rules, "count", lambda *a: calls.append(1) or real(*a))
    for _ in range(3):
        assert client.get(_url(ballot, town, "/results")).status_code == 200
    assert len(calls) == 1
    ballot.version += 1  # what a vote or an edit does
    db.session.commit()
    client.get(_url(ballot, town, "/results"))
    assert len(calls) == 2


def test_the_export_downloads(db, client, town, make_pb, make_resident):
    ballot = make_pb(town)
    vote_as(db, ballot, make_resident(town), [1, 2])
    close(db, ballot)
    response = client.get(_url(ballot, town, "/export.pb"))
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    assert response.get_data(as_text=True).startswith("META")


def test_import_page_makes_a_ballot(db, client, town, make_user, make_member):
    from io import BytesIO
    from pathlib import Path

    staff = make_user()
    make_member(staff, town, "staff")
    _login(client, staff)
    data = (Path(__file__).parent / "data" / "poland_synthetic_osiedle_zielone_2023.pb").read_bytes()
    response = client.post(f"/m/{town.slug}/budgeting/import", data={"file": (BytesIO(data), "city.pb")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ścieżka rowerowa" in page
    bad = client.post(f"/m/{town.slug}/budgeting/import", data={"file": (BytesIO(b"\xff\xfe"), "x.pb")},
                      content_type="multipart/form-data")
    assert bad.status_code == 400 and "could not be read" in bad.get_data(as_text=True)


def test_the_printable_ballot_lists_every_project_with_its_cost(db, client, town, make_pb):
    ballot = make_pb(town, costs=(40, 30))
    page = client.get(_url(ballot, town, "/print")).get_data(as_text=True)
    assert "Project 1" in page and "KGS40.00" in page and "KGS30.00" in page
    assert "at most KGS100.00" in page


@pytest.mark.parametrize(("asked", "copies"), [("1", 1), ("2", 2), ("4", 4), ("3", 1), ("99", 1), ("x", 1), ("-4", 1)])
def test_the_printable_ballot_puts_one_two_or_four_on_a_sheet(db, client, town, make_pb, asked, copies):
    """The priority ballots' sheet (templates/_ballot_sheet.html): copies read out once, cut lines in print."""
    ballot = make_pb(town, costs=(40, 30))
    response = client.get(_url(ballot, town, f"/print?per_sheet={asked}"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.count('class="paper-ballot pb-paper"') == copies and f"ballot-sheet per-{copies}" in page
    assert page.count("KGS40.00") == copies and page.count('aria-hidden="true">') >= copies - 1
    assert f'<option value="{copies}" selected>' in page and "ballot_sheet.css" in page


def test_winners_become_activities_of_a_draft_plan_in_one_step(db, client, town, make_pb, make_resident):
    from planner.auth.models import User
    from planner.plans import services as plan_services
    from planner.plans.models import Activity

    ballot = make_pb(town, costs=(60, 50, 30), budget=100)
    staff = db.session.get(User, ballot.created_by_id)
    for paper in [[1, 3]] * 3 + [[2]] * 2:
        vote_as(db, ballot, make_resident(town), paper)
    close(db, ballot)
    plan = plan_services.create_plan(town, staff, kind="jap", title="JAP 2027", year_from=2027, year_to=2029)
    db.session.commit()
    _login(client, staff)
    page = client.get(_url(ballot, town, "/results")).get_data(as_text=True)
    assert "Make the winners plan activities" in page
    response = client.post(_url(ballot, town, "/to-plan"), data={"plan_id": str(plan.id)})
    assert response.status_code == 302
    activities = db.session.scalars(select(Activity).where(Activity.plan_id == plan.id).order_by(Activity.position)).all()
    assert [(a.description, a.fund_local) for a in activities] == [("Project 1", 60), ("Project 3", 30)]
    db.session.expire_all()
    assert {p.activity_id for p in ballot.projects} == {activities[0].id, activities[1].id, None}
    page = client.get(_url(ballot, town, "/results")).get_data(as_text=True)
    assert page.count("Activity in the plan") == 2
    # a second time is refused: the winners are in a plan already
    client.post(_url(ballot, town, "/to-plan"), data={"plan_id": str(plan.id)})
    assert db.session.scalar(select(func.count()).select_from(Activity)) == 2


def test_results_are_shared_through_the_database_between_processes(db, town, make_pb, make_resident, make_app,
                                                                   monkeypatch):
    """Two app instances (two workers): the second reads what the first counted (pb_counts)."""
    from planner.actions import perform
    from planner.budgeting import results
    from planner.budgeting.models import PbBallot, PbCount

    ballot = make_pb(town)
    vote_as(db, ballot, make_resident(town), [1])
    close(db, ballot)
    ballot_id = ballot.id
    db.session.execute(PbCount.__table__.delete())
    db.session.commit()
    first, second = make_app(), make_app()
    with first.app_context():
        counted = perform(results.current, db.session.get(PbBallot, ballot_id)).value["all"]
    monkeypatch.setattr(rules, "count", lambda *a: pytest.fail("counted again"))
    with second.app_context():
        assert results.results(db.session.get(PbBallot, ballot_id)) == counted


def _form_fields(page, action):
    """The name=value pairs a browser would send from the form posting to ``action``."""
    form = page.split(f'action="{action}"', 1)[1].split("</form>", 1)[0]
    data = {}
    for tag in re.findall(r"<(?:input|select)[^>]*>(?:[^<]*(?:<option[^>]*>[^<]*</option>)*)", form):
        if " disabled" in tag or 'name="' not in tag:
            continue
        name = re.search(r'name="([^"]+)"', tag).group(1)
        if tag.startswith("<select"):
            chosen = re.search(r'<option[^>]*selected[^>]*value="([^"]*)"|<option value="([^"]*)" selected', tag)
            data[name] = next(g for g in chosen.groups() if g is not None) if chosen else ""
        else:
            value = re.search(r'value="([^"]*)"', tag)
            data[name] = value.group(1) if value else ""
    textarea = re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>', form)
    data.update({name: text.strip() for name, text in textarea})
    return data


def test_the_locked_form_as_the_browser_sends_it_is_accepted(db, client, town, make_pb, make_resident):
    from planner.auth.models import User

    ballot = make_pb(town, rule="knapsack", min_spend=20)
    vote_as(db, ballot, make_resident(town), [1])
    _login(client, db.session.get(User, ballot.created_by_id))
    page = client.get(_url(ballot, town, "/edit")).get_data(as_text=True)
    data = _form_fields(page, _url(ballot, town, "/edit"))
    assert data["rule"] == "knapsack" and data["budget"] == "100" and data["min_spend"] == "20"
    data["title"] = "Renamed"
    assert client.post(_url(ballot, town, "/edit"), data=data).status_code == 302
    db.session.expire_all()
    assert (ballot.title, ballot.rule, ballot.min_spend) == ("Renamed", "knapsack", 20)


def test_points_are_given_with_number_inputs_and_counted(db, client, town, make_pb, make_resident):
    ballot = make_pb(town, style="points", k=5)
    _login(client, make_resident(town))
    first, second = ballot.projects[0].id, ballot.projects[1].id
    over = client.post(_url(ballot, town, "/vote"), data={f"points-{first}": "4", f"points-{second}": "2"})
    assert over.status_code == 400 and "You gave 6 points; you have 5 points" in over.get_data(as_text=True)
    assert f'name="points-{first}" type="number" min="0" max="5" inputmode="numeric" value="4"' in over.get_data(as_text=True)
    assert client.post(_url(ballot, town, "/vote"), data={f"points-{first}": "3", f"points-{second}": "2"}).status_code == 302
    close(db, ballot)
    assert sorted(db.session.scalars(select(PbVote.value))) == [2, 3]


def test_the_public_page_lists_budgeting_ballots(db, client, town, make_pb):
    ballot = make_pb(town)
    page = client.get(f"/m/{town.slug}/").get_data(as_text=True)
    assert _url(ballot, town) in page and "Participatory budgeting" in page


def test_up_to_k_shows_how_many_are_chosen(db, client, town, make_pb, make_resident):
    ballot = make_pb(town, style="up_to_k", k=2)
    _login(client, make_resident(town))
    ids = [str(p.id) for p in ballot.projects[:3]]
    page = client.post(_url(ballot, town, "/vote"), data={"project": ids, "action": "check"}).get_data(as_text=True)
    assert "Projects chosen: 3 of 2." in page and "this ballot allows" not in page
    assert "you may choose at most 2" in page

"""Results per channel: the ballot's rule run on the online papers alone, the paper ballots
alone and all together, checked against a hand-computed table and pabutools' own rules on
profiles built here from the same papers; and hidden when one channel is a handful."""
import re

import pytest
from pabutools.election import ApprovalBallot, ApprovalProfile, Cost_Sat, Instance, Project
from pabutools.rules import method_of_equal_shares

from planner.budgeting import results

from .conftest import close, confirmed_batch, vote_as

COSTS = (60, 40, 30, 20, 10)
ONLINE = [[1, 2]] * 4 + [[3, 4]] * 2
PAPER = [[3, 4, 5]] * 3 + [[2, 5]] * 2


@pytest.fixture
def town(make_municipality):
    return make_municipality()


def _ballot(db, town, make_pb, make_resident, make_user, make_member, rule, online=ONLINE, on_paper=PAPER):
    ballot = make_pb(town, costs=COSTS, budget=100, rule=rule)
    for marked in online:
        vote_as(db, ballot, make_resident(town), marked)
    if on_paper:
        confirmed_batch(db, ballot, town.villages[0], on_paper, make_user, make_member)
    close(db, ballot)
    return ballot


def _positions(ballot, ids):
    position = {p.id: p.position for p in ballot.projects}
    return sorted(position[p] for p in ids)


def test_greedy_per_channel_matches_the_hand_count(rq, db, town, make_pb, make_resident, make_user, make_member):
    """Votes by hand (project: online, paper, together), budget 100, costs 60 40 30 20 10:
    1: 4 0 4 · 2: 4 2 6 · 3: 2 3 5 · 4: 2 3 5 · 5: 0 5 5.
    Online: 1 and 2 (60 + 40). Paper: 5, 3, 4, then 2 (10 + 30 + 20 + 40).
    Together: 2, then 3, 4, 5 (ties by ballot order), and 1 no longer fits."""
    ballot = _ballot(db, town, make_pb, make_resident, make_user, make_member, "greedy")
    counted = results.by_channel(ballot)
    assert (counted["online"]["ballots"], counted["paper"]["ballots"], counted["all"]["ballots"]) == (6, 5, 11)
    assert _positions(ballot, counted["online"]["winners"]) == [1, 2]
    assert _positions(ballot, counted["paper"]["winners"]) == [2, 3, 4, 5]
    assert _positions(ballot, counted["all"]["picks"]["greedy"]) == [2, 3, 4, 5]
    assert counted["apart"]


def _pabutools_mes_add1(papers):
    projects = {i: Project(str(i), cost) for i, cost in enumerate(COSTS, 1)}
    instance = Instance(projects.values(), budget_limit=100)
    profile = ApprovalProfile([ApprovalBallot(projects[p] for p in paper) for paper in papers], instance=instance)
    return sorted(int(p.name) for p in method_of_equal_shares(instance, profile, sat_class=Cost_Sat,
                                                              voter_budget_increment=1))


def test_equal_shares_per_channel_matches_pabutools(rq, db, town, make_pb, make_resident, make_user, make_member):
    ballot = _ballot(db, town, make_pb, make_resident, make_user, make_member, "mes_add1")
    counted = results.by_channel(ballot)
    assert _positions(ballot, counted["online"]["winners"]) == _pabutools_mes_add1(ONLINE)
    assert _positions(ballot, counted["paper"]["winners"]) == _pabutools_mes_add1(PAPER)
    assert _positions(ballot, counted["all"]["picks"]["mes_add1"]) == _pabutools_mes_add1(ONLINE + PAPER)
    # the channels differ here, so the test would see winners taken from the wrong papers
    assert _pabutools_mes_add1(ONLINE) != _pabutools_mes_add1(PAPER)


def test_one_channel_alone_has_the_overall_winners(rq, db, town, make_pb, make_resident, make_user, make_member):
    ballot = _ballot(db, town, make_pb, make_resident, make_user, make_member, "greedy", on_paper=[])
    counted = results.by_channel(ballot)
    assert counted["online"]["winners"] == counted["all"]["picks"]["greedy"] and counted["paper"]["winners"] == []
    assert counted["apart"]


def test_a_handful_of_papers_in_one_channel_hides_both(rq, db, town, make_pb, make_resident, make_user, make_member,
                                                       client):
    """Two paper ballots beside six online: the paper column would show how two people voted,
    and hiding it alone would not do (together minus online gives it back)."""
    ballot = _ballot(db, town, make_pb, make_resident, make_user, make_member, "greedy", on_paper=[[5], [5]])
    counted = results.by_channel(ballot)
    assert not counted["apart"] and counted["online"]["winners"] is None is counted["paper"]["winners"]
    page = client.get(f"/m/{town.slug}/budgeting/{ballot.id}/results").get_data(as_text=True)
    channels = page.split('id="channels"', 1)[1]
    assert "pb-channels" not in channels and "once both online and paper ballots number at least 5" in channels
    # the ballots per channel stay (turnout), in the table's footer as when shown apart
    footer = channels.split("<tfoot>", 1)[1].split("</tfoot>", 1)[0]
    assert re.fullmatch(r"<tr><th[^>]*>Ballots</th><td[^>]*>6</td><td[^>]*>2</td><td[^>]*>8</td></tr>", footer)


def test_the_results_page_shows_each_channels_winners(rq, db, town, make_pb, make_resident, make_user, make_member,
                                                      client):
    ballot = _ballot(db, town, make_pb, make_resident, make_user, make_member, "greedy")
    page = client.get(f"/m/{town.slug}/budgeting/{ballot.id}/results").get_data(as_text=True)
    table = page.split('class="table stack pb-channels"', 1)[1].split("</table>", 1)[0]
    rows = table.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("<tr>")[1:]
    marks = {row.split("</td>", 1)[0].rsplit(">", 1)[1]: [cell.count("✓") for cell in row.split("</td>")[1:4]]
             for row in rows}
    # (online, paper, together) as counted by hand above
    assert marks == {"Project 1": [1, 0, 0], "Project 2": [1, 1, 1], "Project 3": [0, 1, 1],
                     "Project 4": [0, 1, 1], "Project 5": [0, 1, 1]}

"""The .pb exchange: export read back by pabutools' own parser gives the same winners; an
import counted under the file's own rule gives the winners the file publishes."""
from pathlib import Path

import pytest
from pabutools.election import Cost_Sat
from pabutools.election.pabulib import parse_pabulib_from_string
from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares

from planner.budgeting import exchange, results
from planner.errors import ServiceError

from .conftest import close, confirmed_batch, vote_as

DATA = Path(__file__).parent / "data"


@pytest.fixture
def town(make_municipality):
    return make_municipality()


def _ballot_with_votes(db, town, make_pb, make_resident, **kw):
    ballot = make_pb(town, costs=(60, 40, 30, 20, 10), budget=100, **kw)
    papers = [[1, 2]] * 5 + [[3, 4, 5]] * 3 + [[2, 5]] * 2
    for paper in papers:
        vote_as(db, ballot, make_resident(town), paper)
    close(db, ballot)
    return ballot


def test_export_round_trips_through_pabutools(rq, db, town, make_pb, make_resident):
    ballot = _ballot_with_votes(db, town, make_pb, make_resident, rule="mes_greedy")
    text = exchange.export_pb(ballot, selected=set(results.results(ballot)["picks"]["mes_greedy"]))
    instance, profile = parse_pabulib_from_string(text)
    assert instance.budget_limit == 100 and profile.num_ballots() == 10
    assert instance.meta["rule"] == "equalshares/greedy" and instance.meta["vote_type"] == "approval"
    by_position = {p.position: p.id for p in ballot.projects}
    ours = results.results(ballot)["picks"]
    theirs_greedy = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    assert sorted(by_position[int(p.name)] for p in theirs_greedy) == sorted(ours["greedy"])
    theirs_mes = method_of_equal_shares(instance, profile, sat_class=Cost_Sat, voter_budget_increment=1)
    assert sorted(by_position[int(p.name)] for p in theirs_mes) == sorted(ours["mes_add1"])
    selected = {int(p.name) for p in instance if instance.project_meta[p]["selected"] == "1"}
    assert {by_position[p] for p in selected} == set(ours["mes_greedy"])
    # no voter is named: voter ids are 1..n
    assert sorted(int(b.meta["voter_id"]) for b in profile) == list(range(1, 11))


def test_import_of_an_export_gives_the_same_ballot_and_winners(rq, db, town, make_pb, make_resident, make_user):
    ballot = _ballot_with_votes(db, town, make_pb, make_resident, rule="knapsack")
    copy = exchange.import_pb(town, make_user(), exchange.export_pb(ballot))
    db.session.commit()
    assert [(p.title, p.cost) for p in copy.projects] == [(p.title, p.cost) for p in ballot.projects]
    assert (copy.budget, copy.style, copy.rule) == (100, "budget", "knapsack")
    positions = {p.id: p.position for p in ballot.projects}
    copy_positions = {p.id: p.position for p in copy.projects}
    for rule, picked in results.results(ballot)["picks"].items():
        assert sorted(positions[p] for p in picked) == sorted(copy_positions[p] for p in results.results(copy)["picks"][rule])


def test_points_ballot_round_trips(rq, db, town, make_pb, make_resident):
    ballot = make_pb(town, costs=(60, 50, 30), budget=100, style="points", k=5)
    for paper in ({1: 5}, {2: 3, 3: 2}, {3: 5}, {1: 1, 2: 4}):
        vote_as(db, ballot, make_resident(town), paper)
    close(db, ballot)
    instance, profile = parse_pabulib_from_string(exchange.export_pb(ballot))
    assert instance.meta["vote_type"] == "cumulative"
    assert sorted(sorted(int(v) for v in b.values()) for b in profile) == [[1, 4], [2, 3], [5], [5]]


def test_a_city_file_counted_under_its_own_rule_gives_its_published_winners(rq, db, town, make_user):
    path = DATA / "poland_synthetic_osiedle_zielone_2023.pb"
    text = path.read_text(encoding="utf-8")
    instance, _profile = parse_pabulib_from_string(text)
    published = {instance.project_meta[p]["name"] for p in instance if instance.project_meta[p]["selected"] == "1"}
    ballot = exchange.import_pb(town, make_user(), text)
    db.session.commit()
    assert ballot.rule == "greedy" and ballot.budget == 1_100_000
    counted = results.results(ballot)
    titles = {p.id: p.title for p in ballot.projects}
    assert {titles[p] for p in counted["picks"]["greedy"]} == published
    assert counted["ballots"] == 20


def test_broken_files_are_refused_with_a_reason(rq, town, make_user):
    with pytest.raises(ServiceError, match="could not be read"):
        exchange.import_pb(town, make_user(), "META\nkey;value\nbudget;x\n")
    ordinal = ("META\nkey;value\ndescription;x\ncountry;x\nunit;x\ninstance;x\nnum_projects;1\nnum_votes;1\n"
               "budget;10\nvote_type;ordinal\nrule;greedy\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\n1;1\n")
    with pytest.raises(ServiceError, match="Only approval and cumulative"):
        exchange.import_pb(town, make_user(), ordinal)


def _neighborhoods(profile):
    return sorted((b.meta.get("voting_method"), b.meta.get("neighborhood") or "") for b in profile)


def test_the_export_holds_the_paper_ballots_with_villages_only_for_groups_large_enough(
        rq, db, town, make_pb, make_resident, make_user, make_member):
    from planner.municipalities.models import Village

    third = Village(municipality=town, name="Чоң-Таш")
    db.session.add(third)
    db.session.commit()
    a, b = town.villages[0], town.villages[1]
    ballot = make_pb(town, costs=(60, 40, 30, 20, 10), budget=100, rule="greedy")
    for marked in [[1, 2]] * 6:
        vote_as(db, ballot, make_resident(town, village=a), marked)
    for marked in [[3, 4]] * 2:  # a small group online: its village is not written
        vote_as(db, ballot, make_resident(town, village=b), marked)
    # paper: 5 valid from village a (shown), 3 from the third village (hidden), and one over budget
    confirmed_batch(db, ballot, a, [[3, 4, 5]] * 5 + [[1, 2, 3]], make_user, make_member)
    confirmed_batch(db, ballot, third, [[5]] * 3, make_user, make_member)
    close(db, ballot)
    text = exchange.export_pb(ballot, selected=set(results.results(ballot)["picks"]["greedy"]))
    instance, profile = parse_pabulib_from_string(text)
    assert profile.num_ballots() == 6 + 2 + 5 + 3
    assert "PROJECTS\nproject_id;cost;name;selected\n" in text  # the projects' columns untouched
    # online: a shown (6), b hidden (2) and so a hidden too (else b is a's complement of the total)
    assert _neighborhoods(profile) == sorted([("internet", "")] * 8 + [("paper", "")] * 8)

    more = [make_resident(town, village=b) for _ in range(3)]
    ballot.closes_at = ballot.closes_at.replace(year=ballot.closes_at.year + 1)
    ballot.opens_at = ballot.closes_at.replace(year=ballot.closes_at.year - 2)
    db.session.commit()
    for voter in more:
        vote_as(db, ballot, voter, [5])
    confirmed_batch(db, ballot, third, [[5]] * 2, make_user, make_member)
    close(db, ballot)
    instance, profile = parse_pabulib_from_string(exchange.export_pb(ballot))
    expected = ([("internet", a.name)] * 6 + [("internet", b.name)] * 5 + [("paper", a.name)] * 5
                + [("paper", third.name)] * 5)
    assert _neighborhoods(profile) == sorted(expected)
    # the winners read back from the file are the ballot's, paper included
    by_position = {p.position: p.id for p in ballot.projects}
    theirs = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    assert sorted(by_position[int(p.name)] for p in theirs) == sorted(results.results(ballot)["picks"]["greedy"])


def _written(profile):
    """(voting_method, neighborhood, sex, age) of each paper read back by pabutools."""
    return [(b.meta.get("voting_method"), b.meta.get("neighborhood") or "", b.meta.get("sex") or "",
             b.meta.get("age") or "") for b in profile]


def test_online_papers_carry_sex_and_age_only_for_groups_large_enough(
        rq, db, town, make_pb, make_resident, make_user, make_member):
    """The attacker holds the export and knows each voter's village, sex and age band: every
    combination written must match at least five voters of its channel, and the rare ones
    (the two men over 60 of village b, the one woman of 18-29 of village a) never appear."""
    from planner.budgeting.models import PbVote

    a, b = town.villages[0], town.villages[1]
    ballot = make_pb(town, costs=(60, 40, 30, 20, 10), budget=100, rule="greedy")
    voters = ([(a, "f", "30-44")] * 6 + [(a, "m", "30-44")] * 5 + [(a, "m", "45-59")] * 3
              + [(a, "m", "60+")] * 2 + [(a, "f", "18-29")] + [(b, "f", "45-59")] * 5 + [(b, "m", "60+")] * 2
              + [(b, None, None)] * 3)
    truth = []
    for n, (village, sex, age) in enumerate(voters):
        vote_as(db, ballot, make_resident(town, village=village, sex=sex, age_band=age), [[1, 2], [3, 4]][n % 2])
        truth.append(("internet", village.name, {"f": "F", "m": "M"}.get(sex, ""), age or ""))
    confirmed_batch(db, ballot, a, [[5]] * 6, make_user, make_member)
    truth += [("paper", a.name, "", "")] * 6
    close(db, ballot)
    # the profile reached the mixed rows (nothing else of the voter: no id, no time)
    assert db.session.query(PbVote.sex, PbVote.age_band).filter(PbVote.ballot_id == ballot.id,
                                                               PbVote.sex == "f").count() == 2 * (6 + 1 + 5)
    instance, profile = parse_pabulib_from_string(exchange.export_pb(ballot))
    written = _written(profile)
    assert profile.num_ballots() == len(truth)

    def matching(row):  # the voters of the row's channel with every value the row shows
        return [t for t in truth if all(w in ("", v) for w, v in zip(row, t)) and t[0] == row[0]]

    for row in written:
        assert len(matching(row)) >= 5, row
        assert written.count(row) >= 5, row  # the papers showing exactly this
    assert not {("internet", a.name, "F", "18-29"), ("internet", a.name, "M", "60+"),
                ("internet", b.name, "M", "60+")} & set(written)
    # shown: the full cells of at least five; a's other men (3 + 2) would be five by sex
    # alone, but that leaves a's one young woman blank on her own, so they go blank with her;
    # b's rest (2 men over 60, 3 who gave nothing) is blank
    assert sorted(written) == sorted(
        [("internet", a.name, "F", "30-44")] * 6 + [("internet", a.name, "M", "30-44")] * 5
        + [("internet", a.name, "", "")] * 6
        + [("internet", b.name, "F", "45-59")] * 5 + [("internet", b.name, "", "")] * 5
        + [("paper", a.name, "", "")] * 6)
    # paper ballots carry their polling place's village only, and the winners read back are ours
    by_position = {p.position: p.id for p in ballot.projects}
    theirs = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    assert sorted(by_position[int(p.name)] for p in theirs) == sorted(results.results(ballot)["picks"]["greedy"])

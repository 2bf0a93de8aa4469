"""Small ballots and small channels: no figure per option under 5 ballots, no online/paper
split when one side has fewer than 5 voters (page, CSV, XLSX)."""
import csv
import io
import re

from openpyxl import load_workbook

from planner.surveys.ballots import paper

from .conftest import backdate, vote_as


def _url(town, ballot, suffix=""):
    return f"/m/{town.slug}/ballots/{ballot.id}/results{suffix}"


def _csv(client, town, ballot):
    text = client.get(_url(town, ballot, ".csv")).get_data(as_text=True)
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_fewer_than_five_ballots_show_no_figure_per_option(client, db, make_municipality, make_resident, make_ballot):
    town = make_municipality()
    ballot = make_ballot(town, "single", options=("Road", "Water"))
    for choice in (1, 1, 2, 1):
        vote_as(db, ballot, make_resident(town, village=town.villages[0], sex="f"), {choice: 1})
    backdate(db, ballot, "closed")
    page = client.get(_url(town, ballot)).get_data(as_text=True)
    assert "Fewer than 5 ballots were counted" in page
    assert "chart-data" not in page and "Breakdowns of the online vote" not in page
    assert ">3<" not in page  # Road's 3 votes
    rows = _csv(client, town, ballot)
    assert not [r for r in rows if r and r[2:3] in (["Road"], ["Water"])]
    book = load_workbook(io.BytesIO(client.get(_url(town, ballot, ".xlsx")).data))
    assert book.worksheets[0].max_row == 1 and len(book.worksheets) == 2  # header; turnout; no breakdowns


def test_two_paper_ballots_are_not_shown_apart_from_the_online_vote(
        client, db, make_municipality, make_resident, make_ballot, make_user, make_member):
    town = make_municipality()
    ballot = make_ballot(town, "single", options=("Road", "Water"))
    for _ in range(6):
        vote_as(db, ballot, make_resident(town, village=town.villages[0]), {1: 1})
    first, second = make_user(), make_user()
    make_member(first, town, "staff")
    make_member(second, town, "staff")
    road, water = (o.id for o in ballot.options)
    tally = paper.save_tally(ballot, town.villages[1], first, issued=2, valid=2, invalid=0,
                             counts={(road, 0): 0, (water, 0): 2})
    db.session.commit()
    paper.confirm_tally(tally, second, shown_version=tally.lock_version, shown_digest=paper.digest(tally))
    db.session.commit()
    backdate(db, ballot, "closed")
    page = client.get(_url(town, ballot)).get_data(as_text=True)
    assert "Online and paper votes are shown only together" in page
    assert "online 6 + paper 0" not in page and "0 + 2 = 2" not in page
    rows = _csv(client, town, ballot)
    water_row = next(r for r in rows if r[2:3] == ["Water"])
    assert water_row[3:6] == ["", "", "2"]  # online and paper blank, the total only


def test_the_priority_list_of_a_ballot_with_fewer_than_five_ballots_shows_no_votes(
        app, client, db, make_municipality, make_resident, make_ballot, make_user, make_member):
    from planner.surveys.ballots import counting, services

    town = make_municipality()
    staff = make_user()
    make_member(staff, town, "staff")
    small = make_ballot(town, "single", options=("Road", "Water"))
    big = make_ballot(town, "single", options=("Bridge", "School"))
    for choice in (1, 1, 1, 2):
        vote_as(db, small, make_resident(town), {choice: 1})
    for choice in (1, 1, 1, 1, 2):
        vote_as(db, big, make_resident(town), {choice: 1})
    for ballot in (small, big):
        backdate(db, ballot, "closed")
        with app.test_request_context():
            services.make_priorities(ballot, counting.count(ballot, with_breakdowns=False), staff, 2)
        db.session.commit()
    page = client.get(f"/m/{town.slug}/priorities").get_data(as_text=True)
    items = dict(re.findall(r'<li value="\d+">(\w+)(.*?)</li>', page))
    assert items["Road"] == "" and items["Water"] == ""  # no votes shown
    assert "4 votes" in items["Bridge"] and "1 vote" in items["School"]

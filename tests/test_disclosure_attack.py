"""An attacker against small-group suppression.

The attacker is anonymous. It reads every public figure of a survey and of a ballot: the
results page for every filter, every combination of filters and every "compare by"; the
ballot's results page, CSV and XLSX; the JSON API; and the survey exports (refused to
the public). Each figure is noted as (group, value), a group being a set of cells of the
village × sex × age cross-table (a column missing from a breakdown says its group is empty,
which removes cells). Then it solves, by exact Gaussian elimination, for every group of
1 to 4 people: is the group a sum and difference of published groups? If so it computes
that group's figures. Any such recovery of answers or votes fails the test.

On the code before planner.disclosure this recovers, among others, the two voters of a
village as the online total minus the other villages, and the two women of village A as
"women" minus "village C"."""
import csv
import io
import re
from datetime import date, timedelta
from fractions import Fraction
from html.parser import HTMLParser
from itertools import product

import pytest
from openpyxl import load_workbook

from planner.auth.models import AGE_BANDS, SEXES
from planner.surveys import answering, services
from planner.models import utcnow
from planner.surveys.ballots import paper
from planner.surveys.ballots import services as ballot_services
from tests.surveys.conftest import DEFAULT_QUESTIONS, full_answer, q
from tests.voting.conftest import backdate, vote_as

SMALL = range(1, 5)


@pytest.fixture
def client(app):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"  # the attacker reads the English labels
    return client


class Page(HTMLParser):
    """The tables of a page (cells as text, a ``<br>`` as "|") and its lead paragraph."""

    def __init__(self, html):
        super().__init__()
        self.tables, self.lead, self._cell, self._in_lead, self._caption = [], "", None, False, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"].append([])
        elif tag in ("td", "th") and self.tables:
            self._cell = []
        elif tag == "caption":
            self._caption = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("|")
        elif tag == "p" and "lead" in (attrs.get("class") or "").split():
            self._in_lead = True

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1]["rows"][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "caption" and self._caption is not None:
            self.tables[-1]["caption"] = "".join(self._caption).strip()
            self._caption = None
        elif tag == "p":
            self._in_lead = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._caption is not None:
            self._caption.append(data)
        if self._in_lead:
            self.lead += data


def number(text):
    text = str(text).replace(",", "").replace("\u00a0", "").replace("\u202f", "").strip()
    return int(text) if re.fullmatch(r"-?\d+", text) else None


class Attacker:
    """Figures as (set of cells, value) per figure name; ``recover`` solves for a group."""

    def __init__(self, cells):
        self.cells = set(cells)
        self.seen = {}  # figure -> [(frozenset of cells, value)]

    def note(self, figure, cells, value):
        self.seen.setdefault(figure, []).append((frozenset(cells), Fraction(value)))

    def empty(self, cells):
        """A group shown to have nobody: its cells are out of every equation."""
        self.cells -= set(cells)

    def recover(self, figure, target):
        """The value of ``figure`` for the group ``target``, if published figures give it."""
        order = sorted(self.cells, key=repr)
        index = {c: i for i, c in enumerate(order)}

        def vector(cells):
            row = [Fraction(0)] * len(order)
            for c in cells:
                if c in index:
                    row[index[c]] = Fraction(1)
            return row

        rows = [(vector(cells), value) for cells, value in self.seen.get(figure, [])]
        reduced = []  # (pivot, row, value)
        for row, value in rows:
            for pivot, r, v in reduced:
                if row[pivot]:
                    f = row[pivot]
                    row, value = [a - f * b for a, b in zip(row, r)], value - f * v
            pivot = next((i for i, a in enumerate(row) if a), None)
            if pivot is None:
                continue
            f = row[pivot]
            row, value = [a / f for a in row], value / f
            reduced = [(p, [a - r[pivot] * b for a, b in zip(r, row)], v - r[pivot] * value) for p, r, v in reduced]
            reduced.append((pivot, row, value))
        goal, derived = vector(target), Fraction(0)
        for pivot, r, v in reduced:
            if goal[pivot]:
                f = goal[pivot]
                goal, derived = [a - f * b for a, b in zip(goal, r)], derived + f * v
        return None if any(goal) else derived


# --- the survey ---------------------------------------------------------------------------

PEOPLE = [  # (village index, sex, age band, answer to the single-choice question, how many)
    (0, "f", "18-29", "No", 2),
    (1, "m", "30-44", "Yes", 6),
    (2, "f", "45-59", "Yes", 6),
    (2, "f", "60+", "Sometimes", 1),
]


@pytest.fixture
def survey(db, app, make_municipality, make_user):
    municipality = make_municipality(villages=("Ак-Суу", "Кара-Таш", "Жаңы-Жол"))
    staff = make_user()
    with app.test_request_context():
        survey = services.create_survey(municipality, staff, title="Water", intro="",
                                        opens_on=date.today() - timedelta(days=2),
                                        closes_on=date.today() + timedelta(days=20), access="link", paging="one",
                                        asks_profile=True, is_public_results=True)
        for spec in DEFAULT_QUESTIONS:
            services.add_question(survey, staff, section_id=None, **dict(spec))
        db.session.commit()
        single = q(survey, "single")
        for village, sex, age, said, n in PEOPLE:
            for _ in range(n):
                choice = next(c for c in single.choices if c.text == said)
                raw = full_answer(survey, **{single.field_name: [str(choice.id)]})
                raw.update(profile_village=[str(municipality.villages[village].id)], profile_sex=[sex],
                           profile_age=[age])
                answering.submit(survey, services.ordered_questions(survey), raw, key=answering.new_key(),
                                 villages=municipality.villages)
        db.session.commit()
    return survey


def _survey_cube(villages):
    return set(product([v.id for v in villages] + [None], list(SEXES) + [None], list(AGE_BANDS) + [None]))


def _group(cube, spec):
    positions = {"village": 0, "sex": 1, "age_band": 2}
    return {c for c in cube if all(c[positions[d]] == v for d, v in spec.items())}


def _survey_labels(villages):
    return {"village": {v.name: v.id for v in villages}, "sex": {"Woman": "f", "Man": "m"},
            "age_band": {"18–29": "18-29", "30–44": "30-44", "45–59": "45-59", "60 and over": "60+"}}


def _read_survey_page(attacker, cube, page, spec, by, labels, question):
    answers = ("Yes", "No", "Sometimes")
    size = re.match(r"\s*([\d,]+) respondents?\b(?! in all)", page.lead)
    main = next((t for t in page.tables if t["caption"] == question.text), None)
    if size:  # a group's size is a figure too, shown with its answers or alone
        attacker.note("size", _group(cube, spec), number(size.group(1)))
    if main:
        for row in main["rows"][1:]:
            if row and row[0] in answers:
                attacker.note(row[0], _group(cube, spec), number(row[1]))
    breakdown = next((t for t in page.tables if not t["caption"] and t["rows"]
                      and {r[0] for r in t["rows"][1:]} == set(answers)), None)
    if by is None or breakdown is None:
        return
    header = breakdown["rows"][0][1:]
    present = set()
    for i, title in enumerate(header):
        label, _sep, detail = title.partition("|")
        value = labels[by][label.strip()]
        present.add(value)
        column = dict(spec, **{by: value})
        n = number(detail.strip().removeprefix("n="))
        if n is None or (by in spec and spec[by] != value):
            continue
        attacker.note("size", _group(cube, column), n)
        for row in breakdown["rows"][1:]:
            if number(row[i + 1]) is not None:
                attacker.note(row[0], _group(cube, column), number(row[i + 1]))
    if by not in spec:
        for value in set(labels[by].values()) - present:
            attacker.empty(_group(cube, dict(spec, **{by: value})))


def test_no_small_group_of_a_survey_can_be_recovered(app, db, survey, client):
    municipality = survey.municipality
    villages = municipality.villages
    cube, labels = _survey_cube(villages), _survey_labels(villages)
    attacker = Attacker(cube)
    question = q(survey, "single")
    base = f"/m/{municipality.slug}/surveys/{survey.id}"
    for village, sex, age, by in product([None] + [v.id for v in villages], [None, *SEXES], [None, *AGE_BANDS],
                                         [None, "village", "sex", "age_band"]):
        spec = {d: v for d, v in (("village", village), ("sex", sex), ("age_band", age)) if v}
        args = {"village": village, "sex": sex, "age": age, "by": by}
        response = client.get(base + "/results", query_string={k: v for k, v in args.items() if v})
        assert response.status_code == 200
        _read_survey_page(attacker, cube, Page(response.get_data(as_text=True)), spec, by, labels, question)
    for path in ("/export.csv", "/export.xlsx"):
        assert client.get(base + path).status_code in (302, 401, 403)  # not public
    api = client.get(f"/api/v1/municipalities/{municipality.slug}").get_json()
    assert "surveys" not in api and "results" not in api

    assert attacker.recover("size", cube) == 15 and attacker.recover("Yes", cube) == 12  # it did read the pages
    truth = {}
    for village, sex, age, said, n in PEOPLE:
        cell = (villages[village].id, sex, age)
        truth[cell] = truth.get(cell, {})
        truth[cell][said] = truth[cell].get(said, 0) + n
    recovered = []
    for village, sex, age in product([None] + [v.id for v in villages], [None, *SEXES], [None, *AGE_BANDS]):
        spec = {d: v for d, v in (("village", village), ("sex", sex), ("age_band", age)) if v}
        group = _group(cube, spec)
        people = sum(sum(truth.get(c, {}).values()) for c in group)
        if people not in SMALL:
            continue
        for figure in ("size", "Yes", "No", "Sometimes"):
            value = attacker.recover(figure, group)
            if value is not None:
                expected = people if figure == "size" else sum(truth.get(c, {}).get(figure, 0) for c in group)
                assert value == expected  # the attacker's arithmetic is right
                recovered.append((spec, figure, value))
    assert recovered == []


# --- the ballot ---------------------------------------------------------------------------

VOTERS = [(0, "f", "18-29", 1, 2), (1, "m", "30-44", 2, 6), (2, "f", "45-59", 1, 6)]  # + 3 on paper


@pytest.fixture
def ballot(db, app, make_municipality, make_user, make_member):
    municipality = make_municipality(villages=("Ак-Суу", "Кара-Таш", "Жаңы-Жол"))
    now = utcnow()
    with app.test_request_context():
        ballot = ballot_services.create_ballot(
            municipality, make_user(), options=[("Road", {}), ("Water", {})], title="Priorities", explanation="",
            method="single", max_choices=1, max_per_option=1, opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=1), is_results_live=False)
        db.session.commit()
        for village, sex, age, option, n in VOTERS:
            for _ in range(n):
                user = make_user(sex=sex, age_band=age)
                make_member(user, municipality, "resident", village=municipality.villages[village])
                vote_as(db, ballot, user, {option: 1})
        first, second = make_user(), make_user()
        make_member(first, municipality, "staff")
        make_member(second, municipality, "staff")
        road, water = (o.id for o in ballot.options)
        tally = paper.save_tally(ballot, municipality.villages[0], first, issued=3, valid=3, invalid=0,
                                 counts={(road, 0): 1, (water, 0): 2})
        db.session.commit()
        paper.confirm_tally(tally, second, shown_version=tally.lock_version, shown_digest=paper.digest(tally))
        db.session.commit()
    backdate(db, ballot, "closed")
    return ballot


def _ballot_cube(villages):
    online = {("online",) + c for c in _survey_cube(villages)}
    return online | {("paper",)}


def _ballot_group(cube, name, spec=None):
    if name == "all":
        return set(cube)
    if name == "paper":
        return {("paper",)}
    positions = {"village": 1, "sex": 2, "age_band": 3}
    return {c for c in cube if c[0] == "online" and all(c[positions[d]] == v for d, v in (spec or {}).items())}


def _read_results_rows(attacker, cube, rows):
    """Rows with a header naming Option and Online/Paper/Total columns (page, CSV, XLSX)."""
    header = [str(h or "") for h in rows[0]]
    where = {name: i for i, name in enumerate(header)}
    total = next((i for name, i in where.items() if name.startswith("Total")), None)
    for row in rows[1:]:
        if len(row) < len(header) or str(row[where["Option"]]) not in ("Road", "Water"):
            continue
        option = str(row[where["Option"]])
        for column, group in (("Online", "online"), ("Paper", "paper")):
            if column in where and number(row[where[column]]) is not None:
                attacker.note(option, _ballot_group(cube, group), number(row[where[column]]))
        if total is not None and number(row[total]) is not None:
            attacker.note(option, _ballot_group(cube, "all"), number(row[total]))


def _ballot_labels(villages):
    return {"village": {v.name: str(v.id) for v in villages} | {"not given": None},
            "sex": {"Women": "f", "Men": "m", "not given": None},
            "age_band": {band: band for band in AGE_BANDS} | {"not given": None}}


def _positions_value(value):
    return None if value is None else (int(value) if str(value).isdigit() else value)


def _read_breakdown(attacker, cube, dimension, labels, columns):
    """columns: [(label, voters or None, {option: score} or None)]."""
    present = set()
    for label, voters, scores in columns:
        value = _positions_value(labels[dimension][label])
        present.add(value)
        group = _ballot_group(cube, "online", {dimension: value})
        if voters is not None:
            attacker.note("voters", group, voters)
        for option, score in (scores or {}).items():
            attacker.note(option, group, score)
    for label, value in labels[dimension].items():
        if _positions_value(value) not in present:
            attacker.empty(_ballot_group(cube, "online", {dimension: _positions_value(value)}))


def test_no_small_group_of_a_ballot_can_be_recovered(app, db, ballot, client):
    municipality = ballot.municipality
    villages = municipality.villages
    cube, labels = _ballot_cube(villages), _ballot_labels(villages)
    attacker = Attacker(cube)
    base = f"/m/{municipality.slug}/ballots/{ballot.id}/results"
    page = Page(client.get(base).get_data(as_text=True))
    main = next(t for t in page.tables if t["rows"] and "Option" in t["rows"][0])
    _read_results_rows(attacker, cube, main["rows"])
    names = {"Village": "village", "Sex": "sex", "Age": "age_band"}
    breakdowns = [t for t in page.tables if t["rows"] and t["rows"][0][0] == "Option" and t is not main]
    for dimension, table in zip(("village", "sex", "age_band"), breakdowns):
        columns = []
        for i, title in enumerate(table["rows"][0][1:], start=1):
            label, _sep, detail = title.partition("|")
            voters = number(detail.split(" ")[0]) if "voter" in detail else None
            scores = {row[0]: number(row[i]) for row in table["rows"][1:] if number(row[i]) is not None}
            columns.append((label.strip(), voters, scores or None))
        _read_breakdown(attacker, cube, dimension, labels, columns)
    csv_rows = list(csv.reader(io.StringIO(client.get(base + ".csv").get_data(as_text=True).lstrip("\ufeff"))))
    _read_results_rows(attacker, cube, csv_rows)
    book = load_workbook(io.BytesIO(client.get(base + ".xlsx").data))
    _read_results_rows(attacker, cube, list(book.worksheets[0].iter_rows(values_only=True)))
    for sheet in book.worksheets[2:]:
        rows = list(sheet.iter_rows(values_only=True))
        options = [str(o) for o in rows[0][2:]]
        columns = [(str(r[0]) if r[0] != "—" else "not given", number(r[1]),
                    dict(zip(options, map(number, r[2:]))) if len(r) > 2 and number(r[1]) is not None else None)
                   for r in rows[1:]]
        _read_breakdown(attacker, cube, names[sheet.title], labels, columns)

    assert attacker.recover("Road", cube) == 9 and attacker.recover("Water", cube) == 8  # it did read the figures
    truth = {}
    for village, sex, age, option, n in VOTERS:
        cell = ("online", str(villages[village].id), sex, age)
        truth[cell] = truth.get(cell, {})
        truth[cell][("Road", "Water")[option - 1]] = n
    recovered = []
    groups = [("paper", None)] + [("online", {d: v for d, v in (("village", village), ("sex", sex), ("age_band", age)) if v})
                                  for village, sex, age in product([None] + [v.id for v in villages],
                                                                   [None, *SEXES], [None, *AGE_BANDS])]
    for name, spec in groups:
        group = _ballot_group(cube, name, spec)
        key = {("online", str(c[1]) if c[1] is not None else None, c[2], c[3]) if c[0] == "online" else c for c in group}
        people = 3 if name == "paper" else sum(sum(truth.get(c, {}).values()) for c in key)
        if people not in SMALL:
            continue
        for option in ("Road", "Water"):
            value = attacker.recover(option, group)
            if value is not None:
                recovered.append((name, spec, option, value))
    assert recovered == []

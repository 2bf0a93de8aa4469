"""A year's lines and figures are read once per data version (planner/budget/kept.py): a
second request skips their three queries, and a change shows on the next request. The
execution page's content is kept too, per language, selection and the viewer's rights."""
import re
from datetime import date
from decimal import Decimal as D

from planner.budget import hearings, services


def _count(client, url):
    response = client.get(url, headers={"Accept-Language": "en"})
    assert response.status_code == 200, (url, response.status_code)
    return int(response.headers["X-Query-Count"]), response.get_data(as_text=True)


def _year(db, staff, municipality, n):
    budget = services.create_year(municipality, staff, 2026, "units")
    group = services.add_line(budget, staff, kind="revenue", fund="administrative", code="G", name="Group",
                              is_group=True)
    for i in range(n):
        line = services.add_line(budget, staff, kind="revenue", fund="administrative", code=f"1.{i}",
                                 name=f"Line {i}", parent=group, approved=D("12000"))
        services.set_months(line, staff, {m: D("1000") for m in range(1, 13)}, {1: D("900")})
    services.adopt(budget, staff, "N 5", date(2026, 1, 10))
    db.session.commit()
    return budget


def test_lines_are_read_once_per_data_version(db, staff_and_budget, client, auth):
    municipality, staff, draft = staff_and_budget
    db.session.delete(draft)
    db.session.commit()
    budget = _year(db, staff, municipality, 2)
    auth.as_user(staff)
    base = f"/m/{municipality.slug}/budget/2026"
    counts = [_count(client, url)[0] for url in (base, base, base + "/lines", base + "/months")]
    # the first read the lines; the others kept them, and the year page its drawn content and
    # what it needs of the year (so it skips the year's and the hearings' queries too)
    assert counts[1:] == [counts[0] - 5, counts[0] - 3, counts[0] - 3], counts
    line = next(x for x in budget.lines if x.code == "1.0")
    services.set_months(line, staff, {1: D("1000")}, {1: D("777")})
    db.session.commit()
    _n, page = _count(client, base + "?month=1&scale=units")
    assert "1,677.00" in page  # 777 + 900: the new actual shows at once
    _n, lines_page = _count(client, base + "/lines")
    assert "1,677.00" in lines_page
    services.add_line(budget, staff, kind="revenue", fund="administrative", code="1.9", name="Added later",
                      parent=next(x for x in budget.lines if x.is_group))
    db.session.commit()
    assert "Added later" in _count(client, base)[1] and "Added later" in _count(client, base + "/lines")[1]


def test_staff_pages_queries_do_not_grow_with_lines(db, client, auth, make_municipality, make_user, make_member):
    counts = []
    for n in (10, 300):
        municipality = make_municipality()
        staff = make_user()
        make_member(staff, municipality, "staff")
        _year(db, staff, municipality, n)
        auth.as_user(staff)
        base = f"/m/{municipality.slug}/budget/2026"
        counts.append((_count(client, base + "/lines")[0], _count(client, base)[0], _count(client, base + "/lines")[0]))
    assert counts[0] == counts[1], counts
    assert max(counts[0]) <= 8, counts


def _meeting(municipality, staff):
    from planner.surveys import meetings

    return meetings.create_meeting(municipality, staff, {("f", "30-44"): 7}, kind="hearing",
                                   held_on=date(2026, 7, 21), place="Hall", target_group="everyone",
                                   deputies_present=3, minutes="")


def test_kept_content_is_keyed_on_language_selection_and_rights(app, db, client, auth, make_municipality,
                                                                make_user, make_member):
    municipality = make_municipality()
    staff, resident = make_user(), make_user()
    make_member(staff, municipality, "staff")
    make_member(resident, municipality, "resident")
    budget = _year(db, staff, municipality, 2)
    hearings.create(budget, staff, _meeting(municipality, staff), "Presented")  # not published: members see it
    db.session.commit()
    base = f"/m/{municipality.slug}/budget/2026"

    def page(url=base, language="en", viewer=client):
        response = viewer.get(url, headers={"Accept-Language": language})
        assert response.status_code == 200, (url, response.status_code)
        return response.get_data(as_text=True)

    auth.as_user(staff)  # signing in and out would write, and so change the data version
    first = page()
    assert "Lines and figures" in first and "Budget hearings:" in first and "execution from January to" in first
    untimed = re.compile(r'(name="csrf_token"[^>]*value=)"[^"]*"')  # a token is signed with the second it was made in
    assert untimed.sub(r'\1""', page()) == untimed.sub(r'\1""', first)  # kept
    assert '<option value="expense" selected>' in page(base + "?kind=expense")  # the selection
    assert '<option value="3" selected>' in page(base + "?month=3")
    assert '<option value="thousands" selected>' in page(base + "?scale=thousands")
    assert '<option value="capital" selected>' in page(base + "?fund=capital")
    member_client, anonymous_client = app.test_client(), app.test_client()
    with member_client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = resident.get_id(), True
    member = page(viewer=member_client)  # a member: the unpublished hearing, but no staff links
    assert "Lines and figures" not in member and "Budget hearings:" in member
    anonymous = page(viewer=anonymous_client)  # the adopted budget is public; the hearing is not
    assert "Lines and figures" not in anonymous and "Budget hearings:" not in anonymous
    assert "execution from January to" in anonymous
    assert "execution from January to" not in page(language="ru", viewer=anonymous_client)  # the language


def test_kept_year_summary_is_keyed_on_municipality_and_year(db, client, auth, make_municipality, make_user,
                                                             make_member):
    """What the page reads of a year (kept.year_summary) is never another year's or another
    municipality's: each page shows its own lines and scale, a year that is not there is not
    found, and a draft is not shown to a visitor because another municipality's year is public."""
    staff = make_user()
    first, second = make_municipality(), make_municipality()
    for municipality in (first, second):
        make_member(staff, municipality, "staff")
    _year(db, staff, first, 1)
    budget = _year(db, staff, second, 1)
    services.add_line(budget, staff, kind="revenue", fund="administrative", code="7.7", name="Only in the second",
                      parent=next(x for x in budget.lines if x.is_group))
    budget.scale = "thousands"  # the second's default scale
    db.session.commit()
    auth.as_user(staff)
    page = _count(client, f"/m/{first.slug}/budget/2026")[1]
    assert "Only in the second" not in page and '<option value="units" selected>' in page
    page = _count(client, f"/m/{second.slug}/budget/2026")[1]
    assert "Only in the second" in page and '<option value="thousands" selected>' in page
    assert client.get(f"/m/{first.slug}/budget/2025").status_code == 404
    budget.status = "draft"  # the second's year is for its members only now
    db.session.commit()
    anonymous = client.application.test_client()
    assert anonymous.get(f"/m/{first.slug}/budget/2026").status_code == 200
    assert anonymous.get(f"/m/{second.slug}/budget/2026").status_code == 302  # to the login page


def test_a_month_written_oddly_neither_fails_nor_poisons_the_kept_page(db, staff_and_budget, client):
    """"+3", " 3" or "²" are not months: the page shows the last month with actuals for them,
    as for no month at all, and what it keeps for the plain address is that month, not the
    one such an address asked for (the key and the drawing read the month the same way)."""
    municipality, staff, draft = staff_and_budget
    db.session.delete(draft)
    db.session.commit()
    _year(db, staff, municipality, 1)  # actuals in January only
    base = f"/m/{municipality.slug}/budget/2026"
    for odd in ("+3", "%203", "3%20", "%C2%B2", "03x"):
        response = client.get(f"{base}?month={odd}", headers={"Accept-Language": "en"})
        assert response.status_code == 200, odd
        assert '<option value="1" selected>' in response.get_data(as_text=True), odd
    plain = client.get(base, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<option value="1" selected>' in plain and '<option value="3" selected>' not in plain
    assert '<option value="3" selected>' in client.get(f"{base}?month=3", headers={"Accept-Language": "en"}).get_data(
        as_text=True)


def test_a_year_deleted_while_its_page_is_drawn_is_not_found(db, staff_and_budget, client, monkeypatch):
    """The year's summary is kept under the data version the request read; if another request
    deletes the year after that, the content's own read finds nothing: 404, not a 500, and
    nothing is kept for it."""
    from planner.budget import queries, views

    municipality, staff, draft = staff_and_budget
    db.session.delete(draft)
    db.session.commit()
    _year(db, staff, municipality, 1)
    base = f"/m/{municipality.slug}/budget/2026"
    assert client.get(base).status_code == 200  # the summary is kept now
    read = queries.year_with_hearings
    monkeypatch.setattr(views.queries, "year_with_hearings", lambda municipality_id, year: read(municipality_id, 1900))
    assert client.get(f"{base}?month=2").status_code == 404  # content not kept for this selection: read, gone
    monkeypatch.setattr(views.queries, "year_with_hearings", read)
    assert client.get(f"{base}?month=2").status_code == 200

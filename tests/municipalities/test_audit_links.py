"""The audit log links each entry to its object, if it still exists, with one query for the
whole page however many kinds of object it shows (planner/audit_links.py)."""
from planner import audit
from planner.audit_links import _targets


def _count(client, url):
    response = client.get(url, headers={"Accept-Language": "en"})
    assert response.status_code == 200
    return int(response.headers["X-Query-Count"]), response.get_data(as_text=True)


def test_links_of_every_kind_in_one_query(app, client, auth, db, make_user, make_municipality, make_member):
    from planner.budget import services as budget_services
    from planner.municipalities.models import Membership

    m = make_municipality()
    staff = make_user()
    make_member(staff, m, "staff")
    membership = db.session.query(Membership).filter_by(user_id=staff.id, municipality_id=m.id).one()
    with app.test_request_context(headers={"Accept-Language": "en"}):
        budget = budget_services.create_year(m, staff, 2026, "units")
        line = budget_services.add_line(budget, staff, kind="revenue", fund="administrative", code="1.1",
                                        name="Land tax")
        db.session.flush()
        audit.record(staff, "village.update", m.villages[0], m.id, "one kind")
        db.session.commit()
    auth.as_user(staff)
    one_kind, _page = _count(client, f"/m/{m.slug}/audit")

    with app.test_request_context(headers={"Accept-Language": "en"}):
        for obj in (m, membership, budget, line):
            audit.record(staff, "village.update", obj, m.id)
        for kind in _targets():  # every kind the log links, most with an id that is not there
            entry = audit.record(staff, "village.update", None, m.id)
            entry.object_type, entry.object_id = kind, 987654
        db.session.commit()
    many_kinds, page = _count(client, f"/m/{m.slug}/audit")
    assert many_kinds == one_kind <= 8, (one_kind, many_kinds)
    for address in (f"/m/{m.slug}/villages", f"/m/{m.slug}/", f"/m/{m.slug}/members", f"/m/{m.slug}/budget/2026",
                    f"/m/{m.slug}/budget/2026/lines/{line.id}"):
        assert f'<a href="{address}">' in page, address
    assert "987654" not in page


def test_kept_log_pages_are_keyed_on_municipality_language_and_data(app, client, db, make_user, make_municipality,
                                                                     make_member):
    """A page of the log is kept per data version (audit_texts.kept_rows): another
    municipality's log, another language or a new entry is never served a kept page."""
    m, other = make_municipality(), make_municipality()
    staff, russian = make_user(), make_user(locale="ru")
    for user in (staff, russian):
        make_member(user, m, "staff")
    make_member(staff, other, "staff")
    with app.test_request_context():
        audit.record(staff, "village.update", m.villages[0], m.id, "renamed here")
        audit.record(staff, "village.update", other.villages[0], other.id, "renamed elsewhere")
        db.session.commit()

    def page(user, slug):
        viewer = app.test_client()
        with viewer.session_transaction() as session:
            session["_user_id"], session["_fresh"] = user.get_id(), True
        return viewer.get(f"/m/{slug}/audit").get_data(as_text=True).partition("<tbody>")[2]  # no form token

    first = page(staff, m.slug)
    assert "renamed here" in first and page(staff, m.slug) == first
    assert "renamed elsewhere" in page(staff, other.slug) and "renamed here" not in page(staff, other.slug)
    assert 'data-label="Когда"' in page(russian, m.slug) and 'data-label="When"' in first
    with app.test_request_context():
        audit.record(staff, "village.update", m.villages[0], m.id, "renamed again")
        db.session.commit()
    assert "renamed again" in page(staff, m.slug)

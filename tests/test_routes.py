"""Every route in app.url_map × every kind of visitor has a written-down outcome."""
import importlib
import pkgutil
from pathlib import Path

import pytest

from planner import create_app
from planner.municipalities.models import PENDING

from . import routes as base_routes

ROLES = ("anonymous", "resident", "group_member", "staff", "deputy", "monitor", "trainer", "admin", "other_staff")


def _feature_modules():
    modules = [base_routes]
    root = Path(__file__).parent
    for info in pkgutil.iter_modules([str(root)]):
        if info.ispkg and (root / info.name / "routes.py").exists():
            modules.append(importlib.import_module(f"tests.{info.name}.routes"))
    return modules


def _expected():
    table = {}
    for module in _feature_modules():
        table.update(module.ROUTES)
    return table


EXPECTED = _expected()


def _all_routes():
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    found = []
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, rule.rule))
    return found


ALL_ROUTES = _all_routes()


def test_every_route_has_an_expected_outcome():
    missing = [(e, m, r) for e, m, r in ALL_ROUTES if (e, m) not in EXPECTED]
    assert not missing, f"routes without a written-down outcome in tests/**/routes.py: {missing}"


def test_no_stale_expectations():
    present = {(e, m) for e, m, _ in ALL_ROUTES}
    assert not [k for k in EXPECTED if k not in present]


@pytest.fixture
def world(db, make_user, make_municipality, make_member):
    municipality = make_municipality()
    other = make_municipality()
    users = {"anonymous": None}
    for role in ("resident", "group_member", "staff", "deputy", "monitor"):
        users[role] = make_user()
        make_member(users[role], municipality, role)
    users["trainer"] = make_user(is_trainer=True)
    users["admin"] = make_user(is_admin=True)
    users["other_staff"] = make_user()
    make_member(users["other_staff"], other, "staff")
    pending_user = make_user()
    pending = make_member(pending_user, municipality, "resident", status=PENDING)

    from planner.municipalities import services

    invitation, token = services.create_invitation(municipality, users["staff"], "deputy")
    db.session.commit()
    values = {
        "slug": municipality.slug, "village_id": municipality.villages[0].id,
        "membership_id": pending.id, "invitation_id": invitation.id, "token": token,
        "user_id": pending_user.id, "filename": "planner.css",
    }
    w = {"municipality": municipality, "other": other, "users": users, "values": values}
    for module in _feature_modules():
        hook = getattr(module, "world", None)
        if hook:
            values.update(hook(w) or {})
    db.session.commit()
    return w


def _outcome(response):
    if response.status_code in (301, 302, 303):
        return "login" if "/login" in response.headers["Location"] else "ok"
    if response.status_code < 300:
        return "ok"
    return response.status_code


CASES = [(e, m, role) for e, m, _ in ALL_ROUTES for role in ROLES if (e, m) in EXPECTED]


@pytest.mark.parametrize(("endpoint", "method", "role"), CASES)
def test_route_outcome(app, client, auth, world, endpoint, method, role):
    from flask import url_for

    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    values = {arg: world["values"][arg] for arg in rule.arguments}
    user = world["users"][role]
    if user is not None:
        auth.as_user(user)
    with app.test_request_context():
        url = url_for(endpoint, **values)
    response = client.open(url, method=method, data={})
    response.close()
    row = EXPECTED[(endpoint, method)]
    expected = row.get(role, row["*"])
    assert response.status_code != 500
    assert _outcome(response) == expected, f"{method} {url} as {role}: {response.status_code}"

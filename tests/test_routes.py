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
    table, owners = {}, {}
    for module in _feature_modules():
        table.update(module.ROUTES)
        owners.update(dict.fromkeys(module.ROUTES, module.__name__))
    return table, owners


# OWNER: which routes.py wrote the row down; its world hook's URL values come first for the
# route, so two features may both call a URL variable ``plan_id`` (each its own plan).
EXPECTED, OWNER = _expected()


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
def build_world(db, make_user, make_municipality, make_member):
    """Builds the world: two municipalities, a user per role, and the features' objects."""

    def build():
        return _build(db, make_user, make_municipality, make_member)

    return build


def _build(db, make_user, make_municipality, make_member):
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
    w = {"municipality": municipality, "other": other, "users": users, "values": values, "by_module": {}}
    for module in _feature_modules():
        hook = getattr(module, "world", None)
        if hook:
            own = w["by_module"][module.__name__] = hook(w) or {}
            values.update(own)
    db.session.commit()
    return w


def _outcome(response):
    if response.status_code in (301, 302, 303):
        return "login" if "/login" in response.headers["Location"] else "ok"
    if response.status_code < 300:
        return "ok"
    return response.status_code


def _check(app, world, endpoint, method, role):
    """None if ``role`` gets the written-down outcome, else a line saying what happened."""
    from flask import url_for

    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint and method in r.methods)
    available = {**world["values"], **world["by_module"].get(OWNER[(endpoint, method)], {})}
    values = {arg: available[arg] for arg in rule.arguments}
    client = app.test_client()
    user = world["users"][role]
    if user is not None:
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
    with app.test_request_context():
        url = url_for(endpoint, **values)
    response = client.open(url, method=method, data={})
    response.close()
    row = EXPECTED[(endpoint, method)]
    expected = row.get(role, row["*"])
    got = _outcome(response)
    if response.status_code == 500 or got != expected:
        return f"{method} {url} as {role}: expected {expected}, got {response.status_code}"
    return None


GET_CASES = [(e, m) for e, m, _ in ALL_ROUTES if m == "GET" and (e, m) in EXPECTED]
OTHER_CASES = [(e, m) for e, m, _ in ALL_ROUTES if m != "GET" and (e, m) in EXPECTED]


@pytest.mark.parametrize("role", ROLES)
def test_get_routes(app, build_world, role):
    """GET changes nothing, so one world serves every GET route for a role."""
    world = build_world()
    failures = [f for e, m in GET_CASES if (f := _check(app, world, e, m, role))]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(("endpoint", "method"), OTHER_CASES)
def test_state_changing_route(app, build_world, endpoint, method):
    """Refused roles share one world (a refusal changes nothing); each allowed role gets a fresh one."""
    from .conftest import _wipe

    row = EXPECTED[(endpoint, method)]
    refused = [r for r in ROLES if row.get(r, row["*"]) != "ok"]
    allowed = [r for r in ROLES if r not in refused]
    world = build_world()
    failures = [_check(app, world, endpoint, method, role) for role in refused]
    for i, role in enumerate(allowed):
        if i or refused:
            _wipe()
            world = build_world()
        failures.append(_check(app, world, endpoint, method, role))
    failures = [f for f in failures if f]
    assert not failures, "\n".join(failures)

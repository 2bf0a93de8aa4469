from sqlalchemy import func, select

from planner.auth.models import User
from planner.municipalities.models import Membership, Municipality


def test_demo_loads_once(runner, db):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "staff@example.org" in result.output
    slugs = set(db.session.scalars(select(Municipality.slug)))
    assert {"jashyl-oron", "verindzor"} <= slugs
    kg = db.session.scalar(select(Municipality).where(Municipality.slug == "jashyl-oron"))
    assert kg.currency == "KGS" and len(kg.villages) == 5
    roles = set(db.session.scalars(select(Membership.role).where(Membership.municipality_id == kg.id)))
    assert roles == {"resident", "group_member", "staff", "deputy", "monitor"}
    assert db.session.scalar(select(User).where(User.is_trainer)) is not None
    users = db.session.scalar(select(func.count(User.id)))
    # the council decision's document is written by an after-commit hook, which the command runs
    from pathlib import Path

    from flask import current_app

    from planner.plans.models import CouncilDecision

    stored = db.session.scalars(select(CouncilDecision.document_path).where(CouncilDecision.document_path.is_not(None))).all()
    assert stored and all((Path(current_app.instance_path) / "uploads" / "plans" / name).is_file() for name in stored)

    again = runner.invoke(args=["demo"])
    assert again.exit_code != 0 and "already" in again.output
    assert db.session.scalar(select(func.count(User.id))) == users


def test_demo_logins_work(runner, client, db):
    runner.invoke(args=["demo", "--quiet"])
    from planner.demo import PASSWORD

    response = client.post("/login", data={"email": "staff@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/m/jashyl-oron/members").status_code == 200


def test_create_admin(runner, db):
    result = runner.invoke(args=["create-admin", "--email", "Boss@Example.org", "--name", "Boss",
                                 "--password", "granite meadow violin copper"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "boss@example.org"))
    assert user.is_admin and user.check_password("granite meadow violin copper")


def test_create_admin_refuses_weak_password(runner, db):
    result = runner.invoke(args=["create-admin", "--email", "a@example.org", "--name", "A", "--password", "password"])
    assert result.exit_code != 0
    assert db.session.scalar(select(User)) is None

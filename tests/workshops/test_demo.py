"""The demo's two past workshops: realistic attendance, in Kyrgyz and Armenian, with the
figures the README promises."""
from flask_babel import force_locale

from planner.workshops import stats
from planner.workshops.models import Workshop


def test_demo_workshops(app, runner, db, client, auth):
    result = runner.invoke(args=["demo", "--quiet"])
    assert result.exit_code == 0, result.output
    workshops = db.session.scalars(db.select(Workshop).order_by(Workshop.starts_on)).all()
    assert [w.language for w in workshops] == ["ky", "hy"]
    kg, am = (stats.summarize(w.participants) for w in workshops)
    assert (kg.total, kg.women, kg.municipalities) == (26, 12, 5)
    assert sum(len(p.attendance) for p in workshops[0].participants) == 26 + 23
    assert (am.registered, am.total, am.women, am.municipalities) == (14, 13, 8, 3)
    assert all(len(w.materials) == 1 for w in workshops)
    with app.test_request_context(), force_locale("ky"):
        assert stats.sentence(kg) == "26 катышуучу, анын ичинде 12 аял, 5 айыл аймактан"
    with app.test_request_context(), force_locale("hy"):
        assert stats.sentence(am) == "13 մասնակից, այդ թվում 8 կին, 3 համայնքից"

    from planner.auth.models import User

    trainer = db.session.scalars(db.select(User).where(User.email == "trainer@example.org")).one()
    auth.as_user(trainer)
    page = client.get("/workshops").get_data(as_text=True)
    assert all(w.title in page for w in workshops)
    page = client.get("/workshops/statistics").get_data(as_text=True)
    assert "39 катышуучу, анын ичинде 20 аял, 8 айыл аймактан" in page  # the trainer reads Kyrgyz
    for w in workshops:
        assert client.get(f"/workshops/{w.id}/certificates").status_code == 200
        assert client.get(f"/workshops/{w.id}/sign-in-sheet").status_code == 200


def test_demo_evaluations_live_vote_and_practice_municipality(app, runner, db, client, auth):
    from planner.auth.models import User
    from planner.workshops import exercises
    from planner.workshops.models import PracticeMunicipality

    assert runner.invoke(args=["demo", "--quiet"]).exit_code == 0
    kg, am = db.session.scalars(db.select(Workshop).order_by(Workshop.starts_on)).all()
    assert [exercises.evaluation_results(w, exercises.evaluation_of(w)).answers for w in (kg, am)] == [22, 12]
    item = db.session.scalars(db.select(PracticeMunicipality)).one()
    assert item.workshop_id == kg.id and item.municipality.is_sandbox and len(item.accounts) == 5
    assert item.slug not in client.get("/").get_data(as_text=True)
    trainer = db.session.scalars(db.select(User).where(User.email == "trainer@example.org")).one()
    auth.as_user(trainer)
    assert client.get(f"/m/{item.slug}/").status_code == 200
    compared = client.get("/workshops/evaluations").get_data(as_text=True)
    assert kg.title in compared and am.title in compared

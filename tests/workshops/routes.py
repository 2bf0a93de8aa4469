"""Expected outcomes of the workshops routes (see tests/routes.py), and the objects they need.

The world's workshop belongs to the world's trainer; "other_staff" stands for anyone else."""
ANON_LOGIN = {"anonymous": "login"}
SIGNED_IN = {"*": "ok", **ANON_LOGIN}
TRAINERS = {"*": 403, "trainer": "ok", "admin": "ok", **ANON_LOGIN}  # trainers and administrators
OWNER = TRAINERS  # the workshop's own trainer (the world's) and administrators

ROUTES = {
    ("workshops.index", "GET"): SIGNED_IN,
    ("workshops.new", "GET"): TRAINERS,
    ("workshops.new", "POST"): TRAINERS,  # an empty form is shown again with its errors
    ("workshops.detail", "GET"): SIGNED_IN,
    ("workshops.edit", "GET"): OWNER,
    ("workshops.edit", "POST"): OWNER,
    ("workshops.delete", "POST"): OWNER,
    ("workshops.material_add", "POST"): OWNER,
    ("workshops.material", "GET"): SIGNED_IN,
    ("workshops.material_remove", "POST"): OWNER,
    ("workshops.register", "GET"): SIGNED_IN,
    ("workshops.register", "POST"): SIGNED_IN,
    ("workshops.participants", "GET"): OWNER,
    ("workshops.participants", "POST"): OWNER,
    ("workshops.sheet_entry", "GET"): OWNER,
    ("workshops.sheet_entry", "POST"): OWNER,
    ("workshops.participant_remove", "POST"): OWNER,
    ("workshops.sign_in_sheet", "GET"): OWNER,
    ("workshops.certificate", "GET"): OWNER,
    ("workshops.certificates", "GET"): OWNER,
    ("workshops.statistics", "GET"): OWNER,
    ("workshops.overview", "GET"): TRAINERS,
    # practice municipalities, live exercises, the evaluation: the workshop's own trainer
    ("workshops.practice_list", "GET"): OWNER,
    ("workshops.practice_list", "POST"): OWNER,  # an empty form is shown again with its errors
    ("workshops.practice_cards", "GET"): OWNER,
    ("workshops.practice_reset", "POST"): OWNER,
    ("workshops.practice_delete", "POST"): OWNER,
    ("workshops.exercise_list", "GET"): OWNER,
    ("workshops.exercise_list", "POST"): OWNER,
    ("workshops.projector", "GET"): OWNER,
    ("workshops.exercise_toggle", "POST"): OWNER,
    ("workshops.evaluation", "GET"): OWNER,
    ("workshops.evaluation", "POST"): OWNER,
    ("workshops.evaluations", "GET"): TRAINERS,
    # participants join from their phones without an account
    ("live.join", "GET"): {"*": "ok"},
    ("live.join", "POST"): {"*": "ok"},
    ("live.exercise", "GET"): {"*": "ok"},
    ("live.exercise", "POST"): {"*": "ok"},
}


def world(w):
    """A workshop of the world's trainer in the world's municipality, with a PDF material
    and a participant who attended its first day."""
    from datetime import date

    from flask import current_app

    from planner.extensions import db
    from planner.workshops import services
    from planner.workshops.models import Attendance, Participant

    from .conftest import pdf_bytes

    trainer = w["users"]["trainer"]
    current_app.config["WORKSHOPS_UPLOAD_DIR"] = current_app.config.get("WORKSHOPS_UPLOAD_DIR") or _tmp_dir()
    workshop = services.create_workshop(trainer, title="Training", topics=["jap"], starts_on=date(2026, 3, 2),
                                        ends_on=date(2026, 3, 3), place="Gülchö", region="Osh", language="ky",
                                        agenda="", municipality_ids=[w["municipality"].id])
    material = services.add_material(workshop, trainer, "handout.pdf", pdf_bytes(),
                                     upload_dir=current_app.config["WORKSHOPS_UPLOAD_DIR"])
    participant = Participant(workshop=workshop, name="Aida", sex="f", age_band="30-44", role="staff",
                              municipality_id=w["municipality"].id, locale="ky",
                              attendance=[Attendance(day=date(2026, 3, 2))])
    db.session.add(participant)
    db.session.flush()
    return {"workshop_id": workshop.id, "material_id": material.id, "participant_id": participant.id, "kind": "csv",
            **_practice_world(workshop, trainer)}


def _practice_world(workshop, trainer):
    """A practice municipality (a bare sandbox, not the whole template: the world is built
    many times) with one practice account, and an open poll."""
    import secrets
    from datetime import timedelta

    from planner.auth.models import User
    from planner.extensions import db
    from planner.models import utcnow
    from planner.municipalities.models import Municipality
    from planner.workshops import exercises
    from planner.workshops.models import PracticeAccount, PracticeMunicipality

    slug = f"practice-{secrets.token_hex(4)}"
    sandbox = Municipality(slug=slug, name="Practice", country="KG", currency="KGS", default_locale="ky",
                           is_sandbox=True)
    user = User(email=f"{slug}-1@practice.invalid", name="Aida", locale="ky", password_hash="x")
    practice = PracticeMunicipality(workshop=workshop, municipality=sandbox, slug=slug, language="ky",
                                    expires_at=utcnow() + timedelta(days=3),
                                    accounts=[PracticeAccount(user=user, position=1, role="resident", salt="s")])
    db.session.add(practice)
    poll = exercises.open_exercise(workshop, trainer, kind="poll", question="Which first?", options="Water\nRoads")
    db.session.flush()
    return {"practice_id": practice.id, "exercise_id": poll.id, "code": poll.code}


def _tmp_dir():
    import tempfile

    return tempfile.mkdtemp(prefix="planner-workshops-")

"""Expected outcomes of the plan routes (see tests/test_routes.py).

The world has a plan in public discussion (``plan_id``) with one section, one activity and
one open proposal; a submitted plan (``plan2_id``) is not needed: stage-bound routes that
do not fit the plan's stage answer 403 to everyone."""
ANON_LOGIN = {"anonymous": "login"}
PUBLIC = {"*": "ok"}
DRAFTERS = {"*": 403, "group_member": "ok", "staff": "ok", "admin": "ok", **ANON_LOGIN}
STAFF = {"*": 403, "staff": "ok", "admin": "ok", **ANON_LOGIN}
MEMBERS = {"*": 403, "trainer": 403, "other_staff": 403, "resident": "ok", "group_member": "ok", "staff": "ok",
           "deputy": "ok", "monitor": "ok", "admin": "ok", **ANON_LOGIN}
NOBODY = {"*": 403, **ANON_LOGIN}

ROUTES = {
    ("plans.index", "GET"): PUBLIC,
    ("plans.create", "GET"): DRAFTERS,
    ("plans.create", "POST"): DRAFTERS,
    ("plans.detail", "GET"): PUBLIC,
    ("plans.edit", "GET"): DRAFTERS,
    ("plans.edit", "POST"): DRAFTERS,
    ("plans.section_add", "POST"): DRAFTERS,
    ("plans.section_edit", "GET"): DRAFTERS,
    ("plans.section_edit", "POST"): DRAFTERS,
    ("plans.section_move", "POST"): DRAFTERS,
    # the world's plan is in public discussion: "submit" is the move it allows (staff only)
    ("plans.stage", "POST"): STAFF,
    ("plans.stage", "GET"): STAFF,  # the confirm step of "submit"
    ("plans.amend", "GET"): NOBODY,
    ("plans.amend", "POST"): NOBODY,
    ("plans.history", "GET"): PUBLIC,
    ("plans.version", "GET"): PUBLIC,
    ("plans.compare_versions", "GET"): PUBLIC,
    ("plans.activity_new", "GET"): DRAFTERS,
    ("plans.activity_new", "POST"): DRAFTERS,
    ("plans.activity", "GET"): PUBLIC,
    ("plans.activity_edit", "GET"): DRAFTERS,
    ("plans.activity_edit", "POST"): DRAFTERS,
    ("plans.activity_move", "POST"): DRAFTERS,
    ("plans.activity_delete", "POST"): DRAFTERS,
    ("plans.comment_add", "POST"): MEMBERS,
    ("plans.proposal_new", "GET"): MEMBERS,
    ("plans.proposal_new", "POST"): MEMBERS,
    ("plans.proposals", "GET"): PUBLIC,
    ("plans.proposal_answer", "POST"): DRAFTERS,
    ("plans.print_view", "GET"): PUBLIC,
    ("plans.export_csv", "GET"): PUBLIC,
    ("plans.export_xlsx", "GET"): PUBLIC,
    ("plans.chart", "GET"): PUBLIC,
    ("plans.groups", "GET"): PUBLIC,
    ("plans.groups", "POST"): DRAFTERS,
    ("plans.group_edit", "GET"): DRAFTERS,
    ("plans.group_edit", "POST"): DRAFTERS,
    ("plans.group_member_add", "POST"): DRAFTERS,
    ("plans.group_member_remove", "POST"): DRAFTERS,
    ("plans.hearing_new", "GET"): DRAFTERS,
    ("plans.hearing_new", "POST"): DRAFTERS,
    ("plans.review_add", "POST"): NOBODY,
    ("plans.decision", "GET"): NOBODY,
    ("plans.decision", "POST"): NOBODY,
    ("plans.decision_document", "GET"): PUBLIC,
}


def world(w):
    from datetime import date

    from planner.extensions import db
    from planner.plans import services

    municipality, users = w["municipality"], w["users"]
    staff = users["staff"]
    plan = services.create_plan(municipality, staff, kind="jap", title="План", year_from=2026, year_to=2026)
    section = services.add_section(plan, staff, "Суу")
    db.session.flush()
    activity = services.add_activity(section, staff, {"description": "Суу түтүгү", "fund_local": 1000})
    group = services.save_group(plan, staff, name="Топ", gathering_date=None, gathering_place="", gathering_note="",
                                sections=[])
    member = services.add_group_member(group, staff, name="Айгүл", role="", sex="f")
    services.open_discussion(plan, staff)
    services.record_hearing(plan, staff, held_on=date(2026, 1, 10), place="Клуб", women=10, men=8)
    proposal = services.add_proposal(plan, users["resident"], kind="change", text="Түтүктү узартуу", reason="",
                                     activity=activity)
    # a (returned) decision with a document, added directly: the route only reads it
    db.session.flush()
    from planner.plans.models import CouncilDecision

    import tempfile
    from pathlib import Path

    from flask import current_app

    uploads = tempfile.mkdtemp(prefix="plans-uploads-")
    current_app.config["PLANS_UPLOAD_DIR"] = uploads
    Path(uploads, "decision.pdf").write_bytes(b"%PDF-1.4 test")
    decision = CouncilDecision(plan_id=plan.id, version_id=services.latest_version(plan).id,
                               session_date=date(2026, 1, 20), number="1", outcome="returned", remarks="x",
                               document_path="decision.pdf", document_type="application/pdf", document_name="d.pdf", document_size=13)
    db.session.add(decision)
    db.session.flush()
    return {"plan_id": plan.id, "plan_section_id": section.id, "activity_id": activity.id, "igroup_id": group.id,
            "igroup_member_id": member.id, "version_number": 1, "proposal_id": proposal.id, "stage_action": "submit",
            "council_decision_id": decision.id}

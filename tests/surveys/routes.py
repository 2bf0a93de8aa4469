"""Expected outcome of every surveys/meetings/problems route for every kind of visitor."""
from datetime import date, timedelta

ANON_LOGIN = {"anonymous": "login"}
PUBLIC = {"*": "ok"}
DRAFTERS = {"*": 403, "group_member": "ok", "staff": "ok", "admin": "ok", **ANON_LOGIN}
STAFF = {"*": 403, "staff": "ok", "admin": "ok", **ANON_LOGIN}
MEMBERS = {"*": "ok", "trainer": 403, "other_staff": 403, **ANON_LOGIN}
PROPOSERS = {"*": 403, "resident": "ok", "group_member": "ok", "staff": "ok", "admin": "ok", **ANON_LOGIN}

ROUTES = {
    ("surveys.index", "GET"): PUBLIC,
    ("surveys.create", "GET"): DRAFTERS,
    ("surveys.create", "POST"): DRAFTERS,
    ("surveys.edit", "GET"): DRAFTERS,
    ("surveys.edit", "POST"): DRAFTERS,
    ("surveys.publish", "POST"): DRAFTERS,
    ("surveys.manage", "GET"): DRAFTERS,
    ("surveys.manage", "POST"): DRAFTERS,
    ("surveys.section_delete", "POST"): DRAFTERS,
    ("surveys.question_new", "GET"): DRAFTERS,
    ("surveys.question_new", "POST"): DRAFTERS,
    ("surveys.question_edit", "GET"): DRAFTERS,
    ("surveys.question_edit", "POST"): DRAFTERS,
    ("surveys.question_delete", "POST"): DRAFTERS,
    ("surveys.question_move", "POST"): DRAFTERS,
    # An open survey for anyone with the link; an empty form is refused with the reasons.
    ("surveys.answer", "GET"): PUBLIC,
    ("surveys.answer", "POST"): {"*": 422},
    ("surveys.thanks", "GET"): PUBLIC,
    ("surveys.paper", "GET"): STAFF,
    ("surveys.paper", "POST"): {**STAFF, "staff": 422, "admin": 422},
    ("surveys.print_form", "GET"): PUBLIC,
    ("surveys.results_page", "GET"): MEMBERS,
    ("surveys.texts", "GET"): MEMBERS,
    ("surveys.export_csv", "GET"): DRAFTERS,
    ("surveys.export_xlsx", "GET"): DRAFTERS,
    ("meetings.index", "GET"): PUBLIC,
    ("meetings.detail", "GET"): PUBLIC,
    ("meetings.new", "GET"): DRAFTERS,
    ("meetings.new", "POST"): DRAFTERS,
    ("meetings.edit", "GET"): DRAFTERS,
    ("meetings.edit", "POST"): DRAFTERS,
    ("meetings.delete", "POST"): DRAFTERS,
    # An empty upload is refused with a message next to the field.
    ("meetings.photo_add", "POST"): {**DRAFTERS, "group_member": 422, "staff": 422, "admin": 422},
    ("meetings.photo", "GET"): PUBLIC,
    ("meetings.photo_delete", "POST"): DRAFTERS,
    ("problems.index", "GET"): PUBLIC,
    ("problems.new", "GET"): DRAFTERS,
    ("problems.new", "POST"): DRAFTERS,
    ("problems.edit", "GET"): DRAFTERS,
    ("problems.edit", "POST"): DRAFTERS,
    ("problems.merge", "POST"): DRAFTERS,
    ("problems.vote", "POST"): DRAFTERS,
    ("problems.propose", "GET"): PROPOSERS,
    ("problems.propose", "POST"): PROPOSERS,
    ("problems.review_list", "GET"): DRAFTERS,
    ("problems.review", "POST"): DRAFTERS,
}

def _png():
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (1, 1), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


PNG_1PX = _png()


def world(w):
    from planner.extensions import db
    from planner.surveys import meetings, problems, services

    municipality = w["municipality"]
    staff = w["users"]["staff"]
    survey = services.create_survey(
        municipality, staff, title="Needs", intro="", opens_on=date.today() - timedelta(days=1),
        closes_on=date.today() + timedelta(days=10), access="link", paging="one", asks_profile=True,
        is_public_results=False)
    section = services.add_section(survey, staff, "Water")
    question = services.add_question(survey, staff, "single", choices=["Yes", "No"], text="Do you have water?",
                                     is_required=True, section_id=section.id)
    meeting = meetings.create_meeting(municipality, staff, {("f", "18-29"): 3}, kind="gathering",
                                      held_on=date.today(), village_id=None, place="School", target_group="everyone",
                                      deputies_present=1, minutes="")
    photo = meetings.add_photo(meeting, staff, PNG_1PX, "hall")
    problem = problems.add_problem(municipality, staff, text="No water", village_id=None, sector="water",
                                   source_kind="meeting", meeting_id=meeting.id, survey_id=None, times_raised=2)
    problems.add_problem(municipality, staff, text="Road", village_id=None, sector="roads", source_kind="other",
                         meeting_id=None, survey_id=None, times_raised=1)
    pending = problems.propose_problem(municipality, w["users"]["resident"], "The bridge is broken")
    db.session.flush()
    return {"survey_id": survey.id, "section_id": section.id, "question_id": question.id, "meeting_id": meeting.id,
            "photo_id": photo.id, "problem_id": problem.id}

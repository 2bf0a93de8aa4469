"""Who builds, answers, reads and exports questionnaires, and who keeps meetings and the
problem register (planner/surveys)."""
from .common import ModelsOf, can_draft, is_admin, is_member, is_staff, is_verified_resident, municipality_id_of

_surveys = ModelsOf("surveys")


def can_manage_surveys(user, municipality) -> bool:
    """Build questionnaires, read every result, export (group members and staff)."""
    return is_admin(user) or can_draft(user, municipality_id_of(municipality))


def can_answer_survey(user, survey) -> bool:
    """Open to anyone with the link, or to the municipality's verified residents only.
    (Whether the survey is open today is the service's business: it explains why not.)"""
    if survey.access == _surveys.ACCESS_LINK:
        return True
    return is_verified_resident(user, survey.municipality_id)


def can_enter_paper(user, survey_or_ballot) -> bool:
    """Staff type in paper questionnaires (surveys) and paper protocols (ballots)."""
    return is_admin(user) or is_staff(user, survey_or_ballot.municipality_id)


def can_read_survey_results(user, survey) -> bool:
    return survey.is_public_results or is_member(user, survey.municipality_id)


def can_export_survey(user, survey) -> bool:
    return can_manage_surveys(user, survey.municipality_id)


def can_manage_meetings(user, municipality) -> bool:
    return is_admin(user) or can_draft(user, municipality_id_of(municipality))


def can_manage_problems(user, municipality) -> bool:
    """Edit the register, merge duplicates, review residents' problems, mark for the vote."""
    return is_admin(user) or can_draft(user, municipality_id_of(municipality))


def can_propose_problem(user, municipality) -> bool:
    """Verified residents (and the group) add problems; residents' go to review first."""
    return (is_verified_resident(user, municipality_id_of(municipality))
            or can_manage_problems(user, municipality))

"""The kinds of notification, how each can be delivered, and what each says.

An event kind (``Notification.kind``) belongs to a preference kind (what an account chooses
on its preferences page): a survey or a ballot opened are one choice, "opened"; closing within
48 hours, "closing"; an answer to a proposal or to a problem, "answered"."""
from flask_babel import format_date

from ..i18n import lazy_gettext as _l

# event kind -> preference kind
PREFERENCE_OF = {
    "survey_opened": "opened", "ballot_opened": "opened",
    "survey_closing": "closing", "ballot_closing": "closing",
    "plan_discussion": "plan_discussion", "plan_submitted": "plan_submitted",
    "plan_approved": "plan_approved", "plan_amended": "plan_amended",
    "proposal_answered": "answered", "problem_answered": "answered",
    "report_approved": "report_approved",
    "meeting_announced": "meeting", "hearing_announced": "meeting",
    "workshop_soon": "workshop",
}
NOTIFICATION_KINDS = tuple(PREFERENCE_OF)
PREFERENCE_LABELS = {
    "opened": _l("A survey or a ballot opened"),
    "closing": _l("A survey or a ballot closes within 48 hours"),
    "plan_discussion": _l("A plan is open for public discussion"),
    "plan_submitted": _l("A plan was submitted to the council"),
    "plan_approved": _l("A plan was approved by the council"),
    "plan_amended": _l("An amendment to a plan was approved"),
    "answered": _l("My proposal or problem was answered"),
    "report_approved": _l("A monitoring report was approved"),
    "meeting": _l("A meeting or a public hearing was announced"),
    "workshop": _l("A workshop I registered for starts soon"),
}
PREFERENCE_KINDS = tuple(PREFERENCE_LABELS)

EMAIL, DIGEST, APP, OFF = "email", "digest", "app", "off"
DELIVERIES = (EMAIL, DIGEST, APP, OFF)
DELIVERY_LABELS = {
    EMAIL: _l("By e-mail at once"),
    DIGEST: _l("In a daily e-mail digest"),
    APP: _l("Only here, in the list"),
    OFF: _l("Not at all"),
}
# What an account gets before it chooses: its own answers and its workshops at once, news
# from what it follows once a day.
DEFAULTS = {kind: DIGEST for kind in PREFERENCE_KINDS} | {"answered": EMAIL, "workshop": EMAIL, "closing": EMAIL}

_ANSWERS = {
    ("proposal_answered", "accepted"): _l("Your proposal was accepted."),
    ("proposal_answered", "merged"): _l("Your proposal was merged into an activity of the plan."),
    ("proposal_answered", "declined"): _l("Your proposal was declined."),
    ("problem_answered", "accepted"): _l("Your problem was added to the register."),
    ("problem_answered", "rejected"): _l("Your problem was not added to the register."),
}


_EVENTS = {
    "survey_opened": _l("Survey opened: %(title)s"),
    "ballot_opened": _l("Voting opened: %(title)s"),
    "survey_closing": _l("The survey closes on %(date)s: %(title)s"),
    "ballot_closing": _l("Voting closes on %(date)s: %(title)s"),
    "plan_discussion": _l("Plan open for public discussion: %(title)s"),
    "plan_submitted": _l("Plan submitted to the council: %(title)s"),
    "plan_approved": _l("Plan approved by the council: %(title)s"),
    "plan_amended": _l("Amendment approved by the council: %(title)s"),
    "report_approved": _l("Monitoring report approved: %(title)s"),
    "meeting_announced": _l("Meeting on %(date)s: %(title)s"),
    "hearing_announced": _l("Public hearing on %(date)s: %(title)s"),
    "workshop_soon": _l("Your workshop starts on %(date)s: %(title)s"),
}


def text(kind: str, status: str = "", title: str = "", on=None) -> str:
    """What a notification says, in the current language (its title is the object's own)."""
    if (kind, status) in _ANSWERS:
        return str(_ANSWERS[(kind, status)])
    if kind not in _EVENTS:
        raise ValueError(f"unknown notification kind {kind!r}")
    return str(_EVENTS[kind]) % {"title": title, "date": format_date(on, "medium") if on is not None else ""}

"""The audit log in words: a translated sentence for each action, the detail in the
reader's language (codes such as a meeting kind, a role or "v3" become words or are left
out), a link to the object while it exists, and the time in the municipality's zone.

The services keep writing short keys (``meeting.create``) and raw details: the log stays a
record of what happened; this module only reads it."""
import re
from dataclasses import dataclass
from datetime import date, timezone

from flask import g
from flask_babel import format_date, ngettext
from markupsafe import Markup, escape

from .i18n import date_text, datetime_text
from .i18n import gettext as _
from .i18n import lazy_gettext as _l

TEXT = "text"  # the detail is words someone typed (a title, a name, an answer): shown as it is


def _meeting(detail):
    """``"gathering 2026-03-04"`` → "Village gathering, 4 Mar 2026"."""
    from .surveys.forms import MEETING_KIND_LABELS

    kind, _sep, day = detail.partition(" ")
    label = MEETING_KIND_LABELS.get(kind)
    return ", ".join(x for x in (str(label) if label else "", _day(day)) if x)


def _day(text):
    try:
        return format_date(date.fromisoformat(text.strip()), "medium")
    except ValueError:
        return ""


def _role(detail):
    from .municipalities.forms import ROLE_LABELS

    role, _sep, rest = detail.partition(" ")
    label = ROLE_LABELS.get(role)
    return " — ".join(x for x in (str(label) if label else "", rest.strip()) if x)


def _member_removed(detail):
    """``"someone@example.org staff"`` → "someone@example.org — Municipal staff"."""
    from .municipalities.forms import ROLE_LABELS

    email, _sep, role = detail.rpartition(" ")
    label = ROLE_LABELS.get(role)
    return f"{email} — {label}" if email and label else detail


def _version(detail):
    match = re.match(r"v(\d+)", detail)
    return _("Version %(number)s", number=match.group(1)) if match else ""


def _decision(detail):
    return _("Decision No. %(number)s", number=detail) if detail else ""


def _direction(detail):
    return {"up": _("one place up"), "down": _("one place down")}.get(detail, detail)


def _proposal_kind(detail):
    return {"change": _("a change to an activity"), "new": _("a new activity")}.get(detail, "")


def _answer(detail):
    return {"accepted": _("accepted"), "declined": _("declined"), "rejected": _("declined")}.get(detail, "")


def _problem_review(detail):
    from .surveys.forms import PROBLEM_STATUS_LABELS

    label = PROBLEM_STATUS_LABELS.get(detail)
    return str(label) if label else ""


def _count(detail):
    return ngettext("%(num)s item", "%(num)s items", int(detail), num=int(detail)) if detail.isdecimal() else ""


def _people(detail):
    return ngettext("%(num)s person", "%(num)s people", int(detail), num=int(detail)) if detail.isdecimal() else ""


def _tally(detail):
    """``"Ак-Суу v2: 120/115/5"`` → "Ак-Суу: issued 120, valid 115, invalid 5"."""
    match = re.match(r"(.*) v\d+(?:: (\d+)/(\d+)/(\d+))?$", detail)
    if not match:
        return detail
    village, issued, valid, invalid = match.groups()
    if issued is None:
        return village
    return _("%(village)s: ballots issued %(issued)s, valid %(valid)s, invalid %(invalid)s",
             village=village, issued=issued, valid=valid, invalid=invalid)


def _period(detail):
    """A report's period at the end of the detail (``"activity 5, 2026 Q1"``), in words."""
    from .i18n import period_text

    match = re.search(r"(\d{4}) Q(\d)|(\d{4})-(\d{2})", detail)
    if not match:
        return ""
    if match.group(1):
        return period_text("quarter", int(match.group(1)), int(match.group(2)))
    return period_text("month", int(match.group(3)), int(match.group(4)))


def _year(detail):
    return detail.split(":")[0] if detail[:4].isdecimal() else ""


def _before_colon(detail):
    return detail.split(":")[0]


ACTIONS = {
    # accounts
    "user.register": (_l("Registered an account"), None),
    "user.update": (_l("Changed the account settings"), None),
    "user.password": (_l("Changed the password"), None),
    "user.password_reset_requested": (_l("Asked to reset the password"), None),
    "user.password_reset": (_l("Reset the password"), None),
    "user.email_confirmed": (_l("Confirmed the e-mail address"), TEXT),
    "user.email_changed": (_l("Changed the e-mail address"), None),
    "user.confirmation_resent": (_l("Asked for the confirmation e-mail again"), None),
    "user.admin": (_l("Made a platform administrator"), TEXT),
    "user.trainer": (_l("Made a trainer"), TEXT),
    "user.untrainer": (_l("Took away the trainer role"), TEXT),
    # municipalities
    "municipality.create": (_l("Created the municipality"), TEXT),
    "municipality.update": (_l("Edited the municipality"), TEXT),
    "village.create": (_l("Added a village"), TEXT),
    "village.update": (_l("Edited a village"), TEXT),
    "membership.request": (_l("Asked to be registered as a resident"), TEXT),
    "membership.verify": (_l("Verified a member"), TEXT),
    "membership.remove": (_l("Removed a member"), _member_removed),
    "membership.listed_resident": (_l("Added a resident from the paper voters' list"), TEXT),
    "membership.same_as_listed": (_l("Verified an account as a resident already on the list"), TEXT),
    "invitation.create": (_l("Made an invitation"), _role),
    "invitation.accept": (_l("Accepted an invitation"), _role),
    "invitation.revoke": (_l("Revoked an invitation"), _role),
    # plans
    "plan.create": (_l("Created a plan"), TEXT),
    "plan.update": (_l("Edited a plan"), TEXT),
    "plan.section_add": (_l("Added a plan section"), TEXT),
    "plan.section_update": (_l("Edited a plan section"), TEXT),
    "plan.section_move": (_l("Moved a plan section"), _direction),
    "plan.draft": (_l("Started a new draft of the plan"), TEXT),
    "plan.discussion": (_l("Opened the public discussion of the plan"), TEXT),
    "plan.submitted": (_l("Submitted the plan to the local council"), TEXT),
    "plan.approved": (_l("Recorded the plan as approved"), TEXT),
    "plan.implementation": (_l("Started the implementation of the plan"), TEXT),
    "plan.completed": (_l("Marked the plan as completed"), TEXT),
    "plan.freeze": (_l("Froze a version of the plan"), _version),
    "plan.hearing": (_l("Recorded the public hearing"), TEXT),
    "plan.decision_approved": (_l("Recorded the council decision: approved"), _decision),
    "plan.decision_returned": (_l("Recorded the council decision: returned with remarks"), _decision),
    "activity.create": (_l("Added an activity"), TEXT),
    "activity.update": (_l("Edited an activity"), None),
    "activity.move": (_l("Moved an activity"), _direction),
    "activity.delete": (_l("Deleted an activity"), TEXT),
    "activity.comment": (_l("Commented on an activity"), None),
    "activity.review": (_l("Wrote a deputy's review comment"), None),
    "group.save": (_l("Saved an initiative group"), TEXT),
    "group.member_add": (_l("Added a member to an initiative group"), TEXT),
    "group.member_remove": (_l("Removed a member from an initiative group"), TEXT),
    "proposal.create": (_l("Sent a proposal"), _proposal_kind),
    "proposal.accepted": (_l("Accepted a proposal"), TEXT),
    "proposal.declined": (_l("Declined a proposal"), TEXT),
    "proposal.merged": (_l("Merged a proposal into an activity"), TEXT),
    "support.add": (_l("Supported a proposal or problem"), None),
    "support.withdraw": (_l("Withdrew a support"), None),
    # surveys, meetings, problems, ballots
    "survey.create": (_l("Created a survey"), TEXT),
    "survey.update": (_l("Edited a survey"), TEXT),
    "survey.publish": (_l("Published a survey"), TEXT),
    "survey.section_add": (_l("Added a survey section"), TEXT),
    "survey.section_update": (_l("Edited a survey section"), TEXT),
    "survey.section_delete": (_l("Deleted a survey section"), TEXT),
    "survey.question_add": (_l("Added a question"), TEXT),
    "survey.question_update": (_l("Edited a question"), TEXT),
    "survey.question_delete": (_l("Deleted a question"), TEXT),
    "survey.question_move": (_l("Moved a question"), TEXT),
    "survey.answer": (_l("Answered a survey"), None),
    "survey.paper_entry": (_l("Entered a paper questionnaire"), TEXT),
    "meeting.create": (_l("Recorded a meeting"), _meeting),
    "meeting.update": (_l("Edited a meeting"), _meeting),
    "meeting.delete": (_l("Deleted a meeting"), _meeting),
    "meeting.photo_add": (_l("Added a photo to a meeting"), TEXT),
    "meeting.photo_delete": (_l("Deleted a photo of a meeting"), TEXT),
    "problem.create": (_l("Added a problem to the register"), TEXT),
    "problem.update": (_l("Edited a problem"), TEXT),
    "problem.propose": (_l("Proposed a problem"), TEXT),
    "problem.review": (_l("Reviewed a proposed problem"), _problem_review),
    "problem.merge": (_l("Merged a duplicate problem"), None),
    "problem.vote_mark": (_l("Put a problem to the priority vote"), TEXT),
    "problem.vote_unmark": (_l("Took a problem off the priority vote"), TEXT),
    "ballot.create": (_l("Created a ballot"), TEXT),
    "ballot.update": (_l("Edited a ballot"), TEXT),
    "ballot.vote": (_l("Voted"), None),
    "ballot.vote_change": (_l("Changed their vote"), None),
    "ballot.paper_voter": (_l("Marked a paper voter"), TEXT),
    "ballot.tally_enter": (_l("Entered a paper protocol"), _tally),
    "ballot.tally_correct": (_l("Corrected a paper protocol"), _tally),
    "ballot.tally_confirm": (_l("Confirmed a paper protocol"), _tally),
    "ballot.priorities": (_l("Made the priority list"), _count),
    # monitoring
    "monitoring_group.create": (_l("Created a monitoring group"), TEXT),
    "monitoring_group.update": (_l("Edited a monitoring group"), TEXT),
    "monitoring_group.add_member": (_l("Added a member to a monitoring group"), TEXT),
    "monitoring_group.update_member": (_l("Edited a member of a monitoring group"), TEXT),
    "monitoring_group.remove_member": (_l("Removed a member from a monitoring group"), TEXT),
    "monitoring_plan.add": (_l("Added an activity to the monitoring plan"), _year),
    "monitoring_plan.remove": (_l("Removed an activity from the monitoring plan"), None),
    "monitoring_report.create": (_l("Filed a monitoring report"), _period),
    "monitoring_report.update": (_l("Edited a monitoring report"), _period),
    "monitoring_report.add_photo": (_l("Added a photo to a monitoring report"), None),
    "monitoring_report.remove_photo": (_l("Removed a photo from a monitoring report"), None),
    "monitoring_report.approve": (_l("Approved a monitoring report"), _period),
    "monitoring_report.return": (_l("Returned a monitoring report for corrections"), TEXT),
    "monitoring_spending.import": (_l("Imported spending"), None),
    # community budget
    "budget.create": (_l("Created a budget year"), TEXT),
    "budget.scale": (_l("Changed how budget amounts are shown"), None),
    "budget.adopt": (_l("Recorded the budget as adopted"), TEXT),
    "budget.line_add": (_l("Added a budget line"), TEXT),
    "budget.line_edit": (_l("Edited a budget line"), TEXT),
    "budget.line_delete": (_l("Deleted a budget line"), TEXT),
    "budget.months": (_l("Entered monthly budget figures"), TEXT),
    "budget.revise": (_l("Revised a budget line"), _before_colon),
    "budget.import": (_l("Imported a month of budget execution"), None),
    "budget.link": (_l("Linked a budget line to plan activities"), _before_colon),
    "budget.hearing": (_l("Recorded a budget hearing"), _day),
    "budget.hearing_edit": (_l("Edited a budget hearing"), None),
    "budget.hearing_publish": (_l("Published a budget hearing"), None),
    "budget.proposal": (_l("Recorded a proposal at a budget hearing"), None),
    "budget.answer": (_l("Answered a budget hearing proposal"), _answer),
    # participatory budgeting
    "pb.create": (_l("Created a budgeting ballot"), TEXT),
    "pb.update": (_l("Edited a budgeting ballot"), TEXT),
    "pb.project_add": (_l("Added a project"), TEXT),
    "pb.project_remove": (_l("Removed a project"), TEXT),
    "pb.import": (_l("Imported a budgeting ballot from a .pb file"), TEXT),
    "pb.vote": (_l("Voted on a budgeting ballot"), None),
    "pb.vote_change": (_l("Changed their vote on a budgeting ballot"), None),
    "pb.paper_voter": (_l("Marked a paper voter on a budgeting ballot"), TEXT),
    "pb.batch_open": (_l("Opened a batch of paper budgeting ballots"), TEXT),
    "pb.batch_figures": (_l("Entered the figures of a batch of paper budgeting ballots"), None),
    "pb.paper_enter": (_l("Entered a paper budgeting ballot"), None),
    "pb.paper_remove": (_l("Removed a paper budgeting ballot"), TEXT),
    "pb.batch_confirm": (_l("Confirmed a batch of paper budgeting ballots"), _before_colon),
    "pb.batch_reopen": (_l("Reopened a confirmed batch of paper budgeting ballots to correct it"), TEXT),
    # workshops
    "workshop.create": (_l("Created a workshop"), TEXT),
    "workshop.update": (_l("Edited a workshop"), TEXT),
    "workshop.delete": (_l("Deleted a workshop"), TEXT),
    "workshop.material_add": (_l("Added a workshop material"), TEXT),
    "workshop.material_remove": (_l("Removed a workshop material"), TEXT),
    "workshop.sheet": (_l("Added participants from a sign-in sheet"), _people),
    "workshop.register": (_l("Registered for a workshop"), TEXT),
    "workshop.participant_remove": (_l("Removed a workshop participant"), TEXT),
    "workshop.attendance": (_l("Recorded workshop attendance"), None),
    "practice.create": (_l("Created a practice municipality"), TEXT),
    "practice.reset": (_l("Reset a practice municipality"), TEXT),
    "practice.delete": (_l("Deleted a practice municipality"), TEXT),
    "exercise.open": (_l("Opened a live exercise"), TEXT),
    "exercise.close": (_l("Closed a live exercise"), TEXT),
    "exercise.evaluation": (_l("Opened the workshop evaluation"), TEXT),
}


def sentence(action) -> str:
    known = ACTIONS.get(action)
    return str(known[0]) if known else _("Another change (%(action)s)", action=action)


def detail_text(action, detail) -> str:
    known = ACTIONS.get(action)
    if not known or not detail:
        return detail if not known else ""
    kind = known[1]
    if kind is None:
        return ""
    return detail if kind == TEXT else kind(detail)


@dataclass
class Line:
    """One entry as the page shows it."""

    entry: object
    when: str
    what: str
    detail: str
    url: str | None


def lines(entries) -> list[Line]:
    """The page's rows: links are looked up with one query per kind of object on the page."""
    from . import audit_links

    urls = audit_links.urls(entries)
    return [Line(e, when(e), sentence(e.action), detail_text(e.action, e.detail), urls.get(e.id)) for e in entries]


def when(entry) -> str:
    """Day-only entries as a date; others in the municipality's zone (UTC where there is none)."""
    if entry.day_only:
        return date_text(entry.created_at.date(), "short")
    from .surveys.ballots.forms import zone

    zone_info = zone(entry.municipality) if entry.municipality is not None else timezone.utc
    local = entry.created_at.replace(tzinfo=timezone.utc).astimezone(zone_info).replace(tzinfo=None)
    return datetime_text(local, "short")


def zone_name(municipality) -> str:
    """The municipality's time zone in the reader's language ("Kyrgyzstan Time")."""
    from babel.dates import get_timezone_name
    from flask_babel import get_locale

    from .surveys.ballots.forms import ZONES

    return get_timezone_name(ZONES.get(municipality.country, "UTC"), width="long", locale=get_locale())


def rows_html(lines, labels, with_municipality, empty) -> str:
    """The ``<tbody>``'s rows of the log (``lines``), each drawn by one format, as
    ``municipalities/audit.html`` drew them: ``labels``: When, Who, What, Detail as the template
    translated them; ``with_municipality``: the platform log names each entry's municipality;
    ``empty``: the row when there is nothing. The labels are translations, put in as the
    template put its ``_()`` texts (unescaped)."""
    when_label, who_label, what_label, detail_label = labels
    e = escape
    parts = []
    for line in lines:
        entry = line.entry
        what = e(line.what)
        if line.url:
            what = f'<a href="{e(line.url)}">{what}</a>'
        if with_municipality and entry.municipality:
            what = f'{what} <span class="muted">· {e(entry.municipality.name)}</span>'
        parts.append(
            f'\n<tr><td data-label="{when_label}">{e(line.when)}</td><td data-label="{who_label}">'
            f'{e(entry.user.name) if entry.user else "—"}</td>\n'
            f'<td data-label="{what_label}">{what}</td>\n'
            f'<td data-label="{detail_label}">{e(line.detail)}</td></tr>\n')
    if not parts:
        parts.append(f'\n<tr><td colspan="4">{empty}</td></tr>\n')
    return "".join(parts)


def _version():
    """The data version, read once per request, before the entries; None with writes not yet
    committed, or before the first version (nothing is kept then)."""
    from . import page_cache

    if page_cache.uncommitted_writes():
        return None
    if "audit_data_version" not in g:
        g.audit_data_version = page_cache.current_version()
    return g.audit_data_version


def kept_rows(key: tuple, render) -> tuple:
    """A page of the log as ``render()`` returns it (its rows' HTML, the id to continue from),
    kept per data version (every write, and so every new entry, makes a new one) and ``key``:
    everything else the rows show (the municipality, its address and zone, the language, the
    page). The log is for staff: it is kept on the server only (the page stays no-store)."""
    from . import page_cache

    html, older = page_cache.kept("audit-rows", key, _version(), render)
    return Markup(html), older

"""Links from audit log entries to the objects they are about, while those still exist: one
query for the whole page (a UNION ALL of one SELECT per kind of object on it, each with the
id and what the object's address needs), however many kinds it shows."""
from types import SimpleNamespace

from flask import url_for
from sqlalchemy import Integer, cast, literal, null, select, union_all

from .extensions import db


def _targets():
    """``object_type`` → ((query of rows with ``kind``, ``id`` and address parts ``a``, ``b``
    given the kind and ids, the parts' names), address of a row)."""
    from .budget.models import BudgetHearing, BudgetLine, BudgetYear
    from .budgeting.models import PbBallot
    from .monitoring.models import MonitoringGroup, MonitoringPlan, MonitoringReport
    from .municipalities.models import Invitation, Membership, Municipality, Village
    from .plans.models import Activity, CouncilDecision, Hearing, InitiativeGroup, Plan, PlanVersion, Proposal, Section
    from .surveys.ballots.models import Ballot, PaperTally
    from .surveys.models import Meeting, MeetingPhoto, Problem, Question, Survey, SurveySection

    def parts(columns):
        """The address parts as the union's columns ``a`` and ``b`` (NULL where a kind has fewer)."""
        columns = [*columns, *[cast(null(), Integer)] * (2 - len(columns))]
        return columns[0].label("a"), columns[1].label("b")

    def plain(model, *names):
        def query(kind, ids):
            return (select(literal(kind).label("kind"), model.id.label("id"), *parts([getattr(model, n) for n in names]))
                    .where(model.id.in_(ids)))
        return query, names

    def in_year(model):
        def query(kind, ids):
            return (select(literal(kind).label("kind"), model.id.label("id"), *parts([BudgetYear.year]))
                    .join(BudgetYear, BudgetYear.id == model.budget_id).where(model.id.in_(ids)))
        return query, ("year",)

    plan_page = lambda s, r: url_for("plans.detail", slug=s, plan_id=r.plan_id)  # noqa: E731
    history = lambda s, r: url_for("plans.history", slug=s, plan_id=r.plan_id)  # noqa: E731
    survey = lambda s, r: url_for("surveys.manage", slug=s, survey_id=r.survey_id)  # noqa: E731
    return {
        "Plan": (plain(Plan), lambda s, r: url_for("plans.detail", slug=s, plan_id=r.id)),
        "Section": (plain(Section, "plan_id"), plan_page),
        "Activity": (plain(Activity, "plan_id"),
                     lambda s, r: url_for("plans.activity", slug=s, plan_id=r.plan_id, activity_id=r.id)),
        "Proposal": (plain(Proposal, "plan_id"),
                     lambda s, r: url_for("plans.proposals", slug=s, plan_id=r.plan_id) + f"#p{r.id}"),
        "InitiativeGroup": (plain(InitiativeGroup, "plan_id"),
                            lambda s, r: url_for("plans.groups", slug=s, plan_id=r.plan_id)),
        "PlanVersion": (plain(PlanVersion, "plan_id", "number"),
                        lambda s, r: url_for("plans.version", slug=s, plan_id=r.plan_id, version_number=r.number)),
        "Hearing": (plain(Hearing, "plan_id"), history),
        "CouncilDecision": (plain(CouncilDecision, "plan_id"), history),
        "Meeting": (plain(Meeting), lambda s, r: url_for("meetings.detail", slug=s, meeting_id=r.id)),
        "MeetingPhoto": (plain(MeetingPhoto, "meeting_id"),
                         lambda s, r: url_for("meetings.detail", slug=s, meeting_id=r.meeting_id)),
        "Problem": (plain(Problem), lambda s, r: url_for("problems.index", slug=s) + f"#p{r.id}"),
        "Survey": (plain(Survey), lambda s, r: url_for("surveys.manage", slug=s, survey_id=r.id)),
        "SurveySection": (plain(SurveySection, "survey_id"), survey),
        "Question": (plain(Question, "survey_id"), survey),
        "Ballot": (plain(Ballot), lambda s, r: url_for("ballots.detail", slug=s, ballot_id=r.id)),
        "PaperTally": (plain(PaperTally, "ballot_id"),
                       lambda s, r: url_for("ballots.paper", slug=s, ballot_id=r.ballot_id)),
        "PbBallot": (plain(PbBallot), lambda s, r: url_for("budgeting.detail", slug=s, pb_id=r.id)),
        "MonitoringGroup": (plain(MonitoringGroup),
                            lambda s, r: url_for("monitoring.group", slug=s, group_id=r.id)),
        "MonitoringPlan": (plain(MonitoringPlan, "group_id"),
                           lambda s, r: url_for("monitoring.group", slug=s, group_id=r.group_id)),
        "MonitoringReport": (plain(MonitoringReport),
                             lambda s, r: url_for("monitoring.report", slug=s, report_id=r.id)),
        "BudgetYear": (plain(BudgetYear, "year"), lambda s, r: url_for("budget.year", slug=s, year=r.year)),
        "BudgetLine": (in_year(BudgetLine),
                       lambda s, r: url_for("budget.line", slug=s, year=r.year, budget_line_id=r.id)),
        "BudgetHearing": (in_year(BudgetHearing),
                          lambda s, r: url_for("budget.hearing", slug=s, year=r.year, hearing_id=r.id)),
        "Municipality": (plain(Municipality), lambda s, r: url_for("public.municipality", slug=s)),
        "Village": (plain(Village), lambda s, r: url_for("municipalities.villages", slug=s)),
        "Membership": (plain(Membership), lambda s, r: url_for("municipalities.members", slug=s)),
        "Invitation": (plain(Invitation), lambda s, r: url_for("municipalities.invitations", slug=s)),
    }


def urls(entries) -> dict:
    """Entry id → the address of its object, for entries of a municipality whose object exists."""
    wanted = {}
    for entry in entries:
        if entry.object_id is not None and entry.municipality is not None:
            wanted.setdefault(entry.object_type, set()).add(entry.object_id)
    targets = _targets()
    queries = [targets[kind][0][0](kind, sorted(ids)) for kind, ids in wanted.items() if kind in targets]
    found = {}
    if queries:
        statement = queries[0] if len(queries) == 1 else union_all(*queries)
        for kind, object_id, a, b in db.session.execute(statement):
            names = targets[kind][0][1]
            found.setdefault(kind, {})[object_id] = SimpleNamespace(id=object_id, **dict(zip(names, (a, b))))
    out = {}
    for entry in entries:
        row = found.get(entry.object_type, {}).get(entry.object_id)
        if row is not None:
            out[entry.id] = targets[entry.object_type][1](entry.municipality.slug, row)
    return out

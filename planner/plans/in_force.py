"""The version in force: which figures of a plan a visitor sees, and where they come from.

Once the council has approved a version, that version is the plan for everyone outside the
municipality's members: the plan page, print, CSV and XLSX, chart, progress dashboard,
annual report and API show its activities and figures, labelled with its number and the
council decision that approved it, until the council approves a newer one. Members who
prepare an amendment see their working copy where they work on it
(``permissions.can_work_on_draft``); the frozen versions stay readable by number.

Monitoring reads the approved activities from here (``approved_activities``), as light
objects shaped like the ``Activity`` rows the dashboard uses, so a draft-only activity or a
draft cost never reaches a public figure."""
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..i18n import sentence
from .models import FUNDING_SOURCES, CouncilDecision, PlanVersion


@dataclass(frozen=True)
class Source:
    """Where a page's figures come from: a frozen version and the decision that approved
    it, or (both None) the working copy."""

    version: PlanVersion | None = None
    decision: CouncilDecision | None = None

    @property
    def version_label(self) -> str:
        if self.version is None:
            return _("Working copy (not approved)")
        return _("Version %(n)s", n=self.version.number)

    @property
    def decision_label(self) -> str:
        if self.decision is None:
            return ""
        return _("Council decision No. %(number)s of %(date)s", number=self.decision.number,
                 date=format_date(self.decision.session_date, "medium"))

    @property
    def sentence(self) -> str:
        """Where the planned figures come from, as one sentence for pages and exports."""
        if self.version is None:
            return _("Planned figures from the working copy of the plan (not approved).")
        if self.decision is None:
            return _("Planned figures from version %(n)s of the plan.", n=self.version.number)
        text = _("Planned figures from version %(n)s of the plan, approved by council decision No. %(number)s of %(date)s.",
                 n=self.version.number, number=self.decision.number,
                 date=format_date(self.decision.session_date, "medium"))
        return sentence(text)

    def filename(self, plan, ext) -> str:
        """``plan-3-v2-decision-7-42.xlsx`` for an approved version, ``plan-3-draft.xlsx`` else."""
        if self.version is None:
            return f"plan-{plan.id}-draft.{ext}"
        name = f"plan-{plan.id}-v{self.version.number}"
        if self.decision is not None:
            name += "-decision-" + (re.sub(r"[^0-9A-Za-z]+", "-", self.decision.number).strip("-") or str(self.decision.id))
        return f"{name}.{ext}"


AMENDING = ("draft", "discussion", "submitted")


def amendment_in_preparation(plan) -> bool:
    """An approved plan whose amendment is being drafted, discussed or reviewed."""
    return plan.approved_version_id is not None and plan.stage in AMENDING


def approving_decision(version):
    """The council decision that approved ``version``, or None."""
    if version is None:
        return None
    return db.session.scalar(select(CouncilDecision)
                             .where(CouncilDecision.version_id == version.id, CouncilDecision.outcome == "approved")
                             .order_by(CouncilDecision.id.desc()).limit(1))


def source_of(version) -> Source:
    return Source(version, approving_decision(version))


def in_force(plan) -> Source:
    """The approved version and its decision, or an empty Source if none was approved."""
    if plan.approved_version_id is None:
        return Source()
    version = db.session.get(PlanVersion, plan.approved_version_id)
    return source_of(version)


def in_approved_version(plan, activity) -> bool:
    """Whether ``activity`` is in the approved version in force (True without one)."""
    if plan.approved_version_id is None:
        return True
    version = db.session.get(PlanVersion, plan.approved_version_id)
    return any(a["id"] == activity.id for a in version.snapshot["activities"])


# --- approved activities for monitoring -----------------------------------------------------

@dataclass(frozen=True)
class ApprovedSection:
    id: int
    title: str
    position: int


@dataclass(frozen=True)
class ApprovedActivity:
    """An activity as the approved version states it (the fields the dashboard reads)."""

    id: int
    section_id: int
    section: ApprovedSection
    position: int
    description: str
    start_month: date | None
    end_month: date | None
    planned: dict = field(default_factory=dict)

    def funding(self) -> dict:
        return dict(self.planned)

    @property
    def total(self) -> Decimal:
        return sum(self.planned.values(), Decimal("0"))


def _month(text):
    if not text:
        return None
    year, month = text.split("-")
    return date(int(year), int(month), 1)


def approved_activities(version) -> list:
    """The activities of a frozen version, in plan order, as ``ApprovedActivity``."""
    data = version.snapshot
    sections = {s["id"]: ApprovedSection(s["id"], s["title"], n) for n, s in enumerate(data["sections"], start=1)}
    rows = sorted(data["activities"], key=lambda a: (sections[a["section_id"]].position, a["number"]))
    return [ApprovedActivity(id=a["id"], section_id=a["section_id"], section=sections[a["section_id"]],
                             position=a["number"], description=a["description"], start_month=_month(a["start"]),
                             end_month=_month(a["end"]),
                             planned={k: Decimal(a["funding"].get(k) or "0") for k in FUNDING_SOURCES})
            for a in rows]

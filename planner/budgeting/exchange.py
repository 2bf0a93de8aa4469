"""Budgeting ballots in the pabulib ``.pb`` format, through pabutools' own writer and parser.

Export: the projects (numbered by their position on the ballot, with name and cost) and the
ballot papers, anonymous (numbered in receipt order, which says nothing about who voted):
the online papers, then the valid paper ballots of confirmed batches, each with its
``voting_method`` (internet, paper) and its village as ``neighborhood`` where the group of
papers of that channel and village is large enough (planner/disclosure.py's small-group
rule, with secondary suppression so a hidden village cannot be worked out by subtraction).
An online paper also carries its voter's sex and age band (copied into the sealed paper);
they are written as pabulib's ``sex`` (F, M) and ``age`` (the band) only where at least
five papers of the same channel and written village share them (``disclosure.generalised``:
the age band goes first, then sex), else left blank. A paper ballot has no voter: only its
polling place's village. Import: a .pb file becomes a closed ballot whose votes are
anonymous papers, for trainings and for checking other tools' results."""
from dataclasses import dataclass, field
from datetime import timedelta

from flask_babel import gettext as _
from pabutools.election import (
    AbstractApprovalProfile,
    AbstractCumulativeProfile,
    ApprovalBallot,
    ApprovalProfile,
    CumulativeBallot,
    CumulativeProfile,
    Instance,
    Project,
)
from pabutools.election.pabulib import election_as_pabulib_string, parse_pabulib_from_string

from sqlalchemy import select

from .. import audit, disclosure
from ..errors import ServiceError
from ..extensions import db
from ..models import utcnow
from . import counts
from .models import (
    GREEDY,
    KNAPSACK,
    MES_ADD1,
    MES_GREEDY,
    ONLINE,
    PAPER,
    POINTS,
    UP_TO_K,
    WITHIN_BUDGET,
    PbBallot,
    PbProject,
    PbVote,
)
from .paper import paper_rows

PABULIB_RULES = {GREEDY: "greedy", MES_ADD1: "equalshares/add1", MES_GREEDY: "equalshares/greedy",
                 KNAPSACK: "knapsack"}
COUNTRIES = {"KG": "Kyrgyzstan", "AM": "Armenia"}
METHODS = {ONLINE: "internet", PAPER: "paper"}  # pabulib's voting_method values
SEXES = {"f": "F", "m": "M"}  # pabulib's sex values
MAX_FILE = 20_000_000


def _clean(text) -> str:
    """A field value without the format's separators."""
    return " ".join(str(text).replace(";", ",").split())


def export_pb(ballot, selected=None) -> str:
    """The ballot as a .pb file. ``selected``: the winners' ids, written as pabulib's
    ``selected`` column once the ballot is counted."""
    by_id = {p.id: Project(str(p.position), p.cost) for p in ballot.projects}
    municipality = ballot.municipality
    instance = Instance(by_id.values(), budget_limit=ballot.budget)
    instance.meta.update({
        "description": _clean(ballot.title), "country": COUNTRIES.get(municipality.country, municipality.country),
        "unit": _clean(municipality.name), "instance": str(ballot.closes_at.year),
        "rule": PABULIB_RULES[ballot.rule], "currency": municipality.currency,
        "date_begin": f"{ballot.opens_at:%d.%m.%Y}", "date_end": f"{ballot.closes_at:%d.%m.%Y}",
    })
    for p in ballot.projects:
        meta = {"name": _clean(p.title)}
        if selected is not None:
            meta["selected"] = int(p.id in selected)
        instance.project_meta[by_id[p.id]] = meta
    papers = _papers(ballot)
    if ballot.style == POINTS:
        profile = CumulativeProfile([CumulativeBallot({by_id[p]: v for p, v in paper.choices.items()})
                                     for paper in papers.values()], instance=instance,
                                    legal_max_total_score=ballot.max_choices)
    else:
        profile = ApprovalProfile([ApprovalBallot(by_id[p] for p in paper.choices)
                                   for paper in papers.values()],
                                  instance=instance,
                                  legal_max_cost=ballot.budget if ballot.style == WITHIN_BUDGET else None,
                                  legal_max_length=ballot.max_choices if ballot.style == UP_TO_K else None,
                                  legal_min_length=ballot.min_projects or None,
                                  legal_min_cost=ballot.min_spend or None)
    shown = _shown_villages(papers)
    names = {v.id: _clean(v.name) for v in municipality.villages}
    villages = [p.village_id if (p.channel, p.village_id) in shown else None for p in papers.values()]
    details = disclosure.generalised([((p.channel, village), (p.sex, p.age_band))
                                      for p, village in zip(papers.values(), villages)])
    with_profile = any(sex or age for sex, age in details)  # else no column of blanks only
    neighborhood = {}
    for number, (written, paper, village_id, (sex, age)) in enumerate(
            zip(profile, papers.values(), villages, details), 1):
        written.meta["voter_id"] = str(number)
        if paper.channel:
            written.meta["voting_method"] = METHODS[paper.channel]
        if with_profile:
            written.meta["sex"], written.meta["age"] = SEXES.get(sex, ""), age or ""
        neighborhood[str(number)] = names.get(village_id, "")
    return _with_neighborhood(election_as_pabulib_string(instance, profile), neighborhood)


@dataclass
class _Paper:
    """One paper of the export: its channel (None for a paper imported from a file), the
    voter's village, sex and age band as stored, and its {project_id: value}."""
    channel: str | None
    village_id: int | None
    sex: str | None = None
    age_band: str | None = None
    choices: dict = field(default_factory=dict)


def _papers(ballot) -> dict:
    """{key: _Paper}: online papers in receipt order, then the valid paper ballots of
    confirmed batches (their polling place's village only)."""
    papers: dict = {}
    rows = db.session.execute(select(PbVote.receipt, PbVote.project_id, PbVote.value, PbVote.village_id,
                                     PbVote.sex, PbVote.age_band)
                              .where(PbVote.ballot_id == ballot.id).order_by(PbVote.receipt, PbVote.project_id))
    for receipt, project_id, value, village_id, sex, age_band in rows:
        channel = None if receipt.startswith("file-") else ONLINE  # imported papers: the file's channel
        papers.setdefault(receipt, _Paper(channel, village_id, sex, age_band)).choices[project_id] = value
    for paper_id, project_id, value, village_id in paper_rows(ballot):
        papers.setdefault(f"paper-{paper_id}", _Paper(PAPER, village_id)).choices[project_id] = value
    return papers


def _shown_villages(papers) -> set:
    """The (channel, village) groups whose village may be written. Each channel's papers are
    a breakdown by village whose total is published (voting_method), so
    disclosure.one_way decides per channel; no figure across channels is published."""
    sizes: dict = {}
    for paper in papers.values():
        channel, village_id = paper.channel, paper.village_id
        if channel is not None:
            per_village = sizes.setdefault(channel, {})
            per_village[village_id] = per_village.get(village_id, 0) + 1
    return {(channel, village_id) for channel, per_village in sizes.items()
            for village_id in set(per_village) - disclosure.one_way(per_village) if village_id is not None}


def _with_neighborhood(text: str, neighborhood: dict[str, str]) -> str:
    """The file with a ``neighborhood`` column in VOTES. pabutools 1.2.3's writer puts a
    ballot's extra fields among the projects' columns, so the column is added here."""
    head, votes = text.split("VOTES\n", 1)
    lines = votes.splitlines()
    if not any(neighborhood.values()):
        return text
    out = [lines[0] + ";neighborhood"]
    for line in lines[1:]:
        out.append(f"{line};{neighborhood.get(line.split(';', 1)[0], '')}")
    return head + "VOTES\n" + "\n".join(out) + "\n"


def _whole(value, what) -> int:
    if int(value) != value or value <= 0:
        raise ServiceError(_("The file's %(what)s must be whole amounts above zero.", what=what), field="file")
    return int(value)


def rule_of(meta) -> str:
    """Our rule for a file's ``rule`` line (greedy when the file names none we know)."""
    name = (meta.get("rule") or "").strip().lower()
    if name.startswith("equalshares"):
        return MES_GREEDY if "greedy" in name else MES_ADD1
    return {"knapsack": KNAPSACK}.get(name, GREEDY)


def import_pb(municipality, by, text: str, now=None) -> PbBallot:
    """A closed ballot made from a .pb file; its projects in the order of their ids."""
    now = now or utcnow()
    try:
        instance, profile = parse_pabulib_from_string(text)
    except Exception:  # the parser raises anything from KeyError to ValueError on a broken file
        raise ServiceError(_("This file could not be read as a pabulib .pb file."), field="file")
    if isinstance(profile, AbstractCumulativeProfile):
        style = POINTS
        k = profile.legal_max_total_score or max((sum(b.values()) for b in profile), default=1)
    elif isinstance(profile, AbstractApprovalProfile):
        style, k = (UP_TO_K, profile.legal_max_length) if profile.legal_max_length else (WITHIN_BUDGET, 1)
    else:
        raise ServiceError(_("Only approval and cumulative (points) .pb files can be imported."), field="file")
    if not len(instance):
        raise ServiceError(_("The file has no projects."), field="file")
    meta = instance.meta
    title = " ".join(filter(None, (meta.get("unit"), meta.get("subunit"), meta.get("instance")))) or _("Imported ballot")
    ballot = PbBallot(municipality_id=municipality.id, title=title[:200],
                      description=(meta.get("description") or "")[:4000],
                      budget=_whole(instance.budget_limit, _("budget")), style=style, max_choices=int(k),
                      min_projects=profile.legal_min_length or None, rule=rule_of(meta),
                      min_spend=int(profile.legal_min_cost) if getattr(profile, "legal_min_cost", None) else None,
                      opens_at=now - timedelta(days=1), closes_at=now, created_by_id=getattr(by, "id", None),
                      source="\n".join(f"{k}: {v}" for k, v in meta.items())[:20000])
    # the file's project ids in natural order (pabutools keeps the projects in a set)
    ordered = sorted(instance, key=lambda p: (0, int(p.name), "") if p.name.isdecimal() else (1, 0, p.name))
    projects = {}
    for position, p in enumerate(ordered, 1):
        name = instance.project_meta.get(p, {}).get("name") or _("Project %(id)s", id=p.name)
        projects[p] = PbProject(position=position, title=name[:300], cost=_whole(p.cost, _("costs")),
                                description=_("Project %(id)s in the file.", id=p.name))
    ballot.projects = list(projects.values())
    db.session.add(ballot)
    db.session.flush()
    counts.changed(ballot.id)
    rows = []
    for number, paper in enumerate(profile, 1):
        for p in paper:
            value = int(paper[p]) if style == POINTS else 1
            if value >= 1:
                rows.append({"ballot_id": ballot.id, "receipt": f"file-{number}", "project_id": projects[p].id,
                             "value": value})
    if rows:
        db.session.execute(PbVote.__table__.insert(), rows)
    audit.record(by, "pb.import", ballot, municipality.id, title)
    return ballot

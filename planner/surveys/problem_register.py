"""The problem register's rows, read once per data version.

The register page loaded its problems as ORM objects with their village, meeting, survey and
merged duplicates (two queries and some hundred objects per request), then the page's counts
and the support counts: about a third of the page's time, for data that changes a few times
a day. Here the rows are read as plain values (``ProblemRow``, with what the cards show) with
the counts, and kept in the app's cache (per process, or in Redis with ``PLANNER_CACHE_URL``)
under the municipality, the filters and the data version, which every write bumps (a new
problem, a merge, a mark for the vote, a support): a change shows at once. The version is
read before the rows, so what is kept is at least as new as its key; with writes not yet
committed, or before the first version, the rows are read afresh and not kept. The viewer's
own supports are not kept: they are read per request, for a signed-in viewer only. The cards
an anonymous visitor sees (the same for every one of them) are kept beside the rows, per
language and order."""
import dataclasses
import functools
from dataclasses import dataclass
from datetime import date

from flask_babel import get_locale
from markupsafe import Markup

from sqlalchemy import bindparam, func, select

from .. import page_cache
from ..extensions import db
from ..municipalities.models import Village
from ..supports.models import Support
from . import problems
from .models import Meeting, Problem, Survey


@dataclass(frozen=True, slots=True)
class MeetingRef:
    id: int
    kind: str
    held_on: date


@dataclass(frozen=True, slots=True)
class SurveyRef:
    id: int
    title: str


@dataclass(frozen=True, slots=True)
class ProblemRow:
    """A problem as the register's cards read it (``Problem``'s names and meaning)."""

    id: int
    text: str
    sector: str
    source_kind: str
    times_raised: int
    is_for_vote: bool
    is_active: bool
    village_name: str | None
    meeting: MeetingRef | None
    survey: SurveyRef | None
    merged: tuple = ()  # the duplicates merged into it (ProblemRow), by id


@dataclass(frozen=True, slots=True)
class Register:
    problems: tuple  # ProblemRow, in the register's order
    active: int  # problems in the register, marked for the vote, waiting for review (all, unfiltered)
    marked: int
    waiting: int
    supports: dict  # problem id -> supports (problems without any left out)
    version: int | None = None  # the data version it is kept under (None: read afresh, not kept)


_COLUMNS = (Problem.id, Problem.text, Problem.sector, Problem.source_kind, Problem.times_raised,
            Problem.is_for_vote, Problem.status, Problem.merged_into_id, Village.name,
            Meeting.id, Meeting.kind, Meeting.held_on, Survey.id, Survey.title)


def _with_links(query):
    return (query.outerjoin(Village, Village.id == Problem.village_id)
            .outerjoin(Meeting, Meeting.id == Problem.meeting_id).outerjoin(Survey, Survey.id == Problem.survey_id))


@functools.cache
def _active(by_village, by_sector, for_vote):
    """The active problems (accepted, not merged) of a municipality, most raised first, with
    the filters asked, and each one's supports: built once per combination of filters."""
    supports = (select(func.count()).where(Support.problem_id == Problem.id).correlate(Problem)
                .scalar_subquery())
    query = _with_links(select(*_COLUMNS, supports)).where(
        Problem.municipality_id == bindparam("municipality_id"), Problem.status == "accepted",
        Problem.merged_into_id.is_(None))
    query = problems.filtered(query, by_village, by_sector, for_vote)
    return query.order_by(Problem.is_for_vote.desc(), Problem.times_raised.desc(), Problem.id)


@functools.cache
def _merged():
    return (_with_links(select(*_COLUMNS)).where(Problem.merged_into_id.in_(bindparam("ids", expanding=True)))
            .order_by(Problem.id))


@functools.cache
def _mine():
    return select(Support.problem_id).where(Support.user_id == bindparam("user_id"),
                                            Support.problem_id.in_(bindparam("ids", expanding=True)))


def _row(values, merged=()):
    (id_, text, sector, source_kind, times_raised, is_for_vote, status, merged_into_id, village_name,
     meeting_id, meeting_kind, held_on, survey_id, survey_title) = values[:14]
    return ProblemRow(id_, text, sector, source_kind, times_raised, bool(is_for_vote),
                      status == "accepted" and merged_into_id is None, village_name,
                      MeetingRef(meeting_id, meeting_kind, held_on) if meeting_id is not None else None,
                      SurveyRef(survey_id, survey_title) if survey_id is not None else None, merged)


def read(municipality, village_id=None, sector=None, for_vote=False) -> Register:
    """The register as shown with these filters: three queries, whatever the size."""
    parameters = {"municipality_id": municipality.id}
    if village_id:
        parameters["village_id"] = village_id
    if sector:
        parameters["sector"] = sector
    active = db.session.execute(_active(bool(village_id), bool(sector), bool(for_vote)), parameters).all()
    ids = [values[0] for values in active]
    merged: dict = {}
    if ids:
        for values in db.session.execute(_merged(), {"ids": ids}):
            merged.setdefault(values[7], []).append(_row(values))
    supports = {values[0]: values[14] for values in active if values[14]}
    counts = db.session.execute(*problems.counts(municipality)).one()
    return Register(tuple(_row(values, tuple(merged.get(values[0], ()))) for values in active), *counts,
                    supports=supports)


def _filters(village_id, sector, for_vote):
    return f"{village_id or ''}:{sector or ''}:{int(bool(for_vote))}"


def register(municipality, village_id=None, sector=None, for_vote=False) -> Register:
    """``read(...)``, kept per municipality, filters and data version (``Register.version``)."""
    version = page_cache.version_for_keeping()
    return page_cache.kept(
        "problem-register", (municipality.id, _filters(village_id, sector, for_vote)), version,
        lambda: dataclasses.replace(read(municipality, village_id, sector, for_vote), version=version))


def anonymous_cards(municipality, kept, village_id, sector, for_vote, order, draw) -> Markup:
    """The cards as an anonymous visitor sees them (no support buttons, no staff actions, no
    own supports): ``draw()``'s markup, kept beside the rows (``kept``, from :func:`register`)
    per language and order; drawn afresh for rows read afresh."""
    return page_cache.kept("problem-cards", (municipality.id, _filters(village_id, sector, for_vote), order,
                                             str(get_locale())), kept.version, draw)


def supported_by(user, problem_ids) -> set:
    """The ids among ``problem_ids`` that ``user`` supports (none for an anonymous visitor)."""
    if not problem_ids or not getattr(user, "is_authenticated", False):
        return set()
    return set(db.session.scalars(_mine(), {"user_id": user.id, "ids": list(problem_ids)}))

"""Statistics of workshops: who came (by sex, age, role and municipality), how many
municipalities were reached, and the sentence a trainer writes in a report.

A participant counts once they attended at least one day; across several workshops a
person counts once per workshop (the sign-in sheets name people, they do not identify them)."""
from collections import Counter
from dataclasses import dataclass, field

from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..i18n import gettext as _
from .labels import AGE_LABELS, ROLE_LABELS, SEX_LABELS
from .models import AGE_BANDS, PARTICIPANT_ROLES, SEXES, Participant, Workshop


@dataclass
class Summary:
    registered: int = 0
    total: int = 0
    by_sex: dict = field(default_factory=dict)
    by_age: dict = field(default_factory=dict)
    by_role: dict = field(default_factory=dict)
    by_municipality: list = field(default_factory=list)  # (municipality, participants, women), most first

    @property
    def women(self) -> int:
        return self.by_sex.get("f", 0)

    @property
    def municipalities(self) -> int:
        return len(self.by_municipality)


def attended(participant) -> bool:
    return bool(participant.attendance)


def summarize(participants) -> Summary:
    """The figures of a list of participants (their attendance and municipality loaded)."""
    participants = list(participants)
    came = [p for p in participants if attended(p)]
    sexes, ages, roles = Counter(p.sex for p in came), Counter(p.age_band for p in came), Counter(p.role for p in came)
    places, women, named = Counter(), Counter(), {}
    for p in came:
        places[p.municipality_id] += 1
        women[p.municipality_id] += p.sex == "f"
        named[p.municipality_id] = p.municipality
    by_municipality = sorted(((named[mid], n, women[mid]) for mid, n in places.items()),
                             key=lambda row: (-row[1], row[0].name))
    return Summary(registered=len(participants), total=len(came),
                   by_sex={s: sexes[s] for s in SEXES}, by_age={a: ages[a] for a in AGE_BANDS},
                   by_role={r: roles[r] for r in PARTICIPANT_ROLES}, by_municipality=by_municipality)


def sentence(summary: Summary) -> str:
    """"26 participants, 12 of them women, from 5 municipalities", plural forms per language."""
    return _("%(participants)s, %(women)s, %(municipalities)s",
             participants=ngettext("%(num)s participant", "%(num)s participants", summary.total),
             women=ngettext("%(num)s of them a woman", "%(num)s of them women", summary.women),
             municipalities=ngettext("from %(num)s municipality", "from %(num)s municipalities",
                                     summary.municipalities))


def workshops_query(trainer_id=None, region="", date_from=None, date_to=None):
    """Workshops (participants, attendance and municipalities loaded), newest first: of one
    trainer (None: everyone's), in a region, starting within a period."""
    query = (select(Workshop).order_by(Workshop.starts_on.desc(), Workshop.id.desc())
             .options(selectinload(Workshop.participants).selectinload(Participant.attendance),
                      selectinload(Workshop.participants).selectinload(Participant.municipality)))
    if trainer_id is not None:
        query = query.where(Workshop.trainer_id == trainer_id)
    if region:
        query = query.where(Workshop.region == region)
    if date_from is not None:
        query = query.where(Workshop.starts_on >= date_from)
    if date_to is not None:
        query = query.where(Workshop.starts_on <= date_to)
    return query


def rows(summary: Summary, workshops=()):
    """The statistics as spreadsheet rows (CSV and XLSX alike)."""
    out = [[_("Participants"), summary.total], [_("Women"), summary.women],
           [_("Municipalities reached"), summary.municipalities], [sentence(summary)], []]
    out.append([_("Sex"), _("Participants")])
    out += [[str(SEX_LABELS[s]), n] for s, n in summary.by_sex.items()]
    out += [[], [_("Age"), _("Participants")]]
    out += [[str(AGE_LABELS[a]), n] for a, n in summary.by_age.items()]
    out += [[], [_("Role"), _("Participants")]]
    out += [[str(ROLE_LABELS[r]), n] for r, n in summary.by_role.items()]
    out += [[], [_("Municipality"), _("Region"), _("Participants"), _("Women")]]
    out += [[m.name, m.region, n, w] for m, n, w in summary.by_municipality]
    if workshops:
        out += [[], [_("Workshop"), _("First day"), _("Last day"), _("Region"), _("Participants"), _("Women"),
                     _("Municipalities reached")]]
        for workshop, each in workshops:
            out.append([workshop.title, workshop.starts_on.isoformat(), workshop.ends_on.isoformat(), workshop.region,
                        each.total, each.women, each.municipalities])
    return out

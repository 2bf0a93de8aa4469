"""Snapshots (the JSON a frozen version stores), totals and comparison.

A snapshot is a plain dict::

    {"sections": [{"id", "title", "group"}],
     "activities": [{"id", "section_id", "section", "number", "problem", "description",
                     "villages": [names], "responsible", "partners", "start", "end",
                     "funding": {source: "123.00"}, "total", "expected_result",
                     "indicators": [{"name", "unit", "baseline", "target"}]}],
     "total": "..."}

Pages, exports and the comparison all read this shape, for the working copy (made on the
fly) and for frozen versions alike, so they render both the same way."""
from decimal import Decimal

from ..numbers import percent
from .models import COMMUNITY_SOURCES, FUNDING_SOURCES

ZERO = Decimal("0")
COMPARED_FIELDS = ("section", "problem", "description", "villages", "responsible", "partners", "start",
                   "end", "funding", "expected_result", "indicators")


def _month(value):
    return value.strftime("%Y-%m") if value else ""


CENT = Decimal("0.01")


def _dec(value):
    return None if value is None else str(Decimal(value).quantize(CENT))


def activity_row(a, section, number) -> dict:
    funding = a.funding()
    total = sum(funding.values(), ZERO)
    return {
        "id": a.id, "section_id": section.id, "section": section.title, "number": number,
        "problem": a.problem, "description": a.description,
        "villages": [v.name for v in a.villages], "responsible": a.responsible,
        "partners": a.partners, "start": _month(a.start_month), "end": _month(a.end_month),
        "funding": {k: _dec(v) for k, v in funding.items()}, "total": _dec(total),
        "expected_result": a.expected_result, "version": a.version,
        "indicators": [{"name": i.name, "unit": i.unit, "baseline": _dec(i.baseline), "target": _dec(i.target)}
                       for i in a.indicators],
    }


def snapshot(plan, sections) -> dict:
    out_sections, activities = [], []
    grand = ZERO
    for section in sections:
        out_sections.append({"id": section.id, "title": section.title,
                             "group": section.group.name if section.group is not None else ""})
        for n, a in enumerate(section.activities, start=1):
            row = activity_row(a, section, n)
            grand += Decimal(row["total"])
            activities.append(row)
    return {"title": plan.title, "kind": plan.kind, "years": [plan.year_from, plan.year_to],
            "sections": out_sections, "activities": activities, "total": _dec(grand)}


class Sheet:
    """A snapshot read for display: sections with their activities and the totals."""

    def __init__(self, data):
        self.data = data
        self.activities = [dict(a, funding={k: Decimal(v) for k, v in a["funding"].items()}, total=Decimal(a["total"]))
                           for a in data["activities"]]
        by_section = {}
        for a in self.activities:
            by_section.setdefault(a["section_id"], []).append(a)
        self.sections = []
        for s in data["sections"]:
            rows = by_section.get(s["id"], [])
            totals = {k: sum((a["funding"][k] for a in rows), ZERO) for k in FUNDING_SOURCES}
            self.sections.append(dict(s, activities=rows, totals=totals, total=sum(totals.values(), ZERO)))
        self.totals = {k: sum((s["totals"][k] for s in self.sections), ZERO) for k in FUNDING_SOURCES}
        self.total = sum(self.totals.values(), ZERO)
        community = sum((self.totals[k] for k in COMMUNITY_SOURCES), ZERO)
        self.community = community
        self.community_share = percent(community, self.total)

    def share(self, key):
        return percent(self.totals[key], self.total)


def compare(old: dict, new: dict) -> dict:
    """Activity by activity: added, removed and changed (with the fields that changed)."""
    before = {a["id"]: a for a in old["activities"]}
    after = {a["id"]: a for a in new["activities"]}
    added = [a for a in new["activities"] if a["id"] not in before]
    removed = [a for a in old["activities"] if a["id"] not in after]
    changed = []
    for a in new["activities"]:
        b = before.get(a["id"])
        if b is None:
            continue
        fields = []
        for name in COMPARED_FIELDS:
            if name == "funding":
                for key in FUNDING_SOURCES:
                    x, y = Decimal(b["funding"].get(key, "0")), Decimal(a["funding"].get(key, "0"))
                    if x != y:
                        fields.append(("fund_" + key, x, y))
            elif b.get(name) != a.get(name):
                fields.append((name, b.get(name), a.get(name)))
        if fields:
            changed.append({"before": b, "after": a, "fields": fields})
    return {"added": added, "removed": removed, "changed": changed,
            "total_before": Decimal(old["total"]), "total_after": Decimal(new["total"])}

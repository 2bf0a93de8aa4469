"""Support counts for a page of proposals or problems, in one query, and ordering by them."""
import functools
from dataclasses import dataclass, field

from flask import request, url_for
from sqlalchemy import bindparam, case, func, select

from ..extensions import db
from .models import Support

ORDERS = ("", "support")


@dataclass
class Tally:
    """Supports per item id, the ids the viewer supports, and the order the page asked for."""

    counts: dict = field(default_factory=dict)
    mine: set = field(default_factory=set)
    order: str = ""

    def count(self, item_id) -> int:
        return self.counts.get(item_id, 0)


@functools.cache
def _counts(kind):
    """(item id, supports, whether the viewer is among them) for the ids given: built once per
    kind (the lists ask it on every request; building cost more than the query)."""
    column = Support.proposal_id if kind == "proposal" else Support.problem_id
    own = func.max(case((Support.user_id == bindparam("user_id"), 1), else_=0))
    return (select(column, func.count(), own).where(column.in_(bindparam("ids", expanding=True)))
            .group_by(column))


def tally(kind, items, user) -> Tally:
    """Counts for ``items`` (proposals or problems, by ``kind``) and the viewer's own supports."""
    ids = [item.id for item in items]
    order = request.args.get("sort", "") if request.args.get("sort") in ORDERS else ""
    result = Tally(order=order)
    if not ids:
        return result
    user_id = user.id if getattr(user, "is_authenticated", False) else None
    for item_id, n, own in db.session.execute(_counts(kind), {"ids": ids, "user_id": user_id}):
        result.counts[item_id] = n
        if own:
            result.mine.add(item_id)
    return result


def ordered(items, supports: Tally):
    """``items`` most supported first when the page asks for it (ties keep their order)."""
    if supports.order == "support":
        return sorted(items, key=lambda item: -supports.count(item.id))
    return list(items)


def sort_url(order):
    """The current page's address with ``sort=order`` (other filters kept)."""
    args = {**request.args.to_dict(), "sort": order}
    if not order:
        args.pop("sort")
    return url_for(request.endpoint, **(request.view_args or {}), **args)

"""Spending rows imported from the municipality's accounting."""
from flask_babel import gettext as _

from ... import audit
from ...errors import ServiceError
from ...extensions import db
from ..models import Expense, SpendingImport


def import_spending(plan, by, preview, filename=""):
    """Save every row of a fully matched preview, or nothing."""
    if not preview.is_importable:
        raise ServiceError(_("Nothing was imported: fix the rows marked below and send the file again."), field="file")
    activity_ids = {row.activity.id for row in preview.rows}
    batch = SpendingImport(municipality_id=plan.municipality_id, plan_id=plan.id, filename=(filename or "")[:200],
                           rows=len(preview.rows), total=preview.total(), created_by_id=getattr(by, "id", None))
    db.session.add(batch)
    db.session.flush()
    for row in preview.rows:
        db.session.add(Expense(plan_id=plan.id, activity_id=row.activity.id, import_id=batch.id, source=row.source,
                               amount=row.amount, spent_on=row.spent_on, note=row.note))
    db.session.flush()
    audit.record(by, "monitoring_spending.import", batch, plan.municipality_id,
                 f"plan {plan.id}: {len(preview.rows)} rows, {len(activity_ids)} activities, {batch.total}")
    return batch

"""Importing a month of the budget from the accounting's CSV or XLSX: a preview of every row,
then the import (all or nothing)."""
from flask import flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from ..actions import perform
from ..forms import choices
from ..routing import login_route
from . import importing, services
from .execution import last_month_with_actuals, scaled
from .forms import ConfirmImportForm, ImportForm
from .models import MONTHS, SCALES
from .views import _managed_year, bp, month_names, text_month_names


def _line_refs(budget):
    return [importing.LineRef(x.id, x.code, x.name, x.is_group) for x in budget.lines]


@login_route(bp, "/m/<slug>/budget/<int:year>/import", methods=["GET", "POST"])
def import_month(slug, year):
    municipality, budget = _managed_year(slug, year)
    names, text_months = month_names(), text_month_names()
    confirming = request.method == "POST" and request.form.get("content") is not None
    form = ImportForm(formdata=None, scale=budget.scale, month=last_month_with_actuals(budget.lines) or 1) \
        if request.method == "GET" or confirming else ImportForm()
    form.month.choices = choices((m, names[m]) for m in MONTHS)
    confirm, preview, result = None, None, None
    if confirming:
        confirm = ConfirmImportForm()
        month, scale, cumulative = _confirmed_settings(confirm)
        if not month:
            form.month.errors = [_("Choose the month.")]
        elif confirm.validate_on_submit():
            preview = importing.parse(importing.read_table(confirm.content.data.encode("utf-8"), "file.csv"),
                                      _line_refs(budget), scale)
            done = perform(services.import_month, budget, current_user, preview, month, cumulative, form=form)
            if done:
                result = done.value
                flash(_("The figures of %(month)s are imported.", month=text_months[month]), "success")
                preview = None
    elif request.method == "POST" and form.validate_on_submit():
        upload = form.file.data
        data = upload.read() if upload is not None and getattr(upload, "filename", "") else None
        if not data:
            form.file.errors = [_("Choose a CSV or XLSX file.")]
        else:
            table = importing.read_table(data, upload.filename)
            preview = importing.parse(table, _line_refs(budget), form.scale.data)
            if preview.error:
                form.file.errors = [preview.error]
            else:
                confirm = ConfirmImportForm(formdata=None, content=importing.to_csv(table),
                                            filename=upload.filename[:200], month=str(form.month.data),
                                            scale=form.scale.data, cumulative="1" if form.cumulative.data else "")
    return render_template("budget/import.html", municipality=municipality, budget=budget, form=form,
                           confirm=confirm, preview=preview, result=result, month_names=names, text_months=text_months,
                           scaled=scaled)


def _confirmed_settings(confirm):
    try:
        month = int(confirm.month.data or 0)
    except ValueError:
        month = 0
    scale = confirm.scale.data if confirm.scale.data in SCALES else "units"
    return (month if month in MONTHS else 0), scale, bool(confirm.cumulative.data)

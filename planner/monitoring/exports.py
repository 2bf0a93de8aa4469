"""The budget execution table as rows for CSV and XLSX (seed 002's layout: plan, actual,
% of plan, deviation), built from a Dashboard, so the file shows the page's figures."""
from flask_babel import gettext as _
from flask_babel import pgettext

from .execution import COMMUNITY_SOURCES, SOURCES


def _line(ln):
    return [ln.planned, ln.actual, ln.percent if ln.percent is not None else "", ln.deviation,
            _("overspent") if ln.is_overspent else ""]


def _money_header():
    # "%%" % (): the same message as the page's templates, where "%" is written "%%"
    return [pgettext("plan vs actual", "Plan"), _("Actual"), _("Executed, %%") % (), _("Deviation"), _("Remark")]


def by_activity(board, status_labels):
    """Sections with their activities, then the total. Returns ``rows, bold_row_numbers``
    (1-based, counting the header), so the XLSX can set section and total rows in bold."""
    rows = [[_("No."), _("Section or activity")] + _money_header() + [_("Status"), _("Progress, %%") % ()]]
    bold = [1]
    ex = board.execution
    by_section = {}
    for state in board.activities:
        by_section.setdefault(state.activity.section_id, []).append(state)
    for section, section_line in board.sections:
        rows.append([str(section.position), section.title] + _line(section_line) + ["", ""])
        bold.append(len(rows))
        for state in by_section.get(section.id, []):
            a = state.activity
            rows.append([f"{section.position}.{a.position}", a.description] + _line(ex.by_activity[a.id])
                        + [str(status_labels[state.status]), state.progress])
    rows.append(["", _("Total")] + _line(ex.total) + ["", ""])
    bold.append(len(rows))
    return rows, bold


def by_source(board, source_labels):
    """Funding sources, the total, then the community's own contribution; ``rows, bold``."""
    ex = board.execution
    rows = [[_("Funding source")] + _money_header()]
    rows += [[str(source_labels[s])] + _line(ex.by_source[s]) for s in SOURCES]
    rows.append([_("Total")] + _line(ex.total))
    bold = [1, len(rows)]
    rows.append([])
    rows.append([_("The community's own contribution")] + _money_header())
    bold.append(len(rows))
    rows += [[str(source_labels[s])] + _line(ex.by_source[s]) for s in COMMUNITY_SOURCES]
    rows.append([_("Total")] + _line(ex.community))
    bold.append(len(rows))
    return rows, bold


def title_rows(municipality, plan, today, source):
    from flask_babel import format_date

    return [[municipality.name], [f"{plan.title} ({plan.year_from}–{plan.year_to})"],
            [_("Budget execution on %(date)s, from approved monitoring reports and the municipality's accounting.",
               date=format_date(today))], [source.sentence], []]

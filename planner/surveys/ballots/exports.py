"""CSV and XLSX of a ballot's result: the same figures as the results table."""
from flask_babel import gettext as _

from ... import spreadsheets
from .forms import DIMENSION_LABELS, SEX_LABELS


def _header():
    return [_("Rank"), _("Tied"), _("Option"), _("Online"), _("Paper"), _("Total"), _("Share, %")]


def _rows(result):
    """Nothing per option when too few ballots were counted; no online/paper split when it
    would single out a small group (the same rules as the results page)."""
    if result.too_few:
        return
    split = not result.channels_hidden
    for r in result.rows:
        yield [r.rank, _("yes") if r.tied else "", r.option.text, r.online if split else "",
               r.paper if split else "", r.total, r.percent]


def _turnout(result):
    t = result.turnout
    return [
        [_("Voting method"), result.ballot.method],
        [_("Online voters"), t.online_voters],
        [_("Paper ballots issued"), t.paper_issued],
        [_("Valid paper ballots"), t.paper_valid],
        [_("Invalid paper ballots"), t.paper_invalid],
        [_("Verified residents who may vote"), t.eligible],
    ]


def _filename(result, ext):
    return f"ballot-{result.ballot.id}-results.{ext}"


def csv_response(result):
    rows = [_header(), *_rows(result), [], *_turnout(result)]
    return spreadsheets.csv_response(rows, _filename(result, "csv"))


def xlsx_response(result, village_names):
    sheets = [(_("Results"), [_header(), *_rows(result)], {"widths": [None, None, 60]}),
              (_("Turnout"), _turnout(result), {})]
    for breakdown in [] if result.too_few else result.breakdowns:
        rows = [[_("Group"), _("Voters")] + [o.text for o in result.ballot.options]]
        for key, voters, scores in breakdown.groups:
            if breakdown.dimension == "village":
                name = village_names.get(key, key)
            elif breakdown.dimension == "sex":
                name = str(SEX_LABELS.get(key, key)) if key else key
            else:
                name = key
            if scores is None:
                rows.append([name or "—", _("hidden")])
            else:
                rows.append([name or "—", voters] + [scores.get(o.id, 0) for o in result.ballot.options])
        sheets.append((str(DIMENSION_LABELS[breakdown.dimension]), rows, {}))
    return spreadsheets.xlsx_response(sheets, _filename(result, "xlsx"))

"""Paper ballots on an A4 sheet: 1, 2 or 4 copies, cut apart along dashed lines, for priority
and budgeting ballots alike (the choice in the address, ``?per_sheet=``; the sheet itself is
templates/_ballot_sheet.html with static/ballot_sheet.css)."""
from flask import request

PER_SHEET = (1, 2, 4)


def per_sheet():
    """The number of ballots a sheet asked for, one when the address names no allowed number."""
    chosen = request.args.get("per_sheet", 1, type=int)
    return chosen if chosen in PER_SHEET else 1


def sheet_context():
    """What _ballot_sheet.html needs: the chosen number and the choices."""
    return {"per_sheet": per_sheet(), "per_sheet_choices": PER_SHEET}

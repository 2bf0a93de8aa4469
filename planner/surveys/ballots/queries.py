"""Loaders the ballot pages share (online votes, results, paper protocols)."""
from flask import abort

from ...extensions import db
from . import services


def ballot_or_404(municipality, ballot_id):
    """The ballot in the URL with its options and villages; 404 unless it belongs to the municipality."""
    ballot = db.session.scalar(services.ballot_detail(ballot_id))
    if ballot is None or ballot.municipality_id != municipality.id:
        abort(404)
    return ballot

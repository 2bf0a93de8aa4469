"""The budget section of a municipality's public page: a link to its budget pages (no
query: the page already runs its eight; the budget index lists the adopted years)."""
from ..public import sections


def build(municipality, user):
    return "budget/_public_section.html", {}


sections.register(55, build)

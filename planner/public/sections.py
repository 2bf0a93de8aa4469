"""Sections of a municipality's public page, contributed by the features.

A feature calls ``register(order, build)`` at import time; ``build(municipality, user)``
returns ``(template_name, context)`` or None to show nothing. Keep each build to a
constant number of queries."""
_SECTIONS: list[tuple[int, object]] = []


def register(order: int, build) -> None:
    _SECTIONS.append((order, build))
    _SECTIONS.sort(key=lambda item: item[0])


def build_all(municipality, user):
    sections = []
    for _order, build in _SECTIONS:
        result = build(municipality, user)
        if result is not None:
            sections.append(result)
    return sections

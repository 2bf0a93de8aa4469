"""Sections of a page contributed by the features: the municipality's public page here
(``register``, ``build_all``), a plan's page and dashboard in ``plans/panels.py``.

A feature calls ``register(order, build)`` at import time; ``build(*args)`` (here
``build(municipality, user)``) returns ``(template_name, context)`` or None to show nothing.
Keep each build to a constant number of queries."""


class Sections:
    """The builds registered for one kind of page, in their order."""

    def __init__(self):
        self._builds: list[tuple[int, object]] = []

    def register(self, order: int, build) -> None:
        self._builds.append((order, build))
        self._builds.sort(key=lambda item: item[0])

    def build_all(self, *args) -> list[tuple[str, dict]]:
        sections = []
        for _order, build in self._builds:
            result = build(*args)
            if result is not None:
                sections.append(result)
        return sections


_MUNICIPALITY_PAGE = Sections()
register = _MUNICIPALITY_PAGE.register
build_all = _MUNICIPALITY_PAGE.build_all

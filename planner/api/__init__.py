"""The read-only JSON API (``/api/v1/``), built with flask-smorest: the marshmallow schemas
that serialise the responses also generate the OpenAPI 3 description served at
``/api/v1/openapi.json``; ``/api/v1/`` is a browsable page of it (self-hosted, no script)."""
from flask_smorest import Api

from . import docs, errors
from .views import bp

errors.register(bp)
docs.register(bp)


class PlannerApi(Api):
    """flask-smorest's Api without its application-wide error handlers: the site's HTML
    pages keep their own error pages; the API blueprint answers JSON (``errors``)."""

    def _register_error_handlers(self):
        pass

    def _register_pagination_header(self):
        """X-Pagination carries JSON: described with ``content`` (OpenAPI 3), not as a
        ``simple``-style object, so that validators read it as the JSON it is."""
        from flask_smorest.pagination import PAGINATION_HEADER

        schema = PAGINATION_HEADER["schema"]
        self.spec.components.header("PAGINATION", {"description": PAGINATION_HEADER["description"],
                                                   "content": {"application/json": {"schema": schema}}}, lazy=True)


def init_app(app):
    for key, value in (("API_TITLE", "planner"), ("API_VERSION", "v1"), ("OPENAPI_VERSION", "3.0.3"),
                       ("OPENAPI_URL_PREFIX", "/api/v1"), ("OPENAPI_JSON_PATH", "openapi.json"),
                       ("API_RATE_LIMIT", "120 per minute")):
        app.config.setdefault(key, value)
    api = PlannerApi(app)
    errors.init_app(app)
    api.register_blueprint(bp)
    return api

"""Errors of the API as JSON: ``{"code": 404, "status": "Not Found", "message": "..."}``
with the message translated (``?lang=`` or the usual language choice)."""
from flask import current_app, request
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from ..web import ERROR_TEXTS, render_error

PREFIX = "/api/"


def _message(code):
    title, text = ERROR_TEXTS.get(code, (None, None))
    if code == 422:
        return _("The address has a parameter that is not valid.")
    return str(text) if text is not None else str(ERROR_TEXTS[500][1])


def _payload(error):
    from .views import request_lang

    lang = request_lang()
    if lang is None:
        return {"code": error.code, "status": error.name, "message": _message(error.code)}
    with force_locale(lang):
        return {"code": error.code, "status": error.name, "message": _message(error.code)}


def _json_error(error):
    if error.code is not None and error.code < 400:  # 304 Not Modified
        return current_app.response_class(status=error.code)
    headers = dict(getattr(error, "data", {}).get("headers", {}) or {})
    if error.code == 405:
        headers["Allow"] = ", ".join(error.valid_methods or [])
    return _payload(error), error.code, headers


def _routing_error(error):
    """A 404 or 405 found while routing belongs to no blueprint: JSON under the API's
    prefix, the site's HTML error page elsewhere."""
    if request.path.startswith(PREFIX):
        return _json_error(error)
    if error.response is not None:
        return error.response
    response = render_error(error.code)
    if error.code == 405:
        return response[0], 405, {"Allow": ", ".join(error.valid_methods or [])}
    return response


def register(bp):
    bp.errorhandler(HTTPException)(_json_error)


def init_app(app):
    for error in (NotFound, MethodNotAllowed):
        app.register_error_handler(error, _routing_error)

"""Cross-cutting HTTP behaviour: security headers, error pages (503 while the database is down:
planner/outage.py), static URLs, compression of responses and static files (Flask-Compress)."""
import hashlib

from flask import has_request_context, make_response, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from . import outage
from .i18n import lazy_gettext as _l

CSP = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

ERROR_TEXTS = {
    400: (_l("Bad request"), _l("The form or address could not be understood. Go back, reload the page and try again.")),
    401: (_l("Please log in"), _l("This page is for signed-in users. Log in and open it again.")),
    403: (_l("Not allowed"), _l("Your account does not have the right to open this page.")),
    404: (_l("Page not found"), _l("There is no page at this address. It may have been moved or deleted.")),
    405: (_l("Not allowed"), _l("This address does not accept that kind of request.")),
    408: (_l("Too slow"), _l("The request took too long to arrive. Check your connection and try again.")),
    409: (_l("Changed meanwhile"), _l("Someone changed this at the same time. Reload the page and try again.")),
    410: (_l("Page not found"), _l("This page has been removed for good.")),
    413: (_l("File too large"), _l("The file you sent is larger than allowed. Choose a smaller file.")),
    414: (_l("Address too long"), _l("The address is too long to be read. Go back and try again.")),
    415: (_l("Unsupported format"), _l("The page cannot read what was sent in this format. Send it from the form on the site.")),
    422: (_l("Bad request"), _l("The form or address could not be understood. Go back, reload the page and try again.")),
    429: (_l("Too many attempts"), _l("Too many attempts in a short time. Wait a few minutes and try again.")),
    431: (_l("Bad request"), _l("Your browser sent too much data with the request. Clear this site's cookies and try again.")),
    500: (_l("Something went wrong"), _l("The server could not finish your request. Nothing was saved half-way; please try again later.")),
    501: (_l("Not available"), _l("This address does not accept that kind of request.")),
}


def error_texts(code):
    """Title and text of the error page for ``code``: its own, else its class's (4xx: 400, 5xx: 500)."""
    return ERROR_TEXTS.get(code) or ERROR_TEXTS[400 if 400 <= code < 500 else 500]


def safe_next(target, default="public.home"):
    r"""``target`` if it is a path on this site, else the URL of ``default``.

    Browsers drop tabs and newlines from URLs and read a backslash as a slash, so
    ``/\t/evil.example`` and ``/\evil.example`` lead to another site: any control
    character, space or backslash refuses the target, as does a scheme or host."""
    from urllib.parse import urlsplit

    if (isinstance(target, str) and target.startswith("/") and not target.startswith("//")
            and not any(c <= " " or c == "\\" or c == "\x7f" for c in target)):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for(default)


def render_error(code, message=None):
    title, text = error_texts(code)
    try:
        return render_template("error.html", code=code, title=title, text=message or text), code
    except SQLAlchemyError as error:  # the page's header loads the signed-in user
        if outage.database_down(error):
            return outage.unavailable_page(error)
        raise


def _bench_baseline():
    """One query and a few bytes: the baseline bench/ compares every page against."""
    from sqlalchemy import text

    from .extensions import db

    db.session.execute(text("SELECT 1"))
    return "ok", 200, {"Content-Type": "text/plain"}


class StaticCopies:
    """Flask-Compress's cache (``COMPRESS_CACHE_BACKEND``): the compressed copies of versioned
    static files, made once per process and algorithm. Pages are compressed on each request
    and never kept here (their key is empty, see ``static_copy_key``)."""

    def __init__(self):
        self.copies = {}

    def get(self, key):
        return self.copies.get(key)

    def set(self, key, value):
        if not key.endswith(";"):
            self.copies[key] = value


def static_copy_key(request):
    """The URL of a versioned static file (its content hash is in ``v``), else empty."""
    if request.endpoint == "static" and request.args.get("v"):
        return request.full_path
    return ""


COMPRESSION = {
    # Brotli first (smaller), gzip for the rest; deflate and zstd add nothing a phone needs.
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    "COMPRESS_MIN_SIZE": 500,  # below one packet, compressing only costs time
    # Streamed responses (downloads) stay as they are; static files are read whole below so
    # that their compressed copy is made once and kept.
    "COMPRESS_STREAMS": False,
    "COMPRESS_CACHE_BACKEND": StaticCopies,
    "COMPRESS_CACHE_KEY": static_copy_key,
}


def _init_compression(app):
    """Compress pages and static files here, so a laptop serving a gathering sends the same
    bytes as a server behind nginx. Images, PDFs, ZIP and XLSX files are compressed already:
    Flask-Compress's list of types leaves them out."""
    from .extensions import compress

    for key, value in COMPRESSION.items():
        app.config.setdefault(key, value)
    compress.init_app(app)

    @app.after_request
    def _static_whole(response):
        # Runs before Flask-Compress's hook (hooks run in reverse order of registration).
        # A byte range (206) stays streamed, so it is sent as stored.
        if (request.endpoint == "static" and response.status_code == 200 and request.method == "GET"
                and response.mimetype in compress.compress_mimetypes_set):
            stored = response.response  # the file, opened by send_file
            response.direct_passthrough = False
            response.set_data(response.get_data())
            stored.close()
        return response


_ROW = 9_876_543_210_123  # an id no row has, replaced by each row's own


def row_url(endpoint, key, **values):
    """``url_for(endpoint, **values, key=id)`` for every row of a list, routed once:
    ``{% set edit_url = row_url("x.edit", "item_id", slug=m.slug) %}`` then ``edit_url(item.id)``
    in the loop gives the same address as ``url_for`` would for each row (an int id)."""
    before, _marker, after = url_for(endpoint, **values, **{key: _ROW}).partition(str(_ROW))
    return lambda object_id: f"{before}{int(object_id)}{after}"


def init_app(app):
    _init_compression(app)
    if app.config["BENCH_BASELINE"]:  # bench/run.py turns it on; the app has no such page otherwise
        app.add_url_rule("/bench/minimal", "bench_minimal", _bench_baseline)
    static_versions = {}

    def static_url(filename):
        """URL of a static file with a content hash, so it can be cached for a year; kept per
        file and the address the app is served at (one process may answer at two)."""
        key = (request.script_root if has_request_context() else "", filename)
        url = static_versions.get(key)
        if url is None or app.debug:
            with open(app.static_folder + "/" + filename, "rb") as f:
                version = hashlib.sha256(f.read()).hexdigest()[:10]
            url = static_versions[key] = url_for("static", filename=filename, v=version)
        return url

    app.jinja_env.globals["static_url"] = static_url
    app.jinja_env.globals["row_url"] = row_url
    from .layout import page_header

    app.jinja_env.globals["page_header"] = page_header  # base.html's header, kept drawn
    from .forms import post_button

    app.jinja_env.globals["post_button"] = post_button  # _macros.html exports it under the same name
    from .svg_charts import bar_svg

    app.jinja_env.globals["bar_svg"] = bar_svg  # the picture of a chart before (or without) plotly
    from . import permissions

    app.jinja_env.globals.update(permissions.template_globals())
    from . import labels

    labels.init_app(app)  # labels.<feature>.<NAME> in templates

    @app.context_processor
    def _now():
        from .models import utcnow

        return {"now": utcnow()}

    @app.after_request
    def _security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        if app.config["HTTPS"]:
            headers.setdefault("Strict-Transport-Security", f"max-age={app.config['HSTS_SECONDS']}; includeSubDomains")
        if request.endpoint != "static" and "Cache-Control" not in headers:
            headers["Cache-Control"] = "no-store" if request.cookies.get("session") else "no-cache"
        return response

    @app.errorhandler(CSRFError)
    def _csrf_error(_error):
        from flask_babel import gettext as _

        return render_error(400, _("The form had expired or was sent from another page. Your entries were not saved; reload the page and send it again."))

    @app.errorhandler(HTTPException)
    def _http_error(error):
        if error.response is not None:  # a page made for this refusal (e.g. the login limits' 429)
            return error.response
        if error.code is None or error.code < 400:  # redirects raised as exceptions (RequestRedirect)
            return error
        response = make_response(render_error(error.code))
        for name, value in error.get_headers():  # Allow (405), WWW-Authenticate (401), Retry-After
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def _server_error(error):
        from .extensions import db

        if outage.database_down(error):
            return outage.unavailable_page(error)
        if app.testing and app.config.get("PROPAGATE_EXCEPTIONS") is not False:
            raise error
        app.logger.exception("Unhandled error on %s", request.path)
        db.session.rollback()
        return render_error(500)

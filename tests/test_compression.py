"""Compression by the app itself (planner/web.py, Flask-Compress): pages and static files
go out gzip- or brotli-compressed to a browser that accepts it, decompress to the very bytes
sent uncompressed, keep their versioned URLs and year-long cache; small bodies and types
that are compressed already go out as they are."""
import gzip
import re

import brotli
import pytest

from planner.extensions import compress


def _get(client, url, encoding=None):
    headers = {"Accept-Encoding": encoding} if encoding else {}
    response = client.get(url, headers=headers)
    body = response.get_data()
    response.close()
    return response, body


@pytest.fixture
def page_app(make_app):
    """An app with the page cache on, so an anonymous visitor gets the same bytes twice."""
    return make_app(PAGE_CACHE_SECONDS=30)


def test_a_page_is_gzipped_and_decompresses_to_the_same_page(page_app, make_municipality):
    municipality = make_municipality()
    client = page_app.test_client()
    url = f"/m/{municipality.slug}/"
    plain, plain_body = _get(client, url)
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers
    zipped, zipped_body = _get(client, url, "gzip, deflate")
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    assert int(zipped.headers["Content-Length"]) == len(zipped_body) < len(plain_body) / 2
    assert gzip.decompress(zipped_body) == plain_body
    browser, browser_body = _get(client, url, "gzip, deflate, br, zstd")
    assert browser.headers["Content-Encoding"] == "br"
    assert brotli.decompress(browser_body) == plain_body


def test_a_signed_in_page_is_compressed_too(client, auth, make_user):
    auth.as_user(make_user())
    response, body = _get(client, "/account", "gzip")
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
    assert b"</html>" in gzip.decompress(body)
    assert response.headers["Cache-Control"] == "no-store"


def test_static_files_keep_their_versioned_url_and_year_long_cache(app, client):
    page = client.get("/").get_data(as_text=True)
    css = re.search(r'href="(/static/planner.css\?v=[0-9a-f]{10})"', page).group(1)
    with open(app.static_folder + "/planner.css", "rb") as f:
        stored = f.read()
    for encoding, decompress in (("gzip", gzip.decompress), ("br", brotli.decompress)):
        response, body = _get(client, css, encoding)
        assert response.status_code == 200 and response.headers["Content-Encoding"] == encoding
        assert "max-age=31536000" in response.headers["Cache-Control"]
        assert decompress(body) == stored and len(body) < len(stored) / 2
    again, body = _get(client, css, "gzip")
    assert gzip.decompress(body) == stored
    assert again.headers["ETag"] and again.headers["ETag"].endswith(':gzip"')
    revalidated = client.get(css, headers={"Accept-Encoding": "gzip", "If-None-Match": again.headers["ETag"]})
    assert revalidated.status_code == 304 and not revalidated.get_data()


def test_the_chart_bundle_is_compressed_once_and_kept(app, client):
    with app.test_request_context():
        url = app.jinja_env.globals["static_url"]("vendor/plotly-basic.min.js")
    with open(app.static_folder + "/vendor/plotly-basic.min.js", "rb") as f:
        stored = f.read()
    response, body = _get(client, url, "br")
    assert response.headers["Content-Encoding"] == "br" and brotli.decompress(body) == stored
    assert len(body) < 450 * 1024  # 1.2 MB as stored
    assert compress.cache.get("br;" + url) == body  # kept: the next visitor costs no compression
    plain, plain_body = _get(client, url)
    assert "Content-Encoding" not in plain.headers and plain_body == stored


def test_a_byte_range_of_a_static_file_is_sent_as_stored(app, client):
    with app.test_request_context():
        url = app.jinja_env.globals["static_url"]("planner.css")
    response = client.get(url, headers={"Accept-Encoding": "gzip", "Range": "bytes=0-99"})
    assert response.status_code == 206 and "Content-Encoding" not in response.headers
    with open(app.static_folder + "/planner.css", "rb") as f:
        assert response.get_data() == f.read()[:100]
    response.close()


def test_small_bodies_and_compressed_types_are_sent_as_they_are(make_app):
    app = make_app()
    picture = bytes(range(256)) * 20  # 5 KB that gzip could not shrink much anyway

    app.add_url_rule("/test-picture", "test_picture", lambda: (picture, 200, {"Content-Type": "image/png"}))
    app.add_url_rule("/test-small", "test_small", lambda: ("<p>ok</p>", 200, {"Content-Type": "text/html"}))
    app.add_url_rule("/test-zip", "test_zip", lambda: (b"PK" + bytes(4000), 200,
                                                       {"Content-Type": "application/zip"}))
    client = app.test_client()
    for url in ("/test-picture", "/test-small", "/test-zip"):
        response, body = _get(client, url, "gzip, br")
        assert response.status_code == 200 and "Content-Encoding" not in response.headers, url
    assert _get(client, "/test-picture", "gzip")[1] == picture

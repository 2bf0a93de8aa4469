"""The HTTP errors that real requests meet (not only abort()) get the app's translated page:
a body over MAX_CONTENT_LENGTH (413), a GET on a POST-only route (405), a method the app
does not know (405), JSON where a form is expected (415)."""
import pytest

TITLES = {
    413: {"ky": "Файл өтө чоң", "ru": "Файл слишком большой", "hy": "Ֆայլը չափազանց մեծ է"},
}


@pytest.mark.parametrize("lang", ["ky", "ru", "hy"])
def test_a_too_large_upload_gets_the_translated_413(make_app, lang):
    app = make_app(PROPAGATE_EXCEPTIONS=False, MAX_CONTENT_LENGTH=2000)
    response = app.test_client().post("/login", data={"email": "x" * 5000, "password": "y"},
                                      headers={"Accept-Language": lang})
    body = response.get_data(as_text=True)
    assert response.status_code == 413
    assert f'<html lang="{lang}">' in body and TITLES[413][lang] in body
    assert "Request Entity Too Large" not in body


@pytest.mark.parametrize("method", ["get", "put", "delete", "patch"])
def test_a_wrong_method_on_a_real_route_gets_the_translated_405(make_app, method):
    app = make_app(PROPAGATE_EXCEPTIONS=False)
    response = getattr(app.test_client(), method)("/m/any/problems/1/support", headers={"Accept-Language": "ky"})
    body = response.get_data(as_text=True)
    assert response.status_code == 405 and "POST" in response.headers["Allow"]
    assert '<html lang="ky">' in body and "Уруксат жок" in body and "Method Not Allowed" not in body


def test_an_unknown_method_gets_the_translated_page(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)
    response = app.test_client().open("/", method="PROPFIND", headers={"Accept-Language": "hy"})
    body = response.get_data(as_text=True)
    assert response.status_code in (405, 501)
    assert '<html lang="hy">' in body and "Not Allowed" not in body and "Not Implemented" not in body

"""Every HTTP error gets the app's translated page, and WTForms' own validator messages reach
Kyrgyz, Russian and Armenian users in their language (WTForms has no ky or hy catalogue)."""
import pytest
from flask import abort
from wtforms import DateField, DecimalField, IntegerField, StringField
from wtforms.validators import Length, NumberRange

from planner.forms import BaseForm


@pytest.mark.parametrize(("code", "ky_title"), [
    (401, "Сураныч, кириңиз"), (405, "Уруксат жок"), (408, "Өтө жай"), (409, "Ортодо өзгөртүлдү"),
    (413, "Файл өтө чоң"), (415, "Бул формат кабыл алынбайт"), (418, "Туура эмес суроо-талап"),
    (431, "Туура эмес суроо-талап"), (501, "Жеткиликсиз"), (505, "Бир жерден ката кетти"),
])
def test_every_http_error_gets_the_translated_page(make_app, code, ky_title):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.route("/fail")
    def fail():
        abort(code)

    response = app.test_client().get("/fail", headers={"Accept-Language": "ky"})
    body = response.get_data(as_text=True)
    assert response.status_code == code
    assert response.mimetype == "text/html"
    assert '<html lang="ky">' in body and f"<h1>{ky_title}</h1>" in body
    assert "<title>" in body and "Werkzeug" not in body and "The server" not in body


def test_real_405_and_415_keep_their_headers(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.route("/json", methods=["POST"])
    def json_only():
        from flask import request

        return request.get_json()  # werkzeug refuses another content type with 415

    client = app.test_client()
    response = client.get("/logout", headers={"Accept-Language": "hy"})
    assert response.status_code == 405 and "POST" in response.headers["Allow"]
    assert '<html lang="hy">' in response.get_data(as_text=True)
    response = client.post("/json", data="x", content_type="text/plain", headers={"Accept-Language": "hy"})
    assert response.status_code == 415
    assert "Այս ձևաչափն ընդունելի չէ" in response.get_data(as_text=True)


def test_401_keeps_www_authenticate(make_app):
    from werkzeug.exceptions import Unauthorized

    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.route("/private")
    def private():
        raise Unauthorized(www_authenticate=None)

    response = app.test_client().get("/private", headers={"Accept-Language": "ru"})
    assert response.status_code == 401
    assert "Пожалуйста, войдите" in response.get_data(as_text=True)


REQUIRED = {"ky": "Бул талааны толтуруу милдеттүү.", "ru": "Это поле обязательно.", "hy": "Այս դաշտը պարտադիր է։"}


@pytest.mark.parametrize("lang", ["ky", "ru", "hy"])
def test_registration_form_messages_in_the_visitors_language(client, lang):
    response = client.post("/register", data={"name": "", "email": "not-an-address", "password": "x",
                                              "confirm": "x", "locale": lang},
                           headers={"Accept-Language": lang})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert REQUIRED[lang] in body
    assert "This field is required." not in body and "Invalid email address." not in body


class _Numbers(BaseForm):
    count = IntegerField(validators=[NumberRange(min=1, max=20)])
    amount = DecimalField()
    day = DateField()
    code = StringField(validators=[Length(min=3, max=5)])
    word = StringField(validators=[Length(min=4)])


@pytest.mark.parametrize(("lang", "expected"), [
    ("ky", {"count": "Бүтүн сан жазыңыз.", "amount": "Сан жазыңыз (мисалы, 1500.50).",
            "day": "Датаны туура жазыңыз.", "code": "Узундугу 3–5 белги болушу керек.",
            "word": "Кеминде 4 белги жазыңыз."}),
    ("hy", {"count": "Գրեք ամբողջ թիվ։", "amount": "Գրեք թիվ (օրինակ՝ 1500.50)։",
            "day": "Գրեք ճիշտ ամսաթիվ։", "code": "Երկարությունը պետք է լինի 3–5 նիշ։",
            "word": "Գրեք առնվազն 4 նիշ։"}),
    ("ru", {"count": "Введите целое число.", "amount": "Введите число (например, 1500.50).",
            "day": "Введите правильную дату.", "code": "Длина должна быть от 3 до 5 символов.",
            "word": "Введите не менее 4 символов."}),
])
def test_type_and_length_messages_are_translated(app, lang, expected):
    with app.test_request_context("/", method="POST", headers={"Accept-Language": lang},
                                  data={"count": "много", "amount": "1.5.5", "day": "31.02", "code": "ab",
                                        "word": "abc"}):
        form = _Numbers(meta={"csrf": False})
        assert not form.validate()
        got = {name: errors[0] for name, errors in form.errors.items()}
    assert got == expected


# WTForms messages the app never shows: validators and fields it does not use, and CSRF (its own page).
NOT_SHOWN = ("Invalid field name", "IP address", "Mac address", "UUID", "CSRF", "cannot be edited", "disabled",
             "Choices cannot be None", "week value")


@pytest.mark.parametrize("lang", ["ky", "ru", "hy"])
def test_every_wtforms_message_has_a_translation(app, lang):
    """Read from WTForms' own template, so a message added by a WTForms upgrade shows up here."""
    from babel.messages.pofile import read_po
    from flask_babel import force_locale, get_translations
    from wtforms.i18n import messages_path

    with open(f"{messages_path()}/wtforms.pot", "rb") as f:
        template = read_po(f)
    ids = [m.id for m in template if m.id and not any(s in str(m.id) for s in NOT_SHOWN)]
    assert len(ids) > 20
    with app.test_request_context("/"), force_locale(lang):
        translations = get_translations()
        for msgid in ids:
            if isinstance(msgid, tuple):  # a plural: every form translated
                for n in (1, 2, 5, 21):
                    assert translations.ngettext(*msgid, n) not in msgid, (lang, msgid, n)
            else:
                assert translations.gettext(msgid) != msgid, (lang, msgid)


@pytest.mark.parametrize(("lang", "expected"), [("ky", "Сан жазыңыз (мисалы, 1500.50)."),
                                                ("hy", "Գրեք թիվ (օրինակ՝ 1500.50)։")])
def test_messages_inside_sub_forms_are_translated(app, lang, expected):
    """A plan activity's indicators are a FieldList of sub-forms, which WTForms builds with their own Meta."""
    from planner.plans.forms import ActivityForm

    with app.test_request_context("/", method="POST", headers={"Accept-Language": lang},
                                  data={"indicators-0-baseline": "много"}):
        form = ActivityForm(meta={"csrf": False})
        form.validate()
        assert form.indicators[0].baseline.errors[0] == expected

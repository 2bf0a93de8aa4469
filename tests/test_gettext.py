"""The faster translation lookups (planner/i18n.py) give what Flask-Babel gives.

Each request gets its own app context (and ``g``), as in production: the test's own app
context would otherwise carry the first request's locale into the next."""
from contextlib import contextmanager

from flask_babel import force_locale
from flask_babel import gettext as babel_gettext

from planner.i18n import gettext, label_texts, lazy_gettext
from planner.monitoring.forms import SOURCE_LABELS



@contextmanager
def request_in(app, lang):
    with app.app_context(), app.test_request_context(headers={"Accept-Language": lang}):
        yield


MESSAGES = ("Name", "Executed, %%", "Budget execution, CSV", "Log out", "Joint monitoring")


def test_template_and_python_gettext_match_flask_babel(app):
    template = app.jinja_env.from_string("{% for m in messages %}{{ _(m) }}|{{ gettext(m) }}|{% endfor %}")
    for lang in ("ky", "ru", "hy", "en"):
        with request_in(app, lang):
            expected = "".join(f"{babel_gettext(m) % ()}|" * 2 for m in MESSAGES)
            assert template.render(messages=MESSAGES) == expected.replace("&", "&amp;")
            assert [gettext(m) for m in MESSAGES] == [babel_gettext(m) for m in MESSAGES]
            assert str(SOURCE_LABELS["local"]) == babel_gettext("Local budget")
            if lang != "en":
                assert gettext("Name") != "Name"


def test_variables_are_escaped_and_force_locale_switches(app):
    template = app.jinja_env.from_string("{{ _('Approved at: %(where)s.', where=where) }} {{ _('Name') }}")
    with request_in(app, "ky"):
        ky = template.render(where="<b>")
        assert "&lt;b&gt;" in ky and "<b>" not in ky and ky.startswith("Бекитилген")
        with force_locale("ru"):
            assert template.render(where="x").startswith("Утверждена: x.") and "Имя" in template.render(where="x")
            assert str(lazy_gettext("Name")) == "Имя"
        assert template.render(where="x").endswith("Аты")


def test_lazy_labels_follow_the_request(app):
    label = lazy_gettext("Name")
    with request_in(app, "hy"):
        assert str(label) == babel_gettext("Name") != "Name"
    with request_in(app, "en"):
        assert str(label) == "Name"
        assert str(lazy_gettext("Approved at: %(where)s.", where="X")) == "Approved at: X."


def test_label_texts_are_the_lazy_labels_in_the_request_language(app):
    """label_texts resolves a dict of lazy labels once per language: the same texts as
    each lazy string gives, in the language of the request (never a text kept for another)."""
    seen = {}
    for lang in ("ky", "ru", "hy", "en", "ky"):
        with request_in(app, lang):
            texts = label_texts(SOURCE_LABELS)
            assert texts == {key: str(label) for key, label in SOURCE_LABELS.items()}
            assert texts["local"] == babel_gettext("Local budget")
            with force_locale("ru"):
                assert label_texts(SOURCE_LABELS)["local"] == babel_gettext("Local budget")
            assert label_texts(SOURCE_LABELS) is texts  # kept for the request's language
            seen[lang] = texts["local"]
    assert len({seen["ky"], seen["ru"], seen["hy"], seen["en"]}) == 4

"""The base form every feature form derives from, the one form for a button (ActionForm) and
its markup (post_button), shared fields (CheckboxesField) and choices."""
from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf, validate_csrf
from markupsafe import Markup, escape
from wtforms import DecimalField, FieldList, Form, FormField, IntegerField, SelectChoice, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget, Select
from wtforms.csrf.core import CSRF

from .form_messages import CATALOGUE_MESSAGES
from .i18n import normalize_text


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class _LazyToken:
    """The form token, made when the form is drawn rather than when it is built: a page
    that builds a form it does not show (an anonymous visitor's) starts no session, so it
    can be kept whole (planner/page_cache.py)."""

    __slots__ = ("make", "value")

    def __init__(self, make):
        self.make, self.value = make, None

    def __str__(self):
        if self.value is None:
            self.value = self.make()
        return self.value

    __html__ = __str__


class _LazyCSRF(CSRF):
    """WTForms' CSRF protocol on Flask-WTF's public token functions, the token drawn lazily.
    (Every POST is also checked by CSRFProtect before the view runs.)"""

    def setup_form(self, form):
        self.meta = form.meta
        return super().setup_form(form)

    def generate_csrf_token(self, csrf_token_field):
        meta = self.meta
        return _LazyToken(lambda: generate_csrf(secret_key=meta.csrf_secret, token_key=meta.csrf_field_name))

    def validate_csrf_token(self, form, field):
        meta = self.meta
        validate_csrf(field.data, meta.csrf_secret, meta.csrf_time_limit, meta.csrf_field_name)


_KEYBOARDS = {IntegerField: "numeric", DecimalField: "decimal"}


class _PlainSelect(Select):
    """WTForms' Select with each option without attributes of its own drawn by one format
    instead of ``html_params`` (a select of a plan's 45 activities cost more than the rest of
    its form): the same markup, through the widget's public ``render_option`` hook."""

    @classmethod
    def render_option(cls, choice, **kwargs):
        if kwargs or choice.render_kw:
            return super().render_option(choice, **kwargs)
        value = str(choice.value) if isinstance(choice.value, bool) else choice.value
        return Markup(f'<option {"selected " if choice.selected else ""}value="{escape(value)}">'
                      f"{escape(choice.label or choice.value)}</option>")


_PLAIN_SELECT = _PlainSelect()


class BaseForm(FlaskForm):
    """CSRF-protected; text input is stripped and Kyrgyz Ӊ/ӊ read as Ң/ң; WTForms' own messages translated."""

    class Meta(FlaskForm.Meta):
        csrf_class = _LazyCSRF

        def get_translations(self, form):
            """WTForms' messages in the user's language, ky and hy included (planner/form_messages.py)."""
            return CATALOGUE_MESSAGES

        def bind_field(self, form, unbound_field, options):
            if issubclass(unbound_field.field_class, (FieldList, FormField)):
                # Containers take no filters; the fields inside them get their own.
                return unbound_field.bind(form=form, **options)
            filters = list(unbound_field.kwargs.get("filters", ()))
            options["filters"] = [_strip, normalize_text, *filters]
            return unbound_field.bind(form=form, **options)

        def render_field(self, field, render_kw):
            """Whole numbers and amounts bring up a phone's number keyboard unless told otherwise;
            plain selects are drawn by _PlainSelect."""
            if type(field.widget) is Select and not field.widget.multiple:
                field.widget = _PLAIN_SELECT
            keyboard = _KEYBOARDS.get(type(field))
            if keyboard and getattr(field.widget, "input_type", None) != "hidden" and "inputmode" not in render_kw and "inputmode" not in (field.render_kw or {}):
                render_kw = {"inputmode": keyboard, **render_kw}
            return super().render_field(field, render_kw)

    def hidden_tag(self, *fields):
        """The form's hidden fields (its token), drawn once per form: a page that repeats one
        form per row (a plan's sections, a list's buttons) reuses the markup instead of
        drawing the same fields through WTForms' widgets again for every row."""
        if fields:
            return super().hidden_tag(*fields)
        if self._hidden is None:
            self._hidden = super().hidden_tag()
        return self._hidden

    _hidden = None


class SubForm(Form):
    """A group of fields inside a form (``FormField``): no token of its own (the outer form has
    it), WTForms' messages translated like BaseForm's."""

    class Meta:
        def get_translations(self, form):
            return CATALOGUE_MESSAGES


class ActionForm(BaseForm):
    """A button (or a form whose fields are read by hand) with its CSRF token."""


def post_button(action, label, form, cls=""):
    """A button that posts ``form``'s token to ``action`` (templates import it from
    _macros.html): a Python function, since a list draws one per row and a Jinja macro call
    costs several times the markup's own formatting."""
    return Markup(f'<form method="post" action="{escape(action)}" class="inline-form">{form.hidden_tag()}'
                  f'<button class="{escape(cls)}">{escape(label)}</button></form>')


class CheckboxesField(SelectMultipleField):
    """Several choices as a list of checkboxes. ``validate_choice=False`` when the service
    says which value is wrong."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def choices(pairs):
    """``[(value, label), ...]`` as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]

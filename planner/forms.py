"""The base form every feature form derives from."""
from flask_wtf import FlaskForm
from wtforms import FieldList, FormField, SelectChoice

from .i18n import normalize_text


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    """CSRF-protected; text input is stripped and Kyrgyz Ӊ/ӊ read as Ң/ң."""

    class Meta(FlaskForm.Meta):
        def bind_field(self, form, unbound_field, options):
            if issubclass(unbound_field.field_class, (FieldList, FormField)):
                # Containers take no filters; the fields inside them get their own.
                return unbound_field.bind(form=form, **options)
            filters = list(unbound_field.kwargs.get("filters", ()))
            options["filters"] = [_strip, normalize_text, *filters]
            return unbound_field.bind(form=form, **options)


def choices(pairs):
    """``[(value, label), ...]`` as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]

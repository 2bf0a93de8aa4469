"""The notification preferences form: one choice per kind of event."""
from wtforms import SelectField

from ..forms import BaseForm, choices
from .kinds import DELIVERIES, DELIVERY_LABELS, PREFERENCE_KINDS, PREFERENCE_LABELS


def preferences_form(current: dict, formdata=None):
    """A form with a select per preference kind, filled with ``current`` (kind -> delivery)."""

    class PreferencesForm(BaseForm):
        pass

    for kind in PREFERENCE_KINDS:
        setattr(PreferencesForm, kind, SelectField(PREFERENCE_LABELS[kind], default=current[kind],
                                                   choices=choices((d, DELIVERY_LABELS[d]) for d in DELIVERIES)))
    return PreferencesForm() if formdata is None else PreferencesForm(formdata=formdata)

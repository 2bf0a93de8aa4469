"""The error services raise when a request cannot be carried out."""


class ServiceError(Exception):
    """A refusal with a message meant for the user (already translated).

    ``field`` names the form field the message belongs next to, if any."""

    def __init__(self, message, field=None):
        super().__init__(str(message))
        self.message = message
        self.field = field


def _field_named(fields, name):
    """The field called ``name`` among ``fields``, looking into FieldList and FormField rows
    (``indicators-0-unit``), or None."""
    for field in fields:
        if field.name == name:
            return field
        inner = getattr(field, "entries", None)
        if inner is None:
            inner = getattr(field, "form", None)  # a FormField's rows
        found = _field_named(inner, name) if inner is not None else None
        if found is not None:
            return found
    return None


def attach(form, error: ServiceError) -> bool:
    """Show a service refusal next to its field (or above the form); returns False."""
    field = None
    if error.field:
        field = getattr(form, error.field, None)
        if field is None:
            field = _field_named(form, error.field)
    if field is not None:
        field.errors = [*field.errors, error.message] if isinstance(field.errors, list) else [error.message]
    else:
        form.form_errors.append(error.message)
    return False


def attempt(check, *args, **kwargs):
    """``(value, None)`` from a function that changes nothing (reading a posted form, checking
    a choice before it is sent), or ``(None, error)`` when it refuses with a ServiceError.
    Nothing to commit or roll back: the view shows the refusal. (A change goes through
    ``planner.actions.perform``.)"""
    try:
        return check(*args, **kwargs), None
    except ServiceError as error:
        return None, error

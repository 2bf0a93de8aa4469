"""The members table's rows, each drawn by one Python format.

``members.html`` drew each membership through a dozen Jinja expressions (a ``_()`` per data
label, each making a derived context inside the loop, the date through Flask-Babel and the
remove button through ``post_button``): most of the page's drawing for 50 rows. Here a row is
one format, as the plan sheet's ``row_html`` is. The HTML is the same, byte for byte: every
value is escaped as the template escaped it and the labels are the template's own ``_()``
texts."""

from markupsafe import Markup, escape

from ..forms import post_button
from ..i18n import date_text


def rows_html(memberships, role_texts, labels, remove_url, form, me, villages=()) -> Markup:
    """The ``<tr>`` of each membership. ``labels``: Name, Role, Village, Since and the remove
    button's text as the template translated them; ``remove_url(id)``: the remove address;
    ``me``: the reader's user id (no button to remove one's own role); ``villages``: the
    municipality's villages, whose names are looked up by id (another's through the row)."""
    name, role, village, since, remove = labels
    village_names = {v.id: v.name for v in villages}
    e = escape
    parts = []
    for m in memberships:
        button = "" if m.user_id == me else post_button(remove_url(m.id), remove, form, "small")
        village_id = m.village_id
        place = "—" if village_id is None else village_names.get(village_id) or (m.village.name if m.village else "—")
        parts.append(
            f'\n<tr><td data-label="{name}">{e(m.user.name)}</td><td data-label="{role}">{e(role_texts[m.role])}</td>'
            f'<td data-label="{village}">{e(place)}</td>\n'
            f'<td data-label="{since}">{e(date_text(m.verified_at or m.created_at, "medium"))}</td>\n'
            f'<td>{button}</td></tr>\n')
    return Markup("".join(parts))


CSRF_SLOT = Markup("<!--csrf-->")  # any such text in a member's name reaches the page escaped


class _SlotForm:
    """The page's ActionForm while kept content is drawn: its hidden fields (the reader's own
    CSRF token) are left as a slot, filled for each request."""

    def hidden_tag(self):
        return CSRF_SLOT


SLOT_FORM = _SlotForm()


def kept_content(key: tuple, render, form) -> Markup:
    """The members page's content as ``render(form)`` draws it, kept per data version and
    ``key`` (everything else it shows: the municipality, its address, the language, the page
    and the reader, who gets no button to remove their own role), with ``form``'s hidden
    fields (the reader's token) put into the slots for each request. ``key`` None: drawn
    afresh (a search)."""
    from .. import page_cache

    version = None if key is None else page_cache.version_for_keeping()  # read before the content
    if version is None:
        return Markup(render(form))
    kept = page_cache.kept("members", key, version, lambda: str(render(SLOT_FORM)))
    return Markup(kept.replace(CSRF_SLOT, form.hidden_tag()))

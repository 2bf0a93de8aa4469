"""The members' menu is kept drawn (municipalities/nav.py): these tests try to be shown a menu
kept for someone else, another language, another municipality or an earlier name."""
import re

from planner.municipalities import nav


def _menu(client, slug):
    page = client.get(f"/m/{slug}/").get_data(as_text=True)
    found = re.search(r'<nav class="subnav" aria-label="[^"]*">.*?</nav>', page, re.S)
    assert found, "the members' menu is missing"
    return found.group(0)


def test_a_member_is_not_shown_the_staff_links_kept_for_staff(client, auth, db, make_user, make_municipality,
                                                                make_member):
    m = make_municipality()
    staff, resident = make_user(), make_user()
    make_member(staff, m, "staff")
    make_member(resident, m, "resident")
    auth.as_user(staff)
    staff_menu = _menu(client, m.slug)
    for path in ("members", "invitations", "villages", "edit", "audit"):
        assert f'href="/m/{m.slug}/{path}"' in staff_menu
    auth.as_user(resident)
    resident_menu = _menu(client, m.slug)
    assert f'href="/m/{m.slug}/plans/"' in resident_menu
    for path in ("members", "invitations", "villages", "edit", "audit"):
        assert f'href="/m/{m.slug}/{path}"' not in resident_menu
    auth.as_user(staff)
    assert _menu(client, m.slug) == staff_menu


def test_the_menu_follows_the_language_the_municipality_and_its_name(client, auth, db, make_user,
                                                                     make_municipality, make_member):
    first, second = make_municipality(), make_municipality()
    staff = make_user(locale="en")
    make_member(staff, first, "staff")
    make_member(staff, second, "staff")
    auth.as_user(staff)
    english = _menu(client, first.slug)
    assert ">Plans</a>" in english and f">{first.name}</a>" in english

    staff.locale = "hy"
    db.session.commit()
    armenian = _menu(client, first.slug)
    assert ">Plans</a>" not in armenian and ">Ծրագրեր</a>" in armenian

    other = _menu(client, second.slug)
    assert f'href="/m/{second.slug}/plans/"' in other and f"/m/{first.slug}/" not in other

    first.name = "Жаңы аты"
    db.session.commit()
    renamed = _menu(client, first.slug)
    assert ">Жаңы аты</a>" in renamed and "· Жаңы аты" in renamed


def test_the_kept_menu_is_the_one_the_template_draws(app, client, auth, db, make_user, make_municipality,
                                                     make_member):
    """The kept markup equals a fresh drawing of the same template (nothing lost on the way)."""
    m = make_municipality()
    staff = make_user()
    make_member(staff, m, "staff")
    auth.as_user(staff)
    kept = _menu(client, m.slug)
    nav._drawn.cache_clear()
    assert _menu(client, m.slug) == kept

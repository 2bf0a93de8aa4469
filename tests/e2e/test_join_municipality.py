"""A new user registers, switches to Kyrgyz, asks to join, staff verify, and they see it."""
import re

from playwright.sync_api import expect

from ..conftest import PASSWORD


def _shot(page, screenshot_dir, name):
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/{name}.png", full_page=True)


def test_register_switch_to_kyrgyz_join_and_get_verified(
        live_server, phone, screenshot_dir, make_user, make_municipality, make_member):
    municipality = make_municipality(name="Жашыл-Өрөн айыл аймагы", villages=("Ак-Булуң", "Сай-Кыя"))
    staff = make_user(email="staff@example.org", name="Айбек")
    make_member(staff, municipality, "staff")

    page = phone()
    page.goto(live_server + "/register")
    page.get_by_label("Your name").fill("Нургүл Асанова")
    page.get_by_label("Email").fill("nurgul@example.org")
    page.get_by_label("Password", exact=True).fill("mountain apricot river lantern")
    page.get_by_label("Repeat the password").fill("mountain apricot river lantern")
    page.locator("#locale").select_option("en")
    page.get_by_role("button", name="Create the account").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_role("button", name="Кыргызча").click()
    expect(page.locator("html")).to_have_attribute("lang", "ky")

    page.get_by_role("link", name=re.compile("Жашыл-Өрөн")).first.click()
    page.locator(f'a[href="/m/{municipality.slug}/join"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "ky")
    page.locator("select#village_id").select_option(label="Сай-Кыя")
    _shot(page, screenshot_dir, "join-ky")
    page.locator("main form button.primary").click()
    expect(page.locator(".badge.wait")).to_be_visible()

    staff_page = phone()
    staff_page.goto(live_server + "/login")
    staff_page.locator("#email").fill(staff.email)
    staff_page.locator("#password").fill(PASSWORD)
    staff_page.locator("main form button.primary").click()
    staff_page.goto(f"{live_server}/m/{municipality.slug}/members")
    card = staff_page.locator(".card", has_text="Нургүл Асанова")
    expect(card).to_contain_text("Сай-Кыя")
    _shot(staff_page, screenshot_dir, "members-staff")
    card.locator("button.primary").click()
    expect(staff_page.locator(".flash-success")).to_contain_text("Нургүл Асанова")

    page.goto(f"{live_server}/m/{municipality.slug}/")
    expect(page.locator("html")).to_have_attribute("lang", "ky")
    expect(page.locator(".badge.ok")).to_be_visible()
    expect(page.locator(".notice")).to_contain_text("Сай-Кыя")
    page.goto(live_server + "/account")
    expect(page.locator(".card", has_text="Жашыл-Өрөн").locator(".badge.ok")).to_be_visible()
    _shot(page, screenshot_dir, "account-ky")

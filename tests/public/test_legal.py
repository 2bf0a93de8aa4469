"""Terms of use, privacy notice and accessibility statement: in every language, linked from
every page's footer."""
import pytest

PAGES = {
    "/terms": {"en": "Terms of use", "ky": "Колдонуу шарттары", "ru": "Условия использования", "hy": "Օգտագործման պայմաններ"},
    "/privacy": {"en": "Privacy notice", "ky": "Купуялык тууралуу маалымат", "ru": "Уведомление о конфиденциальности",
                 "hy": "Գաղտնիության ծանուցում"},
    "/accessibility": {"en": "Accessibility statement", "ky": "Жеткиликтүүлүк тууралуу билдирүү",
                       "ru": "Заявление о доступности", "hy": "Հասանելիության մասին հայտարարություն"},
}
# A sentence of each page's body in each language: the text is written in the language, not only the title.
BODY = {
    "/terms": {"en": "One vote per person.", "ky": "Бир адам — бир добуш.", "ru": "Один человек — один голос.",
               "hy": "Մեկ մարդ՝ մեկ ձայն։"},
    "/privacy": {"en": "for 15 minutes", "ky": "15 мүнөт эсептелет", "ru": "15 минут", "hy": "15 րոպե"},
    "/accessibility": {"en": "WCAG", "ky": "360 пикселдик", "ru": "360 пикселей", "hy": "360 պիքսել"},
}


@pytest.mark.parametrize("lang", ["en", "ky", "ru", "hy"])
@pytest.mark.parametrize("path", list(PAGES))
def test_page_in_every_language(client, path, lang):
    response = client.get(path, headers={"Accept-Language": lang})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"<h1>{PAGES[path][lang]}</h1>" in body
    assert BODY[path][lang] in body
    if lang != "en":
        assert BODY[path]["en"] not in body or path == "/accessibility"


def test_privacy_notice_says_what_who_and_how_long(client):
    body = client.get("/privacy", headers={"Accept-Language": "en"}).get_data(as_text=True)
    for heading in ("What is stored", "Who sees it", "How long"):
        assert f"<h2>{heading}</h2>" in body


@pytest.mark.parametrize("path", ["/", "/login", "/nowhere", "/privacy"])
def test_every_page_footer_links_them(client, path):
    body = client.get(path, headers={"Accept-Language": "hy"}).get_data(as_text=True)
    footer = body[body.index('<footer'):]
    for link in PAGES:
        assert f'href="{link}"' in footer
    assert "Գաղտնիության ծանուցում" in footer

import pytest

from planner.auth.passwords import password_problems


@pytest.mark.parametrize("password", ["password1234", "1234567890", "qwertyuiop", "iloveyou2026", "aaaaaaaaaaaa"])
def test_guessable_passwords_are_refused(app, password):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert password_problems(password)


def test_name_in_password_is_named_as_reason(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        problems = password_problems("kubanychbek1990", ("kubanychbek@example.org", "Kubanychbek"))
    assert any("name or email" in p for p in problems)


def test_strong_passphrase_passes(app):
    with app.test_request_context():
        assert password_problems("mountain apricot river lantern") == []


def test_reason_is_translated(app):
    from flask_babel import force_locale

    with app.test_request_context():
        with force_locale("ru"):
            ru = password_problems("short")
        with force_locale("en"):
            en = password_problems("short")
    assert en == ["Use at least 10 characters."]
    assert ru != en

"""Password strength: length plus zxcvbn, with reasons in the user's language."""
from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from zxcvbn import zxcvbn

MIN_SCORE = 3  # zxcvbn: 3 = "safely unguessable", about 10^8 guesses


def _reason(match) -> str | None:
    pattern = match.get("pattern")
    if pattern == "dictionary":
        name = match.get("dictionary_name")
        if name == "user_inputs":
            return _("Do not use your name or email address in the password.")
        if name == "passwords":
            return _("This is one of the most common passwords.")
        return _("Common words and names are easy to guess; add more words that do not belong together.")
    if pattern == "spatial":
        return _("Keyboard patterns such as qwerty are easy to guess.")
    if pattern == "repeat":
        return _("Repeated characters such as aaaa or abcabc are easy to guess.")
    if pattern == "sequence":
        return _("Sequences such as abcd or 1234 are easy to guess.")
    if pattern in ("date", "regex"):
        return _("Dates and years are easy to guess.")
    return None


def password_problems(password: str, user_inputs=()) -> list[str]:
    """Reasons the password is refused, translated; empty when it is acceptable."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        return [ngettext("Use at least %(num)d character.", "Use at least %(num)d characters.", minimum)]
    inputs = [part for value in user_inputs if value for part in str(value).replace("@", " ").split()]
    result = zxcvbn(password[:100], user_inputs=inputs)
    if result["score"] >= MIN_SCORE:
        return []
    reasons = []
    for match in result["sequence"]:
        reason = _reason(match)
        if reason and reason not in reasons:
            reasons.append(reason)
    reasons.append(_("This password is too easy to guess. A phrase of three or four unrelated words is strong and easy to remember."))
    return reasons

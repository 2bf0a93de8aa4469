"""One answer per browser for "anyone with the link" surveys.

After an online answer is stored, the browser gets a cookie signed with the app's secret
key that names only the survey (nothing that could link it to the answer); the survey's
page and its submit refuse a browser that carries it. A forged or copied-from-another-
survey cookie does not verify. What this cannot do, and the survey page says so: stop one
person from answering again from another device, another browser or after clearing the
cookies. Only "verified residents only" surveys count each person once."""
from flask import current_app, request
from itsdangerous import BadSignature, URLSafeSerializer

SALT = "planner.survey-answered"
MAX_AGE = 400 * 24 * 3600  # the longest lifetime browsers keep a cookie


def cookie_name(survey):
    return f"answered-{survey.id}"


def _serializer():
    return URLSafeSerializer(current_app.secret_key, salt=SALT)


def answered_here(survey) -> bool:
    """This browser already sent an answer to this link survey."""
    token = request.cookies.get(cookie_name(survey))
    if survey.access != "link" or not token:
        return False
    try:
        return _serializer().loads(token) == survey.id
    except BadSignature:
        return False


def remember(response, survey):
    """Mark the browser of ``response`` as having answered ``survey``; returns the response."""
    if survey.access == "link":
        response.set_cookie(cookie_name(survey), _serializer().dumps(survey.id), max_age=MAX_AGE,
                            path=f"/m/{survey.municipality.slug}/surveys/{survey.id}",
                            secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
                            httponly=True, samesite="Lax")
    return response

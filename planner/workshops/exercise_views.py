"""Live exercises and the evaluation: the trainer opens them and shows the results on a
projector; participants join from their phones with the short code (``/x/<code>`` or the
form on ``/workshops/join``), without an account. One answer per browser: the browser
carries a random id in a cookie signed with the app's secret key."""
import secrets

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from ..actions import button, perform
from ..extensions import db, limiter
from ..forms import ActionForm
from ..i18n import gettext as _
from ..permissions import can_create_workshop, can_run_exercises, is_admin, require
from ..routing import login_route
from . import exercises
from .forms import EvaluationForm, ExerciseForm, JoinForm
from .models import Exercise, ExerciseAnswer
from .queries import child_or_404, load_workshop
from .views import bp

live_bp = Blueprint("live", __name__, template_folder="templates")

BROWSER_COOKIE = "planner-browser"
BROWSER_SALT = "planner.workshops.browser"
MAX_AGE = 400 * 24 * 3600
REFRESH_SECONDS = 5
# A room of 40 behind one shared address answers a few exercises a minute; a script that
# throws its cookie away after every answer is slowed down to this.
ANSWERS_PER_ADDRESS = "120 per minute"


def _serializer():
    return URLSafeSerializer(current_app.secret_key, salt=BROWSER_SALT)


def browser_id():
    """(this browser's id, whether it is new and must be set in a cookie)."""
    try:
        return _serializer().loads(request.cookies.get(BROWSER_COOKIE, "")), False
    except BadSignature:
        return secrets.token_hex(16), True


def _with_cookie(response, browser, is_new):
    if is_new:
        response.set_cookie(BROWSER_COOKIE, _serializer().dumps(browser), max_age=MAX_AGE, httponly=True,
                            samesite="Lax", secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    return response


def _answered(exercise, browser):
    return db.session.scalar(select(ExerciseAnswer.id).where(ExerciseAnswer.exercise_id == exercise.id,
                                                             ExerciseAnswer.browser == browser)) is not None


@live_bp.route("/workshops/join", methods=["GET", "POST"])
@limiter.limit(ANSWERS_PER_ADDRESS, methods=["POST"])
def join():
    form = JoinForm()
    if form.validate_on_submit():
        code = exercises.normal_code(form.code.data)
        if db.session.scalar(select(Exercise.id).where(Exercise.code == code)) is not None:
            return redirect(url_for("live.exercise", code=code))
        form.code.errors.append(_("No exercise has this code; check it on the screen."))
    return render_template("workshops/join.html", form=form)


@live_bp.route("/x/<code>", methods=["GET", "POST"])
@limiter.limit(ANSWERS_PER_ADDRESS, methods=["POST"])
def exercise(code):
    item = db.session.scalar(select(Exercise).where(Exercise.code == exercises.normal_code(code)))
    if item is None:
        flash(_("No exercise has this code; check it on the screen."), "error")
        return redirect(url_for("live.join"))
    browser, is_new = browser_id()
    form = EvaluationForm() if item.kind == "evaluation" else ActionForm()
    done = _answered(item, browser)
    error = None  # a refused form without a message of its own gets a general one
    if request.method == "POST" and not done:
        if form.validate_on_submit():
            outcome = perform(exercises.answer, item, browser, request.form, form=form)
            if outcome:
                flash(_("Thank you: your answer is counted."), "success")
                return _with_cookie(redirect(url_for("live.exercise", code=item.code)), browser, is_new)
            error = form.errors or True
        else:
            error = True
    response = current_app.make_response(render_template(
        "workshops/answer.html", exercise=item, form=form, answered=done, error=error))
    return _with_cookie(response, browser, is_new)


def run_workshop(workshop_id):
    """The workshop, 403 unless the user runs its exercises and practice municipalities."""
    workshop = load_workshop(workshop_id)
    require(can_run_exercises(current_user, workshop))
    return workshop


def run_child(model, child_id, workshop_id):
    """(workshop, its ``model`` row ``child_id``) as :func:`run_workshop` allows; 404 for another's row."""
    workshop = run_workshop(workshop_id)
    return workshop, child_or_404(model, child_id, workshop)


# --- the trainer's side --------------------------------------------------------------------

@login_route(bp, "/<int:workshop_id>/exercises", methods=["GET", "POST"])
def exercise_list(workshop_id):
    workshop = run_workshop(workshop_id)
    form = ExerciseForm()
    if form.validate_on_submit():
        done = perform(exercises.open_exercise, workshop, current_user, form=form, kind=form.kind.data,
                       question=form.question.data, options=form.options.data, max_choices=form.max_choices.data)
        if done:
            return redirect(url_for("workshops.projector", workshop_id=workshop.id, exercise_id=done.value.id))
    items = db.session.scalars(select(Exercise).where(Exercise.workshop_id == workshop.id, Exercise.kind != "evaluation")
                               .order_by(Exercise.id.desc())).all()
    return render_template("workshops/exercises.html", workshop=workshop, form=form, items=items, action=ActionForm())


def _load(workshop_id, exercise_id):
    return run_child(Exercise, exercise_id, workshop_id)


@login_route(bp, "/<int:workshop_id>/exercises/<int:exercise_id>/projector")
def projector(workshop_id, exercise_id):
    """Big type for a projector; it reloads its results itself (static/projector.js), or
    through <meta http-equiv=refresh> when scripts are off."""
    workshop, item = _load(workshop_id, exercise_id)
    return render_template("workshops/projector.html", workshop=workshop, exercise=item,
                           results=exercises.results(item), refresh=REFRESH_SECONDS, action=ActionForm(),
                           join_url=url_for("live.exercise", code=item.code, _external=True))


@login_route(bp, "/<int:workshop_id>/exercises/<int:exercise_id>/toggle", methods=["POST"])
def exercise_toggle(workshop_id, exercise_id):
    workshop, item = _load(workshop_id, exercise_id)
    button(exercises.set_open, item, current_user, not item.is_open, done=_("The exercise is open.") if item.is_open else _("The exercise is closed."))
    if item.kind == "evaluation":
        return redirect(url_for("workshops.evaluation", workshop_id=workshop_id))
    return redirect(url_for("workshops.projector", workshop_id=workshop_id, exercise_id=exercise_id))


@login_route(bp, "/<int:workshop_id>/evaluation", methods=["GET", "POST"])
def evaluation(workshop_id):
    workshop = run_workshop(workshop_id)
    if request.method == "POST" and ActionForm().validate_on_submit():
        if perform(exercises.open_evaluation, workshop, current_user):
            return redirect(url_for("workshops.evaluation", workshop_id=workshop_id))
    item = exercises.evaluation_of(workshop)
    return render_template("workshops/evaluation.html", workshop=workshop, exercise=item, action=ActionForm(),
                           result=exercises.evaluation_results(workshop, item),
                           join_url=url_for("live.exercise", code=item.code, _external=True) if item else None)


@login_route(bp, "/evaluations")
def evaluations():
    """Evaluations compared across a trainer's workshops (everyone's for an administrator)."""
    require(can_create_workshop(current_user))
    rows = exercises.comparison(None if is_admin(current_user) else current_user.id)
    return render_template("workshops/evaluations.html", rows=rows)

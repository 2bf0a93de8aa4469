"""Questionnaires (the ``surveys`` blueprint): the list and the builder — surveys, sections
and questions. Answering is in answer_views.py, results and exports in results_views.py."""
from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from ..actions import button, perform
from ..extensions import db
from ..forms import ActionForm, choices
from ..i18n import sentence
from ..municipalities.queries import load_municipality
from ..page_cache import cached_page
from ..permissions import can_manage_surveys, require
from ..routing import login_route
from . import services
from .forms import QuestionForm, SectionForm, SurveyForm, template_labels
from .models import SurveySection
from .queries import question_or_404, questions_of, survey_or_404, today

bp = Blueprint("surveys", __name__, template_folder="templates")
bp.context_processor(template_labels)


def _managed_survey(slug, survey_id):
    """The survey, 404 when it is not the municipality's; 403 unless the user may manage surveys."""
    survey = survey_or_404(slug, survey_id)
    require(can_manage_surveys(current_user, survey))
    return survey


def _managed_question(slug, survey_id, question_id):
    survey = _managed_survey(slug, survey_id)
    return survey, question_or_404(survey, question_id)


@bp.route("/m/<slug>/surveys")
@cached_page
def index(slug):
    municipality = load_municipality(slug)
    manager = can_manage_surveys(current_user, municipality)
    surveys = db.session.scalars(services.surveys_list(municipality, include_all=manager)).all()
    counts = dict(db.session.execute(services.response_counts(municipality)).all()) if manager else {}
    return render_template("surveys/index.html", municipality=municipality, surveys=surveys, counts=counts,
                           today=today(), manager=manager)


def _survey_fields(form):
    return {name: getattr(form, name).data for name in services.SURVEY_FIELDS}


@login_route(bp, "/m/<slug>/surveys/new", methods=["GET", "POST"])
def create(slug):
    municipality = load_municipality(slug, can_manage_surveys)
    form = SurveyForm()
    if request.method == "GET":
        form.opens_on.data = today()
        form.closes_on.data = today() + timedelta(days=30)
        form.asks_profile.data = True
    if form.validate_on_submit():
        done = perform(services.create_survey, municipality, current_user, draft=True, form=form,
                       **_survey_fields(form))
        if done:
            flash(_("The survey is created. Add its questions now."), "success")
            return redirect(url_for("surveys.manage", slug=slug, survey_id=done.value.id))
    return render_template("surveys/form.html", municipality=municipality, form=form, survey=None)


@login_route(bp, "/m/<slug>/surveys/<int:survey_id>/edit", methods=["GET", "POST"])
def edit(slug, survey_id):
    survey = _managed_survey(slug, survey_id)
    form = SurveyForm(obj=survey)
    if form.validate_on_submit():
        if perform(services.update_survey, survey, current_user, form=form, **_survey_fields(form)):
            flash(_("Saved."), "success")
            return redirect(url_for("surveys.manage", slug=slug, survey_id=survey.id))
    return render_template("surveys/form.html", municipality=survey.municipality, form=form, survey=survey)


@login_route(bp, "/m/<slug>/surveys/<int:survey_id>/publish", methods=["POST"])
def publish(slug, survey_id):
    """Publish a draft survey (refused while it has no question)."""
    survey = _managed_survey(slug, survey_id)
    if ActionForm().validate_on_submit() and perform(services.publish_survey, survey, current_user):
        flash(sentence(_("The survey is published. It takes answers from %(date)s.", date=format_date(survey.opens_on, "long"))),
              "success")
    return redirect(url_for("surveys.manage", slug=slug, survey_id=survey.id))


@login_route(bp, "/m/<slug>/surveys/<int:survey_id>/manage", methods=["GET", "POST"])
def manage(slug, survey_id):
    """The questionnaire builder: sections, questions in order; a form to add a section."""
    survey = _managed_survey(slug, survey_id)
    section_form = SectionForm()
    if section_form.validate_on_submit() and perform(services.add_section, survey, current_user,
                                                     section_form.title.data, section_form.description.data,
                                                     form=section_form):
        flash(_("The section is added."), "success")
        return redirect(url_for("surveys.manage", slug=slug, survey_id=survey.id))
    questions = questions_of(survey)
    return render_template("surveys/manage.html", municipality=survey.municipality, survey=survey,
                           questions=questions, section_form=section_form, action_form=ActionForm(),
                           has_answers=services.has_answers(survey), today=today())


@login_route(bp, "/m/<slug>/surveys/<int:survey_id>/sections/<int:section_id>/delete", methods=["POST"])
def section_delete(slug, survey_id, section_id):
    survey = _managed_survey(slug, survey_id)
    section = db.session.get(SurveySection, section_id)
    if section is None or section.survey_id != survey.id:
        abort(404)
    button(services.delete_section, section, current_user, done=_("The section is removed; its questions stay in the survey."))
    return redirect(url_for("surveys.manage", slug=slug, survey_id=survey.id))


def _question_form(survey, question=None):
    form = QuestionForm(obj=question)
    form.section_id.choices = choices([(0, _("No section"))] + [(s.id, s.title) for s in survey.sections])
    if request.method == "GET" and question is not None:
        form.choice_text.data = "\n".join(c.text for c in question.choices)
        form.section_id.data = question.section_id or 0
    return form


def _question_fields(form):
    return {
        "kind": form.kind.data, "text": form.text.data, "help": form.help.data, "is_required": form.is_required.data,
        "max_choices": form.max_choices.data, "allows_other": form.allows_other.data,
        "min_value": form.min_value.data, "max_value": form.max_value.data,
        "choices": form.choice_lines(), "section_id": form.section_id.data or None,
    }


@login_route(bp, "/m/<slug>/surveys/<int:survey_id>/questions/new", methods=["GET", "POST"])
def question_new(slug, survey_id):
    survey = _managed_survey(slug, survey_id)
    questions_of(survey)
    form = _question_form(survey)
    if form.validate_on_submit() and perform(services.add_question, survey, current_user, form=form,
                                             **_question_fields(form)):
        flash(_("The question is added."), "success")
        if request.form.get("next") == "another":
            return redirect(url_for("surveys.question_new", slug=slug, survey_id=survey.id))
        return redirect(url_for("surveys.manage", slug=slug, survey_id=survey.id))
    return render_template("surveys/question_form.html", municipality=survey.municipality, survey=survey,
                           form=form, question=None, locked=False)


@login_route(bp, "/m/<slug>/surveys/<int:survey_id>/questions/<int:question_id>/edit", methods=["GET", "POST"])
def question_edit(slug, survey_id, question_id):
    survey, question = _managed_question(slug, survey_id, question_id)
    form = _question_form(survey, question)
    if form.validate_on_submit() and perform(services.update_question, question, current_user, form=form,
                                             **_question_fields(form)):
        flash(_("Saved."), "success")
        return redirect(url_for("surveys.manage", slug=slug, survey_id=survey.id))
    return render_template("surveys/question_form.html", municipality=survey.municipality, survey=survey,
                           form=form, question=question, locked=services.question_has_answers(question))


@login_route(bp, "/m/<slug>/surveys/<int:survey_id>/questions/<int:question_id>/delete", methods=["POST"])
def question_delete(slug, survey_id, question_id):
    survey, question = _managed_question(slug, survey_id, question_id)
    button(services.delete_question, question, current_user, done=_("The question is removed."))
    return redirect(url_for("surveys.manage", slug=slug, survey_id=survey.id))


@login_route(bp, "/m/<slug>/surveys/<int:survey_id>/questions/<int:question_id>/move", methods=["POST"])
def question_move(slug, survey_id, question_id):
    survey, question = _managed_question(slug, survey_id, question_id)
    if ActionForm().validate_on_submit():
        perform(services.move_question, question, current_user, -1 if request.form.get("direction") == "up" else 1)
    return redirect(url_for("surveys.manage", slug=slug, survey_id=survey.id) + f"#q{question.id}")

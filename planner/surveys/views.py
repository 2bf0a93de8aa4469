"""Questionnaires: building, answering (online and paper), printing, results and exports."""
from datetime import date, timedelta

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from .. import spreadsheets
from ..actions import commit, perform
from ..page_cache import cached_page
from ..errors import ServiceError, attach
from ..extensions import csrf, db
from ..forms import ActionForm, choices
from ..municipalities.models import Municipality
from ..municipalities.queries import load_municipality
from ..permissions import (
    can_answer_survey,
    can_enter_paper,
    can_export_survey,
    can_manage_surveys,
    can_read_survey_results,
    require,
)
from . import answering, charts, exports, once, results, sealed_answers, services
from .forms import (
    AGE_LABELS,
    CHANNEL_LABELS,
    KIND_LABELS,
    SEX_LABELS,
    QuestionForm,
    SectionForm,
    SurveyForm,
    template_labels,
)
from .models import PAPER, Question, Survey, SurveySection

bp = Blueprint("surveys", __name__, template_folder="templates")


def survey_or_404(slug, survey_id):
    """The survey in the URL, with its municipality, villages and sections, in one query;
    404 unless it belongs to the municipality in the URL."""
    survey = db.session.scalars(
        select(Survey)
        .join(Municipality, Municipality.id == Survey.municipality_id)
        .where(Survey.id == survey_id, Municipality.slug == slug)
        .options(contains_eager(Survey.municipality).joinedload(Municipality.villages), joinedload(Survey.sections))
    ).unique().first()
    if survey is None:
        abort(404)
    g.municipality = survey.municipality
    return survey


def _questions_of(survey):
    questions = db.session.scalars(
        select(Question).where(Question.survey_id == survey.id).options(joinedload(Question.choices))
        .order_by(Question.position, Question.id)
    ).unique().all()
    set_committed_value(survey, "questions", questions)
    return services.ordered_questions(survey)


def _today():
    return date.today()


# --- list and building ------------------------------------------------------------------------

@bp.route("/m/<slug>/surveys")
@cached_page
def index(slug):
    municipality = load_municipality(slug)
    manager = can_manage_surveys(current_user, municipality)
    surveys = db.session.scalars(services.surveys_list(municipality, include_all=manager)).all()
    counts = dict(db.session.execute(services.response_counts(municipality)).all()) if manager else {}
    return render_template("surveys/index.html", municipality=municipality, surveys=surveys, counts=counts,
                           today=_today(), manager=manager)


def _survey_fields(form):
    return {name: getattr(form, name).data for name in services.SURVEY_FIELDS}


@bp.route("/m/<slug>/surveys/new", methods=["GET", "POST"])
@login_required
def create(slug):
    municipality = load_municipality(slug)
    require(can_manage_surveys(current_user, municipality))
    form = SurveyForm()
    if request.method == "GET":
        form.opens_on.data = _today()
        form.closes_on.data = _today() + timedelta(days=30)
        form.asks_profile.data = True
    if form.validate_on_submit():
        try:
            survey = services.create_survey(municipality, current_user, **_survey_fields(form))
        except ServiceError as error:
            attach(form, error)
        else:
            db.session.commit()
            flash(_("The survey is created. Add its questions now."), "success")
            return redirect(url_for("surveys.manage", slug=slug, survey_id=survey.id))
    return render_template("surveys/form.html", municipality=municipality, form=form, survey=None)


@bp.route("/m/<slug>/surveys/<int:survey_id>/edit", methods=["GET", "POST"])
@login_required
def edit(slug, survey_id):
    survey = survey_or_404(slug, survey_id)
    require(can_manage_surveys(current_user, survey))
    form = SurveyForm(obj=survey)
    if form.validate_on_submit():
        try:
            services.update_survey(survey, current_user, **_survey_fields(form))
        except ServiceError as error:
            attach(form, error)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("surveys.manage", slug=slug, survey_id=survey.id))
    return render_template("surveys/form.html", municipality=survey.municipality, form=form, survey=survey)


@bp.route("/m/<slug>/surveys/<int:survey_id>/manage", methods=["GET", "POST"])
@login_required
def manage(slug, survey_id):
    """The questionnaire builder: sections, questions in order; a form to add a section."""
    survey = survey_or_404(slug, survey_id)
    require(can_manage_surveys(current_user, survey))
    section_form = SectionForm()
    if section_form.validate_on_submit():
        services.add_section(survey, current_user, section_form.title.data, section_form.description.data)
        db.session.commit()
        flash(_("The section is added."), "success")
        return redirect(url_for("surveys.manage", slug=slug, survey_id=survey.id))
    questions = _questions_of(survey)
    return render_template("surveys/manage.html", municipality=survey.municipality, survey=survey,
                           questions=questions, section_form=section_form, action_form=ActionForm(),
                           has_answers=services.has_answers(survey), today=_today())


@bp.route("/m/<slug>/surveys/<int:survey_id>/sections/<int:section_id>/delete", methods=["POST"])
@login_required
def section_delete(slug, survey_id, section_id):
    survey = survey_or_404(slug, survey_id)
    require(can_manage_surveys(current_user, survey))
    section = db.session.get(SurveySection, section_id)
    if section is None or section.survey_id != survey.id:
        abort(404)
    if ActionForm().validate_on_submit():
        services.delete_section(section, current_user)
        db.session.commit()
        flash(_("The section is removed; its questions stay in the survey."), "success")
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


@bp.route("/m/<slug>/surveys/<int:survey_id>/questions/new", methods=["GET", "POST"])
@login_required
def question_new(slug, survey_id):
    survey = survey_or_404(slug, survey_id)
    require(can_manage_surveys(current_user, survey))
    _questions_of(survey)
    form = _question_form(survey)
    if form.validate_on_submit():
        try:
            services.add_question(survey, current_user, **_question_fields(form))
        except ServiceError as error:
            attach(form, error)
        else:
            db.session.commit()
            flash(_("The question is added."), "success")
            if request.form.get("next") == "another":
                return redirect(url_for("surveys.question_new", slug=slug, survey_id=survey.id))
            return redirect(url_for("surveys.manage", slug=slug, survey_id=survey.id))
    return render_template("surveys/question_form.html", municipality=survey.municipality, survey=survey,
                           form=form, question=None, locked=False)


def _question_or_404(survey, question_id):
    question = db.session.get(Question, question_id)
    if question is None or question.survey_id != survey.id:
        abort(404)
    return question


@bp.route("/m/<slug>/surveys/<int:survey_id>/questions/<int:question_id>/edit", methods=["GET", "POST"])
@login_required
def question_edit(slug, survey_id, question_id):
    survey = survey_or_404(slug, survey_id)
    require(can_manage_surveys(current_user, survey))
    question = _question_or_404(survey, question_id)
    form = _question_form(survey, question)
    if form.validate_on_submit():
        try:
            services.update_question(question, current_user, **_question_fields(form))
        except ServiceError as error:
            attach(form, error)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("surveys.manage", slug=slug, survey_id=survey.id))
    return render_template("surveys/question_form.html", municipality=survey.municipality, survey=survey,
                           form=form, question=question, locked=services.question_has_answers(question))


@bp.route("/m/<slug>/surveys/<int:survey_id>/questions/<int:question_id>/delete", methods=["POST"])
@login_required
def question_delete(slug, survey_id, question_id):
    survey = survey_or_404(slug, survey_id)
    require(can_manage_surveys(current_user, survey))
    question = _question_or_404(survey, question_id)
    if ActionForm().validate_on_submit():
        try:
            services.delete_question(question, current_user)
        except ServiceError as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("The question is removed."), "success")
    return redirect(url_for("surveys.manage", slug=slug, survey_id=survey.id))


@bp.route("/m/<slug>/surveys/<int:survey_id>/questions/<int:question_id>/move", methods=["POST"])
@login_required
def question_move(slug, survey_id, question_id):
    survey = survey_or_404(slug, survey_id)
    require(can_manage_surveys(current_user, survey))
    question = _question_or_404(survey, question_id)
    if ActionForm().validate_on_submit():
        services.move_question(question, current_user, -1 if request.form.get("direction") == "up" else 1)
        db.session.commit()
    return redirect(url_for("surveys.manage", slug=slug, survey_id=survey.id) + f"#q{question.id}")


# --- answering ------------------------------------------------------------------------------

def _raw_from_request():
    return {k: v for k, v in request.form.to_dict(flat=False).items() if k not in ("csrf_token", "key", "page")}


def _page_index(pages):
    page = request.values.get("page", type=int) or 0
    return min(max(page, 0), len(pages) - 1)


def _render_answer(survey, questions, pages, page, raw, key, errors=None, status=200, paper=False, message=None):
    section, page_questions = pages[page]
    return render_template(
        "surveys/answer.html", municipality=survey.municipality, survey=survey, pages=pages, page=page,
        section=section, questions=page_questions, all_questions=questions, raw=raw, key=key, errors=errors or {},
        form=ActionForm(), paper=paper, message=message, today=_today(),
        last_page=page == len(pages) - 1,
        show_profile=survey.asks_profile and page == len(pages) - 1,
    ), status


@bp.route("/m/<slug>/surveys/<int:survey_id>", methods=["GET", "POST"])
@csrf.exempt  # checked below, so that an expired token re-shows the answers instead of losing them
def answer(slug, survey_id):
    survey = survey_or_404(slug, survey_id)
    key = request.values.get("key", "")
    if survey.access == "residents" and not current_user.is_authenticated:
        if request.method == "POST" and answering.valid_key(key):
            # The login expired while the form was being filled: keep what was typed.
            answering.save_draft(survey, key, _raw_from_request())
            db.session.commit()
            flash(_("Log in again to send your answers: they are kept for you."), "info")
            return redirect(url_for("auth.login", next=url_for("surveys.answer", slug=slug, survey_id=survey.id,
                                                                 key=key, page=request.form.get("page", 0))))
        require(False)
    require(can_answer_survey(current_user, survey))
    state = survey.state(_today())
    # A browser that answered a link survey is refused, except when it re-sends the very
    # answer it already stored (a double click), which leads to the thanks page below.
    answered_here = once.answered_here(survey) and answering.response_by_key(key) is None
    if state != "open" or answering.already_answered(survey, current_user) or answered_here:
        if request.method == "POST" and state == "closed":
            flash(_("This survey closed on %(date)s. Answers are no longer accepted; yours was not saved.",
                    date=survey.closes_on.isoformat()), "error")
        return render_template("surveys/closed.html", municipality=survey.municipality, survey=survey, state=state,
                               answered=state == "open"), 200 if request.method == "GET" else 409
    return _answer_flow(survey, key, paper=False)


def _answer_flow(survey, key, paper):
    questions = _questions_of(survey)
    pages = services.pages(survey)
    page = _page_index(pages)
    endpoint = "surveys.paper" if paper else "surveys.answer"
    if request.method == "GET":
        if not answering.valid_key(key):
            key = answering.new_key()
            raw = {}
        else:
            if answering.response_by_key(key, survey.id) is not None:
                return redirect(url_for("surveys.thanks", slug=survey.municipality.slug, survey_id=survey.id,
                                        paper=1 if paper else None))
            raw = answering.load_draft(survey, key)
        return _render_answer(survey, questions, pages, page, raw, key, paper=paper)

    raw = _raw_from_request()
    if not answering.valid_key(key):
        key = answering.new_key()
    if not ActionForm().validate():
        # The page was open too long or the session cookie is gone: show the answers again
        # with a fresh token; nothing is stored from an unchecked form.
        merged = {**answering.load_draft(survey, key), **raw}
        return _render_answer(survey, questions, pages, page, merged, key, status=400, paper=paper,
                              message=_("The form had expired. Your answers are still here: check them and send again."))
    if answering.response_by_key(key, survey.id) is not None:
        return redirect(url_for("surveys.thanks", slug=survey.municipality.slug, survey_id=survey.id,
                                paper=1 if paper else None))
    _section, page_questions = pages[page]
    villages = survey.municipality.villages
    if request.form.get("back") and page > 0:
        answering.save_draft(survey, key, raw, replace_fields={q.id for q in page_questions})
        db.session.commit()
        return redirect(url_for(endpoint, slug=survey.municipality.slug, survey_id=survey.id, key=key, page=page - 1))
    last = page == len(pages) - 1
    if not last:
        _values, _profile, errors = answering.check_page(survey, page_questions, raw)
        if errors:
            merged = {**answering.load_draft(survey, key), **raw}
            return _render_answer(survey, questions, pages, page, merged, key, errors, status=422, paper=paper)
        answering.save_draft(survey, key, raw, replace_fields={q.id for q in page_questions})
        db.session.commit()
        return redirect(url_for(endpoint, slug=survey.municipality.slug, survey_id=survey.id, key=key, page=page + 1))
    draft = answering.load_draft(survey, key) if len(pages) > 1 else {}
    for name in list(draft):
        match = answering.FIELD.match(name)
        if match and int(match.group(1)) in {q.id for q in page_questions}:
            del draft[name]
    everything = {**draft, **raw}
    try:
        answering.submit(survey, questions, everything, key=key, villages=villages,
                         channel=PAPER if paper else "online", user=current_user, entered_by=current_user if paper else None)
    except answering.AnswerErrors as error:
        # Send the respondent to the first page with a problem, answers kept.
        bad_page = next((i for i, (_s, qs) in enumerate(pages) if any(q.field_name in error.errors for q in qs)), page)
        if bad_page != page:
            answering.save_draft(survey, key, raw, replace_fields={q.id for q in page_questions})
            db.session.commit()
        shown = {**answering.load_draft(survey, key), **(raw if bad_page == page else {})}
        return _render_answer(survey, questions, pages, bad_page, shown if bad_page != page else everything, key,
                              error.errors, status=422, paper=paper, message=error.message)
    except ServiceError as error:
        return _render_answer(survey, questions, pages, page, everything, key, status=409, paper=paper,
                              message=error.message)
    commit()  # and then, in a transaction of its own, mix a full batch of sealed answers
    done = redirect(url_for("surveys.thanks", slug=survey.municipality.slug, survey_id=survey.id,
                            paper=1 if paper else None))
    return done if paper else once.remember(done, survey)


@bp.route("/m/<slug>/surveys/<int:survey_id>/thanks")
def thanks(slug, survey_id):
    survey = survey_or_404(slug, survey_id)
    paper = bool(request.args.get("paper")) and can_enter_paper(current_user, survey)
    return render_template("surveys/thanks.html", municipality=survey.municipality, survey=survey, paper=paper)


@bp.route("/m/<slug>/surveys/<int:survey_id>/paper", methods=["GET", "POST"])
@csrf.exempt  # checked in _answer_flow (answers kept on an expired token)
@login_required
def paper(slug, survey_id):
    """Staff type in a paper questionnaire through the same form, marked as paper."""
    survey = survey_or_404(slug, survey_id)
    require(can_enter_paper(current_user, survey))
    if _today() < survey.opens_on:
        flash(_("This survey opens on %(date)s. Answers are not accepted yet.", date=survey.opens_on.isoformat()), "error")
        return redirect(url_for("surveys.manage", slug=slug, survey_id=survey.id))
    return _answer_flow(survey, request.values.get("key", ""), paper=True)


@bp.route("/m/<slug>/surveys/<int:survey_id>/print")
def print_form(slug, survey_id):
    """The questionnaire on A4 paper, with boxes to tick, in the reader's language."""
    survey = survey_or_404(slug, survey_id)
    require(can_manage_surveys(current_user, survey) or can_answer_survey(current_user, survey))
    questions = _questions_of(survey)
    return render_template("surveys/print.html", municipality=survey.municipality, survey=survey,
                           pages=services.pages(survey) if survey.paging == "sections" else [(None, questions)],
                           sex_labels=SEX_LABELS, age_labels=AGE_LABELS)


# --- results --------------------------------------------------------------------------------

def _settle(survey):
    """A closed survey's last sealed answers are mixed before anything is shown or exported."""
    if survey.state(_today()) == "closed" and sealed_answers.pending(survey.id):
        perform(sealed_answers.settle, survey, _today())


def _group_labels(dimension, villages):
    if dimension == "village":
        return {v.id: v.name for v in villages}
    if dimension == "sex":
        return {k: str(v) for k, v in SEX_LABELS.items()}
    if dimension == "age_band":
        return {k: str(AGE_LABELS[k]) for k in ("18-29", "30-44", "45-59", "60+")}
    return {}


@bp.route("/m/<slug>/surveys/<int:survey_id>/results")
def results_page(slug, survey_id):
    survey = survey_or_404(slug, survey_id)
    require(can_read_survey_results(current_user, survey))
    _settle(survey)
    questions = _questions_of(survey)
    villages = survey.municipality.villages
    filters = results.Filters.from_args(request.args, villages)
    dimension = request.args.get("by") if request.args.get("by") in results.DIMENSIONS else None
    out = results.compute(db.session, survey, questions, filters, dimension, _group_labels(dimension, villages),
                          combined=can_export_survey(current_user, survey))
    figures = {}
    for r in out.questions:
        figure = charts.question_figure(r)
        if figure is not None:
            figures[f"chart-q{r.question.id}"] = figure
    return render_template(
        "surveys/results.html", municipality=survey.municipality, survey=survey, out=out, filters=filters,
        dimension=dimension, villages=villages, figures=figures,
        min_group=results.MIN_GROUP, today=_today(),
    )


@bp.route("/m/<slug>/surveys/<int:survey_id>/results/q/<int:question_id>")
def texts(slug, survey_id, question_id):
    """Every written answer to one question, 100 a page."""
    survey = survey_or_404(slug, survey_id)
    require(can_read_survey_results(current_user, survey))
    _settle(survey)
    question = _question_or_404(survey, question_id)
    filters = results.Filters.from_args(request.args, survey.municipality.villages)
    page = max(request.args.get("p", type=int) or 1, 1)
    out = results.compute(db.session, survey, [], filters, combined=can_export_survey(current_user, survey))
    items = [] if out.hidden else db.session.scalars(results.texts_for(question, filters, (page - 1) * 100, 101)).all()
    return render_template("surveys/texts.html", municipality=survey.municipality, survey=survey, question=question,
                           items=items[:100], more=len(items) > 100, page=page, filters=filters, out=out,
                           min_group=results.MIN_GROUP)


def _export_rows(survey):
    _settle(survey)
    questions = _questions_of(survey)
    return exports.rows(db.session, survey, questions, {v.id: v.name for v in survey.municipality.villages},
                        SEX_LABELS, AGE_LABELS, CHANNEL_LABELS)


@bp.route("/m/<slug>/surveys/<int:survey_id>/export.csv")
@login_required
def export_csv(slug, survey_id):
    survey = survey_or_404(slug, survey_id)
    require(can_export_survey(current_user, survey))
    body = exports.to_csv(_export_rows(survey))
    return spreadsheets.download(body, f"survey-{survey.id}.csv", "text/csv; charset=utf-8")


@bp.route("/m/<slug>/surveys/<int:survey_id>/export.xlsx")
@login_required
def export_xlsx(slug, survey_id):
    survey = survey_or_404(slug, survey_id)
    require(can_export_survey(current_user, survey))
    body = exports.to_xlsx(_export_rows(survey), survey.title)
    return spreadsheets.download(body, f"survey-{survey.id}.xlsx", spreadsheets.XLSX_TYPE)


bp.context_processor(template_labels)

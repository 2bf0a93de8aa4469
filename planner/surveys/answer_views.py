"""Answering a questionnaire on the ``surveys`` blueprint: online, page by page with a draft
kept under a key, staff typing in paper questionnaires, the thanks page and the A4 print."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import format_date, gettext as _
from flask_login import current_user, login_required

from ..actions import perform
from ..extensions import csrf
from ..forms import ActionForm
from ..permissions import can_answer_survey, can_enter_paper, can_manage_surveys, require
from . import answering, once, services
from .forms import AGE_LABELS, SEX_LABELS
from .models import PAPER
from .queries import questions_of, survey_or_404, today
from .views import bp


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
        form=ActionForm(), paper=paper, message=message, today=today(),
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
            perform(answering.save_draft, survey, key, _raw_from_request())
            flash(_("Log in again to send your answers: they are kept for you."), "info")
            return redirect(url_for("auth.login", next=url_for("surveys.answer", slug=slug, survey_id=survey.id,
                                                                 key=key, page=request.form.get("page", 0))))
        require(False)
    require(can_answer_survey(current_user, survey))
    state = survey.state(today())
    # A browser that answered a link survey is refused, except when it re-sends the very
    # answer it already stored (a double click), which leads to the thanks page below.
    answered_here = once.answered_here(survey) and answering.response_by_key(key) is None
    if state != "open" or answering.already_answered(survey, current_user) or answered_here:
        if request.method == "POST" and state == "closed":
            flash(_("This survey closed on %(date)s. Answers are no longer accepted; yours was not saved.",
                    date=format_date(survey.closes_on, "medium")), "error")
        return render_template("surveys/closed.html", municipality=survey.municipality, survey=survey, state=state,
                               answered=state == "open"), 200 if request.method == "GET" else 409
    return _answer_flow(survey, key, paper=False)


def _thanks(survey, paper):
    return redirect(url_for("surveys.thanks", slug=survey.municipality.slug, survey_id=survey.id,
                            paper=1 if paper else None))


def _answer_flow(survey, key, paper):
    questions = questions_of(survey)
    pages = services.pages(survey)
    page = _page_index(pages)
    endpoint = "surveys.paper" if paper else "surveys.answer"
    if request.method == "GET":
        if not answering.valid_key(key):
            key = answering.new_key()
            raw = {}
        else:
            if answering.response_by_key(key, survey.id) is not None:
                return _thanks(survey, paper)
            raw = answering.load_draft(survey, key)
        return _render_answer(survey, questions, pages, page, raw, key, paper=paper)

    raw = _raw_from_request()
    if not answering.valid_key(key):
        key = answering.new_key()
    checked = ActionForm()
    if not checked.validate():
        # The page was open too long or the session cookie is gone: show the answers again
        # with a fresh token; nothing is stored from an unchecked form.
        merged = {**answering.load_draft(survey, key), **raw}
        return _render_answer(survey, questions, pages, page, merged, key, status=400, paper=paper,
                              message=_("The form had expired. Your answers are still here: check them and send again."))
    if answering.response_by_key(key, survey.id) is not None:
        return _thanks(survey, paper)
    _section, page_questions = pages[page]
    on_page = {q.id for q in page_questions}
    if request.form.get("back") and page > 0:
        perform(answering.save_draft, survey, key, raw, replace_fields=on_page)
        return redirect(url_for(endpoint, slug=survey.municipality.slug, survey_id=survey.id, key=key, page=page - 1))
    if page != len(pages) - 1:
        _values, _profile, errors = answering.check_page(survey, page_questions, raw)
        if errors:
            merged = {**answering.load_draft(survey, key), **raw}
            return _render_answer(survey, questions, pages, page, merged, key, errors, status=422, paper=paper)
        perform(answering.save_draft, survey, key, raw, replace_fields=on_page)
        return redirect(url_for(endpoint, slug=survey.municipality.slug, survey_id=survey.id, key=key, page=page + 1))
    draft = answering.load_draft(survey, key) if len(pages) > 1 else {}
    for name in list(draft):
        match = answering.FIELD.match(name)
        if match and int(match.group(1)) in on_page:
            del draft[name]
    everything = {**draft, **raw}
    # The refusal is shown in the page's message (``checked`` only keeps perform from flashing it).
    done = perform(answering.submit, survey, questions, everything, key=key, villages=survey.municipality.villages,
                   channel=PAPER if paper else "online", user=current_user,
                   entered_by=current_user if paper else None, form=checked)
    if done:  # committed; a full batch of sealed answers is then mixed in a transaction of its own
        return _thanks(survey, paper) if paper else once.remember(_thanks(survey, paper), survey)
    error = done.error
    if not isinstance(error, answering.AnswerErrors):
        return _render_answer(survey, questions, pages, page, everything, key, status=409, paper=paper,
                              message=error.message)
    # Send the respondent to the first page with a problem, answers kept.
    bad_page = next((i for i, (_s, qs) in enumerate(pages) if any(q.field_name in error.errors for q in qs)), page)
    if bad_page == page:
        return _render_answer(survey, questions, pages, page, everything, key, error.errors, status=422,
                              paper=paper, message=error.message)
    perform(answering.save_draft, survey, key, raw, replace_fields=on_page)
    return _render_answer(survey, questions, pages, bad_page, answering.load_draft(survey, key), key, error.errors,
                          status=422, paper=paper, message=error.message)


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
    if survey.is_draft:
        flash(_("This survey is a draft: it takes answers once it is published."), "error")
        return redirect(url_for("surveys.manage", slug=slug, survey_id=survey.id))
    if today() < survey.opens_on:
        flash(_("This survey opens on %(date)s. Answers are not accepted yet.", date=format_date(survey.opens_on, "medium")), "error")
        return redirect(url_for("surveys.manage", slug=slug, survey_id=survey.id))
    return _answer_flow(survey, request.values.get("key", ""), paper=True)


@bp.route("/m/<slug>/surveys/<int:survey_id>/print")
def print_form(slug, survey_id):
    """The questionnaire on A4 paper, with boxes to tick, in the reader's language."""
    survey = survey_or_404(slug, survey_id)
    require(can_manage_surveys(current_user, survey) or can_answer_survey(current_user, survey))
    questions = questions_of(survey)
    return render_template("surveys/print.html", municipality=survey.municipality, survey=survey,
                           pages=services.pages(survey) if survey.paging == "sections" else [(None, questions)],
                           sex_labels=SEX_LABELS, age_labels=AGE_LABELS)

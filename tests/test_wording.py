"""The wording rules of issue 14 (Languages), checked on the catalogues and the running app:
one term per concept, Kyrgyz numbers without glued case suffixes, Armenian punctuation,
"frozen" versions not called "approved" in Kyrgyz, and the plan document apart from the
"Plan" column of plan vs actual."""
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale

ROOT = Path(__file__).resolve().parents[1] / "translations"


def catalogue(lang):
    with open(ROOT / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=lang)


def translations(lang):
    """(msgid, translated text) for every translated string of a catalogue, plural forms each."""
    for m in catalogue(lang):
        if not m.id:
            continue
        key = m.id[0] if isinstance(m.id, (list, tuple)) else m.id
        for text in (m.string if isinstance(m.string, (list, tuple)) else [m.string]):
            if text:
                yield key, text


def test_kyrgyz_has_no_case_suffix_glued_to_a_number_or_placeholder():
    """"1ден 20га чейин" reads badly and breaks with placeholders: write "1–20 аралыгындагы"."""
    glued = re.compile(r"(\d|%\(\w+\)s)(ден|дан|дөн|тен|тан|төн|га|ге|ка|ке|гө|го|кө|ко|дын|дин|дун|дүн|тын|тин|да|де|та|те)\b")
    bad = [(key, text) for key, text in translations("ky") if glued.search(text)]
    assert not bad, bad
    # nor a suffix cut off with a space ("%(min)s дан"), nor a postposition that wants the dative
    # or ablative of the number ("%(time)s чейин", "%(opens)s баштап"): "мөөнөтү: %(time)s"
    detached = re.compile(r"(\d|%\(\w+\)s)( UTC)?[ -](ден|дан|дөн|тен|тан|төн|га|ге|ка|ке|чейин|дейре|баштап|тартып)\b")
    bad = [(key, text) for key, text in translations("ky") if detached.search(text)]
    assert not bad, bad
    # a date placeholder is never the bare subject of a verb that wants its locative ("%(date)s
    # жабылган" for "closed on 3 December"): "жабылган (%(date)s)", "ачылуу күнү: %(date)s"
    dated = re.compile(r"%\((date|time|when)\)s (ачылат|жабылат|жабылган|өчүрүлөт|түзүлгөн|түзүлдү|барылды|көрсөтүлөт)")
    bad = [(key, text) for key, text in translations("ky") if dated.search(text)]
    assert not bad, bad


def test_armenian_sentences_end_with_the_armenian_full_stop():
    """An ASCII full stop after an Armenian word is ։ at the end of a sentence and ․ inside it
    (abbreviations such as "էլ." and "թ." keep theirs)."""
    ascii_stop = re.compile(r"(?<![\u0531-\u0587])([\u0531-\u0587]+)\.(?=\s|$)")
    bad = [(key, text) for key, text in translations("hy")
           for word in ascii_stop.findall(text) if word not in {"էլ", "Էլ", "թ", "հազ"}]
    assert not bad, bad
    # after a number, a placeholder or a bracket, "X. Y" (English "X: Y") takes the Armenian ․
    after_other = [(key, text) for key, text in translations("hy") if re.search(r"(\d|\)s|\))\.(\s|$)", text)]
    assert not after_other, after_other


@pytest.mark.parametrize(("lang", "other"), [("ru", r"айыл (аймак|окмот)"), ("ky", r"муниципалитет")])
def test_the_municipality_has_one_name_per_language(lang, other):
    """ru муниципалитет (it serves Armenian communities too), ky айыл аймак."""
    bad = [(key, text) for key, text in translations(lang) if re.search(other, text, re.I)]
    assert not bad, bad


def test_kyrgyz_frozen_versions_are_not_called_approved():
    """In ky бекитилген is what the council does; a version frozen for a hearing is something else."""
    frozen = [(key, text) for key, text in translations("ky") if re.search(r"\bfr(o|ee)z", key, re.I)]
    assert len(frozen) >= 5
    assert not [(key, text) for key, text in frozen if "бекит" in text.lower()], frozen


def test_plan_document_and_plan_column_are_told_apart(app):
    from flask_babel import gettext, pgettext

    with app.test_request_context(), force_locale("hy"):
        assert gettext("Plan") == "Ծրագիր"  # the document (the plan's tab)
        assert pgettext("plan vs actual", "Plan") == "Պլան"  # the column beside "Actual"
    with app.test_request_context(), force_locale("ru"):
        assert pgettext("plan vs actual", "Plan") == "План"


@pytest.mark.parametrize("lang", ["ky", "ru", "hy", "en"])
def test_funding_sources_are_named_the_same_on_the_plan_and_the_dashboard(app, lang):
    from planner.monitoring.forms import SOURCE_LABELS
    from planner.plans.forms import FUNDING_LABELS

    with app.test_request_context(), force_locale(lang):
        assert {k: str(v) for k, v in SOURCE_LABELS.items()} == {k: str(FUNDING_LABELS[k]) for k in SOURCE_LABELS}


def test_ordinal_ranks_in_armenian(app):
    from planner.surveys.ballots.forms import rank_label

    with app.test_request_context(), force_locale("hy"):
        assert rank_label(1) == "1-ին տեղ" and rank_label(2) == "2-րդ տեղ"
    with app.test_request_context(), force_locale("ru"):
        assert rank_label(1) == "1-е место" and rank_label(3) == "3-е место"


@pytest.mark.parametrize(("lang", "other"), [
    ("hy", r"բնակավայր|հավաք"),  # village գյուղ, village gathering ժողով
    ("ky", r"чогулуш|комментари|отчёт"),  # gathering жыйын, comment пикир, report отчет
])
def test_glossary_terms_have_one_word_in_the_catalogue_and_legal_pages(lang, other):
    legal = Path(__file__).resolve().parents[1] / "planner" / "public" / "templates" / "public" / "legal"
    texts = list(translations(lang)) + [(page.name, page.read_text()) for page in legal.glob(f"*_{lang}.html")]
    bad = [(key, text) for key, text in texts if re.search(other, text, re.I)]
    assert not bad, bad


@pytest.mark.parametrize(("lang", "other"), [("ky", r"каттоо эсеб|программада катт"), ("ru", r"уч[её]тн\w* запис")])
def test_an_account_is_аккаунт_everywhere(lang, other):
    """One word for "account" in ky and ru: аккаунт, never ky каттоо эсеби (nor "registered in
    the programme" for "has an account"), never ru учётная запись."""
    account = re.compile(r"\baccounts?\b", re.I)
    strings = list(translations(lang))
    assert not [(key, text) for key, text in strings if re.search(other, text, re.I)]
    missing = [(key, text) for key, text in strings if account.search(key) and "аккаунт" not in text.lower()]
    assert not missing, missing


def test_armenian_ballot_option_is_not_a_plan_version():
    """hy: a ballot or survey option is ընտրանք, a plan (or protocol) version is տարբերակ."""
    strings = list(translations("hy"))
    options = [(key, text) for key, text in strings if re.search(r"\b(options?|choices?)\b", key, re.I)]
    versions = [(key, text) for key, text in strings if re.search(r"\bversions?\b", key, re.I)]
    assert len(options) >= 30 and len(versions) >= 20
    assert not [(key, text) for key, text in options if "տարբերակ" in text.lower()], options
    assert not [(key, text) for key, text in versions if "ընտրանք" in text.lower()], versions
    assert all("տարբերակ" in text.lower() for key, text in versions)
    assert all("ընտրանք" in text.lower() for key, text in strings if re.fullmatch(r"Options?", key))


@pytest.mark.parametrize(("lang", "word"), [("ky", "сакта"), ("hy", "ամրագր")])
def test_frozen_has_one_word(lang, word):
    """ky: a frozen version is "өзгөрбөс катары сакталган" (not бекемделген), hy ամրագրված (not սառեցված)."""
    frozen = [(key, text) for key, text in translations(lang) if re.search(r"\bfr(o|ee)z", key, re.I)]
    assert len(frozen) >= 5
    assert not [(key, text) for key, text in frozen if word not in text.lower()], frozen


def test_demo_municipalities_are_described_in_their_own_language(runner, db):
    """The Kyrgyz demo's description once ended with a Russian sentence ("Вымышленный
    демонстрационный айыл аймак."); the Armenian one says գյуղ for village, as the glossary does."""
    from sqlalchemy import select

    from planner.municipalities.models import Municipality

    assert runner.invoke(args=["demo", "--quiet"]).exit_code == 0
    kg = db.session.scalar(select(Municipality).where(Municipality.slug == "jashyl-oron"))
    am = db.session.scalar(select(Municipality).where(Municipality.slug == "verindzor"))
    assert not re.search(r"[а-яё]+(ый|ий|ный)\b", kg.description, re.I), kg.description  # Russian adjectives
    assert "айыл аймаг" in kg.description
    assert not re.search(r"[A-Za-zА-Яа-яЁё]|բնակավայր", am.description), am.description


@pytest.mark.parametrize(("lang", "word", "other"), [
    ("ky", "тастыкта", r"текшерилген тургун"), ("ru", "подтвержд", r"проверенн\w* жител"),
    ("hy", "հաստատված", r"ստուգված բնակիչ")])
def test_a_verified_resident_has_one_name(lang, word, other):
    """A resident the staff verified: ky тастыкталган тургун, ru подтверждённый житель, hy հաստատված բնակիչ."""
    strings = list(translations(lang))
    verified = [(key, text) for key, text in strings if re.search(r"\bverified residents?\b", key, re.I)]
    assert len(verified) >= 8
    assert not [(key, text) for key, text in verified if word not in text.lower()], verified
    assert not [(key, text) for key, text in strings if re.search(other, text, re.I)]


def test_armenian_votes_are_ձայն():
    """hy: a vote is ձայն (as in "%(num)s vote"); the budgeting pages once said քվե."""
    noun = re.compile(r"(?<![\u0531-\u0587])[Քք]վե(?!արկ|աթերթ|ատուփ)")
    bad = [(key, text) for key, text in translations("hy") if noun.search(text)]
    assert not bad, bad


@pytest.mark.parametrize(("lang", "plan_draft", "work_draft"), [("ru", "Проект", "Черновик"), ("hy", "Նախագիծ", "Սևագիր")])
def test_a_draft_plan_is_not_a_draft_report(app, lang, plan_draft, work_draft):
    """"Draft" is two things: the plan's stage (ru проект, hy նախագիծ: a document put to the
    council) and an unfinished report or survey (ru черновик, hy սևագիր); msgctxt splits them."""
    from planner.monitoring.forms import STATE_LABELS as REPORT_STATES
    from planner.plans.forms import STAGE_LABELS
    from planner.surveys.forms import STATE_LABELS as SURVEY_STATES

    with app.test_request_context(), force_locale(lang):
        assert str(STAGE_LABELS["draft"]) == plan_draft
        assert str(REPORT_STATES["draft"]) == work_draft == str(SURVEY_STATES["draft"])
    with app.test_request_context(), force_locale("en"):
        assert str(REPORT_STATES["draft"]) == str(STAGE_LABELS["draft"]) == "Draft"


def test_practice_municipalities_are_named_as_the_catalogue_names_them(app):
    """The practice municipality's own name follows the glossary: ru муниципалитет, ky айыл аймак."""
    from flask_babel import gettext

    from planner.workshops.practice_template import NAMES

    for lang in ("ky", "ru", "hy", "en"):
        with app.test_request_context(), force_locale(lang):
            assert NAMES[lang] == gettext("Practice municipality"), (lang, NAMES[lang])


@pytest.mark.parametrize(("lang", "period", "deadline"), [("ky", "Мезгил", "Мөөнөт"), ("ru", "Период", "Срок"),
                                                           ("hy", "Ժամանակահատված", "Ժամկետ")])
def test_a_period_is_not_a_deadline(lang, period, deadline):
    """The "Period" column of monitoring reports (a quarter, a month) is not the glossary's deadline."""
    strings = list(translations(lang))
    assert dict(strings)["Period"] == period
    periods = [(key, text) for key, text in strings if re.search(r"\bperiod\b", key, re.I) and key != "the period has ended"]
    assert len(periods) >= 8
    assert not [(key, text) for key, text in periods if deadline.lower() in text.lower()], periods


def test_russian_participatory_budgeting_is_бюджет_участия():
    """ru names participatory budgeting бюджет участия on every page; the audit log called the
    same ballot бюджетное голосование (a vote on the budget, which is the council's)."""
    strings = list(translations("ru"))
    assert not [(key, text) for key, text in strings if re.search(r"бюджетн\w* голосовани", text, re.I)]
    budgeting = [text for key, text in strings if re.search(r"\bbudgeting ballots?\b", key, re.I)]
    assert budgeting and all("бюджета участия" in text for text in budgeting), budgeting

"""Demo of the trainer's tools after a workshop: the evaluation of both demo workshops with
answers, a priority vote held live during the Kyrgyz one, and one practice municipality
with five practice accounts (their login cards are printable from the workshop)."""
import random

from flask import current_app
from werkzeug.datastructures import MultiDict

from ..workshops import exercises, practice

KG_USEFUL = ["БАП түзүү боюнча практикалык иш", "Мониторинг тобу кантип иштейт", "Бюджеттин түзүмү",
             "Практическая работа по ПСД", ""]
KG_IMPROVE = ["Убакыт аз болду", "Көбүрөөк мисал керек", "Больше времени на практику", ""]
HY_USEFUL = ["Համատեղ ծրագրի գործնական աշխատանքը", "Ավագանու քննարկման քայլերը", ""]
HY_IMPROVE = ["Ավելի շատ ժամանակ", "Ավելի շատ օրինակներ", ""]
ACCOUNTS = ("Айбек Токтогулов, staff\nЖамила Садыкова, group_member\nНурлан Абдыраев, deputy\n"
            "Чолпон Бекова, monitor\nЭрмек Усенов, resident")


def _evaluate(exercise, rng, count, weights, useful, improve, tag):
    for n in range(count):
        form = MultiDict({"usefulness": str(rng.choices((3, 4, 5), weights=weights)[0]),
                          "recommend": "yes" if rng.random() < 0.85 else "no",
                          "most_useful": rng.choice(useful), "improve": rng.choice(improve)})
        exercises.answer(exercise, f"demo-{tag}-{n}", form)


def load(ctx):
    rng = random.Random(11)
    trainer = ctx["trainer"]
    kg_workshop, am_workshop = ctx["workshops"]
    _evaluate(exercises.open_evaluation(kg_workshop, trainer), rng, 22, (2, 9, 11), KG_USEFUL, KG_IMPROVE, "kg")
    _evaluate(exercises.open_evaluation(am_workshop, trainer), rng, 12, (1, 6, 5), HY_USEFUL, HY_IMPROVE, "hy")
    vote = exercises.open_exercise(kg_workshop, trainer, kind="priority", max_choices=2,
                                   question="Кайсы көйгөй биринчи? / Какая проблема первая?",
                                   options="Ичүүчү суу\nЖолдор\nБала бакча\nКөчө жарыгы")
    for n in range(24):
        picks = rng.sample(range(4), 2) if rng.random() < 0.7 else [rng.choices(range(4), weights=(5, 3, 2, 1))[0]]
        exercises.answer(vote, f"demo-vote-{n}", MultiDict([("choice", str(i)) for i in picks]))
    vote.is_open = False
    with current_app.test_request_context():
        ctx["practice"] = practice.create_practice(kg_workshop, trainer, days=60, accounts=ACCOUNTS)

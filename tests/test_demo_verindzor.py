"""The Armenian demo carries the whole chain, in Armenian: survey answers, a closed priority
vote with its priority list, an approved joint action plan with the council's decision, and
a monitoring group with approved reports."""
import re

from sqlalchemy import func, select

from planner.monitoring.models import MonitoringGroup, MonitoringReport
from planner.municipalities.models import Municipality
from planner.plans.models import Activity, CouncilDecision, Plan
from planner.surveys.ballots.models import Ballot, Priority
from planner.surveys.models import Survey, SurveyResponse

CYRILLIC_OR_LATIN_WORD = re.compile(r"[A-Za-zА-Яа-яЁёӨөҮүҢң]{3,}")


def test_verindzor_has_the_whole_chain(runner, client, db):
    result = runner.invoke(args=["demo", "--quiet"])
    assert result.exit_code == 0, result.output
    am = db.session.scalar(select(Municipality).where(Municipality.slug == "verindzor"))

    plan = db.session.scalar(select(Plan).where(Plan.municipality_id == am.id, Plan.kind == "jap"))
    assert plan.stage in ("approved", "implementation")
    activities = db.session.scalars(select(Activity).where(Activity.plan_id == plan.id)).all()
    assert len(activities) >= 12
    for text in [plan.title] + [a.description for a in activities] + [a.expected_result for a in activities]:
        assert not CYRILLIC_OR_LATIN_WORD.search(text), text  # written in Armenian
    decision = db.session.scalar(select(CouncilDecision).where(CouncilDecision.plan_id == plan.id))
    assert decision.outcome == "approved" and decision.votes_for > decision.votes_against

    survey = db.session.scalar(select(Survey).where(Survey.municipality_id == am.id))
    answers = db.session.scalar(select(func.count()).select_from(SurveyResponse)
                                .where(SurveyResponse.survey_id == survey.id))
    assert answers >= 100

    priorities = db.session.scalars(select(Priority).where(Priority.municipality_id == am.id)
                                    .order_by(Priority.rank)).all()
    assert len(priorities) >= 3 and priorities[0].score >= priorities[-1].score > 0
    closed = db.session.get(Ballot, priorities[0].ballot_id)
    assert closed.municipality_id == am.id

    group = db.session.scalar(select(MonitoringGroup).where(MonitoringGroup.municipality_id == am.id))
    assert group.plan_id == plan.id
    approved = db.session.scalar(select(func.count()).select_from(MonitoringReport)
                                 .where(MonitoringReport.plan_id == plan.id, MonitoringReport.state == "approved"))
    assert approved >= 9

    # Shown in Armenian, end to end, to an anonymous visitor.
    for path in (f"/m/verindzor/plans/{plan.id}", f"/m/verindzor/surveys/{survey.id}/results", "/m/verindzor/priorities",
                 f"/m/verindzor/progress/{plan.id}"):
        response = client.get(path, headers={"Accept-Language": "hy"})
        assert response.status_code == 200, path
        assert "Վերինձոր" in response.get_data(as_text=True)

"""Factories for the notification tests: followers, ballots, surveys; and the mail fixtures."""
from datetime import date, timedelta

import pytest

from planner.extensions import db
from planner.models import utcnow

from ..mail.conftest import inbox, mail_app, mail_config  # noqa: F401  (fixtures)
from ..plans.conftest import make_plan, people  # noqa: F401  (fixtures)


@pytest.fixture
def quiet_app(app, make_app, mail_config):  # noqa: F811
    """An app delivering to the test SMTP server, without the after-commit dispatch (the
    test calls dispatch itself, as cron would)."""
    other = make_app(**mail_config, NOTIFICATIONS_DISPATCH_ON_COMMIT=False, PUBLIC_URL="https://planner.example.org/")
    with other.app_context():
        yield other


@pytest.fixture
def follower(make_user):
    """``follower(municipality, plan=None, ballot=None, confirmed=True, locale="en", **prefs)``."""
    from planner.notifications import follows
    from planner.notifications.unsubscribe import set_delivery

    def make(municipality, plan=None, ballot=None, confirmed=True, locale="en", **prefs):
        user = make_user(locale=locale, email_confirmed_at=utcnow() if confirmed else None)
        follows.follow(user, municipality, plan, ballot)
        for kind, delivery in prefs.items():
            set_delivery(user.id, kind, delivery)
        db.session.commit()
        return user

    return make


@pytest.fixture
def make_ballot():
    from planner.surveys.ballots.models import Ballot, BallotOption

    def make(municipality, title="Суу түтүгү", opens_in=timedelta(hours=-1), lasts=timedelta(days=7)):
        now = utcnow()
        ballot = Ballot(municipality_id=municipality.id, title=title, method="single", opens_at=now + opens_in,
                        closes_at=now + opens_in + lasts,
                        options=[BallotOption(position=1, text="A"), BallotOption(position=2, text="B")])
        db.session.add(ballot)
        db.session.commit()
        return ballot

    return make


@pytest.fixture
def make_survey():
    from planner.surveys.models import Survey

    def make(municipality, title="Айылдын муктаждыктары", opens_on=None, closes_on=None):
        today = date.today()
        survey = Survey(municipality_id=municipality.id, title=title, opens_on=opens_on or today,
                        closes_on=closes_on or today + timedelta(days=20))
        db.session.add(survey)
        db.session.commit()
        return survey

    return make

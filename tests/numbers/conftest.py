"""The numbers tests use the survey and ballot factories (English client and request)."""
from tests.surveys.conftest import client, kg, make_survey, request_ctx, staff_user  # noqa: F401
from tests.voting.conftest import make_ballot, make_resident  # noqa: F401

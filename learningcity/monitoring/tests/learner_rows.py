"""Real learners' enrolments for monitoring tests (monitoring reads them through
`learners.selectors.enrolments_for_statistics`). Rows are dated in the past, which no service does (services
stamp the present), so they are written with the ORM: plain rows, no side effects monitoring would see."""

from __future__ import annotations

import datetime

from learningcity.catalogue.models import OpportunityRun
from learningcity.core.models import District
from learningcity.learners.models import Enrolment, LearnerProfile
from learningcity.testing import factories


def consenting_enrolment(*, district_code: str, birth_year: int, sex: str, status: str,
                         enrolled_at: datetime.datetime, completed_at: datetime.datetime | None = None,
                         user=None) -> Enrolment:
    """An enrolment of a learner who consented to statistics (a new learner unless `user` is given)."""
    if user is None:
        user = factories.user()
        LearnerProfile.objects.create(user=user, statistics_consent=True, birth_year=birth_year, sex=sex,
                                      district=District.objects.get(code=district_code))
    run = OpportunityRun.objects.order_by("id").first()
    return Enrolment.objects.create(user=user, run=run, status=status, enrolled_at=enrolled_at,
                                    completed_at=completed_at)

"""Learners' reads. Monitoring looks its statistics selectors up by name here (it imports
`learningcity.learners.selectors` only): `enrolments_for_statistics` and `reviews_for_statistics` (enrolment
side), `learners_for_statistics` and `self_reported_for_statistics` (people side)."""

from learningcity.learners.selectors.enrolments import (  # noqa: F401
    enrolment_ids_for_statistics,
    enrolments_for_statistics,
    reviews_for_statistics,
)
from learningcity.learners.selectors.people import (  # noqa: F401
    learners_for_statistics,
    self_reported_for_statistics,
)

"""Learners' reads. Monitoring finds `enrolments_for_statistics` and `reviews_for_statistics` here."""

from learningcity.learners.selectors.enrolments import enrolments_for_statistics, reviews_for_statistics  # noqa: F401

"""Learners reads. The statistics selectors monitoring looks up by name live here (monitoring imports
`learningcity.learners.selectors` only)."""

from learningcity.learners.selectors.people import (  # noqa: F401
    learners_for_statistics,
    self_reported_for_statistics,
)

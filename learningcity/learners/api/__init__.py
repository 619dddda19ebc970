"""The learners API: `enrolments` (enrolments, rosters, attendance, reviews) and `people` (profile, passport,
self-reported learning, privacy). Personal data: every endpoint requires authentication."""

from ninja import Router

from learningcity.learners.api import enrolments, people

router = Router()
router.add_router("/", enrolments.router)
router.add_router("/", people.router)

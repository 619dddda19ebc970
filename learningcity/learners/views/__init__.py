"""Learners' pages: `enrolments` (enrol, waiting list, my enrolments, rosters, attendance, reviews) and `people`
(sign-up, profile, passport, self-reported learning, privacy). Each module lists its own `urlpatterns`."""

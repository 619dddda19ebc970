"""Pages for enrolling, the waiting list, a learner's enrolments, providers' rosters and reviews."""

urlpatterns: list = []

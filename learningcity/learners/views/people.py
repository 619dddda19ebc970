"""Pages for sign-up, the profile, the learning passport, self-reported learning and privacy."""

urlpatterns: list = []

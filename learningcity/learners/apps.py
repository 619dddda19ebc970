from django.apps import AppConfig


class LearnersConfig(AppConfig):
    name = "learningcity.learners"
    label = "learners"
    verbose_name = "Learners: enrolment, passport, privacy"

from django.apps import AppConfig


class LearnersConfig(AppConfig):
    name = "learningcity.learners"
    label = "learners"
    verbose_name = "Learners: enrolment, passport, privacy"

    def ready(self) -> None:
        from learningcity.learners.wiring import enrolments, people

        enrolments.connect()
        people.connect()

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "learningcity.core"
    label = "core"
    verbose_name = "Core: geography, people, audit"

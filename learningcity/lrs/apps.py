from django.apps import AppConfig


class LrsConfig(AppConfig):
    name = "learningcity.lrs"
    label = "lrs"
    verbose_name = "Learning Record Store (xAPI)"

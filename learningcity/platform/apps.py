from django.apps import AppConfig


class PlatformConfig(AppConfig):
    """Whole-platform operations: the demo city, serving, translations. May import every app; none imports it."""

    name = "learningcity.platform"
    label = "platform"
    verbose_name = "Platform operations"

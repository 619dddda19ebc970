from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "learningcity.monitoring"
    label = "monitoring"
    verbose_name = "Monitoring: indicators, access, open data"

    def ready(self) -> None:
        from learningcity.core import navigation
        from learningcity.core.permissions import is_city_office

        navigation.register("monitoring", _("Monitoring"), "monitoring:dashboard", order=70, visible=is_city_office)
        navigation.register("open-data", _("Open data"), "monitoring:open-data", order=75)

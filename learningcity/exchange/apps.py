from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "learningcity.exchange"
    label = "exchange"
    verbose_name = "Exchange: importers and open-data feeds"

    def ready(self) -> None:
        from learningcity.catalogue.extensions import add_panel
        from learningcity.core import navigation
        from learningcity.core.permissions import is_city_office
        from learningcity.exchange.views import run_panel

        add_panel("run", run_panel)
        navigation.register("open-data", _("Open data"), "exchange:dataset", order=70)
        navigation.register("feed-health", _("Feed health"), "exchange:health", order=85, visible=is_city_office)

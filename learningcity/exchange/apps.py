from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "learningcity.exchange"
    label = "exchange"
    verbose_name = "Exchange: importers and open-data feeds"

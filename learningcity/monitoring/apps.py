from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "learningcity.monitoring"
    label = "monitoring"
    verbose_name = "Monitoring: indicators, access, open data"

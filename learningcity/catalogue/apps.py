from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "learningcity.catalogue"
    label = "catalogue"
    verbose_name = "Catalogue: providers, venues, opportunities"

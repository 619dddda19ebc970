from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "learningcity.search"
    label = "search"
    verbose_name = "Search: discovery index"

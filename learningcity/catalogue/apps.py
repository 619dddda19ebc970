from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "learningcity.catalogue"
    label = "catalogue"
    verbose_name = _("Catalogue: providers, venues, opportunities")

    def ready(self) -> None:
        from learningcity.catalogue.permissions import provider_ids_of
        from learningcity.core import navigation

        navigation.register("browse", _("Find learning"), "catalogue:opportunity-list", order=10)
        navigation.register("districts", _("Districts"), "catalogue:district-list", order=20)
        navigation.register("providers", _("Providers"), "catalogue:provider-list", order=30)
        navigation.register("manage", _("Manage my offer"), "catalogue:manage", order=80,
                            visible=lambda user: bool(user and user.is_authenticated and provider_ids_of(user)))

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CredentialsConfig(AppConfig):
    name = "learningcity.credentials"
    label = "credentials"
    verbose_name = "Credentials: Open Badges 3.0"

    def ready(self) -> None:
        from learningcity.core import navigation
        from learningcity.core.permissions import is_signed_in
        from learningcity.credentials import hooks
        from learningcity.credentials.permissions import issuer_ids_for

        navigation.register("credentials-verify", _("Verify a credential"), "credentials:verify", order=70,
                            menu="main")
        navigation.register("credentials-mine", _("My credentials"), "credentials:mine", order=30, menu="account",
                            visible=is_signed_in)
        navigation.register("credentials-manage", _("Badges and credentials"), "credentials:manage", order=80,
                            visible=lambda user: bool(issuer_ids_for(user)))
        hooks.connect()

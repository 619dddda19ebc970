from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "learningcity.credentials"
    label = "credentials"
    verbose_name = "Credentials: Open Badges 3.0"

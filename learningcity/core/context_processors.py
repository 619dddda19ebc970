from django.conf import settings
from django.http import HttpRequest

from learningcity.core.permissions import is_city_office


def site(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    return {
        "CITY_NAME": settings.CITY_NAME,
        "BASE_URL": settings.BASE_URL,
        "user_is_city_office": is_city_office(user),
    }

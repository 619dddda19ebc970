from django.conf import settings
from django.http import HttpRequest

from learningcity.core import navigation
from learningcity.core.permissions import is_city_office


def site(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    return {
        "CITY_NAME": settings.CITY_NAME,
        "BASE_URL": settings.BASE_URL,
        "user_is_city_office": is_city_office(user),
        "nav_items": navigation.items_for(user),
        "account_links": navigation.items_for(user, "account") if user is not None and user.is_authenticated else [],
    }

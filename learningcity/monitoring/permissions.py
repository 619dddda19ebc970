"""Who sees what in monitoring: the dashboard, map, what-if, framework and report are for the city office;
the open data (suppressed aggregates and access) is public."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from learningcity.core.permissions import is_city_office


def city_office_required(view):
    """Anonymous people are sent to sign in; signed-in people outside the city office get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_city_office(request.user):
            raise PermissionDenied("The monitoring pages are for the city's learning-city office.")
        return view(request, *args, **kwargs)

    return wrapper

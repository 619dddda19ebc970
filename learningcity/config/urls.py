"""Top-level URL map. Each app owns its pages under its own include; the API and xAPI have fixed roots."""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from django.contrib import admin
from django.urls import include, path

from learningcity.config.api import api

admin.site.site_header = "Learning City: city office"
admin.site.site_title = "Learning City admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

# App pages. An app without a urls module yet is simply skipped.
for app, prefix in (
    ("lrs", "xapi/"),
    ("credentials", ""),
    ("search", ""),
    ("exchange", ""),
    ("learners", ""),
    ("monitoring", ""),
    ("catalogue", ""),
    ("core", ""),
):
    module = f"learningcity.{app}.urls"
    if find_spec(module) is not None:
        urlpatterns.append(path(prefix, include((import_module(module).urlpatterns, app), namespace=app)))

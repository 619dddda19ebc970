"""xAPI resources, mounted at /xapi/ (config.urls). Paths follow the specification, no trailing slashes."""

from __future__ import annotations

from django.urls import re_path

from learningcity.lrs.views.documents import activity_profile_view, agent_profile_view, state_view
from learningcity.lrs.views.resources import about_view, activities_view, agents_view
from learningcity.lrs.views.statements import statements_view

urlpatterns = [
    re_path(r"^statements/?$", statements_view, name="statements"),
    re_path(r"^activities/state/?$", state_view, name="state"),
    re_path(r"^activities/profile/?$", activity_profile_view, name="activity-profile"),
    re_path(r"^activities/?$", activities_view, name="activities"),
    re_path(r"^agents/profile/?$", agent_profile_view, name="agent-profile"),
    re_path(r"^agents/?$", agents_view, name="agents"),
    re_path(r"^about/?$", about_view, name="about"),
]

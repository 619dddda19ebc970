from django.urls import path

from learningcity.catalogue.views import manage, places, public

urlpatterns = [
    path("", public.home, name="home"),
    path("opportunities/", public.opportunity_list, name="opportunity-list"),
    path("opportunities/<int:pk>/", public.opportunity_detail, name="opportunity"),
    path("runs/<int:pk>/", public.run_detail, name="run"),
    path("providers/", public.provider_list, name="provider-list"),
    path("providers/<str:slug>/", public.provider_detail, name="provider"),
    path("venues/<int:pk>/", public.venue_detail, name="venue"),
    path("districts/", places.district_list, name="district-list"),
    path("districts/<slug:slug>/", places.district_detail, name="district"),
    path("manage/", manage.dashboard, name="manage"),
    path("manage/providers/<str:slug>/", manage.provider_home, name="manage-provider"),
    path("manage/providers/<str:slug>/new/", manage.opportunity_create, name="manage-opportunity-create"),
    path("manage/providers/<str:slug>/venues/new/", manage.venue_create, name="manage-venue-create"),
    path("manage/venues/<int:pk>/", manage.venue_manage, name="manage-venue"),
    path("manage/opportunities/<int:pk>/", manage.opportunity_manage, name="manage-opportunity"),
    path("manage/opportunities/<int:pk>/<str:action>/", manage.opportunity_action, name="manage-opportunity-action"),
    path("manage/opportunities/<int:pk>/runs/new/", manage.run_create, name="manage-run-create"),
    path("manage/runs/<int:pk>/", manage.run_manage, name="manage-run"),
    path("manage/runs/<int:pk>/<str:action>/", manage.run_action, name="manage-run-action"),
]

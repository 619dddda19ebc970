from django.urls import path

from learningcity.exchange import views

urlpatterns = [
    path("feeds/", views.dataset, name="dataset"),
    path("feeds/topics", views.topics_scheme, name="topics"),
    path("feeds/template/", views.template_page, name="template"),
    path("feeds/template.csv", views.template_download, name="template-csv"),
    path("feeds/health/", views.health, name="health"),
    path("feeds/health/imports/<int:pk>/", views.import_run_detail, name="import-run"),
    path("feeds/calendar/<str:token>.ics", views.personal_calendar, name="personal-calendar"),
    path("feeds/<str:feed>", views.rpde_feed, name="feed"),
    path("runs/<int:pk>/calendar.ics", views.run_calendar, name="run-calendar"),
    path("opportunities/export.csv", views.opportunities_csv, name="opportunities-csv"),
]

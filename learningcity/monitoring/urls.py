from django.urls import path

from learningcity.monitoring.views import access, dashboard, framework, report

urlpatterns = [
    path("monitoring/", dashboard.dashboard, name="dashboard"),
    path("monitoring/recompute/", dashboard.recompute, name="recompute"),
    path("monitoring/access/", access.access_map, name="access"),
    path("monitoring/what-if/", access.what_if, name="what-if"),
    path("monitoring/framework/", framework.framework_page, name="framework"),
    path("monitoring/framework/statistics/", framework.statistics, name="statistics"),
    path("monitoring/framework/statistics/<int:pk>/delete/", framework.statistic_delete, name="statistic-delete"),
    path("monitoring/report/", report.report, name="report"),
    path("monitoring/report.pdf", report.report_pdf, name="report-pdf"),
    path("monitoring/download/<str:what>.<str:fmt_name>", report.download, name="download"),
    path("open-data/", report.open_data, name="open-data"),
]

from django.urls import path

from learningcity.search import views

urlpatterns = [
    path("search/", views.search_page, name="page"),
]

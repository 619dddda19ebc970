from learningcity.learners.views import enrolments, people

urlpatterns = [*enrolments.urlpatterns, *people.urlpatterns]

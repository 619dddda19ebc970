from django.urls import path

from learningcity.credentials.views import learner, manage, public

urlpatterns = [
    path("credentials/verify/", public.verify, name="verify"),
    path("credentials/issuers/", public.issuer_list, name="issuer_list"),
    path("credentials/issuers/<slug:slug>/", public.issuer, name="issuer"),
    path("credentials/issuers/<slug:slug>/controller.json", public.issuer_document, name="issuer_document"),
    path("credentials/issuers/<slug:slug>/status/<int:number>", public.status_list, name="status_list"),
    path("credentials/achievements/<uuid:uuid>/", public.achievement, name="achievement"),
    path("credentials/achievements/<uuid:uuid>/image.<str:fmt>", public.achievement_image,
         name="achievement_image"),
    path("credentials/shared/<str:token>/", public.shared, name="shared"),
    path("credentials/shared/<str:token>/download.<str:fmt>", learner.shared_download, name="shared_download"),
    path("credentials/mine/", learner.mine, name="mine"),
    path("credentials/c/<uuid:uuid>/", learner.credential, name="credential"),
    path("credentials/c/<uuid:uuid>/download.<str:fmt>", learner.credential_download, name="download"),
    path("credentials/c/<uuid:uuid>/share/", learner.credential_share, name="share"),
    path("credentials/imported/<uuid:uuid>/", learner.imported, name="imported"),
    path("credentials/imported/<uuid:uuid>/delete/", learner.imported_delete, name="imported_delete"),
    path("credentials/manage/", manage.index, name="manage"),
    path("credentials/manage/set-up/", manage.issuer_set_up, name="manage_set_up"),
    path("credentials/manage/<slug:slug>/", manage.issuer_home, name="manage_issuer"),
    path("credentials/manage/<slug:slug>/profile/", manage.issuer_edit, name="manage_issuer_edit"),
    path("credentials/manage/<slug:slug>/rotate-key/", manage.key_rotate, name="manage_key_rotate"),
    path("credentials/manage/<slug:slug>/achievements/new/", manage.achievement_create,
         name="manage_achievement_create"),
    path("credentials/manage/achievements/<uuid:uuid>/", manage.achievement_manage, name="manage_achievement"),
    path("credentials/manage/achievements/<uuid:uuid>/award/", manage.achievement_award, name="manage_award"),
    path("credentials/manage/achievements/<uuid:uuid>/rules/", manage.rule_create, name="manage_rule_create"),
    path("credentials/manage/rules/<int:pk>/delete/", manage.rule_delete, name="manage_rule_delete"),
    path("credentials/manage/credentials/<uuid:uuid>/revoke/", manage.credential_revoke, name="manage_revoke"),
]

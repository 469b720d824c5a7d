from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register(r"documents", views.DocumentViewSet, basename="document")
router.register(r"tags", views.TagViewSet)

urlpatterns = [
    path("documents/", views.document_list, name="document-list"),
    path("documents/<int:pk>/", views.document_detail, name="document-detail"),
    path("documents/<int:pk>/archive/", views.archive_document),
    re_path(r"^folders/(?P<pk>\d+)/$", views.FolderView.as_view(), name="folder"),
    path("api/folders/<int:pk>/", views.folder_detail),
    path("api/documents/<int:pk>/comments/", views.CommentList.as_view()),
    path("api/", include(router.urls)),
    path("accounts/", include("django.contrib.auth.urls")),
]

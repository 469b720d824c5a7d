from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.http import require_http_methods, require_POST
from rest_framework import generics, mixins, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from .models import Comment, Document, Folder
from .permissions import IsDocumentOwner
from .serializers import CommentSerializer, DocumentSerializer


@login_required
@require_http_methods(["GET", "POST"])
def document_list(request: HttpRequest):
    if request.method == "POST":
        return JsonResponse(create(request), status=201)
    return JsonResponse(list(Document.objects.values()), safe=False)


@login_required
def document_detail(request, pk: int):
    doc = get_object_or_404(Document, pk=pk)
    return JsonResponse({"id": doc.pk, "title": doc.title})


@require_POST
@permission_required("documents.archive_document")
def archive_document(request, pk):
    Document.objects.filter(pk=pk).update(archived=True)
    return JsonResponse({}, status=204)


@api_view(["GET", "DELETE"])
@permission_classes([IsAuthenticated, IsDocumentOwner])
def folder_detail(request, pk):
    folder = Folder.objects.get(pk=pk)
    return Response({"id": folder.pk})


@method_decorator(login_required, name="dispatch")
class FolderView(LoginRequiredMixin, View):
    def get(self, request, pk):
        return JsonResponse({"id": pk})

    def post(self, request, pk):
        return JsonResponse({"id": pk}, status=201)


class CommentList(generics.ListCreateAPIView):
    serializer_class = CommentSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        return Comment.objects.filter(document_id=self.kwargs["pk"])


class DocumentViewSet(viewsets.ModelViewSet):
    queryset = Document.objects.all()
    serializer_class = DocumentSerializer
    permission_classes = [IsAuthenticated, IsDocumentOwner]

    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    @action(detail=True, methods=["post"], url_path="share")
    def share(self, request, pk=None):
        return Response(status=204)


class TagViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Tag.objects.all()


def _serialize(doc: Document) -> dict:
    return {"id": doc.pk}

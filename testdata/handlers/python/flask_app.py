"""Documents service: a Flask app with a blueprint and a MethodView."""
from flask import Blueprint, Flask, abort, g, jsonify, request
from flask.views import MethodView
from flask_login import login_required

from .authz import check_permission, require_permission
from .models import Document, Folder

API_PREFIX = "/api/v1"

app = Flask(__name__)
docs = Blueprint("docs", __name__, url_prefix="/documents")


@docs.before_request
def load_user():
    g.user = current_user()


@docs.route("/", methods=["GET"])
@login_required
def list_documents():
    return jsonify([d.to_dict() for d in Document.query.all()])


@docs.route("/", methods=["POST"])
@login_required
@require_permission("folder", "create_document")
def create_document() -> Document:
    doc = Document.create(**request.json)
    return jsonify(doc.to_dict()), 201


@docs.get("/<int:doc_id>")
@login_required
def get_document(doc_id: int):
    if not check_permission(g.user, "document", doc_id, "view"):
        abort(403)
    return jsonify(Document.get(doc_id).to_dict())


@login_required  # above the route: Flask registers the unwrapped function
@docs.delete("/<int:doc_id>")
def delete_document(doc_id: int):
    Document.delete(doc_id)
    return "", 204


@docs.route("/<int:doc_id>/share", methods=["PUT", "DELETE"])
@login_required
def share_document(doc_id: int):
    return "", 204


class FolderAPI(MethodView):
    decorators = [login_required]

    def get(self, folder_id: int) -> Folder:
        return jsonify(Folder.get(folder_id).to_dict())

    def patch(self, folder_id: int):
        return jsonify(Folder.update(folder_id, request.json).to_dict())


app.add_url_rule(f"{API_PREFIX}/folders/<int:folder_id>", view_func=FolderAPI.as_view("folder"))


@app.route("/healthz")
def healthz():
    return "ok"


app.register_blueprint(docs, url_prefix=API_PREFIX + "/documents")

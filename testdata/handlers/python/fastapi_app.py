from typing import Annotated, List, Optional

from fastapi import APIRouter, Depends, FastAPI, HTTPException, status
from pydantic import BaseModel
from sqlalchemy.orm import Session

from .auth import get_current_user, require_scope
from .authz import Authz, spicedb
from .db import get_db
from .models import User


class DocumentCreate(BaseModel):
    title: str
    folder_id: str


class Document(BaseModel):
    id: str
    title: str


app = FastAPI(dependencies=[Depends(get_current_user)])
router = APIRouter(prefix="/documents", tags=["documents"])


@router.get("/", response_model=List[Document])
async def list_documents(db: Session = Depends(get_db), user: User = Depends(get_current_user)):
    ids = await spicedb.lookup_resources("document", "view", user.id)
    return db.query(DocumentRow).filter(DocumentRow.id.in_(ids)).all()


@router.post("/", response_model=Document, status_code=status.HTTP_201_CREATED)
async def create_document(
    body: DocumentCreate,
    user: Annotated[User, Depends(get_current_user)],
    db: Session = Depends(get_db),
) -> Document:
    doc = DocumentRow(**body.dict(), owner_id=user.id)
    await spicedb.write_relationship("document", doc.id, "owner", user.id)
    return doc


@router.get("/{document_id}", dependencies=[Depends(require_scope("documents:read"))])
async def read_document(document_id: str, authz: Authz = Depends()) -> Optional[Document]:
    await authz.check("document", document_id, "view")
    return get_row(document_id)


@router.api_route("/{document_id}", methods=["PUT", "PATCH"])
def update_document(document_id: str, body: DocumentCreate):
    return update_row(document_id, body)


@router.delete("/{document_id}", status_code=204)
def delete_document(document_id: str):
    delete_row(document_id)


@app.get("/health")
def health():
    return {"ok": True}


app.include_router(router, prefix="/api/v1")

import express, { NextFunction, Request, Response, Router } from 'express';
import { requireAuth, requireRole } from '../middleware/auth';
import { spicedb } from '../authz/client';
import * as folders from './folders.controller';

interface DocumentCreate {
  title: string;
  folderId: string;
}

type DocumentId = string;

const API_PREFIX = '/api/v1';

const app = express();
const documents = Router();
const admin = express.Router();

app.use(express.json());
app.use(requireAuth);

// Handlers declared in this file are referenced by name.
async function listDocuments(req: Request, res: Response): Promise<void> {
  const ids = await spicedb.lookupResources('document', 'view', req.user.id);
  res.json(ids);
}

export const createDocument = async (req: Request<{}, {}, DocumentCreate>, res: Response) => {
  const doc = await db.documents.insert(req.body);
  await spicedb.writeRelationship('document', doc.id, 'owner', req.user.id);
  res.status(201).json(doc);
};

documents.get('/', listDocuments);
documents.post('/', requireRole('editor'), createDocument);

documents.get('/:id', async (req: Request, res: Response, next: NextFunction) => {
  const allowed = await spicedb.check('document', req.params.id as DocumentId, 'view', req.user.id);
  if (!allowed) return res.sendStatus(403);
  res.json(await db.documents.get(req.params.id));
});

documents
  .route('/:id/share')
  .put(requireRole('owner'), folders.share)
  .delete(folders.unshare);

documents.delete('/:id', [requireRole('owner'), audit], function deleteDocument(req: Request, res: Response) {
  res.sendStatus(204);
});

admin.use(requireRole('admin'));
admin.get('/audit-logs', folders.auditLog);

app.use(`${API_PREFIX}/documents`, documents);
app.use('/admin', admin);

app.get('/healthz', (_req, res) => res.send('ok'));

// Outgoing calls are not routes.
axios.get('/api/v1/documents', { params: { limit: 10 } });

export class FolderRoutes {
  private router = Router();

  constructor(private readonly service: FolderService) {
    this.router.get('/folders/:id', this.show);
  }

  show = async (req: Request, res: Response): Promise<Folder> => {
    return this.service.find(req.params.id);
  };
}

export default app;

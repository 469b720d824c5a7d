import Fastify, { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkPermission } from './authz';

interface DocumentParams {
  id: string;
}

const server = Fastify({ logger: true });

server.addHook('onRequest', server.authenticate);

async function getDocument(request: FastifyRequest<{ Params: DocumentParams }>, reply: FastifyReply): Promise<DocumentResponse> {
  await checkPermission(request.user, 'document', request.params.id, 'view');
  return reply.send(await repo.find(request.params.id));
}

async function documentRoutes(fastify: FastifyInstance) {
  fastify.get('/', { preHandler: [fastify.verifyScope('documents:read')] }, async (request, reply) => {
    return repo.list();
  });

  fastify.get('/:id', getDocument);

  fastify.post('/', {
    preValidation: validateBody,
    handler: async (request: FastifyRequest<{ Body: DocumentCreate }>, reply) => {
      return reply.code(201).send(await repo.create(request.body));
    },
  });

  fastify.route({
    method: ['PUT', 'PATCH'],
    url: '/:id',
    preHandler: requireOwner,
    handler: updateDocument,
  });

  fastify.route({
    method: 'DELETE',
    url: '/:id',
    async handler(request, reply) {
      await repo.remove(request.params.id);
      return reply.code(204).send();
    },
  });
}

const updateDocument = async (request: FastifyRequest, reply: FastifyReply) => {
  return reply.send(await repo.update(request.params.id, request.body));
};

server.register(documentRoutes, { prefix: '/documents' });

server.get('/health', async () => ({ status: 'ok' }));

server.listen({ port: 3000 });

'use strict';

const express = require('express');
const { authenticate, authorize } = require('./middleware');
const docs = require('./controllers/documents');

const router = express.Router();

router.use(authenticate);

const comments = {
  async list(req, res) {
    res.json(await Comment.findAll({ where: { documentId: req.params.id } }));
  },
  create: async (req, res) => {
    const comment = await Comment.create(req.body);
    res.status(201).json(comment);
  },
};

function archiveDocument(req, res) {
  res.sendStatus(204);
}

exports.restoreDocument = function (req, res) {
  res.sendStatus(204);
};

router.get('/documents', docs.list);
router.post('/documents', authorize('document:create'), docs.create);
router.get('/documents/:id', authorize('document:view'), docs.show);
router.patch('/documents/:id', authorize('document:edit'), asyncHandler(docs.update));
router.post('/documents/:id/archive', archiveDocument);
router.post('/documents/:id/restore', exports.restoreDocument);
router.all('/documents/:id/raw', docs.raw);

router.get('/documents/:id/comments', comments.list);
router.post('/documents/:id/comments', comments.create);

router.delete('/documents/:id', authorize('document:delete'), (req, res) => {
  res.sendStatus(204);
});

module.exports = router;

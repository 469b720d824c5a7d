package service

import (
	"context"
	"errors"
	"sync"
)

// MemStore is a Store in memory.
type MemStore struct {
	mu   sync.Mutex
	docs map[string]*Document
}

// NewMemStore makes an empty store.
func NewMemStore() *MemStore { return &MemStore{docs: map[string]*Document{}} }

func (m *MemStore) Get(ctx context.Context, id string) (*Document, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if d, ok := m.docs[id]; ok {
		return d, nil
	}
	return nil, errors.New("not found")
}

func (m *MemStore) Put(ctx context.Context, doc *Document) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.docs[doc.ID] = doc
	return nil
}

func (m *MemStore) Delete(ctx context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.docs, id)
	return nil
}

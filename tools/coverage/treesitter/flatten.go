package treesitter

/*
#include <stdbool.h>
#include <stdint.h>

// The tree-sitter runtime's ABI as go-tree-sitter v0.25 compiles it
// (include/tree_sitter/api.h); go-tree-sitter ships no header to include.
typedef struct { uint32_t context[4]; const void *id; const void *tree; } TSNode;
typedef struct { const void *tree; const void *id; uint32_t context[3]; } TSTreeCursor;

extern TSTreeCursor ts_tree_cursor_new(TSNode);
extern void ts_tree_cursor_delete(TSTreeCursor *);
extern bool ts_tree_cursor_goto_first_child(TSTreeCursor *);
extern bool ts_tree_cursor_goto_next_sibling(TSTreeCursor *);
extern bool ts_tree_cursor_goto_parent(TSTreeCursor *);
extern TSNode ts_tree_cursor_current_node(const TSTreeCursor *);
extern uint16_t ts_tree_cursor_current_field_id(const TSTreeCursor *);
extern uint16_t ts_node_symbol(TSNode);
extern uint32_t ts_node_start_byte(TSNode);
extern uint32_t ts_node_end_byte(TSNode);
extern bool ts_node_is_missing(TSNode);
extern uint32_t ts_node_descendant_count(TSNode);

typedef struct {
	uint32_t start, end;
	int32_t parent;
	uint16_t symbol, field;
	uint8_t missing;
} record;

static uint32_t descendants(const TSNode *root) { return ts_node_descendant_count(*root); }

// flatten writes the tree's nodes in pre-order, each with its parent's
// index, and returns how many it wrote.
static uint32_t flatten(const TSNode *root, record *out, uint32_t cap) {
	TSTreeCursor c = ts_tree_cursor_new(*root);
	uint32_t n = 0;
	int32_t parent = -1;
	while (n < cap) {
		TSNode node = ts_tree_cursor_current_node(&c);
		out[n] = (record){
			.start = ts_node_start_byte(node),
			.end = ts_node_end_byte(node),
			.parent = parent,
			.symbol = ts_node_symbol(node),
			.field = ts_tree_cursor_current_field_id(&c),
			.missing = ts_node_is_missing(node),
		};
		int32_t cur = (int32_t)n++;
		if (ts_tree_cursor_goto_first_child(&c)) {
			parent = cur;
			continue;
		}
		while (!ts_tree_cursor_goto_next_sibling(&c)) {
			if (!ts_tree_cursor_goto_parent(&c)) {
				ts_tree_cursor_delete(&c);
				return n;
			}
			cur = out[cur].parent;
		}
		parent = out[cur].parent;
	}
	ts_tree_cursor_delete(&c);
	return n;
}
*/
import "C"

import (
	"unsafe"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

// record is one node as the C walk reports it.
type record = C.record

// flatten copies a tree's nodes out in one cgo call: walking it node by
// node through go-tree-sitter costs about ten cgo calls a node, more than
// parsing. sitter.Node is documented as C-compatible: it is a TSNode.
func flatten(root *sitter.Node) []record {
	croot := (*C.TSNode)(unsafe.Pointer(root))
	records := make([]record, C.descendants(croot))
	if len(records) == 0 {
		return nil
	}
	n := C.flatten(croot, &records[0], C.uint32_t(len(records)))
	return records[:n]
}

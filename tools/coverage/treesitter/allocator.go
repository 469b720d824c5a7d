package treesitter

/*
#include <stdlib.h>

// Declared by the tree-sitter runtime that go-tree-sitter compiles in.
extern void ts_set_allocator(void *(*)(size_t), void *(*)(size_t, size_t), void *(*)(void *, size_t), void (*)(void *));

static void use_libc_allocator(void) { ts_set_allocator(malloc, calloc, realloc, free); }
*/
import "C"

// go-tree-sitter routes every allocation of the C runtime through a Go
// callback whose default just calls the C allocator again; each trip
// through cgo made parsing and freeing trees about a third slower. Going
// straight to the C allocator keeps the same memory, so pointers stay
// compatible with go-tree-sitter's own frees.
func init() {
	C.use_libc_allocator()
}

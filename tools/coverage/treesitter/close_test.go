package treesitter

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCloseBrackets(t *testing.T) {
	tests := []struct{ src, want string }{
		{"f(a, [1, {b: 2}])", "f(a, [1, {b: 2}])"},
		{"app.post('/x', async (req, res) => {\n  const d = await create(\n", "app.post('/x', async (req, res) => {\n  const d = await create(\n\n)})"},
		{"f('(', \"[\", `{`, /* ( */ g(", "f('(', \"[\", `{`, /* ( */ g(\n))"},
		{"// {\nx = [", "// {\nx = [\n]"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, string(CloseBrackets([]byte(tt.src))))
	}
}

package clientsetup

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestUnifiedDiff(t *testing.T) {
	var before, after []string
	for i := 1; i <= 12; i++ {
		before = append(before, string(rune('a'+i-1)))
	}
	after = append(after, before[:2]...)
	after = append(after, "B")
	after = append(after, before[3:11]...)
	after = append(after, "new")
	after = append(after, before[11])
	got := unifiedDiff("f.txt", []byte(strings.Join(before, "\n")+"\n"), []byte(strings.Join(after, "\n")+"\n"), true)
	want := `--- a/f.txt
+++ b/f.txt
@@ -1,6 +1,6 @@
 a
 b
-c
+B
 d
 e
 f
@@ -9,4 +9,5 @@
 i
 j
 k
+new
 l
`
	assert.Equal(t, want, got)
}

func TestUnifiedDiffNewFileAndNoNewline(t *testing.T) {
	assert.Equal(t, "--- /dev/null\n+++ b/f\n@@ -0,0 +1,2 @@\n+x\n+y\n", unifiedDiff("f", nil, []byte("x\ny\n"), false))
	assert.Equal(t, "--- a/f\n+++ b/f\n@@ -1 +1,2 @@\n-x\n\\ No newline at end of file\n+x\n+y\n", unifiedDiff("f", []byte("x"), []byte("x\ny\n"), true))
}

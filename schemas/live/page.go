package live

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
)

// Page sizes for lookups and reads: small by default, since every row
// costs the model tokens; MaxLimit bounds one page.
const (
	DefaultLimit = 50
	MaxLimit     = 1000
)

// pageLimit applies the default and checks the bounds.
func pageLimit(limit int) (int, error) {
	switch {
	case limit == 0:
		return DefaultLimit, nil
	case limit < 0 || limit > MaxLimit:
		return 0, badArgument(fmt.Sprintf("limit %d is out of range", limit), fmt.Sprintf("pass a limit from 1 to %d (default %d), and page on with `cursor`", MaxLimit, DefaultLimit))
	}
	return limit, nil
}

// subjectCursor continues a lookup_subjects listing: SpiceDB streams
// LookupSubjects without a cursor of its own, so pages are cut from the
// sorted result at one pinned snapshot.
type subjectCursor struct {
	Snapshot string `json:"at"`
	After    string `json:"after"`
}

func (c subjectCursor) encode() string {
	data, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(data)
}

func decodeSubjectCursor(s string) (subjectCursor, error) {
	var c subjectCursor
	data, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		err = json.Unmarshal(data, &c)
	}
	if err != nil || c.Snapshot == "" {
		return c, badArgument("cursor is not one this tool returned", "pass the `cursor` from the previous page unchanged, or omit it to start over")
	}
	return c, nil
}

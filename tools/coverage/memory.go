package coverage

// MemoryLimit is the soft heap limit, in bytes, that the binary sets for
// a process that may scan (unless GOMEMLIMIT is set). Without it the
// collector lets the heap grow to twice the live data, and a scan of a
// million lines peaks above 1 GB of RSS; with it the collector works
// harder near the limit instead, and the same scan peaks near 800 MB.
// A live heap above the limit only costs more collection, never a
// failure: the runtime caps the collector's share of the CPU.
const MemoryLimit = 768 << 20

// GCPercent is the collector's pace that the binary sets with the limit
// (unless GOGC is set). A scan's live data only grows while it runs, so
// the default pace collects again each time the heap doubles and marks
// the same summaries many times over; at 400 the collector runs a fifth
// as often until the heap nears MemoryLimit, where the limit paces it.
// On a 50k-line module this cuts a hook's CPU by about 30%; on a
// million lines, the full scan's by about 10%.
const GCPercent = 400

package coverage

// MemoryLimit is the soft heap limit, in bytes, that the binary sets for
// a process that may scan (unless GOMEMLIMIT is set). Without it the
// collector lets the heap grow to twice the live data, and a scan of a
// million lines peaks above 1 GB of RSS; with it the collector works
// harder near the limit instead, and the same scan peaks near 800 MB.
// A live heap above the limit only costs more collection, never a
// failure: the runtime caps the collector's share of the CPU.
const MemoryLimit = 768 << 20

// ServerGCPercent is the collector's pace that the MCP server sets with
// the limit (unless GOGC is set). A scan's live data only grows while it
// runs, so the default pace collects again each time the heap doubles
// and marks the same summaries many times over; at 400 the collector
// runs a fifth as often until the heap nears MemoryLimit, where the
// limit paces it. A server lives on between scans, so its heap must
// still shrink back after one.
const ServerGCPercent = 400

// OneShotGCPercent is the pace of a command or a hook, which scans once
// and exits: off (-1), so only nearing MemoryLimit starts a cycle. A
// hook on a 50k-line module then collects nothing at all, and a
// million-line scan collects two or three times instead of six, which
// takes about 12% off its CPU time; its peak memory is the same, as the
// limit sets it either way.
const OneShotGCPercent = -1

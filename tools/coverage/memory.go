package coverage

// MemoryLimit is the soft heap limit, in bytes, that the binary sets for
// a process that may scan (unless GOMEMLIMIT is set). Without it the
// collector lets the heap grow to twice the live data, and a scan of a
// million lines peaks above 1 GB of RSS; with it the collector works
// harder near the limit instead, and the same scan peaks near 820 MB.
// A live heap above the limit only costs more collection, never a
// failure: the runtime caps the collector's share of the CPU.
const MemoryLimit = 768 << 20

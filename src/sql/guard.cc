// Implemented by the guard work; see guard.h.

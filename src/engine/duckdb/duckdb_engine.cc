// Implementation pending; see duckdb_engine.h.

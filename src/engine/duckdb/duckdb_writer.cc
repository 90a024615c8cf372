// Implementation pending; see duckdb_writer.h.

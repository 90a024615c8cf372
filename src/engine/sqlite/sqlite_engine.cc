// Implementation pending; see sqlite_engine.h.

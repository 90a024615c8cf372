// Implementation pending; see importer.h.

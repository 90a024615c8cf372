// Implementation pending; see demo_data.h.

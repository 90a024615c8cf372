// Implementation pending; see result_json.h.

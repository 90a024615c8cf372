// Words of database identifiers: "SongReleaseYear", "order_items",
// "CUSTOMER_ID", "customerid", "address_line1" → lower-case words. Shared by
// display names, synonyms and the role rules of the bootstrap. Internal to
// semantic/. Thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace scry::semantic {

struct IdentifierWord {
  std::string lower;    // "id"
  std::string written;  // as in the identifier: "ID"
  // Written in capitals inside an identifier that also has lower case
  // ("customerID", "HTTPServer"), so it is an acronym to keep as written.
  bool acronym = false;
};

// Splits at separators, camelCase humps, and letter/digit changes ("line1" →
// "line", "1"; but "Q1" and "2nd" stay whole). A single-case run such as
// "customerid" or "ORDERDATE" is split before a common ending ("id", "date",
// "name", ...) when what precedes it is a word of the lexicon.
std::vector<IdentifierWord> SplitIdentifierWords(std::string_view identifier);

// The lower-case words of SplitIdentifierWords.
std::vector<std::string> IdentifierWords(std::string_view identifier);

// The words joined by `separator`: "OrderDate" → "order date" / "order_date".
std::string JoinWords(const std::vector<std::string>& words, std::string_view separator = " ");

// Lower-case letters and digits only: "Customer_ID" → "customerid".
std::string Squeeze(std::string_view identifier);

std::string ToLower(std::string_view text);

}  // namespace scry::semantic

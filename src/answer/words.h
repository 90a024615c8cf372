// Small text helpers the answer's sentences and questions share: case,
// spoken names, plurals. Internal to answer/. Pure functions.
#pragma once

#include <string>

namespace scry::answer {

std::string Lower(std::string text);
// First letter upper case: "order date" → "Order date".
std::string Capitalized(std::string text);
// "order_date" → "Order date": a name as a title.
std::string Humanize(std::string text);
// What people call a column, table or metric in a question: its display name
// (lower case), or its name with underscores as spaces.
std::string Spoken(const std::string& display_name, const std::string& name);
// "Revenue" → "revenue" mid-sentence; "GDP" stays.
std::string MidSentence(const std::string& title);
// "country" → "countries", "status" → "statuses", "region" → "regions".
std::string Plural(const std::string& word);

}  // namespace scry::answer

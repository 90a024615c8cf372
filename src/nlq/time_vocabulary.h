// The words of the time-expression pass: month names, units of time, grain
// adverbs, the small words around numbers that tell a year from a quantity,
// and helpers to read tokens by index without running off the end. General
// English only; nothing here knows about a dataset. Thread-safe.
#pragma once

#include <initializer_list>
#include <optional>
#include <string_view>

#include "nlq/time_calendar.h"
#include "nlq/token.h"

namespace scry::nlq {

// ---- reading tokens -------------------------------------------------------

// The lower-case word at `i`, or "" when `i` is past the end or not a word.
std::string_view WordAt(const Tokens& tokens, size_t i);
bool WordIs(const Tokens& tokens, size_t i, std::string_view word);
bool WordIn(const Tokens& tokens, size_t i, std::initializer_list<std::string_view> words);
bool PunctIs(const Tokens& tokens, size_t i, std::string_view punct);
// Matches `words` in order from `i`, allowing a hyphen between them
// ("year-to-date"); returns the index after the last one.
std::optional<size_t> MatchWords(const Tokens& tokens, size_t i,
                                 std::initializer_list<std::string_view> words);
// `i`, or the index after it when it is a hyphen ("year-to-date").
size_t SkipHyphen(const Tokens& tokens, size_t i);
// Whether the token at `i` begins a new sentence (first token, or after . ? !).
bool StartsSentence(const Tokens& tokens, size_t i);

// ---- numbers ----------------------------------------------------------------

// A whole number written in plain digits with no unit, separator or suffix
// ("2024", "05"); the number of digits typed, or 0 when it is not one.
size_t PlainDigitCount(const Tokens& tokens, size_t i);
// A count of units in "the last 3 months", "two years ago", "a year ago":
// 1..1000; "a", "an" and "one" are 1.
std::optional<int> CountAt(const Tokens& tokens, size_t i);
// A day of the month: "5", "05", "5th", "fifth".
std::optional<int> DayNumberAt(const Tokens& tokens, size_t i);
// An ordinal 1..4 written as a word or with a suffix ("third", "3rd").
std::optional<int> OrdinalAt(const Tokens& tokens, size_t i);

// ---- vocabulary -------------------------------------------------------------

// "january", "jan", "sept", … → 1..12.
std::optional<int> MonthOfWord(std::string_view word);
// Month words that are also ordinary English ("may", "march", "august") or
// names ("jan"), so they count as a month only with something time-like next
// to them.
bool MonthWordNeedsContext(std::string_view word);
// "day", "days", "wk", "quarters", "yrs", … → the unit.
std::optional<TimeUnit> UnitOfWord(std::string_view word);
bool IsPluralUnitWord(std::string_view word);
// "daily", "monthly", "annually", … → the unit.
std::optional<TimeUnit> GrainAdverbOfWord(std::string_view word);
std::string_view GrainAdverb(TimeUnit unit);  // "daily", "weekly", …

// Words that make the number after them a quantity: "more than 2000",
// "over 2000", "top 2000", "id 2024".
bool IsQuantityWord(std::string_view word);
// Words that introduce a month or a year ("in", "since", "during", …).
bool IsTimePreposition(std::string_view word);
// Small words that can follow a number without being what it counts
// ("2024 and 2025", "2024 by month", "2024 in Europe").
bool IsFunctionWord(std::string_view word);
// Whether the token at `i` is a word that a number right before it would
// count: "2000 employees", not "2024 by month" or "2024 revenue growth".
bool IsCountedNounAt(const Tokens& tokens, size_t i);

}  // namespace scry::nlq

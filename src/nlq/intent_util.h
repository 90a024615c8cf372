// Helpers shared by the steps of the intent pass. Internal to nlq.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "nlq/reading.h"

namespace scry::nlq {

// Words that carry no meaning between two elements ("the", "of", "is").
bool IsFiller(const Token& token);

// The element before / after element `e`, with at most `max_filler` filler
// tokens between them; -1 when there is none or something else intervenes.
int PrevElement(const Reading& r, int e, int max_filler = 3);
int NextElement(const Reading& r, int e, int max_filler = 3);

bool IsCue(const Reading& r, int e, Cue::Kind kind);
const Cue& CueOf(const Reading& r, int e);
// The resolution of a mention element; nullptr for other elements.
const Resolved* ResolvedOf(const Reading& r, int e);
bool IsColumn(const Reading& r, int e);
bool IsTable(const Reading& r, int e);
bool IsValue(const Reading& r, int e);
bool IsMetric(const Reading& r, int e);

// The table a mention names as an entity, even when its best reading is a
// column: "makers" is the car makers table where a count, a group or "at
// least one" needs a thing to count, though it also names the column Maker.
// -1 when the mention names no table wholly.
int EntityTable(const Reading& r, int e);

semantic::ColumnRef RefOf(const Reading& r, int table, int column);
const semantic::ColumnModel& ColumnModelOf(const Reading& r, int table, int column);
const semantic::TableModel& TableModelOf(const Reading& r, int table);
int TableIndex(const Reading& r, const std::string& name);

// A number, quoted string or value element as a literal for `column`
// (integers stay integers; a number compared with a text column becomes text).
std::optional<semantic::Literal> LiteralOf(const Reading& r, int e,
                                           const semantic::ColumnModel* column);

// Whether a negation cue ends right before element `e` (within two tokens).
bool NegatedBefore(const Reading& r, int e);
// The negation cue right before element e, or -1.
int NegationBefore(const Reading& r, int e);

// The column of `table` (or, when -1, of any table in `near`) best named by
// the quantity stems (e.g. {"age"}); nullopt when none is.
std::optional<std::pair<int, int>> QuantityColumn(const Reading& r,
                                                  const std::vector<std::string>& quantity,
                                                  const std::vector<int>& near);

// The tables named before token `position`, nearest first, then the other
// focus tables: where an implied quantity ("older than 20") most likely lives.
std::vector<int> TablesNear(const Reading& r, size_t position);

// Tables the question is evidently about: tables named outright, and the
// tables of values and unambiguous columns, in order of first mention.
std::vector<int> FocusTables(const Reading& r);

// The name column of a table (its name_column, or the first kName column), -1 if none.
int NameColumn(const Reading& r, int table);
// The first primary key column of a table, -1 if none.
int KeyColumn(const Reading& r, int table);

void MarkUsed(Reading* r, int e);

// The hop by which `from_table` reaches `to_table` over the model's joins:
// the table next to `to_table` on the shortest path, its column that refers
// to `to_table`, and the key referred to. nullopt when no such path ends in
// a reference to `to_table` ("has_pet.stuid → student.stuid" for pets → student).
struct ReferenceHop {
  int table = -1;
  int column = -1;
  int key = -1;  // column of `to_table`
};
std::optional<ReferenceHop> ReferenceInto(const Reading& r, int from_table, int to_table);

// restricted.key NOT IN (SELECT hop.column FROM hop.table WHERE condition);
// clear `negated` on the result for IN.
semantic::Filter NotInRelated(const Reading& r, int restricted, const ReferenceHop& hop,
                              semantic::Filter condition);

}  // namespace scry::nlq

// The shape of a gold SQL query, read with a small lexer (no engine): whether
// its result is ordered (an ORDER BY at the top level, not one inside a
// subquery or a window), and how hard it is by Spider's hardness levels.
//
// Hardness follows the published Spider criteria, counted on the outermost
// SELECT (the first arm of a set operation):
//   component 1: WHERE, GROUP BY, ORDER BY, LIMIT (one each when present),
//                one per joined table beyond the first, one per OR and per
//                LIKE in WHERE, HAVING and join conditions;
//   component 2: one for a set operation (UNION, INTERSECT, EXCEPT) and one
//                per subquery nested in the SELECT;
//   others:      one each for more than one aggregate, more than one selected
//                column, more than one WHERE condition, more than one GROUP BY
//                column.
//   easy    c1 <= 1, others == 0, c2 == 0
//   medium  (others <= 2, c1 <= 1, c2 == 0) or (c1 <= 2, others < 2, c2 == 0)
//   hard    (others > 2, c1 <= 2, c2 == 0) or (2 < c1 <= 3, others <= 2, c2 == 0)
//           or (c1 <= 1, others == 0, c2 <= 1)
//   extra   everything else.
//
// Plain functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace scry::eval {

struct SqlToken {
  enum class Kind { kWord, kNumber, kString, kQuotedName, kSymbol };
  Kind kind = Kind::kWord;
  // Words lower-cased; strings and quoted names without their quotes.
  std::string text;

  bool Is(std::string_view word) const { return kind == Kind::kWord && text == word; }
  bool IsSymbol(std::string_view symbol) const { return kind == Kind::kSymbol && text == symbol; }
};

// Splits SQL into tokens, skipping whitespace and comments. Unterminated
// strings and quoted names run to the end of the text.
std::vector<SqlToken> TokenizeSql(std::string_view sql);

// True when the statement has an ORDER BY that orders its whole result: one
// outside every parenthesis (so not in a subquery, a derived table or an OVER
// clause). Words inside strings and comments do not count.
bool HasTopLevelOrderBy(std::string_view sql);

enum class Hardness { kEasy, kMedium, kHard, kExtra };
inline constexpr Hardness kAllHardness[] = {Hardness::kEasy, Hardness::kMedium, Hardness::kHard,
                                            Hardness::kExtra};
std::string_view HardnessName(Hardness hardness);  // "easy", "medium", "hard", "extra"

struct SqlComponents {
  int component1 = 0;
  int component2 = 0;
  int others = 0;
};

SqlComponents CountComponents(std::string_view sql);
Hardness HardnessOf(const SqlComponents& components);
Hardness ClassifyHardness(std::string_view sql);

}  // namespace scry::eval

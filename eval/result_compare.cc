#include "eval/result_compare.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>
#include <vector>

namespace scry::eval {
namespace {

using engine::Column;
using engine::ResultSet;

// One value reduced to what scoring looks at.
struct Cell {
  enum class Kind : uint8_t { kNull, kNumber, kText };
  Kind kind = Kind::kNull;
  double number = 0;  // kNumber, or kText when numeric_text
  // Text that reads entirely as a finite number. It still compares exactly with
  // other text, but numerically with a number: an engine may type a column
  // that mixes numbers and text as text, and "5" there is the number 5.
  bool numeric_text = false;
  std::string text;

  bool IsNumber() const { return kind == Kind::kNumber || numeric_text; }
};
using Row = std::vector<Cell>;

bool ParseFiniteNumber(std::string_view text, double* out) {
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  const auto result = std::from_chars(text.data(), end, *out);
  return result.ec == std::errc() && result.ptr == end && std::isfinite(*out);
}

Cell CellAt(const Column& column, size_t row) {
  Cell cell;
  if (column.IsNull(row)) return cell;
  switch (column.type().id) {
    case TypeId::kBoolean:
    case TypeId::kInteger:
      cell.kind = Cell::Kind::kNumber;
      cell.number = static_cast<double>(column.Int64At(row));
      return cell;
    case TypeId::kHugeInteger:
      cell.kind = Cell::Kind::kNumber;
      cell.number = static_cast<double>(column.Int128At(row));
      return cell;
    case TypeId::kDecimal:
    case TypeId::kDouble:
      cell.kind = Cell::Kind::kNumber;
      cell.number = column.NumberAt(row);
      return cell;
    default:
      break;
  }
  cell.kind = Cell::Kind::kText;
  cell.text =
      column.type().id == TypeId::kText ? column.TextAt(row) : engine::FormatValue(column, row);
  cell.numeric_text = ParseFiniteNumber(cell.text, &cell.number);
  return cell;
}

std::vector<Row> RowsOf(const ResultSet& result) {
  std::vector<Row> rows(result.row_count(), Row(result.column_count()));
  for (size_t c = 0; c < result.column_count(); ++c) {
    const Column& column = result.column(c);
    for (size_t r = 0; r < rows.size(); ++r) rows[r][c] = CellAt(column, r);
  }
  return rows;
}

bool NumbersClose(double a, double b, double tolerance) {
  if (a == b) return true;
  // A tiny absolute floor keeps float noise around zero (1e-17 vs 0) equal.
  constexpr double kAbsoluteFloor = 1e-12;
  const double diff = std::fabs(a - b);
  return diff <= kAbsoluteFloor || diff <= tolerance * std::max(std::fabs(a), std::fabs(b));
}

bool CellsEqual(const Cell& a, const Cell& b, double tolerance) {
  if (a.kind == Cell::Kind::kNull || b.kind == Cell::Kind::kNull) return a.kind == b.kind;
  if (a.kind == Cell::Kind::kText && b.kind == Cell::Kind::kText) return a.text == b.text;
  if (!a.IsNumber() || !b.IsNumber()) return false;
  return NumbersClose(a.number, b.number, tolerance);
}

bool RowsEqual(const Row& a, const Row& b, double tolerance) {
  for (size_t c = 0; c < a.size(); ++c) {
    if (!CellsEqual(a[c], b[c], tolerance)) return false;
  }
  return true;
}

// A strict weak order that puts equal rows next to each other (nulls, then
// numbers by value, then text), so two equal multisets sort alike unless
// values within the tolerance of each other interleave.
int Rank(const Cell& cell) {
  if (cell.kind == Cell::Kind::kNull) return 0;
  return cell.IsNumber() ? 1 : 2;
}

bool CellLess(const Cell& a, const Cell& b) {
  if (Rank(a) != Rank(b)) return Rank(a) < Rank(b);
  if (Rank(a) == 1) return a.number < b.number;
  return a.text < b.text;
}

bool RowLess(const Row& a, const Row& b) {
  for (size_t c = 0; c < a.size(); ++c) {
    if (CellLess(a[c], b[c])) return true;
    if (CellLess(b[c], a[c])) return false;
  }
  return false;
}

std::string FormatCells(const Row& row, size_t max_chars) {
  std::string out = "(";
  for (size_t c = 0; c < row.size(); ++c) {
    if (c > 0) out += ", ";
    const Cell& cell = row[c];
    if (cell.kind == Cell::Kind::kNull) {
      out += "NULL";
    } else if (cell.kind == Cell::Kind::kNumber) {
      out += engine::FormatDouble(cell.number);
    } else {
      out += cell.text;
    }
  }
  out += ")";
  if (out.size() > max_chars) out = out.substr(0, max_chars) + "...";
  return out;
}

Comparison Different(std::string difference) { return Comparison{false, std::move(difference)}; }

Comparison CompareOrdered(const std::vector<Row>& gold, const std::vector<Row>& predicted,
                          double tolerance) {
  for (size_t r = 0; r < gold.size(); ++r) {
    if (RowsEqual(gold[r], predicted[r], tolerance)) continue;
    return Different(fmt::format("row {}: gold {} vs predicted {}", r + 1,
                                 FormatCells(gold[r], 160), FormatCells(predicted[r], 160)));
  }
  return Comparison{true, ""};
}

// Matches every gold row with a distinct equal predicted row, trying the
// candidates in order. Quadratic, so only for results of modest size.
Comparison MatchGreedily(const std::vector<Row>& gold, const std::vector<Row>& predicted,
                         double tolerance) {
  std::vector<bool> used(predicted.size(), false);
  for (const Row& row : gold) {
    bool found = false;
    for (size_t p = 0; p < predicted.size() && !found; ++p) {
      if (used[p] || !RowsEqual(row, predicted[p], tolerance)) continue;
      used[p] = true;
      found = true;
    }
    if (!found) return Different(fmt::format("gold row {} is missing", FormatCells(row, 160)));
  }
  return Comparison{true, ""};
}

Comparison CompareUnordered(std::vector<Row> gold, std::vector<Row> predicted, double tolerance) {
  std::sort(gold.begin(), gold.end(), RowLess);
  std::sort(predicted.begin(), predicted.end(), RowLess);
  Comparison sorted = CompareOrdered(gold, predicted, tolerance);
  if (sorted.equal) return sorted;
  // Sorting can separate rows that are equal only within the tolerance, or text
  // that reads as the same number; a direct matching settles those.
  constexpr size_t kMaxMatchedRows = 3000;
  if (gold.size() <= kMaxMatchedRows) return MatchGreedily(gold, predicted, tolerance);
  return Different("rows differ (sorted) " + sorted.difference);
}

std::string CountDifference(const std::vector<Row>& gold, const std::vector<Row>& predicted) {
  std::string text = fmt::format("gold {} rows, predicted {}", gold.size(), predicted.size());
  if (!gold.empty()) text += "; first gold row " + FormatCells(gold.front(), 120);
  if (!predicted.empty()) text += "; first predicted row " + FormatCells(predicted.front(), 120);
  return text;
}

}  // namespace

Comparison CompareResults(const ResultSet& gold, const ResultSet& predicted,
                          const CompareOptions& options) {
  // With no rows there are no values to compare: two empty results agree
  // whatever their columns.
  if (gold.row_count() == 0 && predicted.row_count() == 0) return Comparison{true, ""};
  if (gold.column_count() != predicted.column_count()) {
    return Different(fmt::format("gold has {} columns, predicted {}", gold.column_count(),
                                 predicted.column_count()));
  }
  std::vector<Row> gold_rows = RowsOf(gold);
  std::vector<Row> predicted_rows = RowsOf(predicted);
  if (gold_rows.size() != predicted_rows.size()) {
    return Different(CountDifference(gold_rows, predicted_rows));
  }
  if (options.ordered) return CompareOrdered(gold_rows, predicted_rows, options.relative_tolerance);
  return CompareUnordered(std::move(gold_rows), std::move(predicted_rows),
                          options.relative_tolerance);
}

std::string FormatRow(const ResultSet& result, size_t row, size_t max_chars) {
  Row cells;
  for (size_t c = 0; c < result.column_count(); ++c) cells.push_back(CellAt(result.column(c), row));
  return FormatCells(cells, max_chars);
}

}  // namespace scry::eval

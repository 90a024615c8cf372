// How numbers read in charts and sentences, from the model's value formats.
//
// Charts get d3-format strings (Vega-Lite's `format`): thousands separators
// for counts and amounts, percent for fractions. Sentences get the value as
// the table shows it (engine::FormatValue: exact digits, the column's
// decimals) with thousands separators added, so a number in a summary can be
// found in the table.
//
// Thread-safe: pure functions.
#pragma once

#include <string>

#include "answer/result_shape.h"
#include "engine/result_set.h"

namespace scry::answer {

// d3-format for a measure's axis, legend and tooltip ("," ",.2f" ".1%").
// `fraction_percent` says a percent measure holds fractions (0.25 for 25%).
std::string D3Format(semantic::ValueFormat format, bool fraction_percent);

// d3-format for a measure's axis or legend, whose labels are ticks of a
// scale rather than values of the result: trailing zeros dropped ("400,000",
// not "400,000.00"), and amounts and counts whose largest magnitude
// (`largest`) lies in [100,000, 1,000,000,000) abbreviated ("2.4M", "400k").
std::string AxisFormat(semantic::ValueFormat format, bool fraction_percent, double largest);

// True when every value of a percent column lies within [-1.5, 1.5]: held
// as fractions.
bool HoldsFractions(const engine::Column& column);

// One value of the result as a sentence shows it: "1,234,567.50", "2024-03".
std::string SpokenValue(const engine::Column& column, size_t row, const Field& field);

// A number computed from the result (a total, a difference), written with the
// decimals `like` has (and at most 2): "12,345.67".
std::string SpokenNumber(double value, const engine::Column& like);

// Thousands separators in the integer part of a number's text: "-1234.5" → "-1,234.5".
std::string GroupThousands(const std::string& digits);

}  // namespace scry::answer

// A readable dump of a Reading after the intent pass: tokens, the elements
// found (mentions with every candidate and score, cues, times) and whether
// each was used. For `scry ask --trace` and for debugging a misreading.
#pragma once

#include <string>

#include "nlq/reading.h"

namespace scry::nlq {

std::string TraceReading(const Reading& reading);

}  // namespace scry::nlq

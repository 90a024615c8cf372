// The steps of the intent pass (see intent.h), one function each, so that
// each can be traced and tested on its own. Internal to nlq.
#pragma once

#include "nlq/reading.h"

namespace scry::nlq {

void BuildElements(Reading* r);
void ResolveMentions(Reading* r);
void ApplyTimes(Reading* r);
void ApplyComparisons(Reading* r);
void ApplyTextMatches(Reading* r);
void ApplyValues(Reading* r);
void ApplyExistence(Reading* r);
void ApplyBareNumber(Reading* r);
void ApplyGroups(Reading* r);
void ApplyOrdering(Reading* r);
void ApplyAggregates(Reading* r);
void ApplyProjection(Reading* r);
void Assemble(Reading* r);
void ApplyCumulative(Reading* r);

}  // namespace scry::nlq

#include "engine/engine.h"

#include <algorithm>

namespace scry::engine {

StatusOr<ResultSet> Connection::Query(std::string_view sql, const ExecuteOptions& execute,
                                      const CollectOptions& collect) {
  ASSIGN_OR_RETURN(std::unique_ptr<ResultStream> stream, Execute(sql, execute));
  return Collect(*stream, collect);
}

}  // namespace scry::engine

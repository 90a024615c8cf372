# Third-party libraries: Debian packages, and DuckDB unpacked by scripts/setup.sh.

find_package(Threads REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(CLI11 REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(yaml-cpp REQUIRED)

find_path(RAPIDJSON_INCLUDE_DIR rapidjson/writer.h REQUIRED)
add_library(RapidJSON::rapidjson INTERFACE IMPORTED)
target_include_directories(RapidJSON::rapidjson SYSTEM INTERFACE ${RAPIDJSON_INCLUDE_DIR})

set(SCRY_DUCKDB_DIR "${CMAKE_SOURCE_DIR}/third_party/duckdb" CACHE PATH "DuckDB header and library")
if(NOT EXISTS "${SCRY_DUCKDB_DIR}/include/duckdb.h" OR NOT EXISTS "${SCRY_DUCKDB_DIR}/lib/libduckdb.so")
  message(FATAL_ERROR "DuckDB not found in ${SCRY_DUCKDB_DIR}: run scripts/setup.sh first")
endif()
# The library is copied next to the programs (bin/../lib) so $ORIGIN finds it.
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/lib)
configure_file(${SCRY_DUCKDB_DIR}/lib/libduckdb.so ${CMAKE_BINARY_DIR}/lib/libduckdb.so COPYONLY)
add_library(DuckDB::duckdb SHARED IMPORTED GLOBAL)
set_target_properties(DuckDB::duckdb PROPERTIES
  IMPORTED_LOCATION ${CMAKE_BINARY_DIR}/lib/libduckdb.so
  IMPORTED_NO_SONAME ON
  INTERFACE_INCLUDE_DIRECTORIES ${SCRY_DUCKDB_DIR}/include
  INTERFACE_COMPILE_DEFINITIONS DUCKDB_API_NO_DEPRECATED)
install(FILES ${SCRY_DUCKDB_DIR}/lib/libduckdb.so DESTINATION lib)

# The server, the stores and auth (issue 4).
find_package(Boost 1.74 REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(PostgreSQL REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
add_library(Sodium::sodium ALIAS PkgConfig::SODIUM)

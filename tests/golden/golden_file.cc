#include "golden/golden_file.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

namespace scry::golden {
namespace {

std::string Trim(const std::string& text) {
  const size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  const size_t end = text.find_last_not_of(" \t\r");
  return text.substr(begin, end - begin + 1);
}

bool StartsWith(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

// Reads the indented block after a `duckdb:` or `sqlite:` line.
std::string ReadBlock(const std::vector<std::string>& lines, size_t* i) {
  std::string block;
  while (*i + 1 < lines.size() && StartsWith(lines[*i + 1], "  ")) {
    ++*i;
    if (!block.empty()) block += '\n';
    block += lines[*i].substr(2);
  }
  return block;
}

Status ParseLine(const std::vector<std::string>& lines, size_t* i, Turn* turn,
                 const std::string& path) {
  const std::string& line = lines[*i];
  auto value = [&](const std::string& key) { return Trim(line.substr(key.size())); };
  if (StartsWith(line, "? ")) {
    turn->clarification = value("? ");
  } else if (StartsWith(line, "! ")) {
    turn->choice = value("! ");
  } else if (StartsWith(line, "restatement:")) {
    turn->restatement = value("restatement:");
  } else if (StartsWith(line, "follow-up:")) {
    turn->follow_up = value("follow-up:") == "yes";
  } else if (StartsWith(line, "understood:")) {
    turn->understood = value("understood:") != "no";
  } else if (StartsWith(line, "rows:")) {
    turn->rows = std::stoll(value("rows:"));
  } else if (Trim(line) == "duckdb:") {
    turn->duckdb_sql = ReadBlock(lines, i);
  } else if (Trim(line) == "sqlite:") {
    turn->sqlite_sql = ReadBlock(lines, i);
  } else {
    return InvalidArgumentError(fmt::format("{}:{}: cannot read '{}'", path, *i + 1, line));
  }
  return Status::Ok();
}

}  // namespace

StatusOr<GoldenFile> ReadGoldenFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return NotFoundError(fmt::format("cannot open golden file {}", path));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  GoldenFile file;
  file.path = path;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (Trim(line).empty()) continue;
    if (StartsWith(line, "## ")) {
      file.cases.push_back({Trim(line.substr(3)), {}, static_cast<int>(i + 1)});
    } else if (StartsWith(line, "#")) {
      if (file.cases.empty()) file.header.push_back(line);
    } else if (file.cases.empty()) {
      return InvalidArgumentError(fmt::format("{}:{}: text before the first case", path, i + 1));
    } else if (StartsWith(line, "> ")) {
      Turn turn;
      turn.question = Trim(line.substr(2));
      turn.line = static_cast<int>(i + 1);
      file.cases.back().turns.push_back(std::move(turn));
    } else if (file.cases.back().turns.empty()) {
      return InvalidArgumentError(fmt::format("{}:{}: expectation before a question", path, i + 1));
    } else {
      RETURN_IF_ERROR(ParseLine(lines, &i, &file.cases.back().turns.back(), path));
    }
  }
  return file;
}

std::string FormatGoldenFile(const GoldenFile& file) {
  std::ostringstream out;
  for (const std::string& line : file.header) out << line << '\n';
  auto block = [&](const char* key, const std::string& sql) {
    if (sql.empty()) return;
    out << key << ":\n";
    std::istringstream lines(sql);
    for (std::string line; std::getline(lines, line);) out << "  " << line << '\n';
  };
  for (const Case& c : file.cases) {
    out << "\n## " << c.name << '\n';
    for (const Turn& turn : c.turns) {
      out << "> " << turn.question << '\n';
      if (!turn.clarification.empty()) out << "? " << turn.clarification << '\n';
      if (!turn.choice.empty()) out << "! " << turn.choice << '\n';
      if (!turn.understood) {
        out << "understood: no\n";
        continue;
      }
      out << "restatement: " << turn.restatement << '\n';
      if (turn.follow_up) out << "follow-up: " << (*turn.follow_up ? "yes" : "no") << '\n';
      block("duckdb", turn.duckdb_sql);
      block("sqlite", turn.sqlite_sql);
      if (turn.rows) out << "rows: " << *turn.rows << '\n';
    }
  }
  return out.str();
}

}  // namespace scry::golden

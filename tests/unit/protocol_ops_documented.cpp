// Every operation in the op table is documented in docs/PROTOCOL.md, and every documented
// operation exists (one protocol truth).
#include "protocol/op_table.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace {
std::string read_protocol_doc() {
  std::ifstream f(std::string(ARENA_SOURCE_DIR) + "/docs/PROTOCOL.md");
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}
}  // namespace

TEST_CASE("every operation in the table has a heading in docs/PROTOCOL.md") {
  std::string doc = read_protocol_doc();
  REQUIRE_FALSE(doc.empty());
  for (auto const& op : arena::protocol::op_table()) {
    std::string name(op.name);
    INFO("operation: " << name);
    CHECK(doc.find("`" + name + "`") != std::string::npos);
  }
}

TEST_CASE("every operation documented under ### exists in the table") {
  std::string doc = read_protocol_doc();
  std::regex heading(R"(^### (.*)$)");
  std::regex op_name(R"(`([a-z_]+\.[a-z_]+)`)");
  std::set<std::string> documented;
  std::istringstream in(doc);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (!std::regex_match(line, m, heading)) continue;
    std::string h = m[1];
    for (auto it = std::sregex_iterator(h.begin(), h.end(), op_name); it != std::sregex_iterator(); ++it)
      documented.insert((*it)[1]);
  }
  REQUIRE(documented.size() >= 10);
  for (auto const& name : documented) {
    INFO("documented operation: " << name);
    CHECK(arena::protocol::find_op(name) != nullptr);
  }
}

TEST_CASE("operation names are unique") {
  std::set<std::string_view> seen;
  for (auto const& op : arena::protocol::op_table()) CHECK(seen.insert(op.name).second);
}

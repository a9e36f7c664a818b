// The wire form of ot-text-unicode ops (docs/PROTOCOL.md, "Requirement drafts"):
//
//   N (a JSON integer)   skip N          "s"            insert s
//   {"d": N}             delete N        {"d": "s"}     delete s
//
// Parsing is structural: it refuses what the op type cannot hold (non-integers such as 1.5 or
// 1e300, negatives, other JSON types, objects with other keys) and leaves every other rule
// (empty components, normalisation, UTF-8, spans) to ot::check(), so it also serves tests that
// feed unnormalised ops to normalise().
#pragma once

#include "drafts/ot/op.hpp"
#include "drafts/ot/transform.hpp"

#include <nlohmann/json.hpp>

namespace arena::protocol {

result<drafts::ot::op> op_from_json(nlohmann::json const& j);
nlohmann::json op_to_json(drafts::ot::op const& o);
result<drafts::ot::side> side_from_json(nlohmann::json const& j);

}  // namespace arena::protocol

// Draft objects on the wire (docs/PROTOCOL.md, "Requirement drafts").
#pragma once

#include "drafts/documents.hpp"
#include "drafts/model.hpp"
#include "protocol/codec.hpp"

namespace arena::protocol {

json to_json(drafts::draft const& d);
json to_json(drafts::status_change const& c);
json to_json(drafts::version_entry const& v);
json to_json(drafts::op_record const& r);
json to_json(drafts::cursor const& c);
json to_json(drafts::comment const& c);

}  // namespace arena::protocol

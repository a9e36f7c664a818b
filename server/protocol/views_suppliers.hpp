// Supplier, follow-up and note objects on the wire (docs/PROTOCOL.md, "Suppliers and
// follow-up").
#pragma once

#include "notes/notes.hpp"
#include "protocol/codec.hpp"
#include "suppliers/model.hpp"
#include "suppliers/register.hpp"

namespace arena::protocol {

json to_json(suppliers::org_ref const& o);
// `counts`: open and overdue actions in the cases the viewer may see.
json to_json(suppliers::supplier const& s, std::pair<int, int> counts);
json to_json(suppliers::site const& s);
json to_json(suppliers::contract const& c);
json to_json(suppliers::followup_case const& c, bool can_edit);
json to_json(suppliers::action const& a);
json to_json(suppliers::document const& d);
json to_json(suppliers::reliance const& r);
json to_json(suppliers::audit_entry const& e);
json to_json(notes::note const& n, bool can_edit);
json to_json(notes::comment const& c);

}  // namespace arena::protocol

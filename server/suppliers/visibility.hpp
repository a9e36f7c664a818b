// Who sees a follow-up case and its documents (docs/PROTOCOL.md, "visibility"): the case's own
// organisation and administrators always; otherwise `all` is every member, `team` the members of
// the case's team, `sharing` the users of organisations that share the supplier or that the case
// is done for. A document is seen by those who see its case and whom its own visibility admits.
#pragma once

#include "store/connection.hpp"
#include "suppliers/model.hpp"

#include <string>

namespace arena::suppliers {

// SQL condition on a case aliased `c` (columns id, supplier_id, org_id, team_id, visibility) and a
// scope expression (`c.visibility`, or a document's `d.visibility`), with the viewer bound as
// ?90 (admin), ?91 (org id or NULL), ?92 (member), ?93 (user id).
std::string visible_sql(std::string const& scope_expr);
void bind_viewer(store::statement_ref& s, viewer const& v);

bool can_see_case(store::connection& db, viewer const& v, std::int64_t case_id);
bool can_see_document(store::connection& db, viewer const& v, std::int64_t document_id);
// The case's organisation (its users) or an administrator.
bool can_edit_case(store::connection& db, viewer const& v, std::int64_t case_id);

}  // namespace arena::suppliers

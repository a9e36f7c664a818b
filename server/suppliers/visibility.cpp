#include "suppliers/visibility.hpp"

namespace arena::suppliers {

std::string visible_sql(std::string const& scope) {
  return "(?90 OR c.org_id = ?91 OR (" + scope + " = 'all' AND ?92) OR (" + scope +
         " = 'team' AND EXISTS (SELECT 1 FROM memberships vm WHERE vm.team_id = c.team_id AND vm.user_id = ?93)) OR (" + scope +
         " = 'sharing' AND ?91 IS NOT NULL AND (EXISTS (SELECT 1 FROM supplier_contracts vk WHERE vk.supplier_id = c.supplier_id AND "
         "vk.org_id = ?91) OR EXISTS (SELECT 1 FROM case_on_behalf vb WHERE vb.case_id = c.id AND vb.org_id = ?91))))";
}

void bind_viewer(store::statement_ref& s, viewer const& v) {
  s.bind(90, v.is_admin).bind(91, v.org_id).bind(92, v.member()).bind(93, v.user_id);
}

bool can_see_case(store::connection& db, viewer const& v, std::int64_t case_id) {
  auto s = db.prepare("SELECT 1 FROM followup_cases c WHERE c.id = ?1 AND " + visible_sql("c.visibility"));
  s.bind(1, case_id);
  bind_viewer(s, v);
  return s.step();
}

bool can_see_document(store::connection& db, viewer const& v, std::int64_t document_id) {
  auto s = db.prepare("SELECT 1 FROM case_documents d JOIN followup_cases c ON c.id = d.case_id WHERE d.id = ?1 AND " +
                      visible_sql("c.visibility") + " AND " + visible_sql("d.visibility"));
  s.bind(1, document_id);
  bind_viewer(s, v);
  return s.step();
}

bool can_edit_case(store::connection& db, viewer const& v, std::int64_t case_id) {
  if (v.is_admin) return true;
  if (!v.org_id || !v.participant) return false;
  auto s = db.prepare("SELECT 1 FROM followup_cases WHERE id = ? AND org_id = ?");
  s.bind(1, case_id).bind(2, *v.org_id);
  return s.step();
}

}  // namespace arena::suppliers

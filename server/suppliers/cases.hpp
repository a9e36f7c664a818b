// Follow-up cases in the store: the case (method, status, dates, the organisation doing it and
// those it acts for, visibility), findings per due-diligence step, corrective actions,
// escalations, documents, reliance on a case, and the overdue sweep. Visibility is checked here
// (visibility.hpp) so that no list leaks a case the viewer may not see.
#pragma once

#include "chat/notifications.hpp"
#include "store/connection.hpp"
#include "suppliers/model.hpp"
#include "suppliers/rules.hpp"
#include "util/error.hpp"

#include <optional>
#include <vector>

namespace arena::suppliers {

struct case_input {
  std::optional<std::string> method, status, visibility, exempt_reason;
  std::optional<std::optional<std::string>> started_on, completed_on;
  std::optional<std::optional<std::int64_t>> team_id;
  std::optional<std::vector<std::int64_t>> on_behalf;
};

result<followup_case> create_case(store::connection& w, viewer const& v, std::int64_t supplier_id, std::int64_t org_id, case_input const& in);
result<followup_case> update_case(store::connection& w, viewer const& v, std::int64_t case_id, case_input const& in);
// not_found unless the viewer may see it.
result<followup_case> find_case(store::connection& db, viewer const& v, std::int64_t case_id, bool with_details = true);
// The cases of a supplier the viewer may see (without findings, actions and documents).
std::vector<followup_case> cases_of(store::connection& db, viewer const& v, std::int64_t supplier_id);
// Open and overdue actions in the cases of the supplier the viewer may see.
std::pair<int, int> action_counts(store::connection& db, viewer const& v, std::int64_t supplier_id);

struct finding_input {
  std::string step, answer, comment;
  std::vector<std::string> themes;
  std::optional<std::string> severity;
};
result<followup_case> set_findings(store::connection& w, viewer const& v, std::int64_t case_id, std::vector<finding_input> const& in);
result<followup_case> escalate(store::connection& w, viewer const& v, std::int64_t case_id, std::string const& to, std::string const& comment);

struct action_input {
  std::optional<std::int64_t> action_id;
  std::optional<std::string> step;
  std::string text, owner, deadline, evidence;
  std::optional<std::string> status;
};
result<action> save_action(store::connection& w, viewer const& v, std::int64_t case_id, action_input const& in);
result<action> verify_action(store::connection& w, viewer const& v, std::int64_t action_id);
// Returns the case id.
result<std::int64_t> delete_action(store::connection& w, viewer const& v, std::int64_t action_id);

struct document_input {
  std::string title, filename, content_type, visibility, exempt_reason;
  std::string content;
};
inline constexpr std::size_t max_document_bytes = 10 * 1024 * 1024;
result<document> add_document(store::connection& w, viewer const& v, std::int64_t case_id, document_input const& in);
result<std::int64_t> delete_document(store::connection& w, viewer const& v, std::int64_t document_id);
struct document_content {
  document meta;
  std::string content;
  std::int64_t supplier_id = 0;
};
// not_found unless the viewer may see it.
result<document_content> document_for(store::connection& db, viewer const& v, std::int64_t document_id);

// The reliance rule for the acting organisation and a case of the supplier.
result<reliance_verdict> reliance_check(store::connection& db, std::int64_t supplier_id, std::int64_t case_id, std::int64_t org_id);
result<reliance> rely(store::connection& w, viewer const& v, std::int64_t supplier_id, std::int64_t case_id, std::int64_t org_id);
status unrely(store::connection& w, viewer const& v, std::int64_t supplier_id, std::int64_t org_id);
// Every reliance on the supplier, re-checked against the rule today.
std::vector<reliance> reliances_of(store::connection& db, std::int64_t supplier_id);

// Corrective actions past their deadline and not yet notified: notifies the users of the case's
// organisation and marks them, in the caller's writer job.
std::vector<chat::notification> notify_overdue(store::connection& w, std::string const& today);

// Users allowed to see the case (for events).
std::vector<std::int64_t> case_audience(store::connection& db, std::int64_t case_id);

}  // namespace arena::suppliers

#include "suppliers/cases.hpp"

#include "drafts/ot/utf8.hpp"
#include "meetings/local_time.hpp"
#include "suppliers/register.hpp"
#include "suppliers/visibility.hpp"
#include "suppliers/vocabulary.hpp"
#include "util/clock.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <array>
#include <set>

namespace arena::suppliers {

namespace {

constexpr char const* case_select =
    "SELECT c.id, c.supplier_id, s.name, c.method, c.status, c.org_id, o.name, c.team_id, c.visibility, c.exempt_reason, c.started_on, "
    "c.completed_on, c.answer_due, c.escalation, u.display_name, c.created_at, c.updated_at, "
    "(SELECT COUNT(*) FROM case_findings f WHERE f.case_id = c.id AND f.answer = 'no') "
    "FROM followup_cases c JOIN suppliers s ON s.id = c.supplier_id JOIN organisations o ON o.id = c.org_id "
    "JOIN users u ON u.id = c.created_by ";

followup_case read_case(store::statement_ref const& q) {
  followup_case c;
  c.id = q.col_int(0);
  c.supplier_id = q.col_int(1);
  c.supplier_name = q.col_text(2);
  c.method = q.col_text(3);
  c.status = q.col_text(4);
  c.org = {q.col_int(5), q.col_text(6)};
  if (!q.is_null(7)) c.team_id = q.col_int(7);
  c.visibility = q.col_text(8);
  c.exempt_reason = q.col_text(9);
  c.started_on = q.col_text_opt(10);
  c.completed_on = q.col_text_opt(11);
  c.answer_due = q.col_text_opt(12);
  c.escalation = q.col_text(13);
  c.created_by_name = q.col_text(14);
  c.created_at = q.col_int(15);
  c.updated_at = q.col_int(16);
  c.breaches = static_cast<int>(q.col_int(17));
  return c;
}

void load_on_behalf(store::connection& db, followup_case& c) {
  auto q = db.prepare("SELECT o.id, o.name FROM case_on_behalf b JOIN organisations o ON o.id = b.org_id WHERE b.case_id = ? ORDER BY o.name");
  q.bind(1, c.id);
  while (q.step()) c.on_behalf.push_back({q.col_int(0), q.col_text(1)});
}

std::vector<action> actions_of(store::connection& db, std::int64_t case_id, std::string const& today) {
  std::vector<action> out;
  auto q = db.prepare(
      "SELECT a.id, a.step, a.action, a.owner, a.deadline, a.status, a.evidence, coalesce(u.display_name, ''), a.verified_at "
      "FROM corrective_actions a LEFT JOIN users u ON u.id = a.verified_by WHERE a.case_id = ? ORDER BY a.deadline, a.id");
  q.bind(1, case_id);
  while (q.step()) {
    action a;
    a.id = q.col_int(0);
    a.case_id = case_id;
    a.step = q.col_text_opt(1);
    a.text = q.col_text(2);
    a.owner = q.col_text(3);
    a.deadline = q.col_text(4);
    a.status = q.col_text(5);
    a.evidence = q.col_text(6);
    a.verified_by_name = q.col_text(7);
    if (!q.is_null(8)) a.verified_at = q.col_int(8);
    a.overdue = (a.status == "open" || a.status == "in_progress") && a.deadline < today;
    out.push_back(std::move(a));
  }
  return out;
}

void load_details(store::connection& db, viewer const& v, followup_case& c) {
  {
    auto q = db.prepare("SELECT step, answer, comment, severity FROM case_findings WHERE case_id = ? ORDER BY step");
    q.bind(1, c.id);
    while (q.step()) c.findings.push_back({q.col_text(0), q.col_text(1), q.col_text(2), {}, q.col_text_opt(3)});
  }
  for (auto& f : c.findings) {
    auto q = db.prepare("SELECT theme FROM finding_themes WHERE case_id = ? AND step = ? ORDER BY theme");
    q.bind(1, c.id).bind(2, f.step);
    while (q.step()) f.themes.push_back(q.col_text(0));
  }
  c.actions = actions_of(db, c.id, today_oslo());
  {
    auto q = db.prepare(
        "SELECT e.from_state, e.to_state, u.display_name, e.at, e.comment FROM case_escalations e JOIN users u ON u.id = e.by_user "
        "WHERE e.case_id = ? ORDER BY e.id");
    q.bind(1, c.id);
    while (q.step()) c.escalations.push_back({q.col_text(0), q.col_text(1), q.col_text(2), q.col_text(4), q.col_int(3)});
  }
  auto q = db.prepare(
      "SELECT d.id, d.title, d.filename, d.content_type, d.size, d.visibility, d.exempt_reason, u.display_name, d.created_at "
      "FROM case_documents d JOIN followup_cases c ON c.id = d.case_id JOIN users u ON u.id = d.uploaded_by WHERE d.case_id = ?1 AND " +
      visible_sql("d.visibility") + " ORDER BY d.id");
  q.bind(1, c.id);
  bind_viewer(q, v);
  while (q.step())
    c.documents.push_back(
        {q.col_int(0), c.id, q.col_text(1), q.col_text(2), q.col_text(3), q.col_int(4), q.col_text(5), q.col_text(6), q.col_text(7), q.col_int(8)});
}

result<std::optional<std::string>> date_or_null(std::optional<std::string> const& v, char const* field) {
  if (!v || v->empty()) return std::optional<std::string>();
  if (!meetings::parse_date(*v)) return make_error(errc::bad_request, std::string(field) + ": a date YYYY-MM-DD");
  return std::optional<std::string>(*v);
}

// The case as it would be stored after `in` (validated).
status apply(store::connection& db, viewer const& v, followup_case& c, case_input const& in) {
  if (in.method) {
    if (!thoroughness(*in.method)) return make_error(errc::bad_request, "method: not a follow-up method");
    c.method = *in.method;
  }
  if (in.status) {
    if (!one_of(*in.status, {"planned", "ongoing", "completed", "cancelled"}))
      return make_error(errc::bad_request, "status: planned, ongoing, completed or cancelled");
    c.status = *in.status;
  }
  if (in.visibility) {
    if (!one_of(*in.visibility, {"team", "sharing", "all"})) return make_error(errc::bad_request, "visibility: team, sharing or all");
    c.visibility = *in.visibility;
  }
  if (in.exempt_reason) {
    c.exempt_reason = util::trimmed(*in.exempt_reason);
    if (auto st = util::check_chars(c.exempt_reason, "exempt_reason", 0, 500); !st) return st;
  }
  if (in.started_on) {
    ARENA_TRY(d, date_or_null(*in.started_on, "started_on"));
    c.started_on = d;
  }
  if (in.completed_on) {
    ARENA_TRY(d, date_or_null(*in.completed_on, "completed_on"));
    c.completed_on = d;
  }
  if (in.team_id) {
    c.team_id = *in.team_id;
    if (c.team_id && !v.is_admin && !v.in_team(*c.team_id)) return make_error(errc::bad_request, "team_id: a team of yours");
  }
  if (c.visibility == "team" && !c.team_id) return make_error(errc::bad_request, "team_id: required for team visibility");
  if (c.status == "completed" && !c.completed_on) return make_error(errc::bad_request, "completed_on: required when the case is completed");
  if (c.started_on && c.completed_on && *c.completed_on < *c.started_on)
    return make_error(errc::bad_request, "completed_on: must not be before started_on");
  if (c.completed_on && *c.completed_on > today_oslo()) return make_error(errc::bad_request, "completed_on: must not be in the future");
  if (in.on_behalf) {
    c.on_behalf.clear();
    std::set<std::int64_t> seen;
    for (auto id : *in.on_behalf) {
      if (id == c.org.org_id || !seen.insert(id).second) continue;
      auto q = db.prepare("SELECT name FROM organisations WHERE id = ?");
      q.bind(1, id);
      if (!q.step()) return make_error(errc::bad_request, "on_behalf: no such organisation");
      c.on_behalf.push_back({id, q.col_text(0)});
    }
  }
  return {};
}

void write_on_behalf(store::connection& w, followup_case const& c) {
  w.prepare("DELETE FROM case_on_behalf WHERE case_id = ?").bind(1, c.id).run();
  for (auto const& o : c.on_behalf) w.prepare("INSERT INTO case_on_behalf (case_id, org_id) VALUES (?, ?)").bind(1, c.id).bind(2, o.org_id).run();
}

result<followup_case> editable(store::connection& db, viewer const& v, std::int64_t case_id) {
  ARENA_TRY(c, find_case(db, v, case_id, false));
  if (!can_edit_case(db, v, case_id)) return make_error(errc::forbidden, "only the organisation doing the follow-up changes it");
  return c;
}

void touch(store::connection& w, std::int64_t case_id) {
  auto const now = util::now_ms();
  w.prepare("UPDATE followup_cases SET updated_at = ? WHERE id = ?").bind(1, now).bind(2, case_id).run();
}

std::vector<std::string> required_methods(store::connection& db, std::int64_t supplier_id, std::int64_t org_id) {
  std::vector<std::string> out;
  auto q = db.prepare("SELECT required_method FROM supplier_contracts WHERE supplier_id = ? AND org_id = ?");
  q.bind(1, supplier_id).bind(2, org_id);
  while (q.step()) out.push_back(q.col_text(0));
  return out;
}

}  // namespace

result<followup_case> create_case(store::connection& w, viewer const& v, std::int64_t supplier_id, std::int64_t org_id, case_input const& in) {
  {
    auto q = w.prepare("SELECT name FROM suppliers WHERE id = ?");
    q.bind(1, supplier_id);
    if (!q.step()) return make_error(errc::not_found, "no such supplier");
  }
  if (!in.method) return make_error(errc::bad_request, "method: required");
  followup_case c;
  c.supplier_id = supplier_id;
  c.org.org_id = org_id;
  c.status = "planned";
  c.visibility = "sharing";
  if (auto st = apply(w, v, c, in); !st) return st.error();
  if (is_self_assessment(c.method)) {
    auto start = meetings::parse_date(c.started_on.value_or(today_oslo()));
    c.answer_due = meetings::format(meetings::add_days(*start, settings(w).self_assessment_days));
  }
  auto const now = util::now_ms();
  w.prepare("INSERT INTO followup_cases (supplier_id, method, status, org_id, team_id, visibility, exempt_reason, started_on, completed_on, "
            "answer_due, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, supplier_id).bind(2, c.method).bind(3, c.status).bind(4, org_id).bind(5, c.team_id).bind(6, c.visibility)
      .bind(7, c.exempt_reason).bind(8, c.started_on).bind(9, c.completed_on).bind(10, c.answer_due).bind(11, v.user_id).bind(12, now)
      .bind(13, now)
      .run();
  c.id = w.last_insert_rowid();
  write_on_behalf(w, c);
  audit(w, v.user_id, supplier_id, "create", "case", c.id, c.method);
  return find_case(w, v, c.id);
}

result<followup_case> update_case(store::connection& w, viewer const& v, std::int64_t case_id, case_input const& in) {
  ARENA_TRY(c, editable(w, v, case_id));
  load_on_behalf(w, c);
  auto const was_method = c.method;
  if (auto st = apply(w, v, c, in); !st) return st.error();
  if (is_self_assessment(c.method) && (in.started_on || in.method)) {
    auto start = meetings::parse_date(c.started_on.value_or(today_oslo()));
    c.answer_due = meetings::format(meetings::add_days(*start, settings(w).self_assessment_days));
  } else if (!is_self_assessment(c.method)) {
    c.answer_due.reset();
  }
  w.prepare("UPDATE followup_cases SET method = ?, status = ?, team_id = ?, visibility = ?, exempt_reason = ?, started_on = ?, completed_on = ?, "
            "answer_due = ?, updated_at = ? WHERE id = ?")
      .bind(1, c.method).bind(2, c.status).bind(3, c.team_id).bind(4, c.visibility).bind(5, c.exempt_reason).bind(6, c.started_on)
      .bind(7, c.completed_on).bind(8, c.answer_due).bind(9, util::now_ms()).bind(10, case_id)
      .run();
  if (in.on_behalf) write_on_behalf(w, c);
  audit(w, v.user_id, c.supplier_id, "update", "case", case_id, was_method != c.method ? c.method : c.status);
  return find_case(w, v, case_id);
}

result<followup_case> find_case(store::connection& db, viewer const& v, std::int64_t case_id, bool with_details) {
  std::optional<followup_case> c;
  {
    auto q = db.prepare(std::string(case_select) + "WHERE c.id = ?1 AND " + visible_sql("c.visibility"));
    q.bind(1, case_id);
    bind_viewer(q, v);
    if (!q.step()) return make_error(errc::not_found, "no such follow-up case");
    c = read_case(q);
  }
  load_on_behalf(db, *c);
  if (with_details) load_details(db, v, *c);
  return std::move(*c);
}

std::vector<followup_case> cases_of(store::connection& db, viewer const& v, std::int64_t supplier_id) {
  std::vector<followup_case> out;
  {
    auto q = db.prepare(std::string(case_select) + "WHERE c.supplier_id = ?1 AND " + visible_sql("c.visibility") +
                        " ORDER BY coalesce(c.completed_on, c.started_on, '9999') DESC, c.id DESC");
    q.bind(1, supplier_id);
    bind_viewer(q, v);
    while (q.step()) out.push_back(read_case(q));
  }
  for (auto& c : out) load_on_behalf(db, c);
  return out;
}

std::pair<int, int> action_counts(store::connection& db, viewer const& v, std::int64_t supplier_id) {
  auto q = db.prepare(
      "SELECT COUNT(*), coalesce(SUM(a.deadline < ?2), 0) FROM corrective_actions a JOIN followup_cases c ON c.id = a.case_id "
      "WHERE c.supplier_id = ?1 AND a.status IN ('open', 'in_progress') AND " +
      visible_sql("c.visibility"));
  q.bind(1, supplier_id).bind(2, today_oslo());
  bind_viewer(q, v);
  if (!q.step()) return {0, 0};
  return {static_cast<int>(q.col_int(0)), static_cast<int>(q.col_int(1))};
}

result<followup_case> set_findings(store::connection& w, viewer const& v, std::int64_t case_id, std::vector<finding_input> const& in) {
  ARENA_TRY(c, editable(w, v, case_id));
  if (in.empty() || in.size() > 6) return make_error(errc::bad_request, "findings: 1..6 steps");
  std::set<std::string> seen;
  for (auto const& f : in) {
    if (!valid_step(f.step)) return make_error(errc::bad_request, "findings.step: 2.1 .. 2.6");
    if (!seen.insert(f.step).second) return make_error(errc::bad_request, "findings.step: each step once");
    if (!one_of(f.answer, {"yes", "partly", "no"})) return make_error(errc::bad_request, "findings.answer: yes, partly or no");
    if (auto st = util::check_chars(f.comment, "findings.comment", 0, 5000); !st) return st.error();
    if (f.severity && !one_of(*f.severity, {"low", "medium", "high", "critical"}))
      return make_error(errc::bad_request, "findings.severity: low, medium, high or critical");
    for (auto const& t : f.themes)
      if (!valid_theme(w, t)) return make_error(errc::bad_request, "findings.themes: not a risk theme: " + t);
  }
  for (auto const& f : in) {
    w.prepare("INSERT INTO case_findings (case_id, step, answer, comment, severity) VALUES (?, ?, ?, ?, ?) ON CONFLICT (case_id, step) "
              "DO UPDATE SET answer = excluded.answer, comment = excluded.comment, severity = excluded.severity")
        .bind(1, case_id).bind(2, f.step).bind(3, f.answer).bind(4, util::trimmed(f.comment)).bind(5, f.severity)
        .run();
    w.prepare("DELETE FROM finding_themes WHERE case_id = ? AND step = ?").bind(1, case_id).bind(2, f.step).run();
    for (auto const& t : std::set<std::string>(f.themes.begin(), f.themes.end()))
      w.prepare("INSERT INTO finding_themes (case_id, step, theme) VALUES (?, ?, ?)").bind(1, case_id).bind(2, f.step).bind(3, t).run();
  }
  touch(w, case_id);
  audit(w, v.user_id, c.supplier_id, "update", "finding", case_id);
  return find_case(w, v, case_id);
}

result<followup_case> escalate(store::connection& w, viewer const& v, std::int64_t case_id, std::string const& to, std::string const& comment) {
  ARENA_TRY(c, editable(w, v, case_id));
  if (!one_of(to, {"none", "dialogue", "action_plan", "suspension", "termination"}))
    return make_error(errc::bad_request, "to: none, dialogue, action_plan, suspension or termination");
  if (c.escalation == to) return make_error(errc::conflict, "the case is already at that escalation");
  if (auto st = util::check_chars(comment, "comment", 0, 2000); !st) return st.error();
  auto const now = util::now_ms();
  w.prepare("INSERT INTO case_escalations (case_id, from_state, to_state, by_user, at, comment) VALUES (?, ?, ?, ?, ?, ?)")
      .bind(1, case_id).bind(2, c.escalation).bind(3, to).bind(4, v.user_id).bind(5, now).bind(6, util::trimmed(comment))
      .run();
  w.prepare("UPDATE followup_cases SET escalation = ?, updated_at = ? WHERE id = ?").bind(1, to).bind(2, now).bind(3, case_id).run();
  audit(w, v.user_id, c.supplier_id, "update", "case", case_id, "escalation " + c.escalation + " -> " + to);
  return find_case(w, v, case_id);
}

result<action> save_action(store::connection& w, viewer const& v, std::int64_t case_id, action_input const& in) {
  ARENA_TRY(c, editable(w, v, case_id));
  auto text = util::trimmed(in.text);
  if (auto st = util::check_chars(text, "action", 1, 2000); !st) return st.error();
  auto owner = util::trimmed(in.owner);
  if (auto st = util::check_chars(owner, "owner", 0, 200); !st) return st.error();
  if (auto st = util::check_chars(in.evidence, "evidence", 0, 5000); !st) return st.error();
  if (!meetings::parse_date(in.deadline)) return make_error(errc::bad_request, "deadline: a date YYYY-MM-DD");
  if (in.step && !valid_step(*in.step)) return make_error(errc::bad_request, "step: 2.1 .. 2.6");
  auto status = in.status.value_or("open");
  if (!one_of(status, {"open", "in_progress", "done"}))
    return make_error(errc::bad_request, "status: open, in_progress or done (verified through action.verify)");
  auto const now = util::now_ms();
  std::int64_t id = 0;
  if (in.action_id) {
    auto q = w.prepare("SELECT deadline, status FROM corrective_actions WHERE id = ? AND case_id = ?");
    q.bind(1, *in.action_id).bind(2, case_id);
    if (!q.step()) return make_error(errc::not_found, "no such action in this case");
    bool rearm = q.col_text(0) != in.deadline;
    bool verified = q.col_text(1) == "verified";
    w.prepare("UPDATE corrective_actions SET step = ?, action = ?, owner = ?, deadline = ?, status = ?, evidence = ?, updated_at = ?, "
              "verified_by = CASE WHEN ?8 THEN verified_by ELSE NULL END, verified_at = CASE WHEN ?8 THEN verified_at ELSE NULL END, "
              "overdue_notified_at = CASE WHEN ?9 THEN NULL ELSE overdue_notified_at END WHERE id = ?10")
        .bind(1, in.step).bind(2, text).bind(3, owner).bind(4, in.deadline).bind(5, verified && status == "done" ? std::string("verified") : status)
        .bind(6, in.evidence).bind(7, now).bind(8, verified && status == "done").bind(9, rearm).bind(10, *in.action_id)
        .run();
    id = *in.action_id;
  } else {
    w.prepare("INSERT INTO corrective_actions (case_id, step, action, owner, deadline, status, evidence, created_by, created_at, updated_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, case_id).bind(2, in.step).bind(3, text).bind(4, owner).bind(5, in.deadline).bind(6, status).bind(7, in.evidence)
        .bind(8, v.user_id).bind(9, now).bind(10, now)
        .run();
    id = w.last_insert_rowid();
  }
  touch(w, case_id);
  audit(w, v.user_id, c.supplier_id, in.action_id ? "update" : "create", "action", id, util::first_chars(text, 80));
  for (auto& a : actions_of(w, case_id, today_oslo()))
    if (a.id == id) return a;
  return make_error(errc::internal, "action not found after writing it");
}

result<action> verify_action(store::connection& w, viewer const& v, std::int64_t action_id) {
  std::int64_t case_id = 0;
  std::string text;
  {
    auto q = w.prepare("SELECT case_id, status, action FROM corrective_actions WHERE id = ?");
    q.bind(1, action_id);
    if (!q.step()) return make_error(errc::not_found, "no such action");
    case_id = q.col_int(0);
    if (q.col_text(1) != "done") return make_error(errc::conflict, "only a done action can be verified");
    text = q.col_text(2);
  }
  ARENA_TRY(c, editable(w, v, case_id));
  auto const now = util::now_ms();
  w.prepare("UPDATE corrective_actions SET status = 'verified', verified_by = ?, verified_at = ?, updated_at = ? WHERE id = ?")
      .bind(1, v.user_id).bind(2, now).bind(3, now).bind(4, action_id)
      .run();
  touch(w, case_id);
  audit(w, v.user_id, c.supplier_id, "verify", "action", action_id, util::first_chars(text, 80));
  for (auto& a : actions_of(w, case_id, today_oslo()))
    if (a.id == action_id) return a;
  return make_error(errc::internal, "action not found after writing it");
}

result<std::int64_t> delete_action(store::connection& w, viewer const& v, std::int64_t action_id) {
  std::int64_t case_id = 0;
  {
    auto q = w.prepare("SELECT case_id FROM corrective_actions WHERE id = ?");
    q.bind(1, action_id);
    if (!q.step()) return make_error(errc::not_found, "no such action");
    case_id = q.col_int(0);
  }
  ARENA_TRY(c, editable(w, v, case_id));
  w.prepare("DELETE FROM corrective_actions WHERE id = ?").bind(1, action_id).run();
  touch(w, case_id);
  audit(w, v.user_id, c.supplier_id, "delete", "action", action_id);
  return case_id;
}

result<document> add_document(store::connection& w, viewer const& v, std::int64_t case_id, document_input const& in) {
  ARENA_TRY(c, editable(w, v, case_id));
  auto title = util::trimmed(in.title);
  if (auto st = util::check_chars(title, "title", 1, 200); !st) return st.error();
  auto filename = util::trimmed(in.filename);
  if (auto st = util::check_chars(filename, "filename", 1, 200); !st) return st.error();
  for (char ch : filename)
    if (ch == '/' || ch == '\\' || ch == '"' || static_cast<unsigned char>(ch) < 0x20)
      return make_error(errc::bad_request, "filename: no slashes, quotes or control characters", "filename_chars");
  static constexpr std::array<std::string_view, 11> types = {
      "application/pdf", "image/png", "image/jpeg", "text/plain", "text/csv",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/vnd.oasis.opendocument.text",
      "application/vnd.oasis.opendocument.spreadsheet", "application/msword", "application/vnd.ms-excel"};
  if (std::find(types.begin(), types.end(), in.content_type) == types.end()) return make_error(errc::bad_request, "content_type: PDF, PNG, JPEG, text, CSV or an office document", "document_type");
  if (in.content.empty()) return make_error(errc::bad_request, "content: the file is empty");
  if (in.content.size() > max_document_bytes) return make_error(errc::too_large, "the file is larger than 10 MiB");
  if (!one_of(in.visibility, {"team", "sharing", "all"})) return make_error(errc::bad_request, "visibility: team, sharing or all");
  if (in.visibility == "team" && !c.team_id) return make_error(errc::bad_request, "visibility: team needs a case that belongs to a team");
  auto reason = util::trimmed(in.exempt_reason);
  if (auto st = util::check_chars(reason, "exempt_reason", 0, 500); !st) return st.error();
  w.prepare("INSERT INTO case_documents (case_id, title, filename, content_type, size, content, visibility, exempt_reason, uploaded_by, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, case_id).bind(2, title).bind(3, filename).bind(4, in.content_type).bind(5, static_cast<std::int64_t>(in.content.size()))
      .bind_blob(6, in.content)
      .bind(7, in.visibility).bind(8, reason).bind(9, v.user_id).bind(10, util::now_ms())
      .run();
  auto id = w.last_insert_rowid();
  touch(w, case_id);
  audit(w, v.user_id, c.supplier_id, "create", "document", id, filename);
  ARENA_TRY(d, document_for(w, v, id));
  return d.meta;
}

result<std::int64_t> delete_document(store::connection& w, viewer const& v, std::int64_t document_id) {
  std::int64_t case_id = 0;
  {
    auto q = w.prepare("SELECT case_id FROM case_documents WHERE id = ?");
    q.bind(1, document_id);
    if (!q.step()) return make_error(errc::not_found, "no such document");
    case_id = q.col_int(0);
  }
  ARENA_TRY(c, editable(w, v, case_id));
  w.prepare("DELETE FROM case_documents WHERE id = ?").bind(1, document_id).run();
  touch(w, case_id);
  audit(w, v.user_id, c.supplier_id, "delete", "document", document_id);
  return case_id;
}

result<document_content> document_for(store::connection& db, viewer const& v, std::int64_t document_id) {
  if (!can_see_document(db, v, document_id)) return make_error(errc::not_found, "no such document");
  auto q = db.prepare(
      "SELECT d.id, d.case_id, d.title, d.filename, d.content_type, d.size, d.visibility, d.exempt_reason, u.display_name, d.created_at, "
      "d.content, c.supplier_id FROM case_documents d JOIN users u ON u.id = d.uploaded_by JOIN followup_cases c ON c.id = d.case_id "
      "WHERE d.id = ?");
  q.bind(1, document_id);
  if (!q.step()) return make_error(errc::not_found, "no such document");
  document_content out;
  out.meta = {q.col_int(0), q.col_int(1), q.col_text(2), q.col_text(3), q.col_text(4), q.col_int(5),
              q.col_text(6), q.col_text(7), q.col_text(8), q.col_int(9)};
  out.content = q.col_blob(10);
  out.supplier_id = q.col_int(11);
  return out;
}

result<reliance_verdict> reliance_check(store::connection& db, std::int64_t supplier_id, std::int64_t case_id, std::int64_t org_id) {
  auto q = db.prepare("SELECT status, completed_on, method, org_id FROM followup_cases WHERE id = ? AND supplier_id = ?");
  q.bind(1, case_id).bind(2, supplier_id);
  if (!q.step()) return make_error(errc::not_found, "no such follow-up case of this supplier");
  reliance_input in;
  in.case_status = q.col_text(0);
  if (!q.is_null(1)) in.completed_on = meetings::parse_date(q.col_text(1));
  in.method = q.col_text(2);
  in.case_org_id = q.col_int(3);
  in.relying_org_id = org_id;
  in.required_methods = required_methods(db, supplier_id, org_id);
  in.today = *meetings::parse_date(today_oslo());
  in.max_age_days = settings(db).reliance_max_age_days;
  return check_reliance(in);
}

result<reliance> rely(store::connection& w, viewer const& v, std::int64_t supplier_id, std::int64_t case_id, std::int64_t org_id) {
  if (!can_see_case(w, v, case_id)) return make_error(errc::not_found, "no such follow-up case of this supplier");
  ARENA_TRY(verdict, reliance_check(w, supplier_id, case_id, org_id));
  if (!verdict.valid) {
    std::string why;
    for (auto const& r : verdict.reasons_nb) why += (why.empty() ? "" : " ") + r;
    return make_error(errc::conflict, "cannot rely on this follow-up: " + why);
  }
  auto const now = util::now_ms();
  w.prepare("INSERT INTO reliances (supplier_id, org_id, case_id, recorded_by, created_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (supplier_id, org_id) DO UPDATE SET case_id = excluded.case_id, recorded_by = excluded.recorded_by, "
            "created_at = excluded.created_at")
      .bind(1, supplier_id).bind(2, org_id).bind(3, case_id).bind(4, v.user_id).bind(5, now)
      .run();
  audit(w, v.user_id, supplier_id, "create", "reliance", case_id);
  for (auto& r : reliances_of(w, supplier_id))
    if (r.org.org_id == org_id) return r;
  return make_error(errc::internal, "reliance not found after writing it");
}

status unrely(store::connection& w, viewer const& v, std::int64_t supplier_id, std::int64_t org_id) {
  w.prepare("DELETE FROM reliances WHERE supplier_id = ? AND org_id = ?").bind(1, supplier_id).bind(2, org_id).run();
  if (w.changes() == 0) return make_error(errc::not_found, "the organisation does not rely on a follow-up of this supplier");
  audit(w, v.user_id, supplier_id, "delete", "reliance", org_id);
  return {};
}

std::vector<reliance> reliances_of(store::connection& db, std::int64_t supplier_id) {
  std::vector<reliance> out;
  {
    auto q = db.prepare(
        "SELECT r.id, r.org_id, o.name, r.case_id, u.display_name, r.created_at FROM reliances r JOIN organisations o ON o.id = r.org_id "
        "JOIN users u ON u.id = r.recorded_by WHERE r.supplier_id = ? ORDER BY o.name");
    q.bind(1, supplier_id);
    while (q.step()) {
      reliance r;
      r.id = q.col_int(0);
      r.supplier_id = supplier_id;
      r.org = {q.col_int(1), q.col_text(2)};
      r.case_id = q.col_int(3);
      r.recorded_by_name = q.col_text(4);
      r.created_at = q.col_int(5);
      out.push_back(std::move(r));
    }
  }
  for (auto& r : out)
    if (auto verdict = reliance_check(db, supplier_id, r.case_id, r.org.org_id)) {
      r.valid = verdict->valid;
      r.reasons = verdict->reasons_nb;
      r.reason_codes = verdict->reasons;
      r.max_age_days = verdict->max_age_days;
    }
  return out;
}

std::vector<chat::notification> notify_overdue(store::connection& w, std::string const& today) {
  std::vector<std::pair<std::int64_t, std::int64_t>> due;  // action, case organisation
  {
    auto q = w.prepare(
        "SELECT a.id, c.org_id FROM corrective_actions a JOIN followup_cases c ON c.id = a.case_id WHERE a.status IN ('open', 'in_progress') "
        "AND a.deadline < ? AND a.overdue_notified_at IS NULL ORDER BY a.id LIMIT 500");
    q.bind(1, today);
    while (q.step()) due.emplace_back(q.col_int(0), q.col_int(1));
  }
  std::vector<chat::notification> out;
  auto const now = util::now_ms();
  for (auto const& [action_id, org_id] : due) {
    std::vector<std::int64_t> users;
    auto q = w.prepare("SELECT id FROM users WHERE org_id = ? AND disabled = 0 ORDER BY id");
    q.bind(1, org_id);
    while (q.step()) users.push_back(q.col_int(0));
    auto made = chat::notify_action(w, users, action_id);
    out.insert(out.end(), made.begin(), made.end());
    w.prepare("UPDATE corrective_actions SET overdue_notified_at = ? WHERE id = ?").bind(1, now).bind(2, action_id).run();
  }
  return out;
}

std::vector<std::int64_t> case_audience(store::connection& db, std::int64_t case_id) {
  std::vector<std::int64_t> out;
  auto users = db.prepare("SELECT id, is_admin FROM users WHERE disabled = 0");
  std::vector<std::pair<std::int64_t, bool>> all;
  while (users.step()) all.emplace_back(users.col_int(0), users.col_int(1) != 0);
  for (auto const& [uid, admin] : all)
    if (can_see_case(db, viewer_of(db, uid, admin), case_id)) out.push_back(uid);
  return out;
}

}  // namespace arena::suppliers

#include "protocol/views_suppliers.hpp"

#include "protocol/views.hpp"

namespace arena::protocol {

namespace {

json opt(std::optional<std::string> const& s) { return s ? json(*s) : json(nullptr); }
json opt(std::optional<std::int64_t> const& v) { return v ? json(*v) : json(nullptr); }

json orgs(std::vector<suppliers::org_ref> const& list) {
  json out = json::array();
  for (auto const& o : list) out.push_back(to_json(o));
  return out;
}

}  // namespace

json to_json(suppliers::org_ref const& o) { return {{"org_id", o.org_id}, {"org_name", o.org_name}}; }

json to_json(suppliers::supplier const& s, std::pair<int, int> counts) {
  json lead = nullptr;
  if (s.lead)
    lead = {{"org_id", s.lead->org.org_id}, {"org_name", s.lead->org.org_name}, {"on_behalf", orgs(s.lead->on_behalf)}, {"since", time_json(s.lead->since)}};
  return {{"id", s.id},
          {"name", s.name},
          {"orgnr", opt(s.orgnr)},
          {"foreign_id", opt(s.foreign_id)},
          {"country", s.country},
          {"transparency_act", s.transparency_act},
          {"statement_url", s.statement_url},
          {"statement_year", s.statement_year ? json(*s.statement_year) : json(nullptr)},
          {"categories", s.categories},
          {"risk_level", s.risk_level},
          {"notes", s.notes},
          {"created_at", time_json(s.created_at)},
          {"updated_at", time_json(s.updated_at)},
          {"sharing", orgs(s.sharing)},
          {"sharing_count", s.sharing.size()},
          {"lead", std::move(lead)},
          {"open_actions", counts.first},
          {"overdue_actions", counts.second}};
}

json to_json(suppliers::site const& s) {
  return {{"id", s.id}, {"name", s.name}, {"address", s.address}, {"country", s.country}, {"tier", s.tier}, {"products", s.products}};
}

json to_json(suppliers::contract const& c) {
  return {{"id", c.id},
          {"supplier_id", c.supplier_id},
          {"org_id", c.org.org_id},
          {"org_name", c.org.org_name},
          {"products", c.products},
          {"contract_ref", c.contract_ref},
          {"period_start", opt(c.period_start)},
          {"period_end", opt(c.period_end)},
          {"value_band", c.value_band},
          {"clause_level", c.clause_level},
          {"required_method", c.required_method}};
}

json to_json(suppliers::action const& a) {
  return {{"id", a.id},
          {"case_id", a.case_id},
          {"step", opt(a.step)},
          {"action", a.text},
          {"owner", a.owner},
          {"deadline", a.deadline},
          {"status", a.status},
          {"evidence", a.evidence},
          {"verified_by_name", a.verified_at ? json(a.verified_by_name) : json(nullptr)},
          {"verified_at", time_json(a.verified_at)},
          {"overdue", a.overdue}};
}

json to_json(suppliers::document const& d) {
  return {{"id", d.id},
          {"case_id", d.case_id},
          {"title", d.title},
          {"filename", d.filename},
          {"content_type", d.content_type},
          {"size", d.size},
          {"visibility", d.visibility},
          {"exempt_reason", d.exempt_reason},
          {"uploaded_by_name", d.uploaded_by_name},
          {"created_at", time_json(d.created_at)}};
}

json to_json(suppliers::followup_case const& c, bool can_edit) {
  json findings = json::array();
  for (auto const& f : c.findings)
    findings.push_back({{"step", f.step}, {"answer", f.answer}, {"breach", f.breach()}, {"comment", f.comment}, {"themes", f.themes},
                        {"severity", opt(f.severity)}});
  json actions = json::array();
  for (auto const& a : c.actions) actions.push_back(to_json(a));
  json escalations = json::array();
  for (auto const& e : c.escalations)
    escalations.push_back({{"from", e.from}, {"to", e.to}, {"by_name", e.by_name}, {"at", time_json(e.at)}, {"comment", e.comment}});
  json documents = json::array();
  for (auto const& d : c.documents) documents.push_back(to_json(d));
  return {{"id", c.id},
          {"supplier_id", c.supplier_id},
          {"supplier_name", c.supplier_name},
          {"method", c.method},
          {"status", c.status},
          {"org_id", c.org.org_id},
          {"org_name", c.org.org_name},
          {"on_behalf", orgs(c.on_behalf)},
          {"team_id", opt(c.team_id)},
          {"visibility", c.visibility},
          {"exempt_reason", c.exempt_reason},
          {"started_on", opt(c.started_on)},
          {"completed_on", opt(c.completed_on)},
          {"answer_due", opt(c.answer_due)},
          {"escalation", c.escalation},
          {"findings", std::move(findings)},
          {"actions", std::move(actions)},
          {"escalations", std::move(escalations)},
          {"documents", std::move(documents)},
          {"breaches", c.breaches},
          {"created_by_name", c.created_by_name},
          {"created_at", time_json(c.created_at)},
          {"updated_at", time_json(c.updated_at)},
          {"can_edit", can_edit}};
}

json to_json(suppliers::reliance const& r) {
  return {{"id", r.id},
          {"supplier_id", r.supplier_id},
          {"org_id", r.org.org_id},
          {"org_name", r.org.org_name},
          {"case_id", r.case_id},
          {"recorded_by_name", r.recorded_by_name},
          {"created_at", time_json(r.created_at)},
          {"valid", r.valid},
          {"reasons", r.reasons},
          {"reason_codes", r.reason_codes},
          {"max_age_days", r.max_age_days}};
}

json to_json(suppliers::audit_entry const& e) {
  return {{"at", time_json(e.at)}, {"user_name", e.user_name}, {"org_name", e.org_name}, {"action", e.action},
          {"kind", e.kind},        {"object_id", e.object_id}, {"detail", e.detail}};
}

json to_json(notes::note const& n, bool can_edit) {
  json teams = json::array();
  json team_ids = json::array();
  for (auto const& [id, name] : n.teams) {
    teams.push_back({{"id", id}, {"name", name}});
    team_ids.push_back(id);
  }
  json j = {{"id", n.id},
            {"title", n.title},
            {"body", n.body},
            {"team_ids", std::move(team_ids)},
            {"teams", std::move(teams)},
            {"category", opt(n.category)},
            {"country", opt(n.country)},
            {"themes", n.themes},
            {"supplier_id", opt(n.supplier_id)},
            {"supplier_name", n.supplier_id ? json(n.supplier_name) : json(nullptr)},
            {"case_id", opt(n.case_id)},
            {"visibility", n.visibility},
            {"author_id", n.author_id},
            {"author_name", n.author_name},
            {"created_at", time_json(n.created_at)},
            {"updated_at", time_json(n.updated_at)},
            {"useful", n.useful},
            {"marked_useful", n.marked_useful},
            {"comment_count", n.comment_count},
            {"can_edit", can_edit}};
  if (!n.snippet.empty()) j["snippet"] = n.snippet;
  return j;
}

json to_json(notes::comment const& c) {
  return {{"id", c.id}, {"author_id", c.author_id}, {"author_name", c.author_name}, {"body", c.body}, {"created_at", time_json(c.created_at)}};
}

}  // namespace arena::protocol

// Suppliers and follow-up (docs/PROTOCOL.md, "Suppliers and follow-up"). The register is shared
// by every team, so the op table asks only for a signed-in user; who reads and writes what is
// decided by the register's own rules (suppliers/register.hpp: members read, participants
// write, organisations act on their own contracts and cases; suppliers/visibility.hpp: who sees
// a case or document), applied to the caller's viewer here and again inside each writer job.
//
// Events: `supplier.updated` to every signed-in socket (topic "site"), `case.updated` to the
// users who may see the case. Both leave after COMMIT; the per-viewer parts (action counts,
// can_edit, documents) are not in them: clients fetch what they show.
#include "chat/channels.hpp"
#include "meetings/local_time.hpp"
#include "protocol/args.hpp"
#include "protocol/commit.hpp"
#include "protocol/op_table.hpp"
#include "protocol/views.hpp"
#include "protocol/views_suppliers.hpp"
#include "suppliers/cases.hpp"
#include "suppliers/csv.hpp"
#include "suppliers/register.hpp"
#include "suppliers/transfer.hpp"
#include "suppliers/visibility.hpp"
#include "suppliers/vocabulary.hpp"
#include "util/clock.hpp"
#include "util/log.hpp"

#include <openssl/evp.h>

#include <algorithm>

namespace arena::protocol {

namespace {

using suppliers::viewer;

viewer viewer_for(call& c) { return suppliers::viewer_of(*c.db, c.who->user_id, c.who->is_admin); }

json supplier_event(suppliers::supplier const& s) {
  json j = to_json(s, {0, 0});
  j["open_actions"] = nullptr;
  j["overdue_actions"] = nullptr;
  return json{{"ev", "supplier.updated"}, {"supplier", std::move(j)}};
}

void publish_supplier(services& svc, suppliers::supplier const& s) { svc.hub.publish(bus::site_topic(), encode_shared(supplier_event(s))); }

struct case_event {
  json frame;
  std::vector<std::int64_t> audience;
};

// Built inside the writer job (the audience as of the commit), published in its done.
case_event case_event_of(store::connection& w, std::int64_t case_id) {
  case_event e;
  auto admin = suppliers::viewer{};
  admin.is_admin = true;
  auto c = suppliers::find_case(w, admin, case_id, true);
  if (!c) return e;
  c->documents.clear();  // each reader sees only the documents their visibility admits
  json j = to_json(*c, false);
  j["can_edit"] = nullptr;
  e.frame = json{{"ev", "case.updated"}, {"case", std::move(j)}};
  e.audience = suppliers::case_audience(w, case_id);
  return e;
}

void publish_case(services& svc, case_event const& e) {
  if (e.frame.is_null()) return;
  auto frame = encode_shared(e.frame);
  for (auto uid : e.audience) svc.hub.publish(bus::user_topic(uid), frame);
}

// Runs a change of the register as one writer job, reloading the supplier in it;
// supplier.updated goes to every signed-in socket after COMMIT.
template <class T>
result<T> change_supplier(services& svc, std::int64_t supplier_id, std::function<result<T>(store::connection&)> change) {
  using both = std::pair<T, suppliers::supplier>;
  ARENA_TRY(r, commit_then<both>(
                   svc,
                   [&](store::connection& w) -> result<both> {
                     ARENA_TRY(x, change(w));
                     ARENA_TRY(sup, suppliers::find_supplier(w, supplier_id));
                     return both{std::move(x), std::move(sup)};
                   },
                   [&svc](both const& b) { publish_supplier(svc, b.second); }));
  return std::move(r.first);
}

// Runs a change of a follow-up case as one writer job: `change` returns its value and the case it
// changed; case.updated goes to those who may see that case, after COMMIT.
template <class T>
result<T> change_case(services& svc, std::function<result<std::pair<T, std::int64_t>>(store::connection&)> change) {
  struct done_t {
    T value;
    case_event ev;
  };
  ARENA_TRY(r, commit_then<done_t>(
                   svc,
                   [&](store::connection& w) -> result<done_t> {
                     ARENA_TRY(x, change(w));
                     auto ev = case_event_of(w, x.second);
                     return done_t{std::move(x.first), std::move(ev)};
                   },
                   [&svc](done_t const& d) { publish_case(svc, d.ev); }));
  return std::move(r.value);
}

// Records a read in the audit trail without holding up the answer.
void audit_read(services& svc, std::int64_t user_id, std::int64_t supplier_id, std::string kind, std::int64_t object_id) {
  svc.db.write().submit({[=, kind = std::move(kind)](store::connection& w) -> status {
                           suppliers::audit(w, user_id, supplier_id, "read", kind, object_id);
                           return {};
                         },
                         [](status const& st) {
                           if (!st) util::log::warn("suppliers.audit_failed", {{"error", st.error().message}});
                         }});
}

result<suppliers::supplier_input> supplier_fields(json const& a) {
  suppliers::supplier_input in;
  ARENA_TRY(name, args::opt_string(a, "name", 1000));
  in.name = name;
  ARENA_TRY(orgnr, args::opt_string(a, "orgnr", 100));
  in.orgnr = orgnr;
  ARENA_TRY(fid, args::opt_string(a, "foreign_id", 400));
  in.foreign_id = fid;
  ARENA_TRY(country, args::opt_string(a, "country", 10));
  in.country = country;
  ARENA_TRY(ta, args::opt_string(a, "transparency_act", 20));
  in.transparency_act = ta;
  ARENA_TRY(url, args::opt_string(a, "statement_url", 1000));
  in.statement_url = url;
  ARENA_TRY(risk, args::opt_string(a, "risk_level", 20));
  in.risk_level = risk;
  ARENA_TRY(notes, args::opt_string(a, "notes", 40000));
  in.notes = notes;
  if (auto it = a.find("statement_year"); it != a.end()) {
    if (it->is_null()) in.statement_year = std::optional<int>();
    else {
      ARENA_TRY(y, args::integer(a, "statement_year", 0, 9999));
      in.statement_year = std::optional<int>(static_cast<int>(y));
    }
  }
  if (a.contains("categories")) {
    ARENA_TRY(cats, args::string_list(a, "categories", 10, 40));
    in.categories = cats;
  }
  return in;
}

json supplier_json(call& c, viewer const& v, suppliers::supplier const& s) { return to_json(s, suppliers::action_counts(*c.db, v, s.id)); }

result<suppliers::case_input> case_fields(json const& a) {
  suppliers::case_input in;
  ARENA_TRY(method, args::opt_string(a, "method", 60));
  in.method = method;
  ARENA_TRY(status, args::opt_string(a, "status", 20));
  in.status = status;
  ARENA_TRY(vis, args::opt_string(a, "visibility", 20));
  in.visibility = vis;
  ARENA_TRY(reason, args::opt_string(a, "exempt_reason", 4000));
  in.exempt_reason = reason;
  ARENA_TRY(started, args::nullable_string(a, "started_on", 20));
  in.started_on = started;
  ARENA_TRY(completed, args::nullable_string(a, "completed_on", 20));
  in.completed_on = completed;
  if (auto it = a.find("team_id"); it != a.end()) {
    if (it->is_null()) in.team_id = std::optional<std::int64_t>();
    else {
      ARENA_TRY(t, args::id(a, "team_id"));
      in.team_id = std::optional<std::int64_t>(t);
    }
  }
  if (a.contains("on_behalf")) {
    ARENA_TRY(ob, args::id_list(a, "on_behalf", 200));
    in.on_behalf = ob;
  }
  return in;
}

std::string base64_decode(std::string const& in, bool& ok) {
  ok = false;
  if (in.size() % 4 != 0) return {};
  std::string out(in.size() / 4 * 3, '\0');
  auto n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<unsigned char const*>(in.data()), static_cast<int>(in.size()));
  if (n < 0) return {};
  std::size_t pad = 0;
  if (!in.empty() && in.back() == '=') ++pad;
  if (in.size() > 1 && in[in.size() - 2] == '=') ++pad;
  out.resize(static_cast<std::size_t>(n) - pad);
  ok = true;
  return out;
}

}  // namespace

void supplier_overdue_sweep(services& svc) {
  using notes_t = std::vector<chat::notification>;
  auto r = commit_then<notes_t>(
      svc, [](store::connection& w) -> result<notes_t> { return suppliers::notify_overdue(w, suppliers::today_oslo()); },
      [&svc](notes_t const& notes) { publish_notifications(svc, notes); });
  if (!r) util::log::warn("suppliers.overdue_failed", {{"error", r.error().message}});
}

result<json> supplier_vocabulary(services&, call& c, json const&) {
  json themes = json::array();
  for (auto const& t : suppliers::risk_themes(*c.db)) themes.push_back({{"code", t.code}, {"nb", t.nb}, {"en", t.en}});
  json steps = json::array();
  for (auto const& s : suppliers::steps())
    steps.push_back({{"step", s.step}, {"nb", s.nb}, {"en", s.en}, {"question_nb", s.question_nb}, {"question_en", s.question_en}});
  json methods = json::array();
  for (auto m : suppliers::methods) methods.push_back(m);
  auto st = suppliers::settings(*c.db);
  return answer(json{{"categories", {"ikt", "tekstil", "medisinsk", "bygg", "mat", "moebler", "leker", "kontor", "transport", "renhold"}},
                     {"methods", std::move(methods)},
                     {"themes", std::move(themes)},
                     {"steps", std::move(steps)},
                     {"settings", {{"self_assessment_days", st.self_assessment_days}, {"reliance_max_age_days", st.reliance_max_age_days}}}});
}

result<json> supplier_list(services&, call& c, json const& a) {
  auto v = viewer_for(c);
  if (auto st = suppliers::require_member(v); !st) return st.error();
  suppliers::list_filter f;
  ARENA_TRY(q, args::opt_string(a, "q", 400));
  if (q && !q->empty()) f.q = q;
  ARENA_TRY(cat, args::opt_string(a, "category", 40));
  f.category = cat;
  ARENA_TRY(country, args::opt_string(a, "country", 10));
  f.country = country;
  ARENA_TRY(risk, args::opt_string(a, "risk_level", 20));
  f.risk_level = risk;
  ARENA_TRY(shared, args::opt_bool(a, "shared_only"));
  f.shared_only = shared.value_or(false);
  ARENA_TRY(mine, args::opt_bool(a, "mine"));
  if (mine.value_or(false)) {
    if (!v.org_id) return answer(json{{"suppliers", json::array()}, {"next", nullptr}, {"total", 0}});
    f.org_id = v.org_id;
  }
  ARENA_TRY(needs, args::opt_bool(a, "needs_lead"));
  f.needs_lead = needs.value_or(false);
  ARENA_TRY(limit, args::opt_integer(a, "limit", 1, 1000));
  if (auto it = a.find("after"); it != a.end() && !it->is_null()) {
    auto prefixed = [](error e) {
      e.message = "after." + e.message;
      return e;
    };
    if (!it->is_object()) return make_error(errc::bad_request, "after: an object {name, id}, as in an earlier answer's next");
    auto name = args::string(*it, "name", 1, 800);
    if (!name) return prefixed(name.error());
    auto id = args::id(*it, "id");
    if (!id) return prefixed(id.error());
    f.after = suppliers::list_filter::position{std::move(*name), *id};
  }
  auto const page = static_cast<int>(limit.value_or(1000));
  f.limit = page + 1;  // one more than the page: is there a next one?
  auto list = suppliers::list_suppliers(*c.db, f);
  json next = nullptr;
  if (list.size() > static_cast<std::size_t>(page)) {
    list.resize(static_cast<std::size_t>(page));
    next = json{{"name", list.back().name}, {"id", list.back().id}};
  }
  json out = json::array();
  for (auto const& s : list) out.push_back(supplier_json(c, v, s));
  return answer(json{{"suppliers", std::move(out)}, {"next", std::move(next)}, {"total", suppliers::count_suppliers(*c.db, f)}});
}

result<json> supplier_get(services& svc, call& c, json const& a) {
  auto v = viewer_for(c);
  if (auto st = suppliers::require_member(v); !st) return st.error();
  ARENA_TRY(id, args::id(a, "supplier_id"));
  ARENA_TRY(s, suppliers::find_supplier(*c.db, id));
  json sites = json::array();
  for (auto const& x : suppliers::sites_of(*c.db, id)) sites.push_back(to_json(x));
  json contracts = json::array();
  for (auto const& x : suppliers::contracts_of(*c.db, id)) contracts.push_back(to_json(x));
  json cases = json::array();
  auto visible_cases = suppliers::cases_of(*c.db, v, id);
  for (auto const& x : visible_cases) cases.push_back(to_json(x, suppliers::can_edit_case(*c.db, v, x.id)));
  json reliances = json::array();
  for (auto const& x : suppliers::reliances_of(*c.db, id)) reliances.push_back(to_json(x));
  // Topics, meetings and drafts of the caller's teams.
  json topics = json::array(), meetings = json::array(), drafts = json::array();
  for (auto team_id : v.team_ids) {
    for (auto const& t : chat::topics_bound_to(*c.db, team_id, "supplier", id)) {
      bool is_case = t.bound && t.bound->kind == "case";
      if (is_case && !suppliers::can_see_case(*c.db, v, t.bound->id)) continue;
      topics.push_back({{"team_id", team_id}, {"channel_id", t.channel_id}, {"topic_id", t.id}, {"name", t.name},
                        {"channel_name", t.channel_name}, {"case_id", is_case ? json(t.bound->id) : json(nullptr)}});
    }
    auto m = c.db->prepare(
        "SELECT DISTINCT m.id, m.title, m.start_utc FROM meetings m JOIN meeting_agenda a ON a.meeting_id = m.id "
        "WHERE m.team_id = ? AND a.link_kind = 'supplier' AND a.link_id = ? ORDER BY m.start_utc DESC");
    m.bind(1, team_id).bind(2, id);
    while (m.step()) meetings.push_back({{"team_id", team_id}, {"meeting_id", m.col_int(0)}, {"title", m.col_text(1)}, {"start_utc", time_json(m.col_int(2))}});
    auto d = c.db->prepare(
        "SELECT d.id, printf('%s-%03d', coalesce(nullif(t.code, ''), upper(substr(t.slug, 1, 3))), d.number), d.title FROM supplier_drafts sd "
        "JOIN drafts d ON d.id = sd.draft_id JOIN teams t ON t.id = d.team_id WHERE sd.supplier_id = ? AND d.team_id = ? ORDER BY d.id");
    d.bind(1, id).bind(2, team_id);
    while (d.step()) drafts.push_back({{"team_id", team_id}, {"draft_id", d.col_int(0)}, {"identifier", d.col_text(1)}, {"title", d.col_text(2)}});
  }
  // The timeline: what happened to the supplier, from the audit trail's changes (reads left out)
  // and the cases the caller may see.
  json timeline = json::array();
  {
    auto q = c.db->prepare(
        "SELECT a.at, a.kind, a.action, a.detail, u.display_name, a.object_id FROM supplier_audit a JOIN users u ON u.id = a.user_id "
        "WHERE a.supplier_id = ? AND a.action <> 'read' AND a.kind IN ('supplier', 'contract', 'lead', 'reliance', 'site') ORDER BY a.id DESC LIMIT 100");
    q.bind(1, id);
    // Codes, not sentences: the client words them in the reader's language.
    while (q.step())
      timeline.push_back({{"at", time_json(q.col_int(0))}, {"kind", q.col_text(1)}, {"action", q.col_text(2)}, {"detail", q.col_text(3)},
                          {"by_name", q.col_text(4)}});
  }
  for (auto const& x : visible_cases)
    timeline.push_back({{"at", time_json(x.created_at)}, {"kind", "case"}, {"method", x.method}, {"org_name", x.org.org_name},
                        {"status", x.status}, {"by_name", x.created_by_name}});
  std::stable_sort(timeline.begin(), timeline.end(), [](json const& x, json const& y) { return x["at"].get<std::string>() > y["at"].get<std::string>(); });
  audit_read(svc, v.user_id, id, "supplier", id);
  return answer(json{{"supplier", supplier_json(c, v, s)},
                     {"sites", std::move(sites)},
                     {"contracts", std::move(contracts)},
                     {"cases", std::move(cases)},
                     {"reliances", std::move(reliances)},
                     {"topics", std::move(topics)},
                     {"meetings", std::move(meetings)},
                     {"drafts", std::move(drafts)},
                     {"timeline", std::move(timeline)},
                     {"can_edit", v.is_admin || v.participant},
                     {"can_see_audit", suppliers::may_see_audit(*c.db, v, id)}});
}

result<json> supplier_create(services& svc, call& c, json const& a) {
  auto v = viewer_for(c);
  ARENA_TRY(in, supplier_fields(a));
  ARENA_TRY(s, commit_then<suppliers::supplier>(
                   svc, [&](store::connection& w) { return suppliers::create_supplier(w, v, in); },
                   [&svc](suppliers::supplier const& s) { publish_supplier(svc, s); }));
  return answer(json{{"supplier", supplier_json(c, v, s)}});
}

result<json> supplier_update(services& svc, call& c, json const& a) {
  auto v = viewer_for(c);
  ARENA_TRY(id, args::id(a, "supplier_id"));
  ARENA_TRY(in, supplier_fields(a));
  ARENA_TRY(s, commit_then<suppliers::supplier>(
                   svc, [&](store::connection& w) { return suppliers::update_supplier(w, v, id, in); },
                   [&svc](suppliers::supplier const& s) { publish_supplier(svc, s); }));
  return answer(json{{"supplier", supplier_json(c, v, s)}});
}

result<json> supplier_site_save(services& svc, call& c, json const& a) {
  auto v = viewer_for(c);
  ARENA_TRY(id, args::id(a, "supplier_id"));
  suppliers::site_input in;
  ARENA_TRY(site_id, args::opt_id(a, "site_id"));
  in.site_id = site_id;
  ARENA_TRY(name, args::string(a, "name", 0, 1000));
  in.name = name;
  ARENA_TRY(address, args::opt_string(a, "address", 2000));
  in.address = address.value_or("");
  ARENA_TRY(country, args::string(a, "country", 0, 10));
  in.country = country;
  ARENA_TRY(tier, args::string(a, "tier", 0, 40));
  in.tier = tier;
  ARENA_TRY(products, args::opt_string(a, "products", 4000));
  in.products = products.value_or("");
  ARENA_TRY(r, change_supplier<suppliers::site>(svc, id, [&](store::connection& w) { return suppliers::save_site(w, v, id, in); }));
  return answer(json{{"site", to_json(r)}});
}

result<json> supplier_site_delete(services& svc, call& c, json const& a) {
  auto v = viewer_for(c);
  ARENA_TRY(id, args::id(a, "supplier_id"));
  ARENA_TRY(site_id, args::id(a, "site_id"));
  ARENA_TRY(done, change_supplier<bool>(svc, id, [&](store::connection& w) -> result<bool> {
    if (auto st = suppliers::delete_site(w, v, id, site_id); !st) return st.error();
    return true;
  }));
  (void)done;
  return answer(json::object());
}

result<json> supplier_contract_save(services& svc, call& c, json const& a) {
  auto v = viewer_for(c);
  ARENA_TRY(id, args::id(a, "supplier_id"));
  ARENA_TRY(named, args::opt_id(a, "org_id"));
  ARENA_TRY(org, suppliers::acting_org(*c.db, v, named));
  suppliers::contract_input in;
  in.org_id = org;
  ARENA_TRY(cid, args::opt_id(a, "contract_id"));
  in.contract_id = cid;
  ARENA_TRY(products, args::opt_string(a, "products", 4000));
  in.products = products.value_or("");
  ARENA_TRY(ref, args::opt_string(a, "contract_ref", 400));
  in.contract_ref = ref.value_or("");
  ARENA_TRY(ps, args::opt_string(a, "period_start", 20));
  in.period_start = ps;
  ARENA_TRY(pe, args::opt_string(a, "period_end", 20));
  in.period_end = pe;
  ARENA_TRY(vb, args::string(a, "value_band", 0, 20));
  in.value_band = vb;
  ARENA_TRY(cl, args::string(a, "clause_level", 0, 20));
  in.clause_level = cl;
  ARENA_TRY(rm, args::opt_string(a, "required_method", 60));
  in.required_method = rm;
  ARENA_TRY(r, change_supplier<suppliers::contract>(svc, id, [&](store::connection& w) { return suppliers::save_contract(w, v, id, in); }));
  return answer(json{{"contract", to_json(r)}});
}

result<json> supplier_contract_delete(services& svc, call& c, json const& a) {
  auto v = viewer_for(c);
  ARENA_TRY(id, args::id(a, "supplier_id"));
  ARENA_TRY(cid, args::id(a, "contract_id"));
  ARENA_TRY(done, change_supplier<bool>(svc, id, [&](store::connection& w) -> result<bool> {
    if (auto st = suppliers::delete_contract(w, v, id, cid); !st) return st.error();
    return true;
  }));
  (void)done;
  return answer(json::object());
}

result<json> supplier_set_lead(services& svc, call& c, json const& a) {
  auto v = viewer_for(c);
  ARENA_TRY(id, args::id(a, "supplier_id"));
  ARENA_TRY(clear, args::opt_bool(a, "clear"));
  std::int64_t org = 0;
  if (!clear.value_or(false)) {
    ARENA_TRY(named, args::opt_id(a, "org_id"));
    ARENA_TRY(o, suppliers::acting_org(*c.db, v, named));
    org = o;
  }
  ARENA_TRY(on_behalf, args::id_list(a, "on_behalf", 200));
  ARENA_TRY(s, commit_then<suppliers::supplier>(
                   svc,
                   [&](store::connection& w) -> result<suppliers::supplier> {
                     if (clear.value_or(false)) return suppliers::clear_lead(w, v, id);
                     return suppliers::set_lead(w, v, id, org, on_behalf);
                   },
                   [&svc](suppliers::supplier const& s) { publish_supplier(svc, s); }));
  return answer(json{{"supplier", supplier_json(c, v, s)}});
}

result<json> supplier_reliance_check(services&, call& c, json const& a) {
  auto v = viewer_for(c);
  ARENA_TRY(id, args::id(a, "supplier_id"));
  ARENA_TRY(case_id, args::id(a, "case_id"));
  ARENA_TRY(named, args::opt_id(a, "org_id"));
  ARENA_TRY(org, suppliers::acting_org(*c.db, v, named));
  if (!suppliers::can_see_case(*c.db, v, case_id)) return make_error(errc::not_found, "no such follow-up case of this supplier");
  ARENA_TRY(verdict, suppliers::reliance_check(*c.db, id, case_id, org));
  return answer(json{{"valid", verdict.valid}, {"reasons", verdict.reasons}, {"reasons_nb", verdict.reasons_nb}, {"max_age_days", verdict.max_age_days}});
}

result<json> supplier_rely(services& svc, call& c, json const& a) {
  auto v = viewer_for(c);
  ARENA_TRY(id, args::id(a, "supplier_id"));
  ARENA_TRY(case_id, args::id(a, "case_id"));
  ARENA_TRY(named, args::opt_id(a, "org_id"));
  ARENA_TRY(org, suppliers::acting_org(*c.db, v, named));
  ARENA_TRY(r, change_supplier<suppliers::reliance>(svc, id, [&](store::connection& w) { return suppliers::rely(w, v, id, case_id, org); }));
  return answer(json{{"reliance", to_json(r)}});
}

result<json> supplier_unrely(services& svc, call& c, json const& a) {
  auto v = viewer_for(c);
  ARENA_TRY(id, args::id(a, "supplier_id"));
  ARENA_TRY(named, args::opt_id(a, "org_id"));
  ARENA_TRY(org, suppliers::acting_org(*c.db, v, named));
  ARENA_TRY(done, change_supplier<bool>(svc, id, [&](store::connection& w) -> result<bool> {
    if (auto st = suppliers::unrely(w, v, id, org); !st) return st.error();
    return true;
  }));
  (void)done;
  return answer(json::object());
}

result<json> supplier_priorities(services&, call& c, json const& a) {
  auto v = viewer_for(c);
  if (auto st = suppliers::require_member(v); !st) return st.error();
  ARENA_TRY(limit, args::opt_integer(a, "limit", 1, 1000));
  suppliers::list_filter every;
  every.limit = 0;
  auto all = suppliers::list_suppliers(*c.db, every);
  std::vector<suppliers::priority_input> in;
  std::map<std::int64_t, suppliers::supplier const*> by_id;
  for (auto const& s : all) {
    int max_value = 0;
    for (auto const& k : suppliers::contracts_of(*c.db, s.id)) max_value = std::max(max_value, suppliers::value_weight(k.value_band));
    in.push_back({s.id, s.name, s.risk_level, static_cast<int>(s.sharing.size()), max_value, s.lead.has_value()});
    by_id[s.id] = &s;
  }
  json out = json::array();
  for (auto const& row : suppliers::rank(in)) {
    if (out.size() >= static_cast<std::size_t>(limit.value_or(50))) break;
    json j = supplier_json(c, v, *by_id[row.in.supplier_id]);
    j["score"] = row.score;
    j["needs_lead"] = row.needs_lead;
    j["max_value_band"] = row.in.max_value;
    out.push_back(std::move(j));
  }
  return answer(json{{"suppliers", std::move(out)}});
}

result<json> supplier_audit(services&, call& c, json const& a) {
  auto v = viewer_for(c);
  ARENA_TRY(id, args::id(a, "supplier_id"));
  ARENA_TRY(limit, args::opt_integer(a, "limit", 1, 1000));
  ARENA_TRY(entries, suppliers::audit_of(*c.db, v, id, static_cast<int>(limit.value_or(200))));
  json out = json::array();
  for (auto const& e : entries) out.push_back(to_json(e));
  return answer(json{{"entries", std::move(out)}});
}

result<json> supplier_link(services& svc, call& c, json const& a) {
  auto v = viewer_for(c);
  ARENA_TRY(id, args::id(a, "supplier_id"));
  ARENA_TRY(kind, args::string(a, "kind", 1, 20));
  if (kind != "draft") return make_error(errc::bad_request, "kind: draft (meetings link a supplier in their agenda, topics with topic.bind)");
  ARENA_TRY(team_id, args::id(a, "team_id"));
  ARENA_TRY(draft_id, args::id(a, "id"));
  ARENA_TRY(on, args::opt_bool(a, "on"));
  ARENA_TRY(done, change_supplier<bool>(svc, id, [&](store::connection& w) -> result<bool> {
    if (auto st = suppliers::link_draft(w, v, id, team_id, draft_id, on.value_or(true)); !st) return st.error();
    return true;
  }));
  (void)done;
  return answer(json::object());
}

result<json> supplier_import(services& svc, call& c, json const& a) {
  auto v = viewer_for(c);
  std::string text;
  if (c.upload) text = *c.upload;
  else {
    ARENA_TRY(csv, args::string(a, "csv", 0, 60 * 1024));
    text = std::move(csv);
  }
  ARENA_TRY(dry, args::opt_bool(a, "dry_run"));
  bool const dry_run = dry.value_or(true);
  struct done_t {
    suppliers::import_report rep;
  };
  ARENA_TRY(r, commit_then<done_t>(
                   svc,
                   [&](store::connection& w) -> result<done_t> {
                     ARENA_TRY(rep, suppliers::import_csv(w, v, text, dry_run));
                     return done_t{rep};
                   },
                   [&svc](done_t const& d) {
                     if (!d.rep.dry_run && d.rep.errors.empty())
                       svc.hub.publish(bus::site_topic(), encode_shared(json{{"ev", "supplier.updated"}, {"supplier", nullptr}}));
                   }));
  json errors = json::array();
  for (auto const& e : r.rep.errors) errors.push_back({{"row", e.row}, {"field", e.field}, {"code", e.code}, {"detail", e.detail}, {"value", e.value}, {"message", e.message}});
  return answer(json{{"dry_run", r.rep.dry_run},
                     {"rows", r.rep.rows},
                     {"suppliers_new", r.rep.suppliers_new},
                     {"suppliers_existing", r.rep.suppliers_existing},
                     {"contracts_new", r.rep.contracts_new},
                     {"errors", std::move(errors)},
                     {"stored", !r.rep.dry_run && r.rep.errors.empty()}});
}

result<json> supplier_export(services&, call& c, json const& a) {
  auto v = viewer_for(c);
  if (auto st = suppliers::require_member(v); !st) return st.error();
  ARENA_TRY(format, args::string(a, "format", 1, 10));
  auto const date = suppliers::today_oslo();
  if (format == "csv")
    return answer(json{{"filename", "leverandorer-" + date + ".csv"}, {"content_type", "text/csv; charset=utf-8"},
                       {"content", suppliers::csv::write(suppliers::export_rows(*c.db), ';', true)}});
  if (format != "json") return make_error(errc::bad_request, "format: csv or json");
  json list = json::array();
  suppliers::list_filter every;
  every.limit = 0;
  for (auto const& s : suppliers::list_suppliers(*c.db, every)) {
    json j = to_json(s, {0, 0});
    j.erase("open_actions");
    j.erase("overdue_actions");
    json contracts = json::array();
    for (auto const& k : suppliers::contracts_of(*c.db, s.id)) contracts.push_back(to_json(k));
    j["contracts"] = std::move(contracts);
    json sites = json::array();
    for (auto const& x : suppliers::sites_of(*c.db, s.id)) sites.push_back(to_json(x));
    j["sites"] = std::move(sites);
    list.push_back(std::move(j));
  }
  return answer(json{{"filename", "leverandorer-" + date + ".json"}, {"content_type", "application/json"},
                     {"content", json{{"exported_at", time_json(util::now_ms())}, {"suppliers", std::move(list)}}.dump(2)}});
}

// ---- cases ----

result<json> case_create(services& svc, call& c, json const& a) {
  auto v = viewer_for(c);
  ARENA_TRY(id, args::id(a, "supplier_id"));
  ARENA_TRY(named, args::opt_id(a, "org_id"));
  ARENA_TRY(org, suppliers::acting_org(*c.db, v, named));
  ARENA_TRY(in, case_fields(a));
  ARENA_TRY(r, change_case<suppliers::followup_case>(svc, [&](store::connection& w) -> result<std::pair<suppliers::followup_case, std::int64_t>> {
    ARENA_TRY(k, suppliers::create_case(w, v, id, org, in));
    auto const changed = k.id;
    return std::pair{std::move(k), changed};
  }));
  return answer(json{{"case", to_json(r, true)}});
}

result<json> case_get(services& svc, call& c, json const& a) {
  auto v = viewer_for(c);
  ARENA_TRY(id, args::id(a, "case_id"));
  ARENA_TRY(k, suppliers::find_case(*c.db, v, id));
  audit_read(svc, v.user_id, k.supplier_id, "case", id);
  return answer(json{{"case", to_json(k, suppliers::can_edit_case(*c.db, v, id))}});
}

result<json> case_update(services& svc, call& c, json const& a) {
  auto v = viewer_for(c);
  ARENA_TRY(id, args::id(a, "case_id"));
  ARENA_TRY(in, case_fields(a));
  ARENA_TRY(r, change_case<suppliers::followup_case>(svc, [&](store::connection& w) -> result<std::pair<suppliers::followup_case, std::int64_t>> {
    ARENA_TRY(k, suppliers::update_case(w, v, id, in));
    auto const changed = id;
    return std::pair{std::move(k), changed};
  }));
  return answer(json{{"case", to_json(r, true)}});
}

result<json> case_findings(services& svc, call& c, json const& a) {
  auto v = viewer_for(c);
  ARENA_TRY(id, args::id(a, "case_id"));
  auto it = a.find("findings");
  if (it == a.end() || !it->is_array()) return make_error(errc::bad_request, "findings: an array of {\"step\", \"answer\"}");
  if (it->size() > 6) return make_error(errc::bad_request, "findings: 1..6 steps");
  std::vector<suppliers::finding_input> in;
  for (auto const& f : *it) {
    if (!f.is_object()) return make_error(errc::bad_request, "findings: an array of {\"step\", \"answer\"}");
    suppliers::finding_input x;
    ARENA_TRY(step, args::string(f, "step", 1, 10));
    x.step = step;
    ARENA_TRY(ans, args::string(f, "answer", 1, 20));
    x.answer = ans;
    ARENA_TRY(comment, args::opt_string(f, "comment", 20000));
    x.comment = comment.value_or("");
    ARENA_TRY(themes, args::string_list(f, "themes", 20, 40));
    x.themes = themes;
    ARENA_TRY(sev, args::opt_string(f, "severity", 20));
    x.severity = sev;
    in.push_back(std::move(x));
  }
  ARENA_TRY(r, change_case<suppliers::followup_case>(svc, [&](store::connection& w) -> result<std::pair<suppliers::followup_case, std::int64_t>> {
    ARENA_TRY(k, suppliers::set_findings(w, v, id, in));
    auto const changed = id;
    return std::pair{std::move(k), changed};
  }));
  return answer(json{{"case", to_json(r, true)}});
}

result<json> case_escalate(services& svc, call& c, json const& a) {
  auto v = viewer_for(c);
  ARENA_TRY(id, args::id(a, "case_id"));
  ARENA_TRY(to, args::string(a, "to", 1, 20));
  ARENA_TRY(comment, args::opt_string(a, "comment", 8000));
  ARENA_TRY(r, change_case<suppliers::followup_case>(svc, [&](store::connection& w) -> result<std::pair<suppliers::followup_case, std::int64_t>> {
    ARENA_TRY(k, suppliers::escalate(w, v, id, to, comment.value_or("")));
    auto const changed = id;
    return std::pair{std::move(k), changed};
  }));
  return answer(json{{"case", to_json(r, true)}});
}

result<json> action_save(services& svc, call& c, json const& a) {
  auto v = viewer_for(c);
  ARENA_TRY(case_id, args::id(a, "case_id"));
  suppliers::action_input in;
  ARENA_TRY(aid, args::opt_id(a, "action_id"));
  in.action_id = aid;
  ARENA_TRY(step, args::opt_string(a, "step", 10));
  in.step = step;
  ARENA_TRY(text, args::string(a, "action", 0, 10000));
  in.text = text;
  ARENA_TRY(owner, args::opt_string(a, "owner", 1000));
  in.owner = owner.value_or("");
  ARENA_TRY(deadline, args::string(a, "deadline", 0, 20));
  in.deadline = deadline;
  ARENA_TRY(status, args::opt_string(a, "status", 20));
  in.status = status;
  ARENA_TRY(evidence, args::opt_string(a, "evidence", 20000));
  in.evidence = evidence.value_or("");
  ARENA_TRY(r, change_case<suppliers::action>(svc, [&](store::connection& w) -> result<std::pair<suppliers::action, std::int64_t>> {
    ARENA_TRY(x, suppliers::save_action(w, v, case_id, in));
    auto const changed = case_id;
    return std::pair{std::move(x), changed};
  }));
  return answer(json{{"action", to_json(r)}});
}

result<json> action_verify(services& svc, call& c, json const& a) {
  auto v = viewer_for(c);
  ARENA_TRY(id, args::id(a, "action_id"));
  ARENA_TRY(r, change_case<suppliers::action>(svc, [&](store::connection& w) -> result<std::pair<suppliers::action, std::int64_t>> {
    ARENA_TRY(x, suppliers::verify_action(w, v, id));
    auto const changed = x.case_id;
    return std::pair{std::move(x), changed};
  }));
  return answer(json{{"action", to_json(r)}});
}

result<json> action_delete(services& svc, call& c, json const& a) {
  auto v = viewer_for(c);
  ARENA_TRY(id, args::id(a, "action_id"));
  ARENA_TRY(r, change_case<bool>(svc, [&](store::connection& w) -> result<std::pair<bool, std::int64_t>> {
    ARENA_TRY(case_id, suppliers::delete_action(w, v, id));
    return std::pair{true, case_id};
  }));
  (void)r;
  return answer(json::object());
}

result<json> document_upload(services& svc, call& c, json const& a) {
  auto v = viewer_for(c);
  ARENA_TRY(case_id, args::id(a, "case_id"));
  suppliers::document_input in;
  ARENA_TRY(title, args::string(a, "title", 0, 1000));
  in.title = title;
  ARENA_TRY(filename, args::string(a, "filename", 0, 1000));
  in.filename = filename;
  ARENA_TRY(ct, args::string(a, "content_type", 0, 200));
  in.content_type = ct.substr(0, ct.find(';'));
  ARENA_TRY(vis, args::opt_string(a, "visibility", 20));
  in.visibility = vis.value_or("sharing");
  ARENA_TRY(reason, args::opt_string(a, "exempt_reason", 4000));
  in.exempt_reason = reason.value_or("");
  if (c.upload) {
    in.content = *c.upload;
  } else {
    ARENA_TRY(b64, args::string(a, "content_base64", 0, 64 * 1024));
    bool ok = false;
    in.content = base64_decode(b64, ok);
    if (!ok) return make_error(errc::bad_request, "content_base64: not base64");
  }
  ARENA_TRY(r, change_case<suppliers::document>(svc, [&](store::connection& w) -> result<std::pair<suppliers::document, std::int64_t>> {
    ARENA_TRY(d, suppliers::add_document(w, v, case_id, in));
    auto const changed = case_id;
    return std::pair{std::move(d), changed};
  }));
  return answer(json{{"document", to_json(r)}});
}

result<json> document_delete(services& svc, call& c, json const& a) {
  auto v = viewer_for(c);
  ARENA_TRY(id, args::id(a, "document_id"));
  ARENA_TRY(r, change_case<bool>(svc, [&](store::connection& w) -> result<std::pair<bool, std::int64_t>> {
    ARENA_TRY(case_id, suppliers::delete_document(w, v, id));
    return std::pair{true, case_id};
  }));
  (void)r;
  return answer(json::object());
}

result<json> settings_theme_save(services& svc, call&, json const& a) {
  ARENA_TRY(code, args::string(a, "code", 0, 100));
  ARENA_TRY(nb, args::string(a, "nb", 0, 1000));
  ARENA_TRY(en, args::string(a, "en", 0, 1000));
  ARENA_TRY(list, commit_then<std::vector<suppliers::theme_row>>(
                      svc, [&](store::connection& w) { return suppliers::save_theme(w, code, nb, en); }, {}));
  json out = json::array();
  for (auto const& t : list) out.push_back({{"code", t.code}, {"nb", t.nb}, {"en", t.en}});
  return answer(json{{"themes", std::move(out)}});
}

result<json> settings_get(services&, call& c, json const&) {
  auto s = suppliers::settings(*c.db);
  return answer(json{{"settings", {{"self_assessment_days", s.self_assessment_days}, {"reliance_max_age_days", s.reliance_max_age_days}}}});
}

result<json> settings_update(services& svc, call&, json const& a) {
  ARENA_TRY(sa, args::opt_integer(a, "self_assessment_days", -100000, 100000));
  ARENA_TRY(rm, args::opt_integer(a, "reliance_max_age_days", -100000, 100000));
  std::optional<int> sa_i, rm_i;
  if (sa) sa_i = static_cast<int>(*sa);
  if (rm) rm_i = static_cast<int>(*rm);
  ARENA_TRY(s, commit_then<suppliers::settings_t>(
                   svc, [&](store::connection& w) { return suppliers::update_settings(w, sa_i, rm_i); }, {}));
  return answer(json{{"settings", {{"self_assessment_days", s.self_assessment_days}, {"reliance_max_age_days", s.reliance_max_age_days}}}});
}

}  // namespace arena::protocol

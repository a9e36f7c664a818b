#include "meetings/minutes.hpp"

#include "chat/mentions.hpp"
#include "drafts/documents.hpp"
#include "drafts/drafts.hpp"
#include "drafts/ot/utf8.hpp"

#include <algorithm>
#include <regex>

namespace arena::meetings {

namespace {

std::vector<member_name> members_of(store::connection& db, std::int64_t team_id) {
  std::vector<member_name> out;
  auto s = db.prepare("SELECT u.id, u.display_name FROM memberships ms JOIN users u ON u.id = ms.user_id WHERE ms.team_id = ?");
  s.bind(1, team_id);
  while (s.step()) out.push_back({s.col_int(0), s.col_text(1)});
  return out;
}

std::optional<std::string> current_text(store::connection& db, std::int64_t draft_id) {
  auto s = db.prepare("SELECT version FROM drafts WHERE id = ?");
  s.bind(1, draft_id);
  if (!s.step()) return std::nullopt;
  auto version = s.col_int(0);
  auto text = drafts::live_documents::text_at(db, draft_id, version);
  if (!text) return std::nullopt;
  return std::move(*text);
}

std::vector<action_item> actions_of_draft(store::connection& db, std::int64_t team_id, std::int64_t meeting_id, std::string const& key,
                                          std::int64_t draft_id, local_date today) {
  auto text = current_text(db, draft_id);
  if (!text) return {};
  auto items = parse_actions(*text, members_of(db, team_id), today);
  for (auto& it : items) {
    it.meeting_id = meeting_id;
    it.occurrence = key;
    it.draft_id = draft_id;
  }
  return items;
}

}  // namespace

std::optional<minutes_ref> minutes_of(store::connection& db, std::int64_t meeting_id, std::string const& key) {
  std::int64_t draft_id = 0;
  {
    auto s = db.prepare("SELECT draft_id FROM meeting_minutes WHERE meeting_id = ? AND occurrence = ?");
    s.bind(1, meeting_id).bind(2, key);
    if (!s.step()) return std::nullopt;
    draft_id = s.col_int(0);
  }
  auto d = drafts::find_any_draft(db, draft_id);
  if (!d) return std::nullopt;
  return minutes_ref{d->id, d->identifier, d->title};
}

std::string minutes_template(meeting const& m, occurrence const& o) {
  char when[32];
  std::snprintf(when, sizeof when, "%02d:%02d–%02d:%02d", o.start.hour, o.start.minute, o.end.hour, o.end.minute);
  std::string s = "# Referat: " + o.title + "\n\n";
  s += "**Dato:** " + format_nb(o.start.date) + " " + when + "\n";
  if (!o.location.empty()) s += "**Sted:** " + o.location + "\n";
  s += "\n## Dagsorden\n\n";
  if (m.agenda.empty()) s += "_Ingen dagsorden._\n";
  int n = 1;
  for (auto const& it : m.agenda) {
    s += std::to_string(n++) + ". " + it.title;
    std::string extra;
    if (!it.owner_name.empty()) extra += it.owner_name;
    if (it.minutes) extra += (extra.empty() ? "" : ", ") + std::to_string(*it.minutes) + " min";
    if (!extra.empty()) s += " (" + extra + ")";
    s += "\n";
  }
  s += "\n## Notater\n\n";
  for (auto const& it : m.agenda) s += "### " + it.title + "\n\n";
  s += "\n## Oppfølgingspunkter\n\n- [ ] \n";
  return s;
}

result<opened> open_minutes(store::connection& w, meeting const& m, occurrence const& o, std::int64_t user_id) {
  if (auto ref = minutes_of(w, m.id, o.key)) {
    ARENA_TRY(d, drafts::find_any_draft(w, ref->draft_id));
    return opened{std::move(d), false};
  }
  drafts::create_input in;
  in.team_id = m.team_id;
  in.user_id = user_id;
  std::string title = o.title;
  auto const suffix = " " + format_nb(o.key.empty() ? o.start.date : *parse_date(o.key));
  // Keep the title within the drafts' 200 characters, cut at a character boundary.
  while (drafts::ot::utf8::code_points(title) + drafts::ot::utf8::code_points(suffix) + 9 > 200 && !title.empty()) {
    title.pop_back();
    while (!title.empty() && (static_cast<unsigned char>(title.back()) & 0xC0) == 0x80) title.pop_back();
    if (!title.empty() && (static_cast<unsigned char>(title.back()) & 0xC0) == 0xC0) title.pop_back();
  }
  in.title = "Referat: " + title + suffix;
  in.kind = "annet";
  in.body = minutes_template(m, o);
  if (auto st = drafts::validate(in); !st) return st.error();
  ARENA_TRY(d, drafts::create_draft(w, in));
  w.prepare("INSERT INTO meeting_minutes (meeting_id, occurrence, draft_id) VALUES (?, ?, ?)").bind(1, m.id).bind(2, o.key).bind(3, d.id).run();
  return opened{std::move(d), true};
}

std::vector<action_item> parse_actions(std::string_view text, std::vector<member_name> const& members, local_date today) {
  static std::regex const task(R"(^[ \t]*[-*+][ \t]+\[([ xX])\][ \t]+(.*\S)[ \t]*$)");
  static std::regex const date(R"((^|[^0-9])([0-9]{2})\.([0-9]{2})\.([0-9]{4})($|[^0-9]))");
  std::vector<chat::person_name> people;
  for (auto const& m : members) people.push_back({m.user_id, m.name});
  std::vector<action_item> out;
  std::size_t at = 0;
  while (at <= text.size()) {
    auto nl = text.find('\n', at);
    if (nl == std::string_view::npos) nl = text.size();
    std::string line(text.substr(at, nl - at));
    at = nl + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::smatch mt;
    if (!std::regex_match(line, mt, task)) continue;
    action_item it;
    it.done = mt[1].str() != " ";
    it.text = mt[2].str();
    auto mentioned = chat::parse_mentions(it.text, people);
    if (!mentioned.user_ids.empty()) {
      it.owner_id = mentioned.user_ids.front();
      for (auto const& m : members)
        if (m.user_id == *it.owner_id) it.owner_name = m.name;
    }
    std::smatch dm;
    if (std::regex_search(it.text, dm, date)) it.due = parse_date(dm[4].str() + "-" + dm[3].str() + "-" + dm[2].str());
    it.overdue = !it.done && it.due && *it.due < today;
    out.push_back(std::move(it));
    if (nl == text.size()) break;
  }
  return out;
}

std::vector<action_item> occurrence_actions(store::connection& db, meeting const& m, std::string const& key, local_date today) {
  auto ref = minutes_of(db, m.id, key);
  if (!ref) return {};
  return actions_of_draft(db, m.team_id, m.id, key, ref->draft_id, today);
}

std::vector<action_item> team_actions(store::connection& db, std::int64_t team_id, bool open_only, local_date today) {
  std::vector<std::tuple<std::int64_t, std::string, std::int64_t>> links;
  {
    auto s = db.prepare(
        "SELECT mm.meeting_id, mm.occurrence, mm.draft_id FROM meeting_minutes mm JOIN meetings m ON m.id = mm.meeting_id "
        "WHERE m.team_id = ? ORDER BY mm.occurrence DESC LIMIT 200");
    s.bind(1, team_id);
    while (s.step()) links.emplace_back(s.col_int(0), s.col_text(1), s.col_int(2));
  }
  std::vector<action_item> out;
  for (auto const& [mid, key, did] : links)
    for (auto& it : actions_of_draft(db, team_id, mid, key, did, today))
      if (!open_only || !it.done) out.push_back(std::move(it));
  std::stable_sort(out.begin(), out.end(), [](action_item const& a, action_item const& b) {
    if (a.done != b.done) return !a.done;
    if (a.due.has_value() != b.due.has_value()) return a.due.has_value();
    if (a.due && b.due && *a.due != *b.due) return *a.due < *b.due;
    return false;
  });
  return out;
}

}  // namespace arena::meetings

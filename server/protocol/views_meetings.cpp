#include "protocol/views_meetings.hpp"

#include "protocol/views.hpp"

namespace arena::protocol {

namespace {

json recurrence_json(std::optional<meetings::recurrence> const& r) {
  if (!r) return nullptr;
  json j = {{"freq", meetings::to_string(r->f)}, {"interval", r->interval}};
  j["setpos"] = r->f == meetings::freq::monthly_weekday ? json(r->setpos) : json(nullptr);
  j["until"] = r->until ? json(meetings::format(*r->until)) : json(nullptr);
  j["count"] = r->count ? json(*r->count) : json(nullptr);
  return j;
}

json opt_text(std::optional<std::string> const& s) { return s ? json(*s) : json(nullptr); }

json opt_local(std::optional<meetings::local_dt> const& t) { return t ? json(meetings::format(*t)) : json(nullptr); }

}  // namespace

json to_json(meetings::meeting const& m) {
  json agenda = json::array();
  for (auto const& it : m.agenda) {
    json link = nullptr;
    if (it.link) link = {{"kind", it.link->kind}, {"id", it.link->id}, {"label", it.link->label}};
    agenda.push_back({{"title", it.title},
                      {"owner_id", it.owner_id ? json(*it.owner_id) : json(nullptr)},
                      {"owner_name", it.owner_id ? json(it.owner_name) : json(nullptr)},
                      {"minutes", it.minutes ? json(*it.minutes) : json(nullptr)},
                      {"link", std::move(link)}});
  }
  json guests = json::array();
  for (auto const& g : m.guests) guests.push_back({{"user_id", g.user_id}, {"display_name", g.display_name}});
  json exceptions = json::array();
  for (auto const& e : m.exceptions)
    exceptions.push_back({{"occurrence", e.occurrence}, {"cancelled", e.cancelled}, {"start", opt_local(e.start)}, {"end", opt_local(e.end)},
                          {"title", opt_text(e.title)}, {"description", opt_text(e.description)}, {"location", opt_text(e.location)},
                          {"video_url", opt_text(e.video_url)}});
  json topics = json::array();
  for (auto const& t : m.topics) topics.push_back({{"channel_id", t.channel_id}, {"topic_id", t.topic_id}, {"name", t.name}});
  return {{"id", m.id},
          {"team_id", m.team_id},
          {"uid", m.uid},
          {"title", m.title},
          {"description", m.description},
          {"location", m.location},
          {"video_url", m.video_url},
          {"is_open", m.is_open},
          {"tz", m.tz},
          {"start", meetings::format(m.start)},
          {"end", meetings::format(m.end)},
          {"start_utc", time_json(m.start_utc)},
          {"end_utc", time_json(m.end_utc)},
          {"recurrence", recurrence_json(m.rule)},
          {"agenda", std::move(agenda)},
          {"guests", std::move(guests)},
          {"reminders", m.reminders},
          {"status", m.cancelled ? "cancelled" : "scheduled"},
          {"sequence", m.sequence},
          {"created_by", m.created_by},
          {"created_by_name", m.created_by_name},
          {"created_at", time_json(m.created_at)},
          {"updated_at", time_json(m.updated_at)},
          {"exceptions", std::move(exceptions)},
          {"topics", std::move(topics)}};
}

json to_json(meetings::occurrence const& o) {
  return {{"meeting_id", o.meeting_id},
          {"team_id", o.team_id},
          {"occurrence", o.key},
          {"title", o.title},
          {"description", o.description},
          {"location", o.location},
          {"video_url", o.video_url},
          {"is_open", o.is_open},
          {"tz", o.tz},
          {"start", meetings::format(o.start)},
          {"end", meetings::format(o.end)},
          {"start_utc", time_json(o.start_utc)},
          {"end_utc", time_json(o.end_utc)},
          {"recurring", o.recurring},
          {"moved", o.moved},
          {"cancelled", o.cancelled},
          {"my_answer", opt_text(o.my_answer)}};
}

json to_json(meetings::answer const& a) {
  return {{"user_id", a.who.user_id},
          {"display_name", a.who.display_name},
          {"org_name", a.who.org_name},
          {"answer", opt_text(a.value)},
          {"comment", a.comment},
          {"answered_at", time_json(a.answered_at)},
          {"attended", a.attended ? json(*a.attended) : json(nullptr)},
          {"guest", a.who.guest}};
}

json to_json(meetings::action_item const& a) {
  return {{"meeting_id", a.meeting_id},
          {"occurrence", a.occurrence},
          {"draft_id", a.draft_id},
          {"text", a.text},
          {"owner_id", a.owner_id ? json(*a.owner_id) : json(nullptr)},
          {"owner_name", a.owner_id ? json(a.owner_name) : json(nullptr)},
          {"due", a.due ? json(meetings::format(*a.due)) : json(nullptr)},
          {"done", a.done},
          {"overdue", a.overdue}};
}

json to_json(meetings::poll const& p) {
  json slots = json::array();
  for (auto const& s : p.slots)
    slots.push_back({{"id", s.id}, {"start", meetings::format(s.start)}, {"end", meetings::format(s.end)}, {"start_utc", time_json(s.start_utc)},
                     {"end_utc", time_json(s.end_utc)}, {"yes", s.yes}, {"if_need_be", s.if_need_be}, {"no", s.no}});
  json answers = json::array();
  for (auto const& a : p.answers)
    answers.push_back({{"user_id", a.user_id}, {"display_name", a.display_name}, {"slot_id", a.slot_id}, {"answer", a.value}});
  return {{"id", p.id},
          {"team_id", p.team_id},
          {"title", p.title},
          {"description", p.description},
          {"location", p.location},
          {"video_url", p.video_url},
          {"is_open", p.is_open},
          {"tz", p.tz},
          {"status", p.status},
          {"slots", std::move(slots)},
          {"answers", std::move(answers)},
          {"respondents", p.respondents},
          {"meeting_id", p.meeting_id ? json(*p.meeting_id) : json(nullptr)},
          {"decided_slot_id", p.decided_slot_id ? json(*p.decided_slot_id) : json(nullptr)},
          {"created_by", p.created_by},
          {"created_by_name", p.created_by_name},
          {"created_at", time_json(p.created_at)}};
}

}  // namespace arena::protocol

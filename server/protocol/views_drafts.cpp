#include "protocol/views_drafts.hpp"

#include "protocol/ot_json.hpp"
#include "protocol/views.hpp"

namespace arena::protocol {

namespace {
json opt(std::optional<std::int64_t> v) { return v ? json(*v) : json(nullptr); }
}  // namespace

json to_json(drafts::draft const& d) {
  json source = nullptr;
  if (d.source)
    source = {{"draft_id", d.source->draft_id}, {"identifier", d.source->identifier}, {"team_name", d.source->team_name}, {"version", d.source->version}};
  return {{"id", d.id},
          {"team_id", d.team_id},
          {"team_name", d.team_name},
          {"identifier", d.identifier},
          {"title", d.title},
          {"kind", d.kind},
          {"category", d.category ? json(*d.category) : json(nullptr)},
          {"tags", d.tags},
          {"status", std::string(drafts::to_string(d.state))},
          {"version", d.version},
          {"length", d.length},
          {"created_by", d.created_by},
          {"created_by_name", d.created_by_name},
          {"created_at", time_json(d.created_at)},
          {"updated_at", time_json(d.updated_at)},
          {"source", std::move(source)},
          {"published_version", opt(d.published_version)}};
}

json to_json(drafts::status_change const& c) {
  return {{"from", c.from}, {"to", c.to}, {"by", c.by}, {"by_name", c.by_name}, {"at", time_json(c.at)}, {"comment", c.comment}, {"version", c.version}};
}

json to_json(drafts::version_entry const& v) {
  return {{"id", v.id}, {"version", v.version}, {"label", v.label}, {"kind", v.kind}, {"by", v.by}, {"by_name", v.by_name}, {"at", time_json(v.at)}};
}

json to_json(drafts::op_record const& r) {
  return {{"version", r.version}, {"op", op_to_json(r.op)}, {"user_id", r.user_id}, {"client_id", r.client_id}, {"client_seq", r.client_seq}, {"at", time_json(r.at)}};
}

json to_json(drafts::cursor const& c) {
  return {{"socket", c.socket}, {"user_id", c.user_id}, {"display_name", c.display_name}, {"color", c.color}, {"anchor", c.anchor}, {"head", c.head}};
}

json to_json(drafts::comment const& c) {
  return {{"id", c.id},
          {"draft_id", c.draft_id},
          {"parent_id", opt(c.parent_id)},
          {"author_id", c.author_id},
          {"author_name", c.author_name},
          {"body", c.body},
          {"start", opt(c.start)},
          {"end", opt(c.end)},
          {"version", opt(c.anchor_version)},
          {"quote", c.parent_id ? json(nullptr) : json(c.quote)},
          {"detached", c.detached},
          {"resolved", c.resolved},
          {"created_at", time_json(c.created_at)},
          {"edited_at", time_json(c.edited_at)}};
}

}  // namespace arena::protocol

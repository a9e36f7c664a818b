#include "protocol/views.hpp"

#include "util/clock.hpp"

namespace arena::protocol {

json time_json(std::int64_t ms) { return util::format_rfc3339_ms(ms); }
json time_json(std::optional<std::int64_t> ms) { return ms ? time_json(*ms) : json(nullptr); }

namespace {
template <class T>
json opt(std::optional<T> const& v) {
  return v ? json(*v) : json(nullptr);
}
}  // namespace

json to_json(accounts::user const& u) {
  return {{"id", u.id},           {"email", u.email},         {"display_name", u.display_name},
          {"org_id", opt(u.org_id)}, {"org_name", u.org_name},   {"language", u.language},
          {"is_admin", u.is_admin}, {"disabled", u.disabled},   {"created_at", time_json(u.created_at)}};
}

json to_json(accounts::organisation const& o) {
  return {{"id", o.id}, {"name", o.name}, {"orgnr", opt(o.orgnr)}, {"foreign_id", opt(o.foreign_id)}, {"country", o.country}};
}

json to_json(accounts::api_token_info const& t) {
  return {{"id", t.id}, {"name", t.name}, {"created_at", time_json(t.created_at)}, {"last_seen_at", time_json(t.last_seen_at)}};
}

json to_json(teams::team const& t) {
  return {{"id", t.id},
          {"slug", t.slug},
          {"name", t.name},
          {"description", t.description},
          {"archived", t.archived},
          {"my_role", t.my_role ? json(std::string(auth::to_string(*t.my_role))) : json(nullptr)},
          {"member_count", t.member_count}};
}

json to_json(teams::member const& m) {
  return {{"user_id", m.user_id},   {"display_name", m.display_name}, {"email", m.email},
          {"org_name", m.org_name}, {"role", std::string(auth::to_string(m.role))}, {"since", time_json(m.since)}};
}

json to_json(teams::invitation const& i) {
  return {{"id", i.id},
          {"team_id", i.team_id},
          {"role", std::string(auth::to_string(i.role))},
          {"email", opt(i.email)},
          {"created_by", i.created_by},
          {"created_by_name", i.created_by_name},
          {"created_at", time_json(i.created_at)},
          {"expires_at", time_json(i.expires_at)},
          {"used_at", time_json(i.used_at)},
          {"revoked_at", time_json(i.revoked_at)}};
}

}  // namespace arena::protocol

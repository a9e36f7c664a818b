// Channels and topics in the store. Reads take any connection; writes take the writer's
// connection inside a writer job. Authorisation is decided by auth/policy, not here; lookups
// scoped to a team answer not_found for a channel of another team.
#pragma once

#include "chat/model.hpp"
#include "store/connection.hpp"
#include "util/error.hpp"

#include <vector>

namespace arena::chat {

inline constexpr char const* default_channels[] = {"Generelt", "Erfaringsutveksling"};

// The bus topic of a channel's live events.
std::string channel_topic(std::int64_t channel_id);

// Channels of a team, archived ones last; counts are the viewer's (0: no counts).
std::vector<channel> list_channels(store::connection& db, std::int64_t team_id, std::int64_t viewer_id);
// The channel if it belongs to the team (not_found otherwise).
result<channel> find_channel(store::connection& db, std::int64_t team_id, std::int64_t channel_id, std::int64_t viewer_id = 0);

struct channel_input {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<bool> archived;
};
// Creates the default channels of a new team.
void create_default_channels(store::connection& w, std::int64_t team_id);
result<channel> create_channel(store::connection& w, std::int64_t team_id, channel_input const& in);
result<channel> update_channel(store::connection& w, std::int64_t team_id, std::int64_t channel_id, channel_input const& in);

// Topics of a channel by latest activity first, with the viewer's unread counts.
std::vector<topic> list_topics(store::connection& db, std::int64_t channel_id, std::int64_t viewer_id);
// Binds a topic to an object of the team, or unbinds it (nullopt). not_found for a topic or an
// object that is not in the team; bad_request for a kind that does not exist yet.
result<topic> bind_topic(store::connection& w, std::int64_t team_id, std::int64_t channel_id, std::int64_t topic_id,
                         std::optional<binding> const& b);
// The topics of the team bound to an object, latest activity first, with their channel names.
std::vector<topic> topics_bound_to(store::connection& db, std::int64_t team_id, std::string const& kind, std::int64_t id);
// The id of the topic of that name in the channel, created when missing (writer only).
std::int64_t topic_id_for(store::connection& w, std::int64_t channel_id, std::string const& name, std::int64_t now_ms);

std::size_t code_points(std::string_view s);

}  // namespace arena::chat

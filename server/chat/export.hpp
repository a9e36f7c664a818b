// A channel (or one topic) as Markdown for the archive: every message with author,
// organisation, Oslo time, channel and topic; deleted ones as tombstones. (The JSON export is
// built in protocol/ from the same messages.) Pure; thread-safe.
#pragma once

#include "chat/model.hpp"

#include <vector>

namespace arena::chat {

std::string export_markdown(std::string const& team_name, channel const& ch, std::optional<std::string> const& topic,
                            std::vector<message> const& messages);
// "<channel>[-<topic>].<ext>" with anything but letters, digits, - and _ replaced by -.
std::string export_filename(channel const& ch, std::optional<std::string> const& topic, std::string const& ext);

}  // namespace arena::chat

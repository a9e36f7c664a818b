#include "chat/export.hpp"

#include "chat/oslo_time.hpp"

namespace arena::chat {

namespace {
std::string slug(std::string const& s) {
  std::string out;
  for (unsigned char c : s) {
    bool keep = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_' || c >= 0x80;
    out += keep ? static_cast<char>(c) : '-';
  }
  return out;
}
}  // namespace

std::string export_markdown(std::string const& team_name, channel const& ch, std::optional<std::string> const& topic,
                            std::vector<message> const& messages) {
  std::string out = "# " + team_name + " / " + ch.name + "\n\n";
  if (topic) out += "Emne: " + *topic + "\n\n";
  for (auto const& m : messages) {
    out += "## #" + std::to_string(m.seq) + " " + m.author_name;
    if (!m.org_name.empty()) out += " (" + m.org_name + ")";
    out += " — " + format_oslo(m.created_at) + " — " + ch.name + " › " + m.topic + "\n\n";
    if (m.deleted) out += "*[slettet]*\n\n";
    else {
      if (m.archive_worthy) out += "**Arkivverdig**\n\n";
      out += m.body + "\n\n";
    }
  }
  return out;
}

std::string export_filename(channel const& ch, std::optional<std::string> const& topic, std::string const& ext) {
  return slug(ch.name) + (topic ? "-" + slug(*topic) : "") + "." + ext;
}

}  // namespace arena::chat

// Requirement drafts as the rest of the server sees them (docs/PROTOCOL.md, "Requirement
// drafts"). Plain data; no JSON, no SQLite.
#pragma once

#include "drafts/ot/op.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace arena::drafts {

// The most text a draft may hold, in UTF-8 bytes.
inline constexpr std::uint64_t max_text_bytes = 1024 * 1024;

enum class draft_status { utkast, til_gjennomgang, godkjent, publisert, arkivert };
std::string_view to_string(draft_status s) noexcept;
std::optional<draft_status> parse_status(std::string_view s) noexcept;
// Edits are accepted only while a draft is being written or reviewed.
inline bool editable(draft_status s) noexcept { return s == draft_status::utkast || s == draft_status::til_gjennomgang; }

bool valid_kind(std::string_view k) noexcept;
bool valid_category(std::string_view c) noexcept;

struct source_ref {
  std::int64_t draft_id = 0;
  std::string identifier;
  std::string team_name;
  std::int64_t version = 0;
};

struct draft {
  std::int64_t id = 0;
  std::int64_t team_id = 0;
  std::string team_name;
  std::string identifier;  // "BA-012"
  std::string title;
  std::string kind;
  std::optional<std::string> category;
  std::vector<std::string> tags;
  draft_status state = draft_status::utkast;
  std::int64_t version = 0;
  std::int64_t length = 0;  // code points
  std::int64_t created_by = 0;
  std::string created_by_name;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::optional<source_ref> source;
  std::optional<std::int64_t> published_version;
};

struct status_change {
  std::string from, to;
  std::int64_t by = 0;
  std::string by_name;
  std::int64_t at = 0;
  std::string comment;
  std::int64_t version = 0;
};

struct version_entry {
  std::int64_t id = 0;
  std::int64_t version = 0;
  std::string label;
  std::string kind;  // named, auto, restore, status
  std::int64_t by = 0;
  std::string by_name;
  std::int64_t at = 0;
};

// One applied op as the log and the events carry it; `version` is the draft's after it.
struct op_record {
  std::int64_t version = 0;
  ot::op op;
  std::int64_t user_id = 0;
  std::string client_id;
  std::int64_t client_seq = 0;
  std::int64_t at = 0;
};

// One editor's caret and selection, live only.
struct cursor {
  std::uint64_t socket = 0;
  std::int64_t user_id = 0;
  std::string display_name;
  std::string color;
  std::uint64_t anchor = 0;
  std::uint64_t head = 0;
};

struct comment {
  std::int64_t id = 0;
  std::int64_t draft_id = 0;
  std::optional<std::int64_t> parent_id;
  std::int64_t author_id = 0;
  std::string author_name;
  std::string body;
  // The anchor [start, end) at `anchor_version` (threads only; replies have none).
  std::optional<std::int64_t> start, end, anchor_version;
  std::string quote;
  bool detached = false;
  bool resolved = false;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> edited_at;
};

// A colour per person for cursors and authorship, stable across sessions.
std::string color_of(std::int64_t user_id);

}  // namespace arena::drafts

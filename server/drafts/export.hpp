// Exporting a draft: Markdown, a standalone HTML page, and Word (.docx) through pandoc.
//
// The body is the draft's text, CommonMark. Every format starts with the same header: the
// title, then the identifier, kind, version, status, team and the export date (dd.mm.yyyy in
// Europe/Oslo). The metadata is escaped for the target format; the body is rendered safely
// (no raw HTML, no javascript: links). Thread-safe (no shared state except the limit on
// concurrent pandoc runs).
#pragma once

#include "util/error.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace arena::drafts {

struct export_meta {
  std::string title;
  std::string identifier;  // e.g. "BA-012"
  std::string kind;        // e.g. "kravspesifikasjon"
  std::string status;      // e.g. "godkjent"
  std::string team;
  std::int64_t version = 0;  // shown when > 0
  std::int64_t at_ms = 0;    // export time (UTC ms), shown as dd.mm.yyyy in Oslo; 0: not shown
};

// A docx export runs pandoc for at most this long; then it is killed.
inline constexpr std::chrono::seconds docx_time_limit{20};
// At most this many pandoc processes at once; further exports get errc::unavailable.
inline constexpr int docx_max_concurrent = 2;
// A larger pandoc output is refused (errc::too_large).
inline constexpr std::uint64_t docx_max_bytes = 32u << 20;

// "dd.mm.yyyy" of the instant in Europe/Oslo.
std::string oslo_date(std::int64_t utc_ms);

// "# title", a blank line, an emphasised line with the metadata, a blank line, the body. The
// metadata is escaped so that it reads as plain text in CommonMark.
std::string export_markdown(export_meta const& m, std::string_view body);

// A complete HTML5 document (lang="nb", UTF-8, a restrictive Content-Security-Policy) with an
// escaped <title>, a header with the metadata, and the body rendered by cmark in its safe
// default: raw HTML is omitted and javascript:, vbscript:, file: and data: links are dropped.
std::string export_html(export_meta const& m, std::string_view body);

// The bytes of a .docx made by pandoc from export_markdown(m, body), read as CommonMark, with
// images reduced to their description (so none is read from disk or fetched) and links other
// than http, https, mailto and relative ones reduced to their text. Runs pandoc without
// a shell in a private temporary directory that is always removed, with docx_time_limit.
// Errors: unavailable when pandoc is not installed or too many exports run; internal when
// pandoc fails or times out; too_large past docx_max_bytes.
// REQUIRES: not on an io thread (it waits for a child process).
result<std::string> export_docx(export_meta const& m, std::string_view body);

}  // namespace arena::drafts

// CSV reading and writing for the supplier import/export; the choices are explained in csv.hpp.
#include "suppliers/csv.hpp"

#include <array>
#include <cstdint>
#include <exception>
#include <utility>

namespace arena::suppliers::csv {
namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

std::string at_line(int line) { return "CSV line " + std::to_string(line) + ": "; }

// The 1-based line of the first byte that is not valid UTF-8, or 0 if `s` is valid. Lines end
// at CRLF, LF or a lone CR, as in the parser.
int first_invalid_utf8_line(std::string_view s) {
  int line = 1;
  std::size_t i = 0;
  std::size_t const n = s.size();
  while (i < n) {
    auto const c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c == '\n') {
        ++line;
      } else if (c == '\r') {
        if (i + 1 < n && s[i + 1] == '\n') ++i;
        ++line;
      }
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    std::uint32_t min = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2, cp = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, cp = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, cp = c & 0x07, min = 0x10000;
    } else {
      return line;  // a continuation byte without a lead byte, or 0xF8..0xFF
    }
    if (n - i < len) return line;
    for (std::size_t k = 1; k < len; ++k) {
      auto const b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return line;
      cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return line;
    i += len;
  }
  return 0;
}

bool blank_cell(std::string_view c) {
  return c.find_first_not_of(" \t") == std::string_view::npos;
}

bool blank_row(std::vector<std::string> const& cells) {
  for (auto const& c : cells) {
    if (!blank_cell(c)) return false;
  }
  return true;
}

std::string trim(std::string_view s) {
  auto const b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  auto const e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

// Reads records one at a time; `line` is the physical line at `pos`.
struct reader {
  std::string_view s;
  char sep = ';';
  std::size_t pos = 0;
  int line = 1;

  bool at_end() const { return pos >= s.size(); }

  // At CR or LF: steps over CRLF, LF or CR.
  void consume_line_end() {
    if (s[pos] == '\r' && pos + 1 < s.size() && s[pos + 1] == '\n') ++pos;
    ++pos;
    ++line;
  }

  // Reads the record at `pos` (which must not be at the end) into `cells`, and the line end
  // after it.
  status read_record(std::vector<std::string>& cells) {
    cells.clear();
    char const stops_arr[3] = {sep, '\r', '\n'};
    std::string_view const stops(stops_arr, 3);
    for (;;) {
      std::string cell;
      if (pos < s.size() && s[pos] == '"') {
        int const quote_line = line;
        ++pos;
        for (;;) {
          if (pos >= s.size()) {
            return make_error(errc::bad_request,
                              at_line(quote_line) +
                                  "unterminated quote: the quoted cell starting on this line has "
                                  "no closing \"",
                              "csv_unterminated_quote");
          }
          char const c = s[pos];
          if (c == '"') {
            if (pos + 1 < s.size() && s[pos + 1] == '"') {
              cell += '"';
              pos += 2;
              continue;
            }
            ++pos;
            break;
          }
          if (c == '\r' || c == '\n') {
            cell += '\n';
            consume_line_end();
            continue;
          }
          auto e = s.find_first_of("\"\r\n", pos);
          if (e == std::string_view::npos) e = s.size();
          cell.append(s.substr(pos, e - pos));
          pos = e;
        }
      }
      // An unquoted cell, or what follows a closing quote: literal up to the separator or the
      // line end (quotes included, as Excel reads them).
      auto e = s.find_first_of(stops, pos);
      if (e == std::string_view::npos) e = s.size();
      cell.append(s.substr(pos, e - pos));
      pos = e;
      cells.push_back(std::move(cell));
      if (pos >= s.size()) return {};
      if (s[pos] == sep) {
        ++pos;
        continue;
      }
      consume_line_end();
      return {};
    }
  }
};

// Excel's `sep=X` hint line: X as separator, pos/line moved past it.
bool read_sep_hint(reader& r) {
  std::string_view const s = r.s;
  if (s.size() < 5 || s.substr(0, 4) != "sep=") return false;
  char const x = s[4];
  // One ASCII character (the text is valid UTF-8 by now, so a byte >= 0x80 starts a longer one).
  if (static_cast<unsigned char>(x) >= 0x80 || x == '"' || x == '\r' || x == '\n') return false;
  if (s.size() > 5 && s[5] != '\r' && s[5] != '\n') return false;
  r.sep = x;
  r.pos = 5;
  if (!r.at_end()) r.consume_line_end();
  return true;
}

// Chooses the separator from the first line that is not only whitespace: the candidate that
// splits that record into the most cells; ';' wins ties, then ','. One column reads as ';'.
char detect_separator(std::string_view s, std::size_t pos) {
  // Find the start of the first line with something other than spaces and tabs.
  std::size_t line_start = pos;
  for (std::size_t i = pos; i < s.size(); ++i) {
    char const c = s[i];
    if (c == '\r' || c == '\n') {
      line_start = i + 1;
    } else if (c != ' ' && c != '\t') {
      break;
    }
  }
  if (line_start >= s.size()) return ';';
  char best = ';';
  std::size_t best_cells = 0;
  std::vector<std::string> cells;
  for (char cand : {';', ',', '\t'}) {
    reader r{s, cand, line_start, 1};
    if (!r.read_record(cells)) continue;  // unterminated quote: the real parse reports it
    if (cells.size() > best_cells) {
      best = cand;
      best_cells = cells.size();
    }
  }
  return best;
}

result<table> parse_impl(std::string_view text, std::size_t max_rows) {
  if (text.substr(0, utf8_bom.size()) == utf8_bom) text.remove_prefix(utf8_bom.size());
  if (int bad = first_invalid_utf8_line(text)) {
    return make_error(errc::bad_request,
                      at_line(bad) +
                          "the file is not valid UTF-8 (in Excel, save it as \"CSV UTF-8\")",
                      "csv_not_utf8");
  }
  reader r{text};
  if (!read_sep_hint(r)) r.sep = detect_separator(text, 0);

  table t;
  t.separator = r.sep;
  bool have_header = false;
  std::vector<std::string> cells;
  while (!r.at_end()) {
    int const start_line = r.line;
    if (auto st = r.read_record(cells); !st) return st.error();
    if (blank_row(cells)) continue;
    if (!have_header) {
      t.header.reserve(cells.size());
      for (auto const& c : cells) t.header.push_back(trim(c));
      have_header = true;
      continue;
    }
    if (t.rows.size() >= max_rows) {
      return make_error(errc::too_large, at_line(start_line) + "more than " +
                                             std::to_string(max_rows) + " rows");
    }
    t.rows.push_back(std::move(cells));
    t.row_lines.push_back(start_line);
    cells = {};
  }
  if (!have_header) {
    return make_error(errc::bad_request, "the CSV file is empty: it has no header line", "csv_empty");
  }
  return t;
}

bool needs_quotes(std::string_view c, char sep) {
  if (c.empty()) return false;
  if (c.front() == ' ' || c.front() == '\t' || c.back() == ' ' || c.back() == '\t') return true;
  for (char ch : c) {
    if (ch == sep || ch == '"' || ch == '\r' || ch == '\n') return true;
  }
  return false;
}

// Maps the Latin-1 letter U+00C0..U+00FF (second byte of C3 xx) to ASCII; empty for the two
// symbols in that range (× and ÷), which are kept as they are.
std::string_view latin1_letter(unsigned char second) {
  std::uint32_t const cp = 0xC0 + (second - 0x80);  // C3 80..BF → U+00C0..U+00FF
  std::uint32_t const lower = (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ? cp + 0x20 : cp;
  switch (lower) {
    case 0xE6: return "ae";  // æ Æ
    case 0xF8: return "o";   // ø Ø
    case 0xE5: return "a";   // å Å
    case 0xE0: case 0xE1: case 0xE2: case 0xE3: case 0xE4: return "a";
    case 0xE7: return "c";
    case 0xE8: case 0xE9: case 0xEA: case 0xEB: return "e";
    case 0xEC: case 0xED: case 0xEE: case 0xEF: return "i";
    case 0xF0: return "d";
    case 0xF1: return "n";
    case 0xF2: case 0xF3: case 0xF4: case 0xF5: case 0xF6: return "o";
    case 0xF9: case 0xFA: case 0xFB: case 0xFC: return "u";
    case 0xFD: case 0xFF: return "y";
    case 0xFE: return "th";
    case 0xDF: return "ss";
    default: return {};
  }
}

}  // namespace

result<table> parse(std::string_view text, std::size_t max_rows) {
  try {
    return parse_impl(text, max_rows);
  } catch (std::exception const&) {
    return make_error(errc::internal, "out of memory while reading the CSV file");
  }
}

std::string write(std::vector<std::vector<std::string>> const& rows, char separator, bool bom) {
  std::string out;
  if (bom) out += utf8_bom;
  bool first_cell = true;
  for (auto const& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out += separator;
      std::string_view const c = row[i];
      bool const sylk = first_cell && !bom && c.substr(0, 2) == "ID";
      first_cell = false;
      if (!sylk && !needs_quotes(c, separator)) {
        out += c;
        continue;
      }
      out += '"';
      for (char ch : c) {
        if (ch == '"') out += '"';
        out += ch;
      }
      out += '"';
    }
    first_cell = false;
    out += "\r\n";
  }
  return out;
}

std::string header_key(std::string_view h) {
  // Trim spaces, tabs, line breaks and U+00A0 (C2 A0) at both ends.
  auto ascii_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  constexpr std::string_view nbsp = "\xC2\xA0";
  auto space_at_front = [&]() -> std::size_t {
    if (!h.empty() && ascii_space(h.front())) return 1;
    return h.substr(0, 2) == nbsp ? 2 : 0;
  };
  auto space_at_back = [&]() -> std::size_t {
    if (!h.empty() && ascii_space(h.back())) return 1;
    return h.size() >= 2 && h.substr(h.size() - 2) == nbsp ? 2 : 0;
  };
  while (std::size_t k = space_at_front()) h.remove_prefix(k);
  while (std::size_t k = space_at_back()) h.remove_suffix(k);

  std::string out;
  out.reserve(h.size());
  auto underscore = [&] {
    if (out.empty() || out.back() != '_') out += '_';
  };
  for (std::size_t i = 0; i < h.size(); ++i) {
    auto const c = static_cast<unsigned char>(h[i]);
    auto const next = i + 1 < h.size() ? static_cast<unsigned char>(h[i + 1]) : 0;
    if (c == ' ' || c == '\t' || c == '-' || c == '_') {
      underscore();
    } else if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c == 0xC2 && next == 0xA0) {  // U+00A0 NO-BREAK SPACE
      underscore();
      ++i;
    } else if (c == 0xC3 && next >= 0x80 && next <= 0xBF && !latin1_letter(next).empty()) {
      out += latin1_letter(next);
      ++i;
    } else if ((c == 0xCC && next >= 0x80 && next <= 0xBF) ||
               (c == 0xCD && next >= 0x80 && next <= 0xAF)) {  // U+0300..U+036F
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace arena::suppliers::csv

// CSV for the supplier import and export (docs/PROTOCOL.md, `supplier.import` and
// `supplier.export`): a small reader and writer for the files Norwegian Excel and other tools save.
//
// Reading (parse):
// - Encoding: UTF-8 only, with or without a BOM (EF BB BF, stripped). Anything else is rejected
//   with the line of the first bad byte; the usual cause is Excel's plain "CSV" (Windows-1252),
//   so the message suggests "CSV UTF-8". Overlong forms, surrogates and code points above
//   U+10FFFF are invalid too.
// - Separator: ';' (Norwegian Excel), ',' (English Excel, Google Sheets, LibreOffice) or a tab,
//   chosen from the header line: the most frequent of the three outside quotes, ';' winning
//   ties and then ','; a header without any of them (one column) reads as ';'. Excel's hint line
//   `sep=X` as the very first line is honoured and skipped.
// - Quoting as in RFC 4180: a field whose first character is '"' is quoted and may hold the
//   separator, doubled quotes ("" for ") and line breaks. Line breaks inside a quoted cell become
//   "\n" whatever they were in the file (Excel writes LF for Alt+Enter but files pass through
//   editors that rewrite them).
// - Leniency, like Excel: a quote in the middle of an unquoted field (`12" pipe`) is an ordinary
//   character, and so is text after a closing quote (`"ab"c` reads as `abc`); a quote after
//   leading spaces does not open a quoted field. Strictness here would reject files that open
//   fine in Excel, and the user could not see what is wrong with them.
// - Line ends: CRLF, LF or a lone CR (old Mac Excel), also mixed; the final one is optional.
//   Line numbers count physical lines (a line break inside quotes counts), so they match what
//   an editor shows.
// - Blank rows are skipped: a row whose cells are all empty or only spaces/tabs, which covers
//   empty lines and the `;;;;` rows Excel writes for formatted but empty rows. The header is
//   the first row that is not blank; its cells are trimmed of spaces and tabs. Data cells are
//   kept exactly as written (no trimming) and rows are not padded: a short row simply has fewer
//   cells, and the caller treats a missing cell as empty.
// - Errors (result, never an exception): bad_request for invalid UTF-8, an unterminated quote
//   (naming the line where the quoted field starts) and an input without a header; too_large
//   when there are more than max_rows data rows (it stops reading at that point).
//
// Writing (write): cells are quoted when they contain the separator, '"', CR or LF, or begin or
// end with a space or tab (so a reader that trims keeps them); CRLF line ends, as Excel writes;
// an optional BOM, without which Excel reads UTF-8 as Windows-1252. Without a BOM, a first cell
// starting with "ID" is quoted too, because Excel takes such a file for SYLK and refuses it.
// write() does not defend against spreadsheet formula injection (cells starting with = + - @):
// that changes the data, so it is the exporting caller's decision.
//
// Thread-safety: pure functions; thread-safe.
#pragma once

#include "util/error.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace arena::suppliers::csv {

struct table {
  char separator = ';';
  std::vector<std::string> header;             // cells of the first non-blank row, trimmed
  std::vector<std::vector<std::string>> rows;  // data rows (blank rows skipped)
  std::vector<int> row_lines;                  // 1-based line where each row starts
};

// Parses `text` as described above. Never throws (an allocation failure becomes `internal`).
result<table> parse(std::string_view text, std::size_t max_rows = 20000);

// Writes `rows` with `separator` (';', ',' or '\t'; never '"', CR or LF), CRLF after every row,
// preceded by a UTF-8 BOM when `bom`. A row with a single empty cell, or only empty cells, reads
// back as a blank row and is skipped by parse().
std::string write(std::vector<std::vector<std::string>> const& rows, char separator, bool bom);

// A header name reduced to a lookup key: trimmed (spaces, tabs, U+00A0), ASCII lower case,
// æ→ae, ø→o, å→a and their capitals, the common Latin-1 accents dropped (é→e, ä→a, ö→o, ü→u,
// ...), combining marks U+0300..U+036F dropped (so a decomposed "å" also gives "a"), and every
// run of spaces, '-' and '_' made one '_'. Other characters are kept.
// "Organisasjonsnummer" → "organisasjonsnummer", "Åpenhetsloven" → "apenhetsloven",
// "Kjøper" → "kjoper", "Risk level" → "risk_level", "Period-End" → "period_end".
std::string header_key(std::string_view h);

}  // namespace arena::suppliers::csv

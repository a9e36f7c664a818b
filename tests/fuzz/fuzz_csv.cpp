// fuzz_csv: the supplier CSV reader (suppliers/csv) and the import's dry run
// (suppliers/transfer: import_csv with dry_run) against a temporary database (under $TMPDIR,
// removed at exit) holding organisation "Oslo kommune" (910000004) with Anne, a participant of
// team 1, who imports; one supplier with a contract is already registered.
//
// It proves, besides ASan/UBSan finding no memory error, undefined behaviour or leak:
//   - parse() gives a table or bad_request/too_large; a table's separator is ';', ',' or tab
//     (or, from a `sep=` hint, another byte but a quote or line end),
//     its header is non-empty and trimmed, every row has its start line, lines increase, and
//     no cell holds a CR (line breaks in quoted cells read as "\n");
//   - write() then parse() gives the same header and rows back (with Excel's `sep=` hint line
//     naming the separator, since a one-column file cannot say it otherwise);
//   - the dry-run import answers a report or bad_request (never another error), counts the
//     rows parse() counts, names only lines where rows start, and stores nothing: the tables
//     of the register and its audit trail are unchanged.
#include "accounts/users.hpp"
#include "store/database.hpp"
#include "suppliers/csv.hpp"
#include "suppliers/register.hpp"
#include "suppliers/transfer.hpp"
#include "teams/teams.hpp"
#include "util/log.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include <unistd.h>

using namespace arena;
namespace csv = arena::suppliers::csv;

namespace {

[[noreturn]] void fail(std::string const& what) {
  std::fprintf(stderr, "FUZZ INVARIANT VIOLATED: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

struct csv_site {
  std::filesystem::path dir;
  std::unique_ptr<store::database> db;
  std::unique_ptr<store::connection> rd;
  std::int64_t importer = 0;

  csv_site() {
    util::log::set_min_level(util::log::level::error);
    char const* tmp = std::getenv("TMPDIR");
    std::string tmpl = std::string(tmp && *tmp ? tmp : "/tmp") + "/arena-fuzz-csv-XXXXXX";
    if (!::mkdtemp(tmpl.data())) fail("mkdtemp failed");
    dir = tmpl;
    db = std::make_unique<store::database>(store::database::options{dir / "arena.db", {}, 1});
    auto made = store::write_sync(db->write(), [&](store::connection& w) -> result<std::int64_t> {
      ARENA_TRY(org, accounts::create_org(w, accounts::org_input{"Oslo kommune", "910000004", std::nullopt, std::nullopt}));
      ARENA_TRY(anne, accounts::create_user(w, accounts::new_user{"anne@example.no", "Anne Oslo", "x", org.id, "nb", false}));
      ARENA_TRY(m, teams::add_member(w, 1, anne.id, auth::team_role::member));
      (void)m;
      return anne.id;
    });
    if (!made) fail("cannot create the importer: " + made.error().message);
    importer = *made;
    rd = std::make_unique<store::connection>(db->file().string(), store::connection::mode::read_only);
    // One supplier with a contract, stored by a real (not dry) import, so that rows can meet an
    // existing supplier and a duplicate contract reference.
    auto v = suppliers::viewer_of(*rd, importer, false);
    auto first = store::write_sync(db->write(), [&](store::connection& w) {
      return suppliers::import_csv(w, v, "navn;organisasjonsnummer;kjøper;kontrakt;verdi;klausul\nAlfa AS;983974880;Oslo kommune;K-1;1m_10m;basic\n", false);
    });
    if (!first || !first->errors.empty() || first->suppliers_new != 1) fail("the set-up import failed");
  }

  std::int64_t count(char const* table) {
    auto st = rd->prepare(std::string("SELECT count(*) FROM ") + table);
    if (!st.step()) fail("count failed");
    return st.col_int(0);
  }
};

csv_site* site = nullptr;

bool has_cr(std::vector<std::string> const& cells) {
  return std::any_of(cells.begin(), cells.end(), [](std::string const& c) { return c.find('\r') != std::string::npos; });
}

void check_table(csv::table const& t) {
  // Detected separators are ';', ',' or tab; Excel's `sep=X` hint may name any other byte but
  // a quote or a line end.
  if (t.separator == '"' || t.separator == '\r' || t.separator == '\n') fail("separator " + std::to_string(int(t.separator)));
  bool const usual = t.separator == ';' || t.separator == ',' || t.separator == '\t';
  if (t.header.empty()) fail("a table without header cells");
  for (auto const& h : t.header)
    if (!h.empty() && (h.front() == ' ' || h.front() == '\t' || h.back() == ' ' || h.back() == '\t')) fail("untrimmed header cell [" + h + "]");
  if (t.rows.size() != t.row_lines.size()) fail("rows and row_lines differ in size");
  for (std::size_t i = 0; i < t.row_lines.size(); ++i)
    if (t.row_lines[i] < 1 || (i > 0 && t.row_lines[i] <= t.row_lines[i - 1])) fail("row lines do not increase");
  if (has_cr(t.header)) fail("a CR in a header cell");
  for (auto const& r : t.rows)
    if (has_cr(r)) fail("a CR in a cell");
  // Round trip through the writer (which takes only the usual separators).
  if (!usual) return;
  std::vector<std::vector<std::string>> all{t.header};
  all.insert(all.end(), t.rows.begin(), t.rows.end());
  std::string text = std::string("sep=") + t.separator + "\r\n" + csv::write(all, t.separator, false);
  auto back = csv::parse(text, t.rows.size() + 1);
  if (!back) fail("parse refused what write wrote: " + back.error().message);
  if (back->header != t.header || back->rows != t.rows || back->separator != t.separator) fail("write then parse changed the table");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  site = new csv_site();
  std::atexit([] {
    std::error_code ec;
    std::filesystem::remove_all(site->dir, ec);
  });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  std::string_view text(reinterpret_cast<char const*>(data), size);
  auto t = csv::parse(text);
  if (!t) {
    auto c = t.error().code;
    if (c != errc::bad_request && c != errc::too_large) fail("parse failed with an unexpected code");
  } else {
    check_table(*t);
  }

  char const* tables[] = {"suppliers", "supplier_contracts", "supplier_categories", "supplier_audit", "supplier_sites"};
  std::int64_t before[std::size(tables)];
  for (std::size_t i = 0; i < std::size(tables); ++i) before[i] = site->count(tables[i]);
  auto v = suppliers::viewer_of(*site->rd, site->importer, false);
  auto rep = store::write_sync(site->db->write(), [&](store::connection& w) { return suppliers::import_csv(w, v, text, true); });
  if (!rep) {
    if (rep.error().code != errc::bad_request && rep.error().code != errc::too_large)
      fail("the dry run failed with an unexpected code: " + rep.error().message);
  } else {
    if (!rep->dry_run) fail("a dry run reported dry_run false");
    if (!t) fail("the import read a file that parse() refuses");
    if (rep->rows != static_cast<int>(t->rows.size())) fail("the import counted another number of rows than parse()");
    for (auto const& e : rep->errors) {
      if (e.code.empty() || e.message.empty()) fail("an import error without code or message");
      if (std::find(t->row_lines.begin(), t->row_lines.end(), e.row) == t->row_lines.end())
        fail("an import error names line " + std::to_string(e.row) + ", where no row starts");
    }
  }
  for (std::size_t i = 0; i < std::size(tables); ++i)
    if (site->count(tables[i]) != before[i]) fail(std::string("a dry run changed table ") + tables[i]);
  return 0;
}

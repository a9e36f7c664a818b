// Schema versions, migrations and backups.
//
// The schema's version is SQLite's own `PRAGMA user_version`, an integer in the database header:
// no meta table to create first, and it changes in the same transaction as the schema, so the two
// cannot disagree after a crash. Version N means "db/migrations/N_*.sql and everything before it
// have been applied"; a fresh file is version 0.
//
// Migrations are forward-only. Each one runs as BEGIN IMMEDIATE; <file>; PRAGMA user_version = N;
// COMMIT, so a failing migration leaves the database exactly at N-1 (earlier migrations stay
// applied) and the next start retries it. Files must therefore not contain BEGIN or COMMIT of
// their own. A database whose version is higher than the newest file was written by a newer
// binary: rather than run old code against a schema it does not know, start-up stops and says so.
// Migrations run on a private connection before the writer and the pool exist, so nothing else
// can observe a half-migrated schema.
//
// Backups use SQLite's online backup API from a separate read-only connection, copying in a
// single step. In WAL mode that step is one read transaction: it sees one consistent snapshot
// (everything committed before it began) and does not block the writer, which keeps appending to
// the WAL while the copy runs. The copy is switched to a rollback journal so that it is one
// self-contained file, then checked with PRAGMA integrity_check before it is reported good.

#include "store/database.hpp"

#include "util/log.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace arena::store {

namespace fs = std::filesystem;

namespace {

namespace log = util::log;

// NNNN_name.sql: four digits, an underscore, then [a-z0-9_]+. Returns the version, or 0 when
// the name does not match (0 is never a valid version: it means "empty database").
int parse_version(std::string const& file_name, std::string& name) {
  constexpr std::string_view ext = ".sql";
  if (file_name.size() < 4 + 1 + 1 + ext.size()) return 0;
  if (!file_name.ends_with(ext)) return 0;
  int version = 0;
  for (int i = 0; i < 4; ++i) {
    char c = file_name[static_cast<std::size_t>(i)];
    if (c < '0' || c > '9') return 0;
    version = version * 10 + (c - '0');
  }
  if (file_name[4] != '_') return 0;
  name = file_name.substr(5, file_name.size() - 5 - ext.size());
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return 0;
  return version;
}

std::string read_file(fs::path const& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read migration " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw std::runtime_error("cannot read migration " + p.string());
  return std::move(ss).str();
}

std::string label(migration const& m) {
  char num[16];
  std::snprintf(num, sizeof num, "%04d", m.version);
  return std::string(num) + "_" + m.name;
}

error backup_error(int rc, std::string const& detail) {
  log::error("store.backup_failed", {{"error", detail}, {"code", rc}});
  if ((rc & 0xff) == SQLITE_FULL) return make_error(errc::unavailable, "disk full");
  return make_error(errc::internal, "backup failed");
}

}  // namespace

std::vector<migration> load_migrations(fs::path const& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw std::runtime_error("migrations directory " + dir.string() + " not found");
  std::vector<migration> out;
  for (auto const& entry : fs::directory_iterator(dir)) {
    std::string file_name = entry.path().filename().string();
    // Only .sql files are migrations; a README or an editor's backup file next to them is not.
    if (!file_name.ends_with(".sql") || !entry.is_regular_file()) continue;
    migration m;
    m.version = parse_version(file_name, m.name);
    if (m.version == 0)
      throw std::runtime_error("malformed migration file name " + file_name +
                               " (expected NNNN_name.sql, NNNN from 0001)");
    m.sql = read_file(entry.path());
    out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(),
            [](migration const& a, migration const& b) { return a.version < b.version; });
  for (std::size_t i = 1; i < out.size(); ++i)
    if (out[i].version == out[i - 1].version)
      throw std::runtime_error("duplicate migration version: " + label(out[i - 1]) + ".sql and " +
                               label(out[i]) + ".sql");
  return out;
}

int schema_version(connection& db) {
  auto st = db.prepare("PRAGMA user_version");
  return st.step() ? static_cast<int>(st.col_int(0)) : 0;
}

int migrate(connection& db, std::vector<migration> const& migrations) {
  std::vector<migration const*> order;
  for (auto const& m : migrations) order.push_back(&m);
  std::sort(order.begin(), order.end(),
            [](migration const* a, migration const* b) { return a->version < b->version; });
  int newest = order.empty() ? 0 : order.back()->version;

  int current = schema_version(db);
  if (current > newest)
    throw std::runtime_error("database schema version " + std::to_string(current) +
                             " is newer than this binary supports (" + std::to_string(newest) +
                             "); upgrade arena");

  int applied = 0;
  for (migration const* m : order) {
    if (m->version <= current) continue;
    try {
      db.exec("BEGIN IMMEDIATE");
      db.exec(m->sql);
      // PRAGMA takes no parameters; the version is an int we parsed, not user input.
      db.exec("PRAGMA user_version = " + std::to_string(m->version));
      db.exec("COMMIT");
    } catch (std::exception const& e) {
      if (sqlite3_get_autocommit(db.raw()) == 0) {
        try {
          db.exec("ROLLBACK");
        } catch (sql_error const&) {
          // The connection is closed right after the throw below; SQLite rolls back on close.
        }
      }
      throw std::runtime_error("migration " + label(*m) + " failed: " + e.what());
    }
    current = m->version;
    ++applied;
  }
  return applied;
}

database::database(options opts) : opts_(std::move(opts)) {
  if (opts_.file.has_parent_path()) fs::create_directories(opts_.file.parent_path());
  auto migrations =
      opts_.migrations_dir.empty() ? embedded_migrations() : load_migrations(opts_.migrations_dir);
  latest_ = migrations.empty() ? 0 : migrations.back().version;
  {
    connection db(opts_.file.string(), connection::mode::read_write);
    migrate(db, migrations);
  }
  writer_ = std::make_unique<writer>(opts_.file.string(), writer::default_max_group,
                                     opts_.migrations_dir.empty() ? embedded_before_commit() : std::string());
  pool_ = std::make_unique<pool>(opts_.file.string(), opts_.pool_threads);
}

database::~database() { close(); }

void database::close() {
  // Pool first: its tasks may be waiting in writer::run_sync, so the writer must outlive them.
  if (pool_) pool_->stop();
  if (writer_) writer_->stop();
}

status database::backup_to(fs::path const& dest) {
  std::error_code ec;
  // Never overwrite: an existing file may be an older backup, and a stale -wal beside it would
  // be replayed into the new copy.
  if (fs::exists(dest, ec)) return make_error(errc::conflict, "backup destination already exists");
  if (dest.has_parent_path()) {
    fs::create_directories(dest.parent_path(), ec);
    if (ec) return backup_error(SQLITE_CANTOPEN, "cannot create " + dest.parent_path().string());
  }

  sqlite3* out = nullptr;
  int rc = sqlite3_open_v2(dest.c_str(), &out,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
                               SQLITE_OPEN_EXRESCODE,
                           nullptr);
  status result;
  if (rc != SQLITE_OK) {
    result = backup_error(rc, "cannot open " + dest.string() + ": " +
                                  (out ? sqlite3_errmsg(out) : sqlite3_errstr(rc)));
  } else {
    try {
      connection src(opts_.file.string(), connection::mode::read_only);
      sqlite3_backup* b = sqlite3_backup_init(out, "main", src.raw(), "main");
      if (!b) {
        result = backup_error(sqlite3_extended_errcode(out), sqlite3_errmsg(out));
      } else {
        // -1: the whole database in one step, hence one read transaction and one snapshot.
        // Copying in chunks would let commits in between restart the copy, forever under load.
        int step = sqlite3_backup_step(b, -1);
        int fin = sqlite3_backup_finish(b);
        if (step != SQLITE_DONE) {
          result = backup_error(step, sqlite3_errstr(step));
        } else if (fin != SQLITE_OK) {
          result = backup_error(fin, sqlite3_errmsg(out));
        } else if (int jm = sqlite3_exec(out, "PRAGMA journal_mode=DELETE", nullptr, nullptr,
                                         nullptr);
                   jm != SQLITE_OK) {
          result = backup_error(jm, sqlite3_errmsg(out));
        }
      }
    } catch (sql_error const& e) {
      result = backup_error(e.sqlite_code, e.what());
    }
  }
  sqlite3_close_v2(out);

  if (result) result = integrity_check(dest);
  if (!result) {
    // A copy that failed half-way, or fails its check, must not look like a backup.
    for (char const* suffix : {"", "-journal", "-wal", "-shm"})
      fs::remove(fs::path(dest.string() + suffix), ec);
  }
  return result;
}

status integrity_check(fs::path const& file) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return make_error(errc::not_found, "no database file at " + file.string());
  try {
    connection db(file.string(), connection::mode::read_only);
    auto st = db.prepare("PRAGMA integrity_check");
    std::vector<std::string> rows;
    // The pragma stops after 100 problems by default; the first few are enough for the log.
    while (st.step()) rows.push_back(st.col_text(0));
    if (rows.size() == 1 && rows[0] == "ok") return {};
    for (std::size_t i = 0; i < rows.size() && i < 10; ++i)
      log::error("store.integrity_problem", {{"file", file.string()}, {"problem", rows[i]}});
    return make_error(errc::internal,
                      "integrity check failed: " + (rows.empty() ? std::string("no result") : rows[0]));
  } catch (sql_error const& e) {
    log::error("store.integrity_problem", {{"file", file.string()}, {"error", e.what()}});
    return make_error(errc::internal, "integrity check failed: cannot read the database");
  }
}

}  // namespace arena::store

#include "store/connection.hpp"

#include <sqlite3.h>

#include <cstring>

namespace arena::store {

namespace {

// Primary code of an extended one (SQLITE_CONSTRAINT_UNIQUE -> SQLITE_CONSTRAINT).
bool is_constraint(int code) { return (code & 0xff) == SQLITE_CONSTRAINT; }

// Messages carry SQLite's own text and, at most, the SQL with its placeholders: never a bound
// value, because those are user data (emails, token hashes) and the message reaches the log.
[[noreturn]] void fail(sqlite3* db, int rc, std::string_view context) {
  std::string msg(context);
  msg += ": ";
  msg += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  throw sql_error(rc, std::move(msg), is_constraint(rc));
}

[[noreturn]] void fail_stmt(sqlite3* db, sqlite3_stmt* stmt, int rc) {
  // Long statements are cut: the log needs to recognise the query, not to replay it.
  constexpr std::size_t max_sql = 200;
  std::string context = "sql error in \"";
  char const* sql = sqlite3_sql(stmt);
  std::string_view text = sql ? std::string_view(sql) : std::string_view();
  if (text.size() > max_sql) {
    context.append(text.substr(0, max_sql));
    context += "...";
  } else {
    context.append(text);
  }
  context += '"';
  fail(db, rc, context);
}

// sqlite3_bind_text/blob treat a null pointer as SQL NULL; an empty string_view may have one,
// and an empty string or blob is a value, not NULL.
char const* non_null(std::string_view v) { return v.data() ? v.data() : ""; }

}  // namespace

// ---- statement -------------------------------------------------------------------------------

statement& statement::bind(int i, std::int64_t v) {
  int rc = sqlite3_bind_int64(stmt_, i, v);
  if (rc != SQLITE_OK) fail_stmt(db_, stmt_, rc);
  return *this;
}

statement& statement::bind(int i, double v) {
  int rc = sqlite3_bind_double(stmt_, i, v);
  if (rc != SQLITE_OK) fail_stmt(db_, stmt_, rc);
  return *this;
}

statement& statement::bind(int i, std::string_view v) {
  int rc = sqlite3_bind_text64(stmt_, i, non_null(v), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK) fail_stmt(db_, stmt_, rc);
  return *this;
}

statement& statement::bind_blob(int i, std::string_view bytes) {
  int rc = sqlite3_bind_blob64(stmt_, i, non_null(bytes), bytes.size(), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) fail_stmt(db_, stmt_, rc);
  return *this;
}

statement& statement::bind_null(int i) {
  int rc = sqlite3_bind_null(stmt_, i);
  if (rc != SQLITE_OK) fail_stmt(db_, stmt_, rc);
  return *this;
}

bool statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail_stmt(db_, stmt_, rc);
}

void statement::run() {
  while (step()) {
  }
}

bool statement::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

std::int64_t statement::col_int(int col) const { return sqlite3_column_int64(stmt_, col); }

double statement::col_double(int col) const { return sqlite3_column_double(stmt_, col); }

std::string statement::col_text(int col) const {
  // Text first, then bytes: the order SQLite documents as safe for type conversions.
  auto p = reinterpret_cast<char const*>(sqlite3_column_text(stmt_, col));
  int n = sqlite3_column_bytes(stmt_, col);
  return p ? std::string(p, static_cast<std::size_t>(n)) : std::string();
}

std::optional<std::string> statement::col_text_opt(int col) const {
  if (is_null(col)) return std::nullopt;
  return col_text(col);
}

std::optional<std::int64_t> statement::col_int_opt(int col) const {
  if (is_null(col)) return std::nullopt;
  return col_int(col);
}

std::string statement::col_blob(int col) const {
  auto p = static_cast<char const*>(sqlite3_column_blob(stmt_, col));
  int n = sqlite3_column_bytes(stmt_, col);
  return p ? std::string(p, static_cast<std::size_t>(n)) : std::string();
}

void statement::reset() {
  // The return value repeats the last step's error, which the caller has already seen.
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

// ---- connection ------------------------------------------------------------------------------

namespace {

// SQLite counts every allocation under a global mutex for sqlite3_memory_used(), which Arena
// never reads; the writer and the pool threads would contend on it for nothing. Must be set
// before SQLite initialises, i.e. before the first connection opens.
[[maybe_unused]] bool const memstatus_off = [] {
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  return true;
}();

}  // namespace

connection::connection(std::string const& path, mode m) : path_(path) {
  // NOMUTEX: a connection is confined to one thread, so SQLite's per-connection mutex would
  // only cost. EXRESCODE: extended codes everywhere, so sql_error can tell UNIQUE from CHECK.
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  flags |= m == mode::read_write ? (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) : SQLITE_OPEN_READONLY;
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = "cannot open database " + path + ": ";
    msg += db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    // sqlite3_open_v2 hands back a handle even on failure; it must still be closed.
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw sql_error(rc, std::move(msg), false);
  }
  sqlite3_extended_result_codes(db_, 1);
  try {
    // busy_timeout first: switching to WAL needs a lock another process may briefly hold.
    sqlite3_busy_timeout(db_, 5000);
    if (m == mode::read_write) {
      auto jm = prepare("PRAGMA journal_mode=WAL");
      std::string got = jm.step() ? jm.col_text(0) : std::string();
      // Without WAL, readers and the writer would block each other; better to refuse at
      // start-up than to stall under load. (In-memory databases cannot use WAL.)
      if (got != "wal" && got != "memory")
        throw sql_error(SQLITE_ERROR, "cannot enable WAL on " + path + " (journal_mode=" + got + ")",
                        false);
    }
    exec("PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;");
  } catch (...) {
    for (auto& [sql, st] : cache_) sqlite3_finalize(st->stmt_);
    cache_.clear();
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw;
  }
}

connection::~connection() {
  for (auto& [sql, st] : cache_) sqlite3_finalize(st->stmt_);
  // close_v2 rather than close: a leftover sqlite3_backup or stray statement must not leak the
  // handle; SQLite closes it once those are gone.
  sqlite3_close_v2(db_);
}

statement_ref connection::prepare(std::string_view sql) { return statement_ref(cached(sql)); }

statement& connection::cached(std::string_view sql) {
  if (auto it = cache_.find(sql); it != cache_.end()) {
    it->second->reset();
    return *it->second;
  }
  std::string key(sql);
  sqlite3_stmt* stmt = nullptr;
  char const* tail = nullptr;
  int rc = sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    fail(db_, rc, "cannot prepare \"" + key.substr(0, 200) + "\"");
  }
  if (!stmt) fail(db_, SQLITE_MISUSE, "cannot prepare an empty statement");
  // Anything after the first statement would be silently ignored by SQLite; a second
  // statement in prepare() is a bug, so say so instead of running half of it.
  for (char const* p = tail; p && p < key.data() + key.size(); ++p) {
    if (!std::strchr(" \t\r\n;", *p)) {
      sqlite3_finalize(stmt);
      throw sql_error(SQLITE_MISUSE, "prepare() takes one statement; use exec() for scripts",
                      false);
    }
  }
  auto [it, inserted] = cache_.emplace(std::move(key), std::make_unique<statement>(db_, stmt));
  return *it->second;
}

void connection::exec(std::string_view sql) {
  std::string text(sql);
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    // Scripts take no parameters, so their text is safe to log; its start names it well enough.
    constexpr std::size_t max_sql = 80;
    std::string context = "sql error in \"";
    for (char c : sql.substr(0, max_sql)) context += (c == '\n' || c == '\r') ? ' ' : c;
    context += sql.size() > max_sql ? "...\"" : "\"";
    fail(db_, sqlite3_extended_errcode(db_), context);
  }
}

std::int64_t connection::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

int connection::changes() const { return sqlite3_changes(db_); }

std::vector<std::string> connection::split_script(std::string_view script) {
  std::vector<std::string> out;
  std::string piece;
  for (char c : script) {
    piece += c;
    if (c == ';' && sqlite3_complete(piece.c_str())) {
      out.push_back(std::move(piece));
      piece.clear();
    }
  }
  // What follows the last statement may only be blank lines and `--` comments.
  bool in_comment = false;
  for (std::size_t i = 0; i < piece.size(); ++i) {
    char c = piece[i];
    if (in_comment) {
      in_comment = c != '\n';
    } else if (c == '-' && i + 1 < piece.size() && piece[i + 1] == '-') {
      in_comment = true;
    } else if (!std::strchr(" \t\r\n", c)) {
      throw sql_error(SQLITE_MISUSE, "script ends with an unterminated statement", false);
    }
  }
  return out;
}

}  // namespace arena::store

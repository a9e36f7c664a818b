// A SQLite connection and its prepared statements, without exposing sqlite3.h.
//
// Only store/ includes sqlite3.h. Domain code writes SQL through these two classes (the shape of
// Chromium's sql::Database / sql::Statement). SQLite failures throw store::sql_error: they are
// exceptional, and the writer and the pool turn them into errc::internal (or errc::conflict for
// a constraint violation) at the job boundary, so no exception crosses a thread or a strand.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace arena::store {

// Thrown on any SQLite error. `constraint` is true for UNIQUE/FOREIGN KEY/CHECK violations.
struct sql_error : std::runtime_error {
  sql_error(int code, std::string msg, bool constraint)
      : std::runtime_error(std::move(msg)), sqlite_code(code), constraint(constraint) {}
  int sqlite_code;
  bool constraint;
};

// One prepared statement. Not thread-safe; confined to the thread of its connection.
// Parameters are 1-based (as in SQLite), columns 0-based.
class statement {
 public:
  statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  statement(statement const&) = delete;
  statement& operator=(statement const&) = delete;

  statement& bind(int i, std::int64_t v);
  statement& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  statement& bind(int i, bool v) { return bind(i, static_cast<std::int64_t>(v ? 1 : 0)); }
  statement& bind(int i, double v);
  statement& bind(int i, std::string_view v);  // as TEXT (copied)
  statement& bind(int i, char const* v) { return bind(i, std::string_view(v)); }
  statement& bind(int i, std::string const& v) { return bind(i, std::string_view(v)); }
  statement& bind_blob(int i, std::string_view bytes);
  statement& bind_null(int i);
  template <class T>
  statement& bind(int i, std::optional<T> const& v) {
    if (v) return bind(i, *v);
    return bind_null(i);
  }

  // Steps once; true when a row is available. Throws sql_error on failure.
  bool step();
  // Steps to completion (for INSERT/UPDATE/DELETE). Throws sql_error on failure.
  void run();

  bool is_null(int col) const;
  std::int64_t col_int(int col) const;
  double col_double(int col) const;
  std::string col_text(int col) const;
  std::optional<std::string> col_text_opt(int col) const;
  std::optional<std::int64_t> col_int_opt(int col) const;
  std::string col_blob(int col) const;

  // Clears bindings and resets, ready for reuse (connection::prepare does this for you).
  void reset();

 private:
  friend class connection;
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

// A use of a cached statement, from prepare() to the end of the scope: the destructor resets
// it. That matters for correctness, not just tidiness: a statement left mid-result holds its
// read transaction open, and a connection with an open read transaction keeps seeing the
// snapshot it started with (WAL), missing what the writer committed since.
class statement_ref {
 public:
  explicit statement_ref(statement& s) : s_(&s) {}
  statement_ref(statement_ref&& o) noexcept : s_(o.s_) { o.s_ = nullptr; }
  statement_ref& operator=(statement_ref&&) = delete;
  ~statement_ref() {
    if (s_) s_->reset();
  }

  template <class T>
  statement_ref& bind(int i, T const& v) {
    s_->bind(i, v);
    return *this;
  }
  statement_ref& bind_blob(int i, std::string_view bytes) {
    s_->bind_blob(i, bytes);
    return *this;
  }
  statement_ref& bind_null(int i) {
    s_->bind_null(i);
    return *this;
  }
  bool step() { return s_->step(); }
  void run() { s_->run(); }
  bool is_null(int col) const { return s_->is_null(col); }
  std::int64_t col_int(int col) const { return s_->col_int(col); }
  double col_double(int col) const { return s_->col_double(col); }
  std::string col_text(int col) const { return s_->col_text(col); }
  std::optional<std::string> col_text_opt(int col) const { return s_->col_text_opt(col); }
  std::optional<std::int64_t> col_int_opt(int col) const { return s_->col_int_opt(col); }
  std::string col_blob(int col) const { return s_->col_blob(col); }
  statement& get() { return *s_; }

 private:
  statement* s_;
};

// One SQLite connection with a statement cache. Not thread-safe: confined to one thread
// (the writer thread, or one pool thread).
class connection {
 public:
  enum class mode { read_write, read_only };
  // Opens (creating if read_write) the database and applies Arena's pragmas:
  // WAL, foreign_keys=ON, busy_timeout, synchronous=FULL. Throws sql_error.
  connection(std::string const& path, mode m);
  ~connection();
  connection(connection const&) = delete;
  connection& operator=(connection const&) = delete;

  // A cached prepared statement, reset and with bindings cleared; it is reset again when the
  // returned statement_ref goes out of scope. Do not hold two uses of the same SQL text at once.
  statement_ref prepare(std::string_view sql);
  // Runs one or more statements with no parameters and no results.
  void exec(std::string_view sql);
  // The statements of a script, each with its `;`, without comments-only or empty pieces
  // (boundaries by sqlite3_complete, so a `;` inside a string or a trigger body does not split).
  static std::vector<std::string> split_script(std::string_view script);

  std::int64_t last_insert_rowid() const;
  int changes() const;
  sqlite3* raw() const { return db_; }  // store/ only
  std::string const& path() const { return path_; }

 private:
  statement& cached(std::string_view sql);
  sqlite3* db_ = nullptr;
  std::string path_;
  // Looked up by the caller's string_view: no key string is built for a statement already cached.
  struct sql_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::unique_ptr<statement>, sql_hash, std::equal_to<>> cache_;
};

}  // namespace arena::store

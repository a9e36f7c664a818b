// The design is described at the top of writer.hpp; the notes here are about failure handling.
//
// Three kinds of failure reach the loop. A job's own failure (an error status, sql_error or any
// other exception from `run`) is contained by its SAVEPOINT. A failure of the transaction itself
// (BEGIN, SAVEPOINT, RELEASE or COMMIT failing, or SQLite rolling the whole transaction back on
// its own, which it may do after SQLITE_FULL or SQLITE_IOERR) fails every job of the group:
// nothing of it is visible, so no job may be acknowledged. After such a failure the connection is
// returned to autocommit and the loop carries on with the next group, so a server whose disk
// filled up starts committing again, without a restart, once space returns.

#include "store/writer.hpp"

#include "util/deferred.hpp"
#include "util/log.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <future>
#include <memory>
#include <optional>
#include <vector>

namespace arena::store {

namespace {

// Upper bounds in microseconds; a commit falls into the first bucket whose bound it does not
// exceed. Counts are per bucket (not cumulative): the metrics exporter sums them. Only groups
// that committed are timed; the others are counted in failed_commits.
constexpr std::uint64_t bounds_us[writer_stats::buckets] = {
    50, 100, 250, 500, 1'000, 2'500, 5'000, 10'000, 25'000, 100'000, 1'000'000, UINT64_MAX};

// Which writer, if any, owns the calling thread: run_sync and stop() must not wait for
// themselves. A thread_local rather than thread_.get_id(), which stop() changes when it joins.
thread_local writer const* current_writer = nullptr;

namespace log = util::log;

// What a job's submitter sees. The SQLite message stays in the log: it names tables and
// constraints, which mean nothing to a user and say too much to an attacker.
error to_error(sql_error const& e) {
  if (e.constraint) return make_error(errc::conflict, "conflicts with existing data");
  if ((e.sqlite_code & 0xff) == SQLITE_FULL) return make_error(errc::unavailable, "disk full");
  return make_error(errc::internal, "internal error");
}

bool in_transaction(connection& db) { return sqlite3_get_autocommit(db.raw()) == 0; }

void rollback_quietly(connection& db) {
  if (!in_transaction(db)) return;
  try {
    db.exec("ROLLBACK");
  } catch (sql_error const& e) {
    // The next BEGIN will fail and land here again; the loop keeps trying rather than dying.
    log::error("store.rollback_failed", {{"error", e.what()}});
  }
}

// The transaction statements run thousands of times a second under load: they go through the
// connection's statement cache instead of being parsed again by exec() each time.
void run_cached(connection& db, std::string_view sql) { db.prepare(sql).run(); }

// Runs one job inside its savepoint. Throws sql_error only when the transaction itself is in
// trouble (the savepoint statements failed, or SQLite rolled everything back).
status run_one(connection& db, write_job& job) {
  run_cached(db, "SAVEPOINT job");
  status st;
  std::optional<sql_error> cause;
  try {
    if (job.run) st = job.run(db);
  } catch (sql_error const& e) {
    // A constraint violation is a user's conflict (a taken name), not a fault of the server.
    log::write(e.constraint ? log::level::info : log::level::error, "store.job_failed",
               {{"error", e.what()}, {"code", e.sqlite_code}});
    st = to_error(e);
    cause = e;
  } catch (std::exception const& e) {
    log::error("store.job_threw", {{"error", e.what()}});
    st = make_error(errc::internal, "internal error");
  } catch (...) {
    log::error("store.job_threw", {{"error", "unknown exception"}});
    st = make_error(errc::internal, "internal error");
  }
  if (!in_transaction(db)) {
    // The whole group is gone, not just this job; report it with the job's own cause.
    if (cause) throw *cause;
    throw sql_error(SQLITE_ERROR, "transaction ended inside a job", false);
  }
  if (!st) run_cached(db, "ROLLBACK TO job");
  run_cached(db, "RELEASE job");
  return st;
}

void commit_group(connection& db, std::vector<write_job>& group, std::vector<status>& results,
                  std::vector<std::string> const& before_commit, writer_stats& stats) {
  // From BEGIN to the end of COMMIT: what an acknowledgement waits for once its job is dequeued.
  auto t0 = std::chrono::steady_clock::now();
  bool committed = false;
  try {
    run_cached(db, "BEGIN IMMEDIATE");
    auto const changes_before = sqlite3_total_changes64(db.raw());
    for (auto& job : group) results.push_back(run_one(db, job));
    // A group that changed no row (reads done as writer jobs, such as draft.open) has nothing
    // for the script to do, and must not write: its COMMIT then touches no page at all.
    if (sqlite3_total_changes64(db.raw()) != changes_before)
      for (auto const& sql : before_commit) run_cached(db, sql);
    run_cached(db, "COMMIT");
    committed = true;
  } catch (sql_error const& e) {
    log::error("store.group_failed",
               {{"error", e.what()}, {"code", e.sqlite_code}, {"jobs", group.size()}});
    rollback_quietly(db);
    status failed = to_error(e);
    // A deferred foreign key can fail COMMIT, but then no one knows which job broke it: the
    // group is lost, and that is not every submitter's conflict.
    if (failed.error().code == errc::conflict) failed = make_error(errc::internal, "internal error");
    results.assign(group.size(), failed);
    stats.failed_commits.fetch_add(1, std::memory_order_relaxed);
  } catch (std::exception const& e) {
    // Only allocation failures can get here; treat them like a failed commit.
    log::error("store.group_failed", {{"error", e.what()}, {"jobs", group.size()}});
    rollback_quietly(db);
    results.assign(group.size(), make_error(errc::internal, "internal error"));
    stats.failed_commits.fetch_add(1, std::memory_order_relaxed);
  }

  if (committed) {
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                  std::chrono::steady_clock::now() - t0)
                  .count();
    auto v = static_cast<std::uint64_t>(us < 0 ? 0 : us);
    int b = 0;
    while (b < writer_stats::buckets - 1 && v > bounds_us[b]) ++b;
    stats.commit_us_bucket[b].fetch_add(1, std::memory_order_relaxed);
    stats.commit_us_sum.fetch_add(v, std::memory_order_relaxed);
  }
  stats.groups.fetch_add(1, std::memory_order_relaxed);
  stats.jobs.fetch_add(group.size(), std::memory_order_relaxed);
  std::uint64_t failed = 0;
  for (auto const& r : results) failed += r ? 0 : 1;
  stats.failed_jobs.fetch_add(failed, std::memory_order_relaxed);

  // Posts to sockets made by the `done`s wait for the last one (util/deferred.hpp): a socket gets
  // the group's events in one write rather than one per job.
  util::deferred_scope batch;
  for (std::size_t i = 0; i < group.size(); ++i) {
    if (!group[i].done) continue;
    try {
      group[i].done(results[i]);
    } catch (std::exception const& e) {
      log::error("store.done_threw", {{"error", e.what()}});
    } catch (...) {
      log::error("store.done_threw", {{"error", "unknown exception"}});
    }
  }
}

}  // namespace

std::uint64_t writer_stats::bucket_bound_us(int i) { return bounds_us[i]; }

writer::writer(std::string path, std::size_t max_group, std::string before_commit)
    : path_(std::move(path)),
      max_group_(max_group == 0 ? 1 : max_group),
      before_commit_(connection::split_script(before_commit)) {
  // The connection is opened on the writer thread (it is confined there), but an open failure
  // must still surface here, at start-up, as an exception.
  std::promise<void> opened;
  std::future<void> ready = opened.get_future();
  thread_ = std::thread([this, &opened] { loop(opened); });
  try {
    ready.get();
  } catch (...) {
    thread_.join();
    throw;
  }
}

writer::~writer() { stop(); }

void writer::submit(write_job job) {
  {
    std::lock_guard lk(mu_);
    if (!stopping_) {
      queue_.push_back(std::move(job));
      stats_.queue_depth.store(queue_.size(), std::memory_order_relaxed);
      cv_.notify_one();
      return;
    }
  }
  // Refused jobs complete on the caller's thread, outside the lock: a `done` that submits again
  // must not deadlock.
  stats_.jobs.fetch_add(1, std::memory_order_relaxed);
  stats_.failed_jobs.fetch_add(1, std::memory_order_relaxed);
  if (job.done) {
    try {
      job.done(make_error(errc::unavailable, "shutting down"));
    } catch (std::exception const& e) {
      log::error("store.done_threw", {{"error", e.what()}});
    } catch (...) {
      log::error("store.done_threw", {{"error", "unknown exception"}});
    }
  }
}

status writer::run_sync(std::function<status(connection&)> run) {
  if (current_writer == this)
    return make_error(errc::internal, "run_sync called on the writer thread");
  // shared_ptr because std::function needs a copyable callable.
  auto p = std::make_shared<std::promise<status>>();
  auto f = p->get_future();
  submit(write_job{std::move(run), [p](status const& st) { p->set_value(st); }});
  return f.get();
}

void writer::stop() {
  {
    std::lock_guard lk(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  // From a `done` callback, stop() only marks the writer as stopping: joining itself would throw.
  if (current_writer != this && thread_.joinable()) thread_.join();
}

void writer::loop(std::promise<void>& opened) {
  std::unique_ptr<connection> db;
  try {
    db = std::make_unique<connection>(path_, connection::mode::read_write);
  } catch (...) {
    opened.set_exception(std::current_exception());
    return;
  }
  // `opened` lives on the constructor's stack: not to be touched after this line.
  opened.set_value();
  current_writer = this;

  std::vector<write_job> group;
  std::vector<status> results;
  for (;;) {
    {
      std::unique_lock lk(mu_);
      cv_.wait(lk, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued has been done
      std::size_t n = std::min(queue_.size(), max_group_);
      for (std::size_t i = 0; i < n; ++i) {
        group.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      stats_.queue_depth.store(queue_.size(), std::memory_order_relaxed);
    }
    commit_group(*db, group, results, before_commit_, stats_);
    group.clear();
    results.clear();
  }
}

}  // namespace arena::store

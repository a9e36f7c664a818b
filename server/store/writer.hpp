// The single writer thread: the only read-write connection, group commit, a savepoint per job.
//
// Every write in Arena is a job posted here. The thread sleeps until jobs arrive, then drains
// everything queued (up to a bound) into one BEGIN IMMEDIATE ... COMMIT: the group. Each job runs
// inside its own SAVEPOINT; a job that returns an error, or throws sql_error, is rolled back to
// its savepoint alone and the rest of the group still commits. After COMMIT returns (with
// synchronous=FULL the data is on disk) every job's `done` is called, in submission order, with
// the job's outcome; if COMMIT itself fails, every job of the group gets errc::internal (or
// errc::unavailable for a full disk) and nothing of the group is visible. This is LevelDB's
// DBImpl::Write batch group in SQLite clothes: one fsync serves a whole group, so durable
// acknowledgements stay cheap under load.
//
// Before each COMMIT, outside every job's savepoint, the writer runs the `before_commit` script
// (db/before_commit.sql in the server): work that is cheaper once per group than once per job,
// such as indexing the group's new messages for full-text search. If it fails, the group fails
// as a whole, exactly as if COMMIT had.
//
// `done` runs on the writer thread: it must be short and must not block. Callers post to their
// own strand from it. Thread-safe: submit() may be called from any thread.
#pragma once

#include "store/connection.hpp"
#include "util/error.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace arena::store {

struct write_job {
  // Runs on the writer thread inside a SAVEPOINT. An error rolls this job back.
  std::function<status(connection&)> run;
  // Runs on the writer thread after COMMIT (or failure). Must not block.
  std::function<void(status const&)> done;
};

// Observed by metrics; all fields are read with relaxed loads.
struct writer_stats {
  std::atomic<std::uint64_t> jobs{0}, groups{0}, failed_jobs{0}, failed_commits{0};
  std::atomic<std::uint64_t> queue_depth{0};
  // Latency histogram of group commits, in microseconds; bucket upper bounds in writer.cpp.
  static constexpr int buckets = 12;
  std::atomic<std::uint64_t> commit_us_bucket[buckets]{};
  std::atomic<std::uint64_t> commit_us_sum{0};
  static std::uint64_t bucket_bound_us(int i);  // i < buckets; last is +Inf
};

class writer {
 public:
  // Opens the read-write connection on its own thread. REQUIRES: migrations already applied.
  // `before_commit`: SQL statements separated by `;`, run before every COMMIT (may be empty).
  static constexpr std::size_t default_max_group = 1024;
  explicit writer(std::string path, std::size_t max_group = default_max_group, std::string before_commit = {});
  ~writer();  // drains the queue, commits, joins
  writer(writer const&) = delete;
  writer& operator=(writer const&) = delete;

  void submit(write_job job);
  // Blocks the caller until the job has committed. Never call from an io thread.
  status run_sync(std::function<status(connection&)> run);
  // Stops accepting jobs, finishes what is queued, joins the thread. Idempotent.
  void stop();

  writer_stats const& stats() const { return stats_; }

 private:
  // The thread body; `opened` reports whether the connection could be opened.
  void loop(std::promise<void>& opened);
  std::string path_;
  std::size_t max_group_;
  std::vector<std::string> before_commit_;  // one statement each
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<write_job> queue_;
  bool stopping_ = false;
  writer_stats stats_;
  std::thread thread_;
};

}  // namespace arena::store

namespace arena::store {

// Runs `fn(connection&) -> result<T>` as one writer job and waits for its COMMIT; returns what
// fn returned (or the commit's error). Never call from an io thread.
template <class F>
auto write_sync(writer& w, F&& fn) -> decltype(fn(std::declval<connection&>())) {
  using R = decltype(fn(std::declval<connection&>()));
  std::optional<R> out;
  status st = w.run_sync([&](connection& c) -> status {
    out.emplace(fn(c));
    if (!*out) return out->error();
    return {};
  });
  if (!st) return st.error();
  return std::move(*out);
}

}  // namespace arena::store

// A pool of threads that may block, each owning a read-only connection.
//
// Everything that blocks runs here, never on an io thread: reads (sqlite3_step), password
// hashing (bounded separately by auth/), file I/O, and the synchronous operation handlers that
// wait for the writer. Tasks are FIFO; the queue depth is visible to metrics.
// Thread-safe: post() may be called from any thread.
#pragma once

#include "store/connection.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace arena::store {

class pool {
 public:
  pool(std::string path, unsigned threads);
  ~pool();  // finishes queued tasks, joins
  pool(pool const&) = delete;
  pool& operator=(pool const&) = delete;

  // The task gets the calling pool thread's read-only connection. Exceptions thrown by the
  // task are caught and logged (tasks should not throw).
  void post(std::function<void(connection&)> task);
  void stop();
  std::uint64_t queue_depth() const { return depth_.load(std::memory_order_relaxed); }

 private:
  void loop();
  std::string path_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void(connection&)>> queue_;
  bool stopping_ = false;
  std::atomic<std::uint64_t> depth_{0};
  std::vector<std::thread> threads_;
};

}  // namespace arena::store

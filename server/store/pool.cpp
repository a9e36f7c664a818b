#include "store/pool.hpp"

#include "util/log.hpp"

#include <memory>

namespace arena::store {

namespace log = util::log;

pool::pool(std::string path, unsigned threads) : path_(std::move(path)) {
  if (threads == 0) threads = 1;
  threads_.reserve(threads);
  try {
    for (unsigned i = 0; i < threads; ++i) threads_.emplace_back([this] { loop(); });
  } catch (...) {
    stop();
    throw;
  }
}

pool::~pool() { stop(); }

void pool::post(std::function<void(connection&)> task) {
  {
    std::lock_guard lk(mu_);
    if (!stopping_) {
      queue_.push_back(std::move(task));
      depth_.store(queue_.size(), std::memory_order_relaxed);
      cv_.notify_one();
      return;
    }
  }
  // No thread is left to run it, and running it here could block an io thread. Tasks carry no
  // error channel, so the drop is logged; it only happens during shutdown.
  log::warn("store.task_dropped", {{"reason", "pool stopped"}});
}

void pool::stop() {
  {
    std::lock_guard lk(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_)
    if (t.joinable() && t.get_id() != std::this_thread::get_id()) t.join();
}

void pool::loop() {
  // Opened on first use, on this thread: a pool sized for peak load costs no connections while
  // idle. If the open fails, that task is logged and dropped (it has no error channel) and the
  // next task tries again.
  std::unique_ptr<connection> db;
  for (;;) {
    std::function<void(connection&)> task;
    {
      std::unique_lock lk(mu_);
      cv_.wait(lk, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and the queue is drained
      task = std::move(queue_.front());
      queue_.pop_front();
      depth_.store(queue_.size(), std::memory_order_relaxed);
    }
    try {
      if (!db) db = std::make_unique<connection>(path_, connection::mode::read_only);
      task(*db);
    } catch (std::exception const& e) {
      log::error("store.task_failed", {{"error", e.what()}});
    } catch (...) {
      log::error("store.task_failed", {{"error", "unknown exception"}});
    }
  }
}

}  // namespace arena::store

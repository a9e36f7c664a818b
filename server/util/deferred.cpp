#include "util/deferred.hpp"

#include "util/log.hpp"

#include <exception>
#include <vector>

namespace arena::util {

namespace {

struct state {
  int depth = 0;
  std::vector<std::function<void()>> actions;
};
thread_local state current;

}  // namespace

deferred_scope::deferred_scope() { ++current.depth; }

deferred_scope::~deferred_scope() {
  if (--current.depth > 0) return;
  // An action may defer more (it runs with no scope open, so it would run at once): swap first.
  std::vector<std::function<void()>> run;
  run.swap(current.actions);
  for (auto& a : run) {
    try {
      a();
    } catch (std::exception const& e) {
      log::error("util.deferred_failed", {{"error", e.what()}});
    } catch (...) {
      log::error("util.deferred_failed", {{"error", "unknown exception"}});
    }
  }
  // Keep the capacity for the next group, within reason.
  if (run.capacity() <= 4096 && current.actions.empty()) {
    run.clear();
    current.actions.swap(run);
  }
}

bool deferred_scope::defer(std::function<void()>& action) {
  if (current.depth == 0) return false;
  current.actions.push_back(std::move(action));
  return true;
}

}  // namespace arena::util

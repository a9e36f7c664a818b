// Actions held back on one thread until the end of a scope, then run in order.
//
// The writer opens a scope around the `done` callbacks of a group commit. Those callbacks fan out
// events: a send to a socket that had nothing pending would post a drain to that socket's io
// thread at once, so an io thread would wake and write one frame per message, while the rest of
// the group's messages for the same socket arrive a moment later. Inside the scope, net/ defers
// those posts (its io threads' write_flusher posts, and closes, to keep their order) to the end
// of the group, so each socket gets one drain and one gathered write for everything the group
// sent it, as uWebSockets drains its pub/sub buffers once per loop iteration.
#pragma once

#include <functional>

namespace arena::util {

class deferred_scope {
 public:
  deferred_scope();
  // Runs what was deferred, in order (the outermost scope does; an inner one joins it).
  ~deferred_scope();
  deferred_scope(deferred_scope const&) = delete;
  deferred_scope& operator=(deferred_scope const&) = delete;

  // With a scope open on this thread: keeps `action` for its end and returns true. Otherwise
  // returns false and the caller runs it now.
  static bool defer(std::function<void()>& action);
};

}  // namespace arena::util

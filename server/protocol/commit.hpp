// Running an operation's writes as one writer job and acting after its COMMIT.
#pragma once

#include "protocol/op_table.hpp"

#include <future>
#include <memory>
#include <optional>

namespace arena::protocol {

// Runs `run` as one writer job, then (on the writer thread, after COMMIT, only on success)
// `after`; waits for both and returns what `run` returned (or the commit's error). When `run`
// succeeded but the COMMIT failed, `on_commit_failure` runs instead of `after` (for state kept
// outside the database, which must not run ahead of it).
template <class T>
result<T> commit_then(services& svc, std::function<result<T>(store::connection&)> run, std::function<void(T const&)> after,
                      std::function<void(T const&)> on_commit_failure = {}) {
  auto out = std::make_shared<std::optional<result<T>>>();
  auto done = std::make_shared<std::promise<void>>();
  auto fut = done->get_future();
  svc.db.write().submit({[out, run = std::move(run)](store::connection& w) -> status {
                           out->emplace(run(w));
                           if (!**out) return (*out)->error();
                           return {};
                         },
                         [out, done, after = std::move(after), on_commit_failure = std::move(on_commit_failure)](status const& st) {
                           if (!st) {
                             if (*out && **out && on_commit_failure) on_commit_failure(***out);
                             if (!*out || **out) out->emplace(st.error());
                           } else if (after) {
                             after(***out);
                           }
                           done->set_value();
                         }});
  fut.wait();
  return std::move(**out);
}

}  // namespace arena::protocol

// Running an operation's writes as one writer job and acting after its COMMIT.
#pragma once

#include "protocol/op_table.hpp"

#include <future>
#include <memory>
#include <optional>

namespace arena::protocol {

// dispatch's team check, with its answers (no such team: not_found; not allowed: forbidden),
// inside a writer job: for an op that skips dispatch's (op_def::direct), and for jobs that must
// see the membership as of the job (a removal committed earlier wins).
status team_check_in_job(store::connection& w, auth::principal const& who, std::int64_t team_id, auth::access need);

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

// Runs a writer job for a WebSocket call whose `done` must send the answer itself (after the
// events it publishes); over HTTP it waits and returns the answer. `after` gets the job's value
// and returns the answer's fields; `failed` runs when the job ran but its COMMIT failed.
template <class T>
result<json> write_and_answer(services& svc, call& c, std::function<result<T>(store::connection&)> run,
                              std::function<json(T const&)> after, std::function<void(T const&)> failed = {}) {
  if (!c.socket) {
    auto fields = std::make_shared<json>();
    auto r = commit_then<T>(svc, std::move(run), [&](T const& v) { *fields = after(v); }, std::move(failed));
    if (!r) return r.error();
    return answer(std::move(*fields));
  }
  auto link = *c.socket;
  auto out = std::make_shared<std::optional<result<T>>>();
  c.answered = true;
  svc.db.write().submit({[out, run = std::move(run)](store::connection& w) -> status {
                           out->emplace(run(w));
                           if (!**out) return (*out)->error();
                           return {};
                         },
                         [out, link, after = std::move(after), failed = std::move(failed)](status const& st) {
                           if (!st) {
                             if (*out && **out && failed) failed(***out);
                             link.send(encode_shared(make_error_answer(link.rid, st.error())), false);
                             return;
                           }
                           link.send(encode_shared(make_answer(link.rid, after(***out))), false);
                         }});
  return answer(json::object());
}

}  // namespace arena::protocol

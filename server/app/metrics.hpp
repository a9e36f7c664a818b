// /metrics in the Prometheus text exposition format (version 0.0.4).
#pragma once

#include "net/types.hpp"
#include "store/writer.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace arena::app {

struct metrics_input {
  net::stats const* net = nullptr;
  store::writer_stats const* writer = nullptr;
  std::uint64_t pool_queue_depth = 0;
  std::uint64_t clients = 0;
  std::uint64_t bus_topics = 0;
  std::uint64_t ops_total = 0;
  std::uint64_t ops_failed = 0;
};

std::string render_metrics(metrics_input const& in);

// Who may read /metrics. The figures name no person, but they tell an outsider how busy the
// site is and when. With a token configured (--metrics-token), the request must carry
// `Authorization: Bearer <token>`, from anywhere; without one, only loopback peers (127.0.0.0/8,
// ::1, and IPv4-mapped loopback) are served, which is where a local Prometheus agent or the
// operator's curl sits.
enum class metrics_access { allowed, needs_token, loopback_only };
metrics_access check_metrics_access(std::string_view remote_addr, std::string_view authorization, std::string_view token);

}  // namespace arena::app

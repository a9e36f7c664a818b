// /metrics in the Prometheus text exposition format (version 0.0.4).
#pragma once

#include "net/types.hpp"
#include "store/writer.hpp"

#include <cstdint>
#include <string>

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

}  // namespace arena::app

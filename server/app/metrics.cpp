#include "app/metrics.hpp"

#include "auth/tokens.hpp"

#include <boost/asio/ip/address.hpp>

#include <sstream>

namespace arena::app {

namespace {

void metric(std::ostringstream& os, char const* name, char const* type, char const* help, std::uint64_t value) {
  os << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n' << name << ' ' << value << '\n';
}

std::uint64_t get(std::atomic<std::uint64_t> const& a) { return a.load(std::memory_order_relaxed); }

}  // namespace

std::string render_metrics(metrics_input const& in) {
  std::ostringstream os;
  if (in.net) {
    auto const& n = *in.net;
    metric(os, "arena_connections_total", "counter", "TCP connections accepted.", get(n.connections_total));
    metric(os, "arena_connections_open", "gauge", "TCP connections open (HTTP and WebSocket).", get(n.connections_open));
    metric(os, "arena_http_requests_total", "counter", "HTTP requests read.", get(n.http_requests));
    metric(os, "arena_websockets_open", "gauge", "WebSocket connections open.", get(n.ws_open));
    metric(os, "arena_ws_messages_in_total", "counter", "WebSocket messages received.", get(n.ws_messages_in));
    metric(os, "arena_ws_messages_out_total", "counter", "WebSocket messages sent.", get(n.ws_messages_out));
    metric(os, "arena_ws_dropped_ephemeral_total", "counter", "Ephemeral frames dropped for slow clients.", get(n.ws_dropped_ephemeral));
    metric(os, "arena_ws_closed_slow_total", "counter", "WebSockets closed for falling too far behind.", get(n.ws_closed_slow));
    metric(os, "arena_ws_send_queue_bytes", "gauge", "Bytes queued for sending over all WebSockets.", get(n.ws_queued_bytes));
  }
  metric(os, "arena_clients", "gauge", "Authenticated WebSocket clients registered.", in.clients);
  metric(os, "arena_bus_topics", "gauge", "Event bus topics with subscribers.", in.bus_topics);
  metric(os, "arena_ops_total", "counter", "Operations dispatched (HTTP and WebSocket).", in.ops_total);
  metric(os, "arena_ops_failed_total", "counter", "Operations answered with an error.", in.ops_failed);
  metric(os, "arena_pool_queue_depth", "gauge", "Tasks waiting for a blocking-pool thread.", in.pool_queue_depth);
  if (in.writer) {
    auto const& w = *in.writer;
    metric(os, "arena_db_write_queue_depth", "gauge", "Jobs waiting for the database writer.", get(w.queue_depth));
    metric(os, "arena_db_write_jobs_total", "counter", "Database write jobs run.", get(w.jobs));
    metric(os, "arena_db_write_groups_total", "counter", "Group commits.", get(w.groups));
    metric(os, "arena_db_write_failed_jobs_total", "counter", "Write jobs rolled back.", get(w.failed_jobs));
    metric(os, "arena_db_write_failed_commits_total", "counter", "Group commits that failed.", get(w.failed_commits));
    os << "# HELP arena_db_commit_seconds Latency of a group commit (write and fsync).\n"
          "# TYPE arena_db_commit_seconds histogram\n";
    std::uint64_t cumulative = 0;
    for (int i = 0; i < store::writer_stats::buckets; ++i) {
      cumulative += get(w.commit_us_bucket[i]);
      os << "arena_db_commit_seconds_bucket{le=\"";
      if (i == store::writer_stats::buckets - 1) os << "+Inf";
      else os << static_cast<double>(store::writer_stats::bucket_bound_us(i)) / 1e6;
      os << "\"} " << cumulative << '\n';
    }
    os << "arena_db_commit_seconds_sum " << static_cast<double>(get(w.commit_us_sum)) / 1e6 << '\n';
    os << "arena_db_commit_seconds_count " << cumulative << '\n';
  }
  return os.str();
}

metrics_access check_metrics_access(std::string_view remote_addr, std::string_view authorization, std::string_view token) {
  if (!token.empty()) {
    constexpr std::string_view scheme = "Bearer ";
    if (authorization.size() > scheme.size() && authorization.substr(0, scheme.size()) == scheme &&
        auth::constant_time_equal(authorization.substr(scheme.size()), token))
      return metrics_access::allowed;
    return metrics_access::needs_token;
  }
  boost::system::error_code ec;
  auto addr = boost::asio::ip::make_address(std::string(remote_addr), ec);
  if (ec) return metrics_access::loopback_only;
  if (addr.is_v6() && addr.to_v6().is_v4_mapped())
    addr = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, addr.to_v6());
  return addr.is_loopback() ? metrics_access::allowed : metrics_access::loopback_only;
}

}  // namespace arena::app

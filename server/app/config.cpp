#include "app/config.hpp"

#include <boost/program_options.hpp>

#include <fstream>
#include <sstream>

namespace arena::app {

namespace po = boost::program_options;

namespace {

po::options_description serve_options(config& c, std::string& origins, std::string& config_file) {
  po::options_description d("arena serve [options]\n\nSettings (flag, ARENA_<NAME> environment variable, or `name = value` in --config)");
  d.add_options()
      ("help,h", "show this help")
      ("config", po::value(&config_file), "config file with `name = value` lines")
      ("bind", po::value(&c.bind)->default_value(c.bind), "address to listen on")
      ("port", po::value(&c.port)->default_value(c.port), "port to listen on (0: any free port)")
      ("data-dir", po::value<std::string>()->default_value(c.data_dir.string()), "directory of the SQLite database (arena.db)")
      ("static-dir", po::value<std::string>()->default_value(c.static_dir.string()), "directory of the built web client")
      ("tls-cert", po::value(&c.tls_cert)->default_value(""), "PEM certificate chain: serve HTTPS/WSS")
      ("tls-key", po::value(&c.tls_key)->default_value(""), "PEM private key for --tls-cert")
      ("threads", po::value(&c.threads)->default_value(0), "io threads (0: one per core but one, for the writer; at least one)")
      ("pool-threads", po::value(&c.pool_threads)->default_value(0), "threads for blocking work (0: 2 per core + 2)")
      ("hash-concurrency", po::value(&c.hash_concurrency)->default_value(c.hash_concurrency), "password hashes computed at once (each uses 19 MiB)")
      ("allowed-origins", po::value(&origins)->default_value(""), "comma-separated extra origins allowed for WebSocket and API calls")
      ("public-url", po::value(&c.public_url)->default_value(""), "base URL printed in links (default: from --bind and --port)")
      ("metrics-token", po::value(&c.metrics_token)->default_value(""), "bearer token that /metrics requires (empty: /metrics answers loopback peers only)")
      ("log-level", po::value(&c.log_level)->default_value(c.log_level), "debug, info, warn or error")
      ("session-idle-hours", po::value(&c.session_idle_hours)->default_value(c.session_idle_hours), "a session ends after this long unused")
      ("session-absolute-hours", po::value(&c.session_absolute_hours)->default_value(c.session_absolute_hours), "a session ends this long after sign-in")
      ("max-sockets-per-user", po::value(&c.max_sockets_per_user)->default_value(c.max_sockets_per_user), "open WebSockets allowed per user")
      ("ws-idle-timeout-s", po::value(&c.ws_idle_timeout_s)->default_value(c.ws_idle_timeout_s), "seconds a WebSocket may stay silent (no frame, no pong to the ping sent at half of it) before it is closed")
      ("chat-rate-per-s", po::value(&c.chat_rate_per_s)->default_value(c.chat_rate_per_s), "chat messages per user per second (refill of the token bucket)")
      ("chat-burst", po::value(&c.chat_burst)->default_value(c.chat_burst), "chat messages a user may send at once (size of the token bucket)")
      ("reminder-poll-s", po::value(&c.reminder_poll_s)->default_value(c.reminder_poll_s), "seconds between looks for meeting reminders that have come due")
      ("presence-idle-s", po::value(&c.presence_idle_s)->default_value(c.presence_idle_s), "seconds without activity before a person shows as idle")
      ("draft-session-idle-s", po::value(&c.draft_session_idle_s)->default_value(c.draft_session_idle_s), "seconds without an edit that end a draft's editing session (an automatic version)");
  return d;
}

std::vector<std::string> split_commas(std::string const& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) {
    auto b = item.find_first_not_of(' ');
    auto e = item.find_last_not_of(' ');
    if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
  }
  return out;
}

// ARENA_DATA_DIR -> data-dir, for the options that exist.
std::string env_name_mapper(po::options_description const& d, std::string const& env) {
  if (env.rfind("ARENA_", 0) != 0) return {};
  std::string name = env.substr(6);
  for (auto& ch : name) ch = ch == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (name == "help" || !d.find_nothrow(name, false)) return {};
  return name;
}

}  // namespace

bool parse_serve_args(std::vector<std::string> const& args, config& out, std::string& message, bool& help) {
  help = false;
  std::string origins, config_file;
  auto desc = serve_options(out, origins, config_file);
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(desc).run(), vm);
    if (vm.count("help")) {
      std::ostringstream os;
      os << desc;
      message = os.str();
      help = true;
      return false;
    }
    po::store(po::parse_environment(desc, [&](std::string const& e) { return env_name_mapper(desc, e); }), vm);
    if (vm.count("config")) {
      std::ifstream f(vm["config"].as<std::string>());
      if (!f) {
        message = "cannot read config file " + vm["config"].as<std::string>();
        return false;
      }
      po::store(po::parse_config_file(f, desc), vm);
    }
    po::notify(vm);
    out.data_dir = vm["data-dir"].as<std::string>();
    out.static_dir = vm["static-dir"].as<std::string>();
    out.allowed_origins = split_commas(origins);
  } catch (po::error const& e) {
    message = std::string("arena serve: ") + e.what() + " (see arena serve --help)";
    return false;
  }
  if (out.ws_idle_timeout_s < 2) {
    message = "arena serve: --ws-idle-timeout-s must be at least 2";
    return false;
  }
  if (out.tls_cert.empty() != out.tls_key.empty()) {
    message = "arena serve: --tls-cert and --tls-key go together";
    return false;
  }
  return true;
}

std::filesystem::path data_dir_from(std::vector<std::string>& args) {
  std::filesystem::path dir = "./data";
  if (char const* env = std::getenv("ARENA_DATA_DIR"); env && *env) dir = env;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--data-dir" && i + 1 < args.size()) {
      dir = args[i + 1];
      args.erase(args.begin() + static_cast<long>(i), args.begin() + static_cast<long>(i) + 2);
      break;
    }
    if (args[i].rfind("--data-dir=", 0) == 0) {
      dir = args[i].substr(11);
      args.erase(args.begin() + static_cast<long>(i));
      break;
    }
  }
  return dir;
}

}  // namespace arena::app

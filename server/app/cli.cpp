// Administration from the shell: migrate, user, team, backup. They open the database the same
// way the server does (migrations first) and write through the writer, so they are safe to run
// while the server runs (SQLite serialises the two writers; busy_timeout waits).
#include "accounts/users.hpp"
#include "app/commands.hpp"
#include "auth/password_hasher.hpp"
#include "auth/sessions.hpp"
#include "store/database.hpp"
#include "teams/teams.hpp"

#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>

namespace arena::app {

namespace {

// --name value pairs and bare --flags. Unknown options are errors.
struct parsed_args {
  std::map<std::string, std::string> values;
  std::vector<std::string> positional;
};

std::optional<parsed_args> parse(std::vector<std::string> const& args, std::vector<std::string> const& valued,
                                 std::vector<std::string> const& flags) {
  parsed_args out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    auto const& a = args[i];
    if (a.rfind("--", 0) != 0) {
      out.positional.push_back(a);
      continue;
    }
    std::string name = a.substr(2), value;
    auto eq = name.find('=');
    bool has_value = eq != std::string::npos;
    if (has_value) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (std::find(flags.begin(), flags.end(), name) != flags.end()) {
      out.values[name] = "1";
    } else if (std::find(valued.begin(), valued.end(), name) != valued.end()) {
      if (!has_value) {
        if (i + 1 >= args.size()) {
          std::cerr << "arena: --" << name << " needs a value\n";
          return std::nullopt;
        }
        value = args[++i];
      }
      out.values[name] = value;
    } else {
      std::cerr << "arena: unknown option --" << name << "\n";
      return std::nullopt;
    }
  }
  return out;
}

std::unique_ptr<store::database> open_db(std::vector<std::string>& args) {
  store::database::options o;
  o.file = data_dir_from(args) / "arena.db";
  o.pool_threads = 1;
  return std::make_unique<store::database>(o);
}

std::string read_password() {
  if (char const* env = std::getenv("ARENA_PASSWORD"); env && *env) return env;
  std::cerr << "password: " << std::flush;
  std::string pw;
  std::getline(std::cin, pw);
  return pw;
}

int fail(error const& e) {
  std::cerr << "arena: " << to_string(e.code) << ": " << e.message << "\n";
  return 1;
}

}  // namespace

int run_migrate(std::vector<std::string> args) {
  auto db = open_db(args);
  std::cout << "database " << db->file().string() << " is at schema version " << db->latest_migration() << "\n";
  return 0;
}

int run_user(std::vector<std::string> args) {
  if (args.empty()) {
    std::cerr << "arena user: add | passwd | list | disable (see arena --help)\n";
    return 2;
  }
  std::string sub = args[0];
  args.erase(args.begin());
  auto db = open_db(args);
  auto p = parse(args, {"email", "name", "org-id", "language"}, {"admin", "enable"});
  if (!p) return 2;
  auto& v = p->values;
  if (sub == "list") {
    store::connection c(db->file().string(), store::connection::mode::read_only);
    for (auto const& u : accounts::list_users(c))
      std::cout << u.id << '\t' << u.email << '\t' << u.display_name << '\t' << (u.org_name.empty() ? "-" : u.org_name) << '\t'
                << (u.is_admin ? "admin" : "user") << (u.disabled ? "\tdisabled" : "") << '\n';
    return 0;
  }
  if (!v.count("email")) {
    std::cerr << "arena user " << sub << ": --email is required\n";
    return 2;
  }
  std::string email = v["email"];
  if (sub == "add") {
    if (!v.count("name")) {
      std::cerr << "arena user add: --name is required\n";
      return 2;
    }
    std::string pw = read_password();
    if (auto problem = auth::password_problem(pw)) return fail(make_error(errc::bad_request, "password: " + *problem));
    auth::password_hasher hasher(1);
    accounts::new_user nu;
    nu.email = email;
    nu.display_name = v["name"];
    nu.password_hash = hasher.hash(pw);
    nu.is_admin = v.count("admin") > 0;
    nu.language = v.count("language") ? v["language"] : "nb";
    if (v.count("org-id")) {
      try {
        nu.org_id = std::stoll(v["org-id"]);
      } catch (std::exception const&) {
        return fail(make_error(errc::bad_request, "--org-id: an integer is required"));
      }
    }
    auto u = store::write_sync(db->write(), [&](store::connection& w) { return accounts::create_user(w, nu); });
    if (!u) return fail(u.error());
    std::cout << "created user " << u->id << " <" << u->email << ">" << (u->is_admin ? " (administrator)" : "") << "\n";
    return 0;
  }
  if (sub == "passwd") {
    std::string pw = read_password();
    if (auto problem = auth::password_problem(pw)) return fail(make_error(errc::bad_request, "password: " + *problem));
    auth::password_hasher hasher(1);
    std::string hash = hasher.hash(pw);
    auto st = store::write_sync(db->write(), [&](store::connection& w) -> status {
      auto u = accounts::find_user_by_email(w, email);
      if (!u) return u.error();
      if (auto s = accounts::set_password_hash(w, u->id, hash); !s) return s;
      auth::revoke_user_sessions(w, u->id, 0);
      return {};
    });
    if (!st) return fail(st.error());
    std::cout << "password changed; the user's sessions have ended\n";
    return 0;
  }
  if (sub == "disable") {
    bool disable = !v.count("enable");
    auto st = store::write_sync(db->write(), [&](store::connection& w) -> status {
      auto u = accounts::find_user_by_email(w, email);
      if (!u) return u.error();
      accounts::user_changes ch;
      ch.disabled = disable;
      if (auto r = accounts::update_user(w, u->id, ch); !r) return r.error();
      return {};
    });
    if (!st) return fail(st.error());
    std::cout << (disable ? "disabled " : "enabled ") << email << "\n";
    return 0;
  }
  std::cerr << "arena user: unknown subcommand '" << sub << "'\n";
  return 2;
}

int run_team(std::vector<std::string> args) {
  if (args.empty()) {
    std::cerr << "arena team: add | list (see arena --help)\n";
    return 2;
  }
  std::string sub = args[0];
  args.erase(args.begin());
  auto db = open_db(args);
  auto p = parse(args, {"name", "slug", "description"}, {});
  if (!p) return 2;
  if (sub == "list") {
    store::connection c(db->file().string(), store::connection::mode::read_only);
    for (auto const& t : teams::list_teams(c, 0))
      std::cout << t.id << '\t' << t.slug << '\t' << t.name << '\t' << t.member_count << " members" << (t.archived ? "\tarchived" : "") << '\n';
    return 0;
  }
  if (sub == "add") {
    teams::team_input in;
    if (p->values.count("name")) in.name = p->values["name"];
    if (p->values.count("slug")) in.slug = p->values["slug"];
    if (p->values.count("description")) in.description = p->values["description"];
    auto t = store::write_sync(db->write(), [&](store::connection& w) { return teams::create_team(w, in); });
    if (!t) return fail(t.error());
    std::cout << "created team " << t->id << " " << t->name << "\n";
    return 0;
  }
  std::cerr << "arena team: unknown subcommand '" << sub << "'\n";
  return 2;
}

int run_backup(std::vector<std::string> args) {
  auto db = open_db(args);
  if (args.size() != 1) {
    std::cerr << "arena backup: give exactly one destination FILE\n";
    return 2;
  }
  auto st = db->backup_to(args[0]);
  if (!st) return fail(st.error());
  std::cout << "backup written to " << args[0] << " (integrity_check: ok)\n";
  return 0;
}

}  // namespace arena::app

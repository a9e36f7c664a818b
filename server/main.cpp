// arena: the Bærekraft 17 meeting place server. Subcommands dispatch to app/.
#include "app/commands.hpp"
#include "app/config.hpp"

#include <iostream>

namespace {

constexpr char const* usage =
    "arena " ARENA_VERSION " - the meeting place for Bærekraft 17's category teams\n"
    "\n"
    "usage: arena [serve] [options]          run the server (see arena serve --help)\n"
    "       arena migrate [--data-dir DIR]   apply database migrations and exit\n"
    "       arena user add --email E --name N [--org-id ID] [--admin]   (password from ARENA_PASSWORD or stdin)\n"
    "       arena user passwd --email E      (password from ARENA_PASSWORD or stdin)\n"
    "       arena user list\n"
    "       arena user disable --email E [--enable]\n"
    "       arena team add --name N --slug S [--description D]\n"
    "       arena team list\n"
    "       arena backup FILE                online backup; the copy is integrity-checked\n"
    "       arena --help | --version\n"
    "\n"
    "Every subcommand takes --data-dir DIR (default ./data, or ARENA_DATA_DIR).\n";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string cmd = "serve";
  if (!args.empty() && args[0].rfind("-", 0) != 0) {
    cmd = args[0];
    args.erase(args.begin());
  } else if (!args.empty() && (args[0] == "--version" || args[0] == "-V")) {
    std::cout << "arena " ARENA_VERSION "\n";
    return 0;
  } else if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::cout << usage;
    return 0;
  }
  try {
    if (cmd == "serve") {
      arena::app::config cfg;
      std::string message;
      bool help = false;
      if (!arena::app::parse_serve_args(args, cfg, message, help)) {
        (help ? std::cout : std::cerr) << message << (help ? "" : "\n");
        return help ? 0 : 2;
      }
      return arena::app::run_serve(cfg);
    }
    if (cmd == "migrate") return arena::app::run_migrate(args);
    if (cmd == "user") return arena::app::run_user(args);
    if (cmd == "team") return arena::app::run_team(args);
    if (cmd == "backup") return arena::app::run_backup(args);
    if (cmd == "help") {
      std::cout << usage;
      return 0;
    }
    std::cerr << "arena: unknown command '" << cmd << "'\n\n" << usage;
    return 2;
  } catch (std::exception const& e) {
    std::cerr << "arena: " << e.what() << "\n";
    return 1;
  }
}

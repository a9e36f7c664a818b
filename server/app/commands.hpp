// The subcommands of the `arena` binary besides `serve`.
#pragma once

#include "app/config.hpp"

#include <string>
#include <vector>

namespace arena::app {

int run_serve(config const& cfg);
int run_migrate(std::vector<std::string> args);
int run_user(std::vector<std::string> args);
int run_team(std::vector<std::string> args);
int run_backup(std::vector<std::string> args);

}  // namespace arena::app

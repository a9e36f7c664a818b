// Finding and reading the editing traces for the OT trace tests (ot_traces.cpp,
// ot_concurrent.cpp). They live outside the repository: shared/traces beside it, or the
// directory in $ARENA_TRACES.
#pragma once

#include "sanitizer_build.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace arena::drafts::ot::testing {

// Under a sanitizer an unoptimised build spends about a minute just parsing the sequential
// traces' 20 MB of JSON; the random tests cover the same code there, and the release build
// replays the traces.
inline constexpr bool sanitized_build = arena::testing::sanitized;

inline std::filesystem::path traces_dir() {
  if (char const* env = std::getenv("ARENA_TRACES"); env != nullptr && *env != '\0') return env;
  return std::filesystem::path(ARENA_TESTS_DIR) / ".." / ".." / "shared" / "traces";
}

// Reads a .gz file through gzip(1), which every Debian system has, so the tests need no zlib.
inline bool gunzip(std::filesystem::path const& file, std::string& out) {
  std::string quoted = "'";
  for (char c : file.string()) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  quoted += "'";
  std::string const cmd = "gzip -dc -- " + quoted;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) return false;
  char buf[1 << 16];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  return ::pclose(pipe) == 0;
}

}  // namespace arena::drafts::ot::testing

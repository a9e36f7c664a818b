// Helpers for the store tests: a temporary directory removed with everything in it at scope
// exit, and CHECK_OK / REQUIRE_OK, which print an error's code and message when a status fails
// (doctest cannot print arena::status itself).
#pragma once

#include "unit/result_printing.hpp"
#include "util/error.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <random>
#include <string>

#include <unistd.h>

namespace arena::test {

class temp_dir {
 public:
  temp_dir() {
    static std::atomic<unsigned> counter{0};
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("arena-store-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
             std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  temp_dir(temp_dir const&) = delete;
  temp_dir& operator=(temp_dir const&) = delete;

  std::filesystem::path const& path() const { return path_; }
  std::string file(std::string const& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline std::string describe(arena::status const& st) {
  if (st) return "ok";
  return std::string(arena::to_string(st.error().code)) + ": " + st.error().message;
}

}  // namespace arena::test

#define ARENA_STATUS_ASSERT(macro, ...)            \
  do {                                             \
    arena::status const arena_st_ = (__VA_ARGS__); \
    macro(arena_st_.has_value(), arena::test::describe(arena_st_)); \
  } while (0)
#define CHECK_OK(...) ARENA_STATUS_ASSERT(CHECK_MESSAGE, __VA_ARGS__)
#define REQUIRE_OK(...) ARENA_STATUS_ASSERT(REQUIRE_MESSAGE, __VA_ARGS__)

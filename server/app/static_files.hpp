// The built web client, loaded into memory once at start-up (no file I/O on io threads).
// Immutable after load; thread-safe for lookups.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>

namespace arena::app {

struct static_file {
  std::shared_ptr<const std::string> body;
  std::string content_type;
  std::string etag;           // strong, quoted
  std::string cache_control;  // hashed assets: immutable for a year; others: revalidate
  bool is_html = false;
};

class static_files {
 public:
  // Loads every regular file under `root` (at most 64 MiB in all). A missing root is allowed:
  // the server still runs its API; pages answer 503 with a hint.
  explicit static_files(std::filesystem::path root);

  // The file for a URL path ("/assets/x.js"); nullptr when absent. Never escapes the root.
  static_file const* find(std::string_view url_path) const;
  // index.html, for client-side routes (SPA fallback); nullptr when the client is not built.
  static_file const* index() const { return find("/index.html"); }
  bool loaded() const { return !files_.empty(); }
  std::filesystem::path const& root() const { return root_; }

  static std::string content_type_for(std::filesystem::path const& p);

 private:
  std::filesystem::path root_;
  std::unordered_map<std::string, static_file> files_;
};

}  // namespace arena::app

#include "app/static_files.hpp"

#include "auth/tokens.hpp"
#include "util/log.hpp"

#include <fstream>
#include <sstream>

namespace arena::app {

namespace fs = std::filesystem;

namespace {
constexpr std::uintmax_t max_total_bytes = 64u << 20;

// Vite names built assets name-<hash>.ext under assets/: those never change under a name.
bool is_hashed_asset(std::string const& url) { return url.rfind("/assets/", 0) == 0; }
}  // namespace

std::string static_files::content_type_for(fs::path const& p) {
  auto ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".webmanifest") return "application/manifest+json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  if (ext == ".wasm") return "application/wasm";
  return "application/octet-stream";
}

static_files::static_files(fs::path root) : root_(std::move(root)) {
  std::error_code ec;
  if (!fs::is_directory(root_, ec)) {
    util::log::warn("static.missing", {{"dir", root_.string()}, {"hint", "build the client: make client"}});
    return;
  }
  std::uintmax_t total = 0;
  for (auto it = fs::recursive_directory_iterator(root_, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    total += it->file_size(ec);
    if (total > max_total_bytes) {
      util::log::warn("static.too_large", {{"dir", root_.string()}});
      break;
    }
    std::ifstream f(it->path(), std::ios::binary);
    std::ostringstream ss;
    ss << f.rdbuf();
    std::string url = "/" + fs::relative(it->path(), root_).generic_string();
    static_file sf;
    sf.body = std::make_shared<const std::string>(ss.str());
    sf.content_type = content_type_for(it->path());
    sf.etag = "\"" + auth::sha256_hex(*sf.body).substr(0, 32) + "\"";
    sf.cache_control = is_hashed_asset(url) ? "public, max-age=31536000, immutable" : "no-cache";
    sf.is_html = it->path().extension() == ".html";
    files_.emplace(std::move(url), std::move(sf));
  }
  util::log::info("static.loaded", {{"dir", root_.string()}, {"files", files_.size()}});
}

static_file const* static_files::find(std::string_view url_path) const {
  if (url_path.find("..") != std::string_view::npos) return nullptr;
  auto it = files_.find(std::string(url_path));
  return it == files_.end() ? nullptr : &it->second;
}

}  // namespace arena::app

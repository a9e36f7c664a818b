// Draft export. Markdown and HTML are built in memory; docx is pandoc's work.
//
// pandoc runs as a child process: posix_spawnp (no shell, so nothing in the draft can become
// a command), in its own process group, with stdin and stdout on /dev/null, stderr in a file,
// every other inherited descriptor closed (the server's sockets stay ours), and a minimal
// environment whose HOME and TMPDIR point into a fresh mkdtemp directory (so no user data
// directory with templates or a reference.docx is found). The parent polls waitpid until the
// time limit, then kills the group. The directory is removed whatever happens, by a guard's
// destructor.
//
// pandoc's docx writer embeds the images a document names, reading local paths and fetching
// URLs: a draft containing ![x](/etc/passwd) would carry that file out. pandoc's --sandbox
// would stop that, but Debian's pandoc 2.17 reads its own docx template from
// /usr/share/pandoc at run time and the sandbox forbids that too. So a small Lua filter (written
// into the private directory) replaces every image with its description and every link whose
// scheme is not http, https or mailto with its text, before the writer sees them.
#include "drafts/export.hpp"

#include "chat/oslo_time.hpp"
#include "util/html.hpp"

#include <cmark.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

namespace arena::drafts {
namespace {

namespace fs = std::filesystem;

// Control characters (newlines included) become spaces, so a field stays on its line.
std::string one_line(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c;
  auto const first = out.find_first_not_of(' ');
  if (first == std::string::npos) return {};
  return out.substr(first, out.find_last_not_of(' ') - first + 1);
}

// Backslash-escapes the ASCII punctuation that could start markup in CommonMark.
std::string md_escape(std::string_view s) {
  std::string out;
  for (char c : one_line(s)) {
    if (std::strchr("\\`*_[]<>!#&|~{}+", c) != nullptr && c != '\0') out += '\\';
    out += c;
  }
  return out;
}


std::string title_or_default(export_meta const& m) {
  std::string t = one_line(m.title);
  return t.empty() ? std::string("Uten tittel") : t;
}

// The metadata fields in display order, each with its Norwegian label; empty ones left out.
std::vector<std::pair<char const*, std::string>> meta_fields(export_meta const& m) {
  std::vector<std::pair<char const*, std::string>> out;
  auto add = [&out](char const* label, std::string v) {
    if (!v.empty()) out.emplace_back(label, std::move(v));
  };
  add("Dokument", one_line(m.identifier));
  add("Type", one_line(m.kind));
  add("Versjon", m.version > 0 ? std::to_string(m.version) : std::string());
  add("Status", one_line(m.status));
  add("Team", one_line(m.team));
  add("Eksportert", m.at_ms != 0 ? oslo_date(m.at_ms) : std::string());
  return out;
}

// The pandoc Lua filter: images become their description (nothing is read or fetched), links
// keep only their text unless they are http, https, mailto or relative.
constexpr std::string_view safe_filter = R"lua(
function Image(el) return el.caption end
function Link(el)
  local scheme = el.target:match('^%s*([%a][%w+.-]*):')
  if scheme and not ({http = true, https = true, mailto = true})[scheme:lower()] then
    return el.content
  end
end
)lua";

// Removes its directory and everything in it when it goes out of scope.
class temp_dir {
 public:
  temp_dir() = default;
  temp_dir(temp_dir const&) = delete;
  temp_dir& operator=(temp_dir const&) = delete;
  ~temp_dir() {
    if (!path_.empty()) {
      std::error_code ec;
      fs::remove_all(path_, ec);
    }
  }
  bool create() {
    std::error_code ec;
    fs::path base = fs::temp_directory_path(ec);
    if (ec) base = "/tmp";
    std::string templ = (base / "arena-export-XXXXXX").string();
    if (::mkdtemp(templ.data()) == nullptr) return false;
    path_ = templ;
    return true;
  }
  fs::path const& path() const noexcept { return path_; }

 private:
  fs::path path_;
};

// Counts running pandoc processes; a slot is held for the lifetime of the object.
std::atomic<int> running_pandocs{0};
class pandoc_slot {
 public:
  pandoc_slot() : held_(running_pandocs.fetch_add(1) < docx_max_concurrent) {
    if (!held_) running_pandocs.fetch_sub(1);
  }
  pandoc_slot(pandoc_slot const&) = delete;
  pandoc_slot& operator=(pandoc_slot const&) = delete;
  ~pandoc_slot() {
    if (held_) running_pandocs.fetch_sub(1);
  }
  bool held() const noexcept { return held_; }

 private:
  bool held_;
};

bool write_file(fs::path const& p, std::string_view data) {
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f.write(data.data(), static_cast<std::streamsize>(data.size()));
  f.close();
  return !f.fail();
}

std::string read_head(fs::path const& p, std::size_t max) {
  std::ifstream f(p, std::ios::binary);
  std::string s(max, '\0');
  f.read(s.data(), static_cast<std::streamsize>(max));
  s.resize(static_cast<std::size_t>(f.gcount()));
  return one_line(s);
}

struct spawn_guard {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  spawn_guard() {
    ::posix_spawn_file_actions_init(&actions);
    ::posix_spawnattr_init(&attr);
  }
  spawn_guard(spawn_guard const&) = delete;
  spawn_guard& operator=(spawn_guard const&) = delete;
  ~spawn_guard() {
    ::posix_spawn_file_actions_destroy(&actions);
    ::posix_spawnattr_destroy(&attr);
  }
};

// Waits for pid until the deadline; kills its process group past it. True: it exited on its
// own, with *wstatus set.
bool wait_until(pid_t pid, std::chrono::steady_clock::time_point deadline, int* wstatus) {
  auto nap = std::chrono::milliseconds(5);
  for (;;) {
    pid_t const r = ::waitpid(pid, wstatus, WNOHANG);
    if (r == pid) return true;
    if (r < 0 && errno != EINTR) return false;  // ECHILD: SIGCHLD ignored by someone; give up
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(nap);
    nap = std::min(nap * 2, std::chrono::milliseconds(50));
  }
  ::kill(-pid, SIGKILL);
  ::kill(pid, SIGKILL);
  while (::waitpid(pid, wstatus, 0) < 0 && errno == EINTR) {
  }
  return false;
}

}  // namespace

std::string oslo_date(std::int64_t utc_ms) {
  std::string const s = chat::format_oslo(utc_ms);  // "yyyy-mm-dd HH:MM"
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return s;
  return s.substr(8, 2) + "." + s.substr(5, 2) + "." + s.substr(0, 4);
}

std::string export_markdown(export_meta const& m, std::string_view body) {
  std::string out = "# " + md_escape(title_or_default(m)) + "\n\n";
  auto const fields = meta_fields(m);
  if (!fields.empty()) {
    std::string line;
    for (auto const& [label, value] : fields) {
      if (!line.empty()) line += " · ";
      line += label;
      line += ": ";
      line += md_escape(value);
    }
    out += "*" + line + "*\n\n";
  }
  out += body;
  if (!body.empty() && body.back() != '\n') out += '\n';
  return out;
}

std::string export_html(export_meta const& m, std::string_view body) {
  std::unique_ptr<char, decltype(&std::free)> rendered(
      ::cmark_markdown_to_html(body.data(), body.size(), CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8),
      &std::free);
  std::string const title = util::html_escape(title_or_default(m));
  std::string out;
  out.reserve(body.size() * 2 + 1024);
  out +=
      "<!DOCTYPE html>\n"
      "<html lang=\"nb\">\n"
      "<head>\n"
      "<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'; img-src data: https:\">\n"
      "<title>";
  out += title;
  out +=
      "</title>\n"
      "<style>\n"
      "body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;"
      "line-height:1.5}\n"
      "header{border-bottom:1px solid #ccc;margin-bottom:1.5rem}\n"
      "dl.meta{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}\n"
      "dl.meta dt{font-weight:600}dl.meta dd{margin:0}\n"
      "</style>\n"
      "</head>\n"
      "<body>\n"
      "<header>\n<h1>";
  out += title;
  out += "</h1>\n";
  auto const fields = meta_fields(m);
  if (!fields.empty()) {
    out += "<dl class=\"meta\">\n";
    for (auto const& [label, value] : fields) {
      out += "<dt>";
      out += label;
      out += "</dt><dd>";
      out += util::html_escape(value);
      out += "</dd>\n";
    }
    out += "</dl>\n";
  }
  out += "</header>\n<main>\n";
  if (rendered) out += rendered.get();
  out += "</main>\n</body>\n</html>\n";
  return out;
}

result<std::string> export_docx(export_meta const& m, std::string_view body) {
  pandoc_slot slot;
  if (!slot.held()) {
    return make_error(errc::unavailable, "too many document exports are running; try again shortly");
  }
  temp_dir dir;
  if (!dir.create()) {
    return make_error(errc::internal, std::string("cannot create a temporary directory: ") +
                                          std::strerror(errno));
  }
  fs::path const in = dir.path() / "draft.md";
  fs::path const out = dir.path() / "draft.docx";
  fs::path const err = dir.path() / "pandoc.err";
  fs::path const filter = dir.path() / "safe.lua";
  if (!write_file(in, export_markdown(m, body))) {
    return make_error(errc::internal, "cannot write the pandoc input file");
  }
  if (!write_file(filter, safe_filter)) {
    return make_error(errc::internal, "cannot write the pandoc filter");
  }

  std::string const output = "--output=" + out.string();
  std::string const input = in.string();
  std::string const lua = "--lua-filter=" + filter.string();
  std::vector<char const*> argv = {"pandoc",       lua.c_str(),   "--from=commonmark",
                                   "--to=docx",    "--metadata=lang:nb-NO",
                                   output.c_str(), input.c_str(), nullptr};
  std::string const home = "HOME=" + dir.path().string();
  std::string const tmp = "TMPDIR=" + dir.path().string();
  std::vector<char const*> envp = {"PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8",
                                   home.c_str(), tmp.c_str(), nullptr};

  spawn_guard sg;
  ::posix_spawn_file_actions_addopen(&sg.actions, 0, "/dev/null", O_RDONLY, 0);
  ::posix_spawn_file_actions_addopen(&sg.actions, 1, "/dev/null", O_WRONLY, 0);
  ::posix_spawn_file_actions_addopen(&sg.actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
  ::posix_spawn_file_actions_addclosefrom_np(&sg.actions, 3);
#endif
  sigset_t none;
  sigset_t defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  for (int s : {SIGPIPE, SIGCHLD, SIGINT, SIGTERM, SIGHUP}) sigaddset(&defaults, s);
  ::posix_spawnattr_setsigmask(&sg.attr, &none);
  ::posix_spawnattr_setsigdefault(&sg.attr, &defaults);
  ::posix_spawnattr_setpgroup(&sg.attr, 0);
  ::posix_spawnattr_setflags(&sg.attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                           POSIX_SPAWN_SETSIGDEF);

  pid_t pid = 0;
  // posix_spawnp takes char* const[] for historical reasons; it does not write to them.
  int const rc = ::posix_spawnp(&pid, "pandoc", &sg.actions, &sg.attr,
                                const_cast<char* const*>(argv.data()),
                                const_cast<char* const*>(envp.data()));
  if (rc == ENOENT || rc == EACCES) {
    return make_error(errc::unavailable,
                      "Word export is not available: pandoc is not installed on the server");
  }
  if (rc != 0) {
    return make_error(errc::internal, std::string("cannot start pandoc: ") + std::strerror(rc));
  }

  int wstatus = 0;
  if (!wait_until(pid, std::chrono::steady_clock::now() + docx_time_limit, &wstatus)) {
    return make_error(errc::internal, "pandoc did not finish within " +
                                          std::to_string(docx_time_limit.count()) + " s");
  }
  if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
    std::string why = read_head(err, 300);
    std::string code = WIFEXITED(wstatus) ? "exit status " + std::to_string(WEXITSTATUS(wstatus))
                                          : "signal " + std::to_string(WTERMSIG(wstatus));
    return make_error(errc::internal, "pandoc failed (" + code + ")" + (why.empty() ? "" : ": " + why));
  }

  std::error_code ec;
  auto const size = fs::file_size(out, ec);
  if (ec || size == 0) return make_error(errc::internal, "pandoc produced no output");
  if (size > docx_max_bytes) return make_error(errc::too_large, "the Word document is too large");
  std::ifstream f(out, std::ios::binary);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  f.read(bytes.data(), static_cast<std::streamsize>(size));
  if (static_cast<std::uint64_t>(f.gcount()) != size) {
    return make_error(errc::internal, "cannot read pandoc's output");
  }
  return bytes;
}

}  // namespace arena::drafts

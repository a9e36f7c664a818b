// arena-ot-bench: the C++ OT engine (server/drafts/ot) replaying one sequential editing trace,
// timed and measured the same way bench/drafts/engine-peers.mjs measures Yjs and
// ot-text-unicode (issue 4). Not a test.
//
// A sequential trace (shared/traces/sequential/*.json.gz) is
// {startContent, endContent, txns: [{patches: [[pos, del, ins], ...]}]}, positions and counts in
// Unicode code points, which is also the engine's unit, so patches are used as they are. Each
// patch becomes one op (make_replace: skip pos, delete del, insert ins) that apply() checks
// against the rope and applies in place: the same work the server does for an incoming op once
// it has been transformed.
//
// What is timed: building every op and applying it, for all patches, on a fresh rope made from
// startContent; parsing the trace is not. The replay runs --iterations times (the first one
// included) and the median, minimum and maximum are printed; every run must end at endContent.
//
// Memory, on the first run only, in a process that has done nothing else yet:
//   heap_retained_bytes  malloc's bytes in use (mallinfo2 uordblks + hblkhd) with the final
//                        rope alive, minus the same before the run: what the document costs.
//   rss_peak_delta_kb    the peak RSS during the run (VmHWM, reset just before through
//                        /proc/self/clear_refs) minus VmRSS before it.
// The parsed JSON is freed and malloc_trim'med before the baseline is taken.
//
// CPU time of each run (CLOCK_PROCESS_CPUTIME_ID) is printed beside the wall-clock time: on a
// machine shared with other work, a long run loses more wall time to other processes than a
// short one, and CPU time is the fairer figure to compare.
//
// Output: key=value lines (engine, trace, patches, iterations, ms_median, ms_min, ms_max,
// cpu_ms_median, ns_per_patch, heap_retained_bytes, rss_peak_delta_kb, end_ok). A missing
// trace prints skipped=... and exits 0.
#include "drafts/ot/op.hpp"
#include "drafts/ot/rope.hpp"

#include <nlohmann/json.hpp>

#include <malloc.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace ot = arena::drafts::ot;

namespace {

struct patch {
  std::uint64_t pos = 0;
  std::uint64_t del = 0;
  std::string ins;
};

struct trace {
  std::string start, end;
  std::vector<patch> patches;
};

[[noreturn]] void usage(std::string const& why) {
  std::cerr << "arena-ot-bench: " << why << "\n"
            << "usage: arena-ot-bench --trace FILE.json.gz [--name NAME] [--iterations N (5)]\n";
  std::exit(2);
}

// Reads a .gz file through gzip(1), as the unit tests do, so the tool needs no zlib.
bool gunzip(std::filesystem::path const& file, std::string& out) {
  std::string quoted = "'";
  for (char c : file.string()) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  quoted += "'";
  FILE* pipe = ::popen(("gzip -dc -- " + quoted).c_str(), "r");
  if (pipe == nullptr) return false;
  char buf[1 << 16];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  return ::pclose(pipe) == 0;
}

trace load(std::filesystem::path const& file) {
  std::string text;
  if (!gunzip(file, text)) throw std::runtime_error("cannot read " + file.string());
  trace t;
  {
    auto const j = nlohmann::json::parse(text);
    if (!j.contains("startContent") || !j.contains("txns"))
      throw std::runtime_error(file.string() + ": not a sequential trace (startContent, txns)");
    t.start = j.at("startContent").get<std::string>();
    t.end = j.at("endContent").get<std::string>();
    for (auto const& txn : j.at("txns"))
      for (auto const& p : txn.at("patches"))
        t.patches.push_back({p.at(0).get<std::uint64_t>(), p.at(1).get<std::uint64_t>(), p.at(2).get<std::string>()});
  }
  std::string().swap(text);
  return t;
}

std::size_t heap_in_use() {
  struct mallinfo2 const mi = ::mallinfo2();
  return mi.uordblks + mi.hblkhd;
}

long status_kb(char const* key) {
  std::ifstream f("/proc/self/status");
  std::string line;
  std::string const k = std::string(key) + ":";
  while (std::getline(f, line))
    if (line.rfind(k, 0) == 0) return std::stol(line.substr(k.size()));
  return -1;
}

// Resets VmHWM to the current RSS (Linux >= 4.0); false when not allowed.
bool reset_peak_rss() {
  std::ofstream f("/proc/self/clear_refs");
  if (!f) return false;
  f << "5";
  f.flush();
  return static_cast<bool>(f);
}

double cpu_ms_now() {
  timespec ts{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

// One replay: every patch as a checked op applied to a rope made from startContent.
// Returns the elapsed nanoseconds, or -1 when an op is refused; `doc` is the final text.
long long replay(trace const& t, ot::rope& doc, std::string& why) {
  auto const t0 = std::chrono::steady_clock::now();
  doc = ot::rope(t.start);
  for (std::size_t i = 0; i < t.patches.size(); ++i) {
    patch const& p = t.patches[i];
    if (auto st = ot::apply(doc, ot::make_replace(p.pos, p.del, p.ins)); !st) {
      why = "patch " + std::to_string(i) + ": " + st.error().message;
      return -1;
    }
  }
  auto const t1 = std::chrono::steady_clock::now();
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path file;
  std::string name;
  int iterations = 5;
  for (int i = 1; i < argc; ++i) {
    std::string const a = argv[i];
    auto val = [&]() -> std::string {
      if (i + 1 >= argc) usage("missing value for " + a);
      return argv[++i];
    };
    if (a == "--trace") file = val();
    else if (a == "--name") name = val();
    else if (a == "--iterations") iterations = std::atoi(val().c_str());
    else usage("unknown argument " + a);
  }
  if (file.empty()) usage("--trace is required");
  if (iterations < 1 || iterations > 100) usage("--iterations must be 1..100");
  if (name.empty()) {
    name = file.filename().string();
    if (auto p = name.find(".json"); p != std::string::npos) name.resize(p);
  }
  std::cout << "engine=arena\ntrace=" << name << "\n";
  if (!std::filesystem::exists(file)) {
    std::cout << "skipped=trace not found at " << file.string() << "\n";
    return 0;
  }

  trace t;
  try {
    t = load(file);
  } catch (std::exception const& e) {
    std::cout << "error=" << e.what() << "\n";
    return 1;
  }
  ::malloc_trim(0);

  std::vector<double> ms, cpu_ms;
  std::size_t retained = 0;
  long peak_delta_kb = -1;
  bool end_ok = true;
  for (int it = 0; it < iterations; ++it) {
    std::string why;
    long long ns = 0;
    {
      ot::rope doc;
      std::size_t const heap0 = heap_in_use();
      long const rss0 = status_kb("VmRSS");
      bool const peak_ok = it == 0 && reset_peak_rss();
      double const cpu0 = cpu_ms_now();
      ns = replay(t, doc, why);
      cpu_ms.push_back(cpu_ms_now() - cpu0);
      if (it == 0) {
        retained = heap_in_use() - heap0;
        if (peak_ok) peak_delta_kb = status_kb("VmHWM") - rss0;
      }
      if (ns >= 0 && doc.to_string() != t.end) end_ok = false;
    }
    if (ns < 0) {
      std::cout << "error=" << why << "\n";
      return 1;
    }
    ms.push_back(static_cast<double>(ns) / 1e6);
  }
  std::vector<double> sorted = ms;
  std::sort(sorted.begin(), sorted.end());
  double const median = median_of(ms);
  std::cout << "patches=" << t.patches.size() << "\n"
            << "iterations=" << iterations << "\n"
            << "ms_median=" << median << "\n"
            << "ms_min=" << sorted.front() << "\n"
            << "ms_max=" << sorted.back() << "\n"
            << "cpu_ms_median=" << median_of(cpu_ms) << "\n"
            << "ms_runs=";
  for (std::size_t i = 0; i < ms.size(); ++i) std::cout << (i ? "," : "") << ms[i];
  std::cout << "\n"
            << "ns_per_patch=" << median * 1e6 / static_cast<double>(t.patches.size()) << "\n"
            << "heap_retained_bytes=" << retained << "\n"
            << "rss_peak_delta_kb=" << peak_delta_kb << "\n"
            << "end_ok=" << (end_ok ? 1 : 0) << "\n";
  return end_ok ? 0 : 1;
}

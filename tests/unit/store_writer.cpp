#include "store/writer.hpp"
#include "unit/store_temp.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <future>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

using arena::errc;
using arena::make_error;
using arena::status;
using arena::store::connection;
using arena::store::write_job;
using arena::store::writer;
using arena::test::temp_dir;

namespace {

std::string make_db(temp_dir const& dir) {
  std::string path = dir.file("w.db");
  connection db(path, connection::mode::read_write);
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, sub INTEGER, seq INTEGER, v TEXT UNIQUE)");
  return path;
}

std::int64_t count_rows(std::string const& path, std::string const& where = "1") {
  connection db(path, connection::mode::read_only);
  auto st = db.prepare("SELECT count(*) FROM t WHERE " + where);
  REQUIRE(st.step());
  return st.col_int(0);
}

status insert(connection& db, std::string const& v, int sub = 0, int seq = 0) {
  db.prepare("INSERT INTO t (sub, seq, v) VALUES (?1, ?2, ?3)").bind(1, sub).bind(2, seq).bind(3, v).run();
  return {};
}

// Holds the writer inside a job until released, so that everything submitted meanwhile is
// queued and forms the next group. No sleeps: the test waits for `started`, not for time.
struct gate {
  std::promise<void> started, release;
  std::shared_future<void> released = release.get_future().share();

  write_job job() {
    return write_job{[this](connection&) {
                       started.set_value();
                       released.wait();
                       return status{};
                     },
                     {}};
  }
  void wait_started() { started.get_future().wait(); }
  void open() { release.set_value(); }
};

// A VFS that forwards to the default one and, while `fail_writes` is set, fails every write
// with SQLITE_FULL: a full disk at COMMIT time, when WAL frames are written.
namespace full_disk {

std::atomic<bool> fail_writes{false};
sqlite3_vfs* real_vfs = nullptr;
sqlite3_vfs shim_vfs;
sqlite3_io_methods shim_methods;

struct shim_file {
  sqlite3_file base;
  sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
};
sqlite3_file* R(sqlite3_file* f) { return reinterpret_cast<shim_file*>(f)->real(); }

int x_close(sqlite3_file* f) { return R(f)->pMethods->xClose(R(f)); }
int x_read(sqlite3_file* f, void* p, int n, sqlite3_int64 o) { return R(f)->pMethods->xRead(R(f), p, n, o); }
int x_write(sqlite3_file* f, void const* p, int n, sqlite3_int64 o) {
  if (fail_writes.load()) return SQLITE_FULL;
  return R(f)->pMethods->xWrite(R(f), p, n, o);
}
int x_truncate(sqlite3_file* f, sqlite3_int64 n) { return R(f)->pMethods->xTruncate(R(f), n); }
int x_sync(sqlite3_file* f, int flags) { return R(f)->pMethods->xSync(R(f), flags); }
int x_file_size(sqlite3_file* f, sqlite3_int64* n) { return R(f)->pMethods->xFileSize(R(f), n); }
int x_lock(sqlite3_file* f, int l) { return R(f)->pMethods->xLock(R(f), l); }
int x_unlock(sqlite3_file* f, int l) { return R(f)->pMethods->xUnlock(R(f), l); }
int x_check_reserved(sqlite3_file* f, int* r) { return R(f)->pMethods->xCheckReservedLock(R(f), r); }
int x_file_control(sqlite3_file* f, int op, void* a) { return R(f)->pMethods->xFileControl(R(f), op, a); }
int x_sector_size(sqlite3_file* f) { return R(f)->pMethods->xSectorSize(R(f)); }
int x_device(sqlite3_file* f) { return R(f)->pMethods->xDeviceCharacteristics(R(f)); }
int x_shm_map(sqlite3_file* f, int i, int sz, int ext, void volatile** pp) {
  return R(f)->pMethods->xShmMap(R(f), i, sz, ext, pp);
}
int x_shm_lock(sqlite3_file* f, int off, int n, int flags) { return R(f)->pMethods->xShmLock(R(f), off, n, flags); }
void x_shm_barrier(sqlite3_file* f) { R(f)->pMethods->xShmBarrier(R(f)); }
int x_shm_unmap(sqlite3_file* f, int del) { return R(f)->pMethods->xShmUnmap(R(f), del); }
int x_fetch(sqlite3_file* f, sqlite3_int64 o, int n, void** pp) { return R(f)->pMethods->xFetch(R(f), o, n, pp); }
int x_unfetch(sqlite3_file* f, sqlite3_int64 o, void* p) { return R(f)->pMethods->xUnfetch(R(f), o, p); }

int x_open(sqlite3_vfs*, char const* name, sqlite3_file* f, int flags, int* out) {
  auto* sf = reinterpret_cast<shim_file*>(f);
  int rc = real_vfs->xOpen(real_vfs, name, sf->real(), flags, out);
  // The real file's methods must be version 3 for the forwarding table to be complete.
  if (rc == SQLITE_OK && sf->real()->pMethods && sf->real()->pMethods->iVersion < 3) {
    sf->real()->pMethods->xClose(sf->real());
    rc = SQLITE_CANTOPEN;
  }
  sf->base.pMethods = rc == SQLITE_OK ? &shim_methods : nullptr;
  return rc;
}
int x_delete(sqlite3_vfs*, char const* name, int sync) { return real_vfs->xDelete(real_vfs, name, sync); }
int x_access(sqlite3_vfs*, char const* name, int flags, int* out) {
  return real_vfs->xAccess(real_vfs, name, flags, out);
}
int x_full_pathname(sqlite3_vfs*, char const* name, int n, char* out) {
  return real_vfs->xFullPathname(real_vfs, name, n, out);
}

// Installs the shim as the default VFS for its lifetime. Connections opened meanwhile must be
// closed before it goes (declare it first).
struct installed {
  installed() {
    real_vfs = sqlite3_vfs_find(nullptr);
    REQUIRE(real_vfs != nullptr);
    shim_vfs = *real_vfs;
    shim_vfs.pNext = nullptr;
    shim_vfs.zName = "arena-test-full-disk";
    shim_vfs.szOsFile = static_cast<int>(sizeof(shim_file)) + real_vfs->szOsFile;
    shim_vfs.xOpen = x_open;
    shim_vfs.xDelete = x_delete;
    shim_vfs.xAccess = x_access;
    shim_vfs.xFullPathname = x_full_pathname;
    shim_methods = sqlite3_io_methods{3,           x_close,        x_read,       x_write,
                                      x_truncate,  x_sync,         x_file_size,  x_lock,
                                      x_unlock,    x_check_reserved, x_file_control, x_sector_size,
                                      x_device,    x_shm_map,      x_shm_lock,   x_shm_barrier,
                                      x_shm_unmap, x_fetch,        x_unfetch};
    REQUIRE(sqlite3_vfs_register(&shim_vfs, 1) == SQLITE_OK);
  }
  ~installed() {
    fail_writes = false;
    sqlite3_vfs_register(real_vfs, 1);
    sqlite3_vfs_unregister(&shim_vfs);
  }
};

}  // namespace full_disk

}  // namespace

TEST_SUITE("store.writer") {

TEST_CASE("run_sync commits; done runs only once the data is visible to a new connection") {
  temp_dir dir;
  auto path = make_db(dir);
  writer w(path);
  CHECK_OK(w.run_sync([](connection& db) { return insert(db, "a"); }));
  CHECK(count_rows(path) == 1);

  // Several jobs in one group: each `done` opens a fresh read-only connection and looks for its
  // own row, and for the rows of the jobs after it in the same group.
  gate g;
  w.submit(g.job());
  g.wait_started();
  constexpr int n = 5;
  std::vector<std::promise<std::pair<status, std::int64_t>>> seen(n);
  for (int i = 0; i < n; ++i) {
    w.submit(write_job{[i](connection& db) { return insert(db, "g" + std::to_string(i)); },
                       [&seen, &path, i](status const& st) {
                         seen[static_cast<std::size_t>(i)].set_value({st, count_rows(path, "v LIKE 'g%'")});
                       }});
  }
  g.open();
  for (auto& p : seen) {
    auto [st, rows] = p.get_future().get();
    CHECK_OK(st);
    CHECK(rows == n);
  }
  w.stop();
  CHECK(w.stats().groups.load() == 3);
  CHECK(w.stats().jobs.load() == 2 + n);
}

TEST_CASE("the before-commit script runs once per group that changed rows, outside the jobs' savepoints") {
  temp_dir dir;
  auto path = make_db(dir);
  {
    connection db(path, connection::mode::read_write);
    db.exec("CREATE TABLE groups_seen (n INTEGER)");
  }
  // Counts the group's rows in t (a job's rolled-back row is not there) and logs the count.
  writer w(path, 1024,
           "-- one statement; per `;`\nINSERT INTO groups_seen (n) SELECT count(*) FROM t;\n"
           "DELETE FROM t WHERE v LIKE 'x%';\n-- trailing comment\n");
  gate g;
  w.submit(g.job());
  g.wait_started();
  std::vector<std::promise<status>> done(3);
  w.submit(write_job{[](connection& db) { return insert(db, "x1"); }, [&](status const& st) { done[0].set_value(st); }});
  w.submit(write_job{[](connection& db) -> status {
                       (void)insert(db, "x2");
                       return make_error(errc::conflict, "rolled back");
                     },
                     [&](status const& st) { done[1].set_value(st); }});
  w.submit(write_job{[](connection& db) { return insert(db, "x3"); }, [&](status const& st) { done[2].set_value(st); }});
  g.open();
  for (auto& d : done) d.get_future().wait();
  // A group of reads changes nothing: the script does not run (and the COMMIT writes no page).
  CHECK_OK(w.run_sync([](connection& db) {
    auto st = db.prepare("SELECT count(*) FROM t");
    return st.step() ? status{} : make_error(errc::internal, "no row");
  }));
  w.stop();
  connection db(path, connection::mode::read_only);
  auto st = db.prepare("SELECT group_concat(n) FROM groups_seen");
  REQUIRE(st.step());
  CHECK(st.col_text(0) == "2");  // one writing group, which saw x1 and x3; the gate's and the read's groups ran nothing
  CHECK(count_rows(path) == 0);  // and its DELETE committed with the group
  CHECK_THROWS_AS(connection::split_script("SELECT 1; SELECT 2"), arena::store::sql_error);
}

TEST_CASE("group commit: jobs queued from several threads share groups and finish in order") {
  temp_dir dir;
  auto path = make_db(dir);
  writer w(path);

  gate g;
  w.submit(g.job());
  g.wait_started();

  constexpr int submitters = 4, per = 50;
  std::mutex mu;
  std::vector<std::pair<int, int>> ran, done;
  std::vector<status> results;
  std::vector<std::thread> threads;
  for (int s = 0; s < submitters; ++s) {
    threads.emplace_back([&, s] {
      for (int i = 0; i < per; ++i) {
        w.submit(write_job{[&, s, i](connection& db) {
                             insert(db, std::to_string(s) + "/" + std::to_string(i), s, i);
                             std::lock_guard lk(mu);
                             ran.emplace_back(s, i);
                             return status{};
                           },
                           [&, s, i](status const& st) {
                             std::lock_guard lk(mu);
                             done.emplace_back(s, i);
                             results.push_back(st);
                           }});
      }
    });
  }
  for (auto& t : threads) t.join();
  // Everything is queued behind the gate; it all goes into the next group.
  std::promise<void> last;
  w.submit(write_job{{}, [&](status const&) { last.set_value(); }});
  g.open();
  last.get_future().wait();

  auto jobs = w.stats().jobs.load();
  auto groups = w.stats().groups.load();
  CHECK(jobs == 1 + submitters * per + 1);
  CHECK(groups == 2);
  CHECK(groups < jobs);

  std::lock_guard lk(mu);
  REQUIRE(done.size() == submitters * per);
  CHECK(done == ran);  // completions in the order the jobs ran, which is the queue's order
  std::map<int, int> next;
  for (auto [s, i] : done) CHECK(i == next[s]++);
  for (auto const& st : results) CHECK_OK(st);
  CHECK(count_rows(path) == submitters * per);
}

TEST_CASE("max_group bounds the size of a group") {
  temp_dir dir;
  auto path = make_db(dir);
  writer w(path, 8);
  gate g;
  w.submit(g.job());
  g.wait_started();
  for (int i = 0; i < 100; ++i)
    w.submit(write_job{[i](connection& db) { return insert(db, std::to_string(i)); }, {}});
  std::promise<void> last;
  w.submit(write_job{{}, [&](status const&) { last.set_value(); }});
  g.open();
  last.get_future().wait();
  // The gate alone, then 101 queued jobs in groups of at most 8.
  CHECK(w.stats().groups.load() == 1 + 13);
  CHECK(count_rows(path) == 100);
}

TEST_CASE("a failing job rolls back only itself; the rest of its group commits") {
  temp_dir dir;
  auto path = make_db(dir);
  writer w(path);
  CHECK_OK(w.run_sync([](connection& db) { return insert(db, "taken"); }));

  gate g;
  w.submit(g.job());
  g.wait_started();

  std::vector<std::promise<status>> out(7);
  auto submit = [&](std::size_t i, std::function<status(connection&)> run) {
    w.submit(write_job{std::move(run), [&out, i](status const& st) {
                         out[i].set_value(st);
                         if (i == 4) throw std::runtime_error("done throws");
                       }});
  };
  submit(0, [](connection& db) { return insert(db, "ok-0"); });
  submit(1, [](connection& db) -> status {
    insert(db, "err-1");
    return make_error(errc::bad_request, "no thanks");
  });
  submit(2, [](connection& db) -> status {
    insert(db, "dup-2");
    return insert(db, "taken");  // UNIQUE violation: sql_error
  });
  submit(3, [](connection& db) -> status {
    insert(db, "throw-3");
    throw std::runtime_error("job throws");
  });
  // Stops after the first row of many; the later RELEASE and COMMIT must not mind.
  submit(4, [](connection& db) -> status {
    insert(db, "partial-4");
    auto st = db.prepare("SELECT v FROM t");
    st.step();
    return {};
  });
  submit(5, [](connection& db) -> status {
    insert(db, "ok-5");
    return {};
  });
  // Waiting for the writer from the writer thread would deadlock; it is refused instead.
  w.submit(write_job{[](connection&) { return status{}; },
                     [&w, &out](status const&) {
                       out[6].set_value(w.run_sync([](connection&) { return status{}; }));
                     }});
  g.open();

  std::vector<status> st;
  for (auto& p : out) st.push_back(p.get_future().get());
  CHECK_OK(st[0]);
  REQUIRE_FALSE(st[1].has_value());
  CHECK(st[1].error().code == errc::bad_request);
  REQUIRE_FALSE(st[2].has_value());
  CHECK(st[2].error().code == errc::conflict);
  CHECK(st[2].error().message.find("taken") == std::string::npos);
  CHECK(st[2].error().message.find("UNIQUE") == std::string::npos);
  REQUIRE_FALSE(st[3].has_value());
  CHECK(st[3].error().code == errc::internal);
  CHECK_OK(st[4]);
  CHECK_OK(st[5]);
  REQUIRE_FALSE(st[6].has_value());
  CHECK(st[6].error().code == errc::internal);

  CHECK(count_rows(path, "v IN ('taken', 'ok-0', 'partial-4', 'ok-5')") == 4);
  CHECK(count_rows(path, "v IN ('err-1', 'dup-2', 'throw-3')") == 0);
  // A `done` that threw did not stop the thread.
  CHECK_OK(w.run_sync([](connection& db) { return insert(db, "after"); }));
  CHECK(w.stats().groups.load() == 4);
  CHECK(w.stats().failed_jobs.load() == 3);
  CHECK(w.stats().failed_commits.load() == 0);
}

TEST_CASE("a failed COMMIT fails its whole group; the writer recovers when space returns") {
  full_disk::installed shim;  // first: outlives the writer's connection
  temp_dir dir;
  auto path = make_db(dir);
  writer w(path);
  CHECK_OK(w.run_sync([](connection& db) { return insert(db, "before"); }));

  gate g;
  w.submit(g.job());
  g.wait_started();
  std::vector<std::promise<status>> out(3);
  for (std::size_t i = 0; i < out.size(); ++i) {
    w.submit(write_job{[i](connection& db) {
                         // The disk fills while the group runs: the inserts succeed in the page
                         // cache, the WAL write at COMMIT does not.
                         if (i == 0) full_disk::fail_writes = true;
                         return insert(db, "lost-" + std::to_string(i));
                       },
                       [&out, i](status const& st) { out[i].set_value(st); }});
  }
  g.open();
  for (auto& p : out) {
    auto st = p.get_future().get();
    REQUIRE_FALSE(st.has_value());
    CHECK(st.error().code == errc::unavailable);
    CHECK(st.error().message == "disk full");
  }
  CHECK(w.stats().failed_commits.load() == 1);

  full_disk::fail_writes = false;
  CHECK_OK(w.run_sync([](connection& db) { return insert(db, "after"); }));
  CHECK(count_rows(path, "v LIKE 'lost-%'") == 0);
  CHECK(count_rows(path, "v IN ('before', 'after')") == 2);
  w.stop();
}

TEST_CASE("stop drains the queue; jobs submitted afterwards fail with unavailable") {
  temp_dir dir;
  auto path = make_db(dir);
  writer w(path);
  gate g;
  w.submit(g.job());
  g.wait_started();

  std::atomic<int> ok{0};
  auto job = [&](std::string v) {
    return write_job{[v](connection& db) { return insert(db, v); },
                     [&](status const& st) { ok += st ? 1 : 0; }};
  };
  for (int i = 0; i < 50; ++i) w.submit(job("q" + std::to_string(i)));

  std::thread stopper([&] { w.stop(); });
  // Keep submitting probes until the writer refuses one: then stop() has begun while jobs are
  // still queued. An accepted probe cannot complete before the gate opens, so "completed at
  // once" means "refused".
  std::vector<std::future<status>> probes;
  for (int i = 0;; ++i) {
    auto p = std::make_shared<std::promise<status>>();
    auto f = p->get_future();
    w.submit(write_job{[i](connection& db) { return insert(db, "probe" + std::to_string(i)); },
                       [p](status const& st) { p->set_value(st); }});
    if (f.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
      auto st = f.get();
      REQUIRE_FALSE(st.has_value());
      CHECK(st.error().code == errc::unavailable);
      break;
    }
    probes.push_back(std::move(f));
    std::this_thread::yield();
  }
  g.open();
  stopper.join();
  CHECK(ok.load() == 50);
  for (auto& f : probes) CHECK_OK(f.get());
  CHECK(count_rows(path) == 50 + static_cast<std::int64_t>(probes.size()));

  auto st = w.run_sync([](connection& db) { return insert(db, "late"); });
  REQUIRE_FALSE(st.has_value());
  CHECK(st.error().code == errc::unavailable);
  w.stop();  // idempotent
}

TEST_CASE("the commit histogram counts every committed group") {
  temp_dir dir;
  auto path = make_db(dir);
  writer w(path);
  for (int i = 0; i < 3; ++i) CHECK_OK(w.run_sync([i](connection& db) { return insert(db, std::to_string(i)); }));
  w.stop();
  auto const& s = w.stats();
  std::uint64_t total = 0;
  for (int b = 0; b < arena::store::writer_stats::buckets; ++b) {
    total += s.commit_us_bucket[b].load();
    if (b > 0) CHECK(arena::store::writer_stats::bucket_bound_us(b) > arena::store::writer_stats::bucket_bound_us(b - 1));
  }
  CHECK(total == 3);
  CHECK(arena::store::writer_stats::bucket_bound_us(arena::store::writer_stats::buckets - 1) == UINT64_MAX);
  CHECK(s.queue_depth.load() == 0);
}

TEST_CASE("the constructor throws when the database cannot be opened") {
  temp_dir dir;
  CHECK_THROWS_AS(writer((dir.path() / "no-such-dir" / "w.db").string()), arena::store::sql_error);
}

}  // TEST_SUITE

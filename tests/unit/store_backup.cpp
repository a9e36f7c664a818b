#include "store/database.hpp"
#include "unit/store_temp.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <thread>

using arena::errc;
using arena::status;
using arena::store::connection;
using arena::store::database;
using arena::store::integrity_check;
using arena::test::temp_dir;

namespace {

std::filesystem::path const real_migrations = ARENA_SOURCE_DIR "/db/migrations";

std::int64_t scalar(connection& db, std::string const& sql) {
  auto st = db.prepare(sql);
  REQUIRE(st.step());
  return st.col_int(0);
}

}  // namespace

TEST_SUITE("store.backup") {

TEST_CASE("a backup taken while another thread writes is consistent and has every earlier commit") {
  temp_dir dir;
  database db(database::options{dir.path() / "arena.db", real_migrations, 2});
  // Enough pages that the copy takes a while, so that the writer is likely to commit during it.
  REQUIRE_OK(db.write().run_sync([](connection& c) {
    c.exec("CREATE TABLE bk (id INTEGER PRIMARY KEY, pad BLOB NOT NULL)");
    std::string pad(2000, 'p');
    for (int i = 1; i <= 2000; ++i) c.prepare("INSERT INTO bk (id, pad) VALUES (?1, ?2)").bind(1, i).bind_blob(2, pad).run();
    return status{};
  }));

  std::atomic<std::int64_t> committed{2000};
  std::atomic<bool> stop{false};
  std::thread writer_client([&] {
    for (std::int64_t id = 2001; !stop.load(); ++id) {
      auto st = db.write().run_sync([id](connection& c) {
        c.prepare("INSERT INTO bk (id, pad) VALUES (?1, ?2)").bind(1, id).bind_blob(2, std::string(100, 'q')).run();
        return status{};
      });
      if (!st) break;
      committed.store(id);  // run_sync returned: the row is committed
    }
  });
  // Some commits from the other thread happen before the backup begins; at least one.
  while (committed.load() < 2001) std::this_thread::yield();
  std::int64_t before = committed.load();

  auto dest = dir.path() / "backups" / "copy.db";
  auto st = db.backup_to(dest);
  stop = true;
  writer_client.join();
  REQUIRE_OK(st);
  CHECK_OK(integrity_check(dest));
  CHECK_FALSE(std::filesystem::exists(dest.string() + "-wal"));

  connection copy(dest.string(), connection::mode::read_only);
  CHECK(scalar(copy, "SELECT count(*) FROM bk WHERE id <= " + std::to_string(before)) == before);
  CHECK(scalar(copy, "PRAGMA user_version") == db.latest_migration());
  CHECK(scalar(copy, "SELECT count(*) FROM teams") == 4);
  auto jm = copy.prepare("PRAGMA journal_mode");
  REQUIRE(jm.step());
  CHECK(jm.col_text(0) == "delete");  // one self-contained file
}

TEST_CASE("backup_to never overwrites an existing file") {
  temp_dir dir;
  database db(database::options{dir.path() / "arena.db", real_migrations, 1});
  auto dest = dir.path() / "copy.db";
  REQUIRE_OK(db.backup_to(dest));
  auto again = db.backup_to(dest);
  REQUIRE_FALSE(again.has_value());
  CHECK(again.error().code == errc::conflict);
  CHECK_OK(integrity_check(dest));
}

TEST_CASE("integrity_check: ok on a live database; errors on a missing, foreign or damaged file") {
  temp_dir dir;
  database db(database::options{dir.path() / "arena.db", real_migrations, 1});
  CHECK_OK(integrity_check(db.file()));

  auto missing = integrity_check(dir.path() / "absent.db");
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().code == errc::not_found);

  auto junk = dir.path() / "junk.db";
  std::ofstream(junk, std::ios::binary) << std::string(8192, 'x');
  auto bad = integrity_check(junk);
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().code == errc::internal);

  // A good copy whose second page (a table's b-tree root) has a nonsense page header.
  auto copy = dir.path() / "copy.db";
  REQUIRE_OK(db.backup_to(copy));
  {
    connection c(copy.string(), connection::mode::read_only);
    REQUIRE(scalar(c, "PRAGMA page_count") > 2);
  }
  std::int64_t page_size = 0;
  {
    connection c(copy.string(), connection::mode::read_only);
    page_size = scalar(c, "PRAGMA page_size");
  }
  {
    std::fstream f(copy, std::ios::binary | std::ios::in | std::ios::out);
    f.seekp(page_size);
    std::string garbage(16, '\xAA');
    f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
    REQUIRE(f.good());
  }
  CHECK_FALSE(integrity_check(copy).has_value());
}

}  // TEST_SUITE

// The live-document layer (drafts/documents) and the draft store (drafts/drafts) against a real
// SQLite database: the OT path (transform against the log, dedupe, reload past the retained
// log, limits), snapshots and reloading from them, discard after a failed COMMIT, anchors,
// cursors, automatic versions, the status rules and the op storage form.
#include "drafts/comments.hpp"
#include "drafts/documents.hpp"
#include "drafts/drafts.hpp"
#include "drafts/ot/op_codec.hpp"
#include "drafts/ot/utf8.hpp"
#include "unit/chat_fixture.hpp"
#include "unit/result_printing.hpp"
#include "util/clock.hpp"

#include <random>

using namespace arena;
using namespace arena::drafts;
using arena::test::chat_fixture;

namespace {

struct drafts_fixture : chat_fixture {
  std::int64_t kari = add_user("kari@example.no", "Kari");
  std::int64_t ola = add_user("ola@example.no", "Ola");
  live_options opt;
  std::unique_ptr<live_documents> live;

  explicit drafts_fixture(live_options o = {}) : opt(o), live(std::make_unique<live_documents>(o)) {}

  std::int64_t team_of(std::int64_t draft_id) {
    auto s = rd.prepare("SELECT team_id FROM drafts WHERE id = ?");
    s.bind(1, draft_id);
    REQUIRE(s.step());
    return s.col_int(0);
  }
  std::int64_t create(std::string body, std::int64_t team = 1) {
    create_input in{team, kari, "Krav", "kravspesifikasjon", std::nullopt, {}, std::move(body), {}, {}};
    auto d = store::write_sync(db.write(), [&](store::connection& w) { return create_draft(w, in); });
    REQUIRE(d);
    return d->id;
  }
  result<live_documents::submitted> submit(std::int64_t id, std::int64_t base, ot::op o, std::string cid, std::int64_t seq, std::int64_t user = 0) {
    live_documents::submit_input in{team_of(id), id, user ? user : kari, base, std::move(o), std::move(cid), seq};
    auto r = store::write_sync(db.write(), [&](store::connection& w) { return live->submit(w, in); });
    if (r && !r->duplicate) live->committed(id, r->rec.version);
    return r;
  }
  std::pair<std::string, std::int64_t> current(std::int64_t id) {
    auto r = store::write_sync(db.write(), [&](store::connection& w) { return live->current(w, id); });
    REQUIRE(r);
    return *r;
  }
};

ot::op ins(std::uint64_t at, std::string s) { return ot::make_insert(at, std::move(s)); }

}  // namespace

TEST_CASE("op storage form round-trips every component kind and refuses corrupt bytes") {
  ot::op o{ot::component::skip(3), ot::component::insert("æ😀"), ot::component::del(2), ot::component::skip(1000000),
           ot::component::del_text("ø")};
  auto back = ot::decode(ot::encode(o));
  REQUIRE(back);
  CHECK(*back == o);
  CHECK(ot::decode(ot::encode(ot::op{}))->empty());
  auto bytes = ot::encode(o);
  CHECK_FALSE(ot::decode(bytes.substr(0, bytes.size() - 1)));
  CHECK_FALSE(ot::decode(bytes + "x"));
  CHECK_FALSE(ot::decode("\x01\x07"));                                   // unknown tag
  CHECK_FALSE(ot::decode(ot::encode(ot::op{ot::component::skip(2)})));  // a trailing skip is not a valid op
  CHECK_FALSE(ot::decode(std::string("\x01\x01\x02\xff\xfe", 5)));       // invalid UTF-8
}

TEST_CASE("submit transforms against the log, dedupes and keeps memory and storage in step") {
  drafts_fixture f;
  auto id = f.create("abc");
  auto a = f.submit(id, 0, ins(1, "X"), "a", 1);
  REQUIRE(a);
  CHECK(a->rec.version == 1);
  auto b = f.submit(id, 0, ins(1, "Y"), "b", 1, f.ola);
  REQUIRE(b);
  CHECK(b->rec.version == 2);
  CHECK(b->rec.op == ins(1, "Y"));  // left of the concurrent X
  CHECK(f.current(id).first == "aYXbc");
  auto again = f.submit(id, 0, ins(1, "Y"), "b", 1, f.ola);
  REQUIRE(again);
  CHECK(again->duplicate);
  CHECK(again->rec.version == 2);
  CHECK(f.current(id) == std::make_pair(std::string("aYXbc"), std::int64_t{2}));
  // The committed history replays to the same text from any connection.
  CHECK(live_documents::text_at(f.rd, id, 2).value() == "aYXbc");
  CHECK(live_documents::text_at(f.rd, id, 1).value() == "aXbc");
  CHECK(live_documents::read_ops(f.rd, id, 0, 2).size() == 2);
  // A fresh layer (a restart) reloads the same state from SQLite.
  f.live = std::make_unique<live_documents>();
  CHECK(f.current(id) == std::make_pair(std::string("aYXbc"), std::int64_t{2}));
  CHECK(f.submit(id, 1, ins(0, "!"), "c", 1)->rec.version == 3);
  CHECK(f.current(id).first == "!aYXbc");
  // In another team's name: not_found, for a new op and for a resubmission alike (which would
  // otherwise acknowledge, and so reveal, the other team's op).
  for (auto const& [cid, seq] : {std::pair<std::string, std::int64_t>{"d", 1}, {"b", 1}}) {
    CAPTURE(cid);
    live_documents::submit_input in{2, id, f.ola, 3, ins(0, "?"), cid, seq};
    auto r = store::write_sync(f.db.write(), [&](store::connection& w) { return f.live->submit(w, in); });
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::not_found);
    CHECK(r.error().message == "no such draft in this team");
  }
  CHECK(f.current(id) == std::make_pair(std::string("!aYXbc"), std::int64_t{3}));
}

TEST_CASE("refused submits change nothing: bad ops, future bases, too old bases, size, status") {
  live_options o;
  o.retained_ops = 5;
  o.snapshot_every = 3;
  drafts_fixture f(o);
  auto id = f.create("abc");
  CHECK(f.submit(id, 0, ins(9, "x"), "a", 1).error().code == errc::bad_request);
  CHECK(f.submit(id, 0, ot::op{ot::component::del_text("zz")}, "a", 2).error().code == errc::bad_request);
  CHECK(f.submit(id, 0, ot::op{ot::component::skip(1)}, "a", 3).error().code == errc::bad_request);  // not normalised
  CHECK(f.submit(id, 4, ins(0, "x"), "a", 4).error().code == errc::bad_request);
  for (int i = 0; i < 8; ++i) REQUIRE(f.submit(id, i, ins(0, "x"), "b", i + 1));
  CHECK(f.submit(id, 2, ins(0, "y"), "a", 5).error().code == errc::gone);  // 8 - 2 > 5
  CHECK(f.submit(id, 3, ins(0, "y"), "a", 6));                               // exactly at the edge
  CHECK(f.current(id).first == "yxxxxxxxxabc");
  // Snapshots were written every 3 ops; the reload starts from the latest.
  {
    auto s = f.rd.prepare("SELECT count(*) FROM draft_snapshots WHERE draft_id = ?");
    s.bind(1, id);
    REQUIRE(s.step());
    CHECK(s.col_int(0) >= 3);
  }
  // Too large: one byte over 1 MiB.
  auto big = f.create("");
  REQUIRE(f.submit(big, 0, ins(0, std::string(max_text_bytes - 2, 'a')), "c", 1));
  CHECK(f.submit(big, 1, ins(0, "øx"), "c", 2).error().code == errc::too_large);
  CHECK(f.submit(big, 1, ins(0, "ø"), "c", 3));
  CHECK(f.submit(big, 2, ot::op{ot::component::del(1), ot::component::insert("é")}, "c", 4));  // same size
  // A closed draft refuses edits.
  auto st = store::write_sync(f.db.write(), [&](store::connection& w) {
    return set_status(w, status_input{1, id, f.kari, false, draft_status::til_gjennomgang, ""}, "");
  });
  REQUIRE(st);
  CHECK(f.submit(id, 9, ins(0, "z"), "a", 7));
  REQUIRE(store::write_sync(f.db.write(), [&](store::connection& w) {
    return set_status(w, status_input{1, id, f.kari, true, draft_status::godkjent, "fint"}, "");
  }));
  CHECK(f.submit(id, 10, ins(0, "z"), "a", 8).error().code == errc::conflict);
}

TEST_CASE("a failed COMMIT is followed by discard, and the document reloads from what was stored") {
  drafts_fixture f;
  auto id = f.create("abc");
  REQUIRE(f.submit(id, 0, ins(0, "1"), "a", 1));
  // Run a submit inside a job that then fails: the savepoint rolls the rows back, and the caller
  // (as ops_drafts does on a failed COMMIT) discards the document.
  live_documents::submit_input in{1, id, f.kari, 1, ins(0, "2"), "a", 2};
  auto st = f.db.write().run_sync([&](store::connection& w) -> status {
    auto r = f.live->submit(w, in);
    REQUIRE(r);
    return make_error(errc::internal, "the job fails after the op was applied in memory");
  });
  CHECK_FALSE(st);
  f.live->discard(id);
  CHECK(f.current(id) == std::make_pair(std::string("1abc"), std::int64_t{1}));
  CHECK(f.submit(id, 1, ins(0, "3"), "a", 2)->rec.version == 2);
  CHECK(f.current(id).first == "31abc");
}

TEST_CASE("anchors move with ops, detach when their text goes, and survive a reload") {
  drafts_fixture f;
  auto id = f.create("Krav om lønn. Krav om tid.");
  auto a = store::write_sync(f.db.write(), [&](store::connection& w) { return f.live->place(w, id, 0, 8, 12); });
  REQUIRE(a);
  auto c = store::write_sync(f.db.write(), [&](store::connection& w) { return create_thread(w, id, f.kari, "nivå?", *a, "lønn", 0); });
  REQUIRE(c);
  a->comment_id = c->id;
  f.live->track(id, *a);
  REQUIRE(f.submit(id, 0, ins(0, "Innledning. "), "a", 1));
  auto now = store::write_sync(f.db.write(), [&](store::connection& w) { return f.live->anchors(w, id); });
  REQUIRE(now);
  REQUIRE(now->size() == 1);
  CHECK(now->front().start == 20);
  CHECK(now->front().end == 24);
  // Typing at the start joins the range (transformPosition), typing at the end does not.
  REQUIRE(f.submit(id, 1, ins(20, "X"), "a", 2));
  REQUIRE(f.submit(id, 2, ins(25, "Y"), "a", 3));
  now = store::write_sync(f.db.write(), [&](store::connection& w) { return f.live->anchors(w, id); });
  CHECK(now->front().start == 20);
  CHECK(now->front().end == 25);
  // A restart: anchors are recomputed from their stored version through the later ops.
  f.live = std::make_unique<live_documents>();
  now = store::write_sync(f.db.write(), [&](store::connection& w) { return f.live->anchors(w, id); });
  REQUIRE(now->size() == 1);
  CHECK(now->front().start == 20);
  CHECK(now->front().end == 25);
  auto del = f.submit(id, 3, ot::op{ot::component::skip(12), ot::component::del(16)}, "a", 4);
  REQUIRE(del);
  CHECK(del->detached == std::vector<std::int64_t>{c->id});
  now = store::write_sync(f.db.write(), [&](store::connection& w) { return f.live->anchors(w, id); });
  CHECK(now->front().detached);
  // A range that does not exist at its version is refused; one whose text is gone by now too.
  CHECK(store::write_sync(f.db.write(), [&](store::connection& w) { return f.live->place(w, id, 0, 20, 99); }).error().code == errc::bad_request);
  CHECK(store::write_sync(f.db.write(), [&](store::connection& w) { return f.live->place(w, id, 1, 20, 24); }).error().code == errc::conflict);
}

TEST_CASE("cursors: only open editors, moved through committed ops, rate limited, gone with the socket") {
  drafts_fixture f;
  auto id = f.create("0123456789");
  std::int64_t at = 0;
  CHECK(f.live->set_cursor(id, 7, 0, 1, 1, &at).error().code == errc::not_found);
  REQUIRE(store::write_sync(f.db.write(), [&](store::connection& w) { return f.live->open(w, id, editor_identity{7, f.kari, "Kari"}); }));
  REQUIRE(f.submit(id, 0, ins(0, "ab"), "o", 1, f.ola));
  auto c = f.live->set_cursor(id, 7, 0, 5, 6, &at);
  REQUIRE(c);
  CHECK(at == 1);
  CHECK(c->anchor == 7);
  CHECK(c->head == 8);
  CHECK(c->display_name == "Kari");
  CHECK(c->color == color_of(f.kari));
  CHECK(f.live->set_cursor(id, 7, 0, 99, 99, &at)->anchor == 12);  // clamped to the text
  int refused = 0;
  for (int i = 0; i < 40; ++i)
    if (!f.live->set_cursor(id, 7, 1, 1, 1, &at)) ++refused;
  CHECK(refused > 0);
  CHECK(f.live->leave(7) == std::vector<std::int64_t>{id});
  CHECK(f.live->leave(7).empty());
}

TEST_CASE("sweep: an idle editing session becomes an automatic version; idle drafts leave memory") {
  live_options o;
  o.session_idle_ms = 0;
  o.close_idle_ms = 0;
  drafts_fixture f(o);
  auto id = f.create("a");
  REQUIRE(f.submit(id, 0, ins(1, "b"), "a", 1));
  auto made = store::write_sync(f.db.write(), [&](store::connection& w) -> result<std::vector<std::pair<std::int64_t, version_entry>>> {
    return f.live->sweep(w, util::now_ms() + 1);
  });
  REQUIRE(made);
  REQUIRE(made->size() == 1);
  CHECK(made->front().second.kind == "auto");
  CHECK(made->front().second.version == 1);
  CHECK(f.live->open_count() == 0);
  auto again = store::write_sync(f.db.write(), [&](store::connection& w) -> result<std::vector<std::pair<std::int64_t, version_entry>>> {
    return f.live->sweep(w, util::now_ms() + 1);
  });
  CHECK(again->empty());  // nothing new since
  CHECK(list_versions(f.rd, id).size() == 1);
  CHECK(f.current(id).first == "ab");
}

TEST_CASE("draft store: identifiers per team, field rules, status moves and the library") {
  drafts_fixture f;
  auto a = f.create("x");
  auto b = f.create("y");
  CHECK(find_draft(f.rd, 1, a)->identifier == "BA-001");
  CHECK(find_draft(f.rd, 1, b)->identifier == "BA-002");
  CHECK(find_draft(f.rd, 2, a).error().code == errc::not_found);
  CHECK(validate(create_input{1, f.kari, "", "annet", {}, {}, "", {}, {}}).error().code == errc::bad_request);
  CHECK(validate(create_input{1, f.kari, std::string(201, 'x'), "annet", {}, {}, "", {}, {}}).error().code == errc::bad_request);
  CHECK(validate(create_input{1, f.kari, std::string(200, 'x'), "annet", {}, {}, "", {}, {}}));
  CHECK(validate(create_input{1, f.kari, "t", "krav", {}, {}, "", {}, {}}).error().code == errc::bad_request);
  CHECK(validate(create_input{1, f.kari, "t", "annet", std::string("våpen"), {}, "", {}, {}}).error().code == errc::bad_request);
  CHECK(validate(create_input{1, f.kari, "t", "annet", {}, std::vector<std::string>(11, "a"), "", {}, {}}).error().code == errc::bad_request);
  CHECK(validate(create_input{1, f.kari, "t", "annet", {}, {}, std::string("\xff"), {}, {}}).error().code == errc::bad_request);
  auto move = [&](draft_status to, bool fac) {
    return store::write_sync(f.db.write(), [&](store::connection& w) { return set_status(w, status_input{1, a, f.kari, fac, to, ""}, "publisert tekst"); });
  };
  CHECK(move(draft_status::godkjent, false).error().code == errc::forbidden);
  CHECK(move(draft_status::godkjent, true).error().code == errc::conflict);  // review first
  CHECK(move(draft_status::til_gjennomgang, false));
  CHECK(move(draft_status::utkast, false));
  CHECK(move(draft_status::til_gjennomgang, false));
  CHECK(move(draft_status::godkjent, true));
  CHECK(move(draft_status::publisert, true));
  CHECK(status_history(f.rd, a).size() == 5);
  CHECK(published_text(f.rd, a).value() == "publisert tekst");
  auto hits = search_library(f.rd, "publ", std::nullopt, std::nullopt, 10);
  REQUIRE(hits);
  REQUIRE(hits->size() == 1);
  CHECK(hits->front().d.id == a);
  CHECK(search_library(f.rd, "\"", std::nullopt, std::nullopt, 10).error().code == errc::bad_request);
  CHECK(move(draft_status::arkivert, true));
  CHECK(search_library(f.rd, "publ", std::nullopt, std::nullopt, 10)->empty());
  CHECK(list_drafts(f.rd, 1, false).size() == 1);
  CHECK(list_drafts(f.rd, 1, true).size() == 2);
}

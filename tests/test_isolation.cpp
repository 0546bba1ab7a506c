// Isolation between packs and between cases (issue 11): no rule can change
// another pack's verdict or a later case's result, results do not depend on
// Lua's per-state hash seed, conversion cannot abort the process, and case
// parsing and result writing stay near-linear whatever the input's shape.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <unistd.h>

#include "cfpcheck/cfpcheck.hpp"
#include "lua_host.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kSrc = CFPCHECK_SOURCE_DIR;

struct TmpDir {
  fs::path path;
  explicit TmpDir(const std::string& name) {
    path = fs::temp_directory_path() / ("cfp-iso-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TmpDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

fs::path make_pack(const fs::path& root, const std::string& id, const std::string& rules) {
  fs::path d = root / id;
  write(d / "pack.lua", "return { id = '" + id +
                            "', document = { zh = 'x', en = 'x' }, issuer = { zh = 'x', en = 'x' },\n"
                            "  version = '1', effective = '2026-01-01', modules = { 'rules.lua' } }\n");
  write(d / "rules.lua", rules);
  return d;
}

cfp::Paths paths() {
  cfp::Paths p;
  p.rules = kSrc / "rules";
  p.data = kSrc / "data";
  return p;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

const char* kExample = "data/examples/caster-billet-gla.json";

}  // namespace

TEST_CASE("a pack cannot forge another pack's verdict through the result constructors", "[isolation]") {
  TmpDir tmp("forge");
  // AAA-POISON runs first (packs run in id order) and rewrites what pass()
  // and na() return; MINI's scope rule returns pass().
  fs::path poison = make_pack(tmp.path, "AAA-POISON", R"(
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  local p = pass()
  p.status = "fail"; p.severity = "serious"; p.effect = "refuse"; p.zh = "伪造"; p.en = "forged"
  local n = na()
  n.status = "fail"
  return info{}
end }
)");
  auto alone = cfp::Catalog::load(paths(), {}, {kSrc / "tests/packs/MINI"});
  auto both = cfp::Catalog::load(paths(), {}, {poison, kSrc / "tests/packs/MINI"});
  cfp::Case c = cfp::load_case_file(kSrc / kExample, *alone);
  cfp::Evaluator ref(alone), ev(both);
  cfp::json want = ref.evaluate(c, {{"MINI"}, false})["results"][0];
  for (int round = 0; round < 3; ++round) {  // and for every later case on the same state
    cfp::json got = ev.evaluate(c, {{"AAA-POISON", "MINI"}, false})["results"][1];
    CHECK(got == want);
    std::string text = ev.evaluate_text(cfp::load_case_file(kSrc / kExample, *both).doc.dump(), {{"AAA-POISON", "MINI"}, false});
    CHECK(text.find("forged") == std::string::npos);
    CHECK(text.find("伪造") == std::string::npos);
  }
}

TEST_CASE("pairs over a table a rule built gives the same order in every Lua state", "[isolation]") {
  TmpDir tmp("pairs");
  fs::path pack = make_pack(tmp.path, "ORDER", R"(
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  local t = {}
  for i = 1, 60 do t["key" .. (i * 7919 % 1000)] = i end
  t[3] = "three"; t[1.5] = "float"; t[true] = "yes"
  local order = {}
  for k in pairs(t) do order[#order + 1] = tostring(k) end
  local via_next, k = {}, next(t)
  while k ~= nil do via_next[#via_next + 1] = tostring(k); k = next(t, k) end
  return pass{ values = { order = table.concat(order, ","), via_next = table.concat(via_next, ","),
                          tbl = tostring({}), fn = tostring(pairs) } }
end }
)");
  std::set<std::string> outputs;
  std::string first;
  for (int i = 0; i < 6; ++i) {  // each Evaluator is a new Lua state, with its own hash seed
    auto cat = cfp::Catalog::load(paths(), {}, {pack});
    cfp::Evaluator ev(cat);
    cfp::Case c = cfp::load_case_file(kSrc / kExample, *cat);
    cfp::json r = ev.evaluate(c, {{"ORDER"}, false});
    const cfp::json& v = r["results"][0]["findings"][0]["values"];
    outputs.insert(v.dump());
    if (first.empty()) first = v["order"].get<std::string>();
    CHECK(v["order"] == v["via_next"]);
    CHECK(v["tbl"] == "table");  // never an address
    CHECK(v["fn"] == "function");
  }
  CHECK(outputs.size() == 1);
  // numbers first (in numeric order), then names (byte order), then booleans
  CHECK(first.rfind("1.5,3,key", 0) == 0);
  CHECK(first.substr(first.size() - 5) == ",true");
}

TEST_CASE("float keys are written without collisions on both paths", "[isolation]") {
  TmpDir tmp("floatkeys");
  fs::path pack = make_pack(tmp.path, "FLOATKEYS", R"(
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  return pass{ values = { [1e-7] = "a", [2e-7] = "b", [0.1] = "c" } }
end }
)");
  auto cat = cfp::Catalog::load(paths(), {}, {pack});
  cfp::Evaluator ev(cat);
  cfp::Case c = cfp::load_case_file(kSrc / kExample, *cat);
  cfp::json v = ev.evaluate(c, {{"FLOATKEYS"}, false})["results"][0]["findings"][0]["values"];
  CHECK(v.size() == 3);
  CHECK(v["1e-07"] == "a");
  CHECK(v["2e-07"] == "b");
  CHECK(v["0.1"] == "c");
  std::string text = ev.evaluate_text(c.doc.dump(), {{"FLOATKEYS"}, false});
  CHECK(text.find(R"("values":{"1e-07":"a","2e-07":"b","0.1":"c"})") != std::string::npos);
}

TEST_CASE("a Lua error outside a protected call is a pack error, not an abort", "[isolation]") {
  cfp::Limits lim;
  cfp::detail::LuaHost h(lim);
  lua_State* L = h.L();
  lua_pushstring(L, "raised where nothing catches it");
  CHECK_THROWS_AS(lua_error(L), cfp::PackError);  // Lua would call abort() after the panic function
}

TEST_CASE("converting a result never fails for memory the rule used up", "[isolation]") {
  cfp::Limits lim;
  lim.memory_bytes = 32u << 20;
  cfp::detail::LuaHost h(lim);
  lua_State* L = h.L();
  // a result with long keys: converting it creates each key string again
  lua_newtable(L);
  std::string pad(200, 'k');
  for (int i = 0; i < 2000; ++i) {
    std::string k = pad + std::to_string(i);
    lua_pushinteger(L, i);
    lua_setfield(L, -2, k.c_str());
  }
  // the state is full: no allocation may succeed any more
  h.budget().state_limit = h.budget().used;
  h.budget().limit = h.budget().used;
  h.begin_conversion();
  cfp::json j;
  CHECK_NOTHROW(j = h.to_json(-1, "P", "P/r"));
  std::string text;
  CHECK_NOTHROW(h.write_json(-1, "P", "P/r", text));
  h.end_conversion();
  CHECK(j.size() == 2000);
  CHECK(text == j.dump());
}

TEST_CASE("a result with 100 000 keys is written in linear time on the eval path", "[isolation]") {
  TmpDir tmp("wide");
  fs::path pack = make_pack(tmp.path, "WIDE", R"(
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  local v = {}
  for i = 1, 100000 do v["k" .. i] = i end
  return pass{ values = v }
end }
)");
  cfp::Limits lim;
  lim.max_output_bytes = 64u << 20;
  auto cat = cfp::Catalog::load(paths(), lim, {pack});
  cfp::Evaluator ev(cat);
  cfp::Case c = cfp::load_case_file(kSrc / kExample, *cat);
  auto t0 = std::chrono::steady_clock::now();
  cfp::json r = ev.evaluate(c, {{"WIDE"}, false});
  double secs = seconds_since(t0);
  INFO("eval path took " << secs << " s");
  CHECK(r["results"][0]["findings"][0]["values"].size() == 100000);
  CHECK(secs < 3.0);  // 12 s before (ordered_json inserts by linear scan)
  t0 = std::chrono::steady_clock::now();
  std::string text = ev.evaluate_text(c.doc.dump(), {{"WIDE"}, false});
  std::string want = r.dump(-1, ' ', false, cfp::json::error_handler_t::replace);
  CHECK(text.substr(text.find("\"results\"")) == want.substr(want.find("\"results\"")));
}

TEST_CASE("a case object with 160 000 keys is parsed in linear time", "[isolation]") {
  auto cat = cfp::Catalog::load(paths(), {}, {kSrc / "tests/packs/MINI"});
  std::string text = R"({"format": "cfpcase/1", "case_id": "X", "stage": "initial", "as_of": "2026-03-01", "product": {)";
  for (int i = 0; i < 160000; ++i) text += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":1";
  text += "}, \"pad\": true}";
  auto t0 = std::chrono::steady_clock::now();
  try {
    cfp::load_case(text, *cat);
  } catch (const cfp::CaseRejected&) {
  }
  double secs = seconds_since(t0);
  INFO("load_case took " << secs << " s");
  CHECK(secs < 3.0);  // 17 s before
  cfp::Evaluator ev(cat);
  t0 = std::chrono::steady_clock::now();
  try {
    ev.evaluate_text(text);
  } catch (const std::exception&) {
  }
  secs = seconds_since(t0);
  INFO("evaluate_text took " << secs << " s");
  CHECK(secs < 3.0);
}

TEST_CASE("case and rule files: only regular files, read up to the limit", "[isolation]") {
  auto cat = cfp::Catalog::load(paths(), {}, {kSrc / "tests/packs/MINI"});
  auto t0 = std::chrono::steady_clock::now();
  try {
    cfp::load_case_file("/dev/zero", *cat);
    FAIL("accepted /dev/zero");
  } catch (const cfp::CaseRejected& e) {
    CHECK(e.issues().front().message.find("not a regular file") != std::string::npos);
  }
  CHECK(seconds_since(t0) < 1.0);
  TmpDir tmp("files");
  // a case far over the limit: rejected having read limit + 1 bytes
  {
    std::ofstream big(tmp.path / "big.json", std::ios::binary);
    std::string block(1u << 20, ' ');
    for (int i = 0; i < 64; ++i) big << block;
  }
  std::string out, why;
  REQUIRE(cfp::read_regular_file(tmp.path / "big.json", 1000, out, why));
  CHECK(out.size() == 1001);
  CHECK_THROWS_AS(cfp::load_case_file(tmp.path / "big.json", *cat), cfp::CaseRejected);
  CHECK_FALSE(cfp::read_regular_file(tmp.path, 1000, out, why));  // a folder
  // a module symlinked to a device
  fs::path pack = make_pack(tmp.path, "DEVZERO", "");
  fs::remove(pack / "rules.lua");
  fs::create_symlink("/dev/zero", pack / "rules.lua");
  t0 = std::chrono::steady_clock::now();
  try {
    cfp::Catalog::load(paths(), {}, {pack});
    FAIL("loaded a module from /dev/zero");
  } catch (const cfp::PackError& e) {
    CHECK(std::string(e.what()).find("outside the pack folder") != std::string::npos);
  }
  CHECK(seconds_since(t0) < 1.0);
}

TEST_CASE("module paths are compared canonically", "[isolation]") {
  TmpDir tmp("paths");
  make_pack(tmp.path, "NTE-GLA-evil", "rule { slug = 'x', clause = '1', title = { zh = 'x', en = 'x' }, check = function() return pass() end }\n");
  fs::path d = tmp.path / "NTE-GLA";
  write(d / "pack.lua", "return { id = 'NTE-GLA', document = { zh = 'x', en = 'x' }, issuer = { zh = 'x', en = 'x' },\n"
                        "  version = '1', effective = '2026-01-01', modules = { '../NTE-GLA-evil/rules.lua' } }\n");
  try {
    cfp::Catalog::load(paths(), {}, {d});
    FAIL("loaded a module from a sibling folder");
  } catch (const cfp::PackError& e) {
    CHECK(std::string(e.what()).find("outside the pack folder") != std::string::npos);
  }
  // a symlink inside the pack to a file outside it
  write(d / "pack.lua", "return { id = 'NTE-GLA', document = { zh = 'x', en = 'x' }, issuer = { zh = 'x', en = 'x' },\n"
                        "  version = '1', effective = '2026-01-01', modules = { 'link.lua' } }\n");
  fs::create_symlink(tmp.path / "NTE-GLA-evil" / "rules.lua", d / "link.lua");
  CHECK_THROWS_AS(cfp::Catalog::load(paths(), {}, {d}), cfp::PackError);
}

TEST_CASE("decide cannot rewrite a rule's title for later cases", "[isolation]") {
  TmpDir tmp("title");
  fs::path pack = make_pack(tmp.path, "TITLE", R"(
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  return pass{}
end }
decide(function(R)
  R.findings[1].title.zh = "forged"
  return { verdict = "pass" }
end)
)");
  auto cat = cfp::Catalog::load(paths(), {}, {pack});
  cfp::Evaluator ev(cat);
  cfp::Case c = cfp::load_case_file(kSrc / kExample, *cat);
  try {
    ev.evaluate(c, {{"TITLE"}, false});
    FAIL("decide wrote the title");
  } catch (const cfp::PackError& e) {
    CHECK(e.rule() == "TITLE/decide");
    CHECK(std::string(e.what()).find("read-only") != std::string::npos);
  }
}

TEST_CASE("a fixed result (check = info{...}) gives every case its own finding", "[isolation]") {
  TmpDir tmp("fixed");
  fs::path pack = make_pack(tmp.path, "FIXED", R"(
rule { slug = "item", clause = "1", info_only = true, title = { zh = "t", en = "t" },
       check = info { zh = "m", en = "m", values = { n = 1 }, evidence = "/case_id" } }
decide(function(R)
  local fd = R.by_rule["item"]
  fd.status = "fail"                      -- the finding table is this case's own
  return { verdict = "pass" }
end)
)");
  auto cat = cfp::Catalog::load(paths(), {}, {pack});
  cfp::Evaluator ev(cat);
  cfp::Case c = cfp::load_case_file(kSrc / kExample, *cat);
  for (int i = 0; i < 2; ++i) {  // the first case's change does not reach the second
    cfp::json r = ev.evaluate(c, {{"FIXED"}, false});
    const auto& f = r["results"][0]["findings"][0];
    CHECK(f["status"] == "fail");
    CHECK(f["message"]["zh"] == "m");
    CHECK(f["values"]["n"] == 1);
    CHECK(f["evidence"] == cfp::json::array({"/case_id"}));
  }
  // its message and values are read-only
  fs::path pack2 = make_pack(tmp.path, "FIXEDRO", R"(
rule { slug = "item", clause = "1", info_only = true, title = { zh = "t", en = "t" },
       check = info { zh = "m", en = "m", values = { n = 1 } } }
decide(function(R)
  R.by_rule["item"].values.n = 2
  return { verdict = "pass" }
end)
)");
  auto cat2 = cfp::Catalog::load(paths(), {}, {pack2});
  cfp::Evaluator ev2(cat2);
  try {
    ev2.evaluate(c, {{"FIXEDRO"}, false});
    FAIL("decide wrote a fixed finding's values");
  } catch (const cfp::PackError& e) {
    CHECK(std::string(e.what()).find("read-only") != std::string::npos);
  }
  // a fixed result is checked when the pack loads
  fs::path pack3 = make_pack(tmp.path, "FIXEDBAD", R"(
rule { slug = "item", clause = "1", title = { zh = "t", en = "t" }, check = info { evidance = "/x" } }
)");
  try {
    cfp::Catalog::load(paths(), {}, {pack3});
    FAIL("a misspelt key in a fixed result loaded");
  } catch (const cfp::PackError& e) {
    CHECK(std::string(e.what()).find("did you mean `evidence`") != std::string::npos);
  }
}

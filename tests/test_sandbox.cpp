// Sandbox properties that are not one hostile snippet: memory returns to its
// baseline, a closed state frees everything, a state is rebuilt after a pack
// error, text-only loading, per-pack limits, sealed upvalues.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "cfpcheck/cfpcheck.hpp"
#include "lua_host.hpp"

namespace fs = std::filesystem;

namespace {
const fs::path kSrc = CFPCHECK_SOURCE_DIR;

cfp::Paths sandbox_paths() {
  cfp::Paths p;
  p.rules = kSrc / "rules";
  p.data = kSrc / "data";
  return p;
}
}  // namespace

TEST_CASE("10 000 evaluations of one case: Lua memory returns to its baseline", "[sandbox][leak]") {
  auto cat = cfp::Catalog::load(sandbox_paths(), {}, {kSrc / "tests/packs/MINI"});
  cfp::Evaluator ev(cat);
  cfp::Case c = cfp::load_case_file(kSrc / "data/examples/caster-billet-gla.json", *cat);
  cfp::json first = ev.evaluate(c);
  const std::size_t baseline = ev.lua_memory();
  std::size_t peak = baseline;
  const int n = std::getenv("CFPCHECK_QUICK") ? 1000 : 10'000;
  for (int i = 0; i < n; ++i) {
    cfp::json r = ev.evaluate(c);
    if (i % 1000 == 0) REQUIRE(r == first);
    peak = std::max(peak, ev.lua_memory());
  }
  // the collector runs incrementally: memory may sit above the baseline by
  // what one evaluation allocates, never grow with the number of evaluations
  const std::size_t after = ev.lua_memory();
  INFO("baseline " << baseline << " B, after " << n << " evaluations " << after << " B, peak " << peak << " B");
  CHECK(after < baseline + (8u << 20));
  CHECK(peak < baseline + (32u << 20));
}

TEST_CASE("closing a Lua state returns its allocator to zero", "[sandbox][leak]") {
  cfp::Limits lim;
  cfp::detail::Budget* b = nullptr;
  {
    cfp::detail::LuaHost h(lim);
    b = &h.budget();
    CHECK(b->used > 0);
    h.load_chunk({"test.lua", "local t = {} for i = 1, 1000 do t[i] = ('x'):rep(i) end return #t"}, "T");
    h.call(0, 1, "T", true);
    CHECK(lua_tointeger(h.L(), -1) == 1000);
    lua_pop(h.L(), 1);
    h.close();  // what ~LuaHost does
    CHECK(b->used == 0);
  }
}

TEST_CASE("binary chunks are refused, even without the signature check", "[sandbox]") {
  cfp::Limits lim;
  cfp::detail::LuaHost h(lim);
  // a real binary chunk made by this Lua
  lua_State* L = h.L();
  REQUIRE(luaL_loadstring(L, "return 1") == LUA_OK);
  std::string bin;
  lua_dump(
      L, [](lua_State*, const void* p, size_t sz, void* ud) {
        static_cast<std::string*>(ud)->append(static_cast<const char*>(p), sz);
        return 0;
      },
      &bin, 1);
  lua_pop(L, 1);
  REQUIRE(bin.rfind(LUA_SIGNATURE, 0) == 0);
  try {
    h.load_chunk({"evil.lua", bin}, "EVIL");
    FAIL("accepted a binary chunk");
  } catch (const cfp::PackError& e) {
    CHECK(e.kind() == "sandbox");
    CHECK(std::string(e.what()).find("binary chunks are not accepted") != std::string::npos);
  }
  // and the loader itself is in text mode: a chunk past the first byte check
  CHECK(luaL_loadbufferx(L, bin.data(), bin.size(), "=x", "t") != LUA_OK);
  CHECK(std::string(lua_tostring(L, -1)).find("attempt to load a binary chunk") != std::string::npos);
}

TEST_CASE("after a pack error the next evaluation on the same Evaluator is correct", "[sandbox]") {
  const fs::path dir = fs::temp_directory_path() / ("cfp-sandbox-" + std::to_string(::getpid())) / "FLAKY";
  fs::create_directories(dir);
  std::ofstream(dir / "pack.lua") << "return { id = 'FLAKY', document = { zh = 'x', en = 'x' }, issuer = { zh = 'x', en = 'x' },"
                                     " version = '1', effective = '2026-01-01', modules = { 'r.lua' } }\n";
  // loops on one stage only: the error depends on the case
  std::ofstream(dir / "r.lua") << "rule { slug = 'r', clause = '1', title = { zh = 'r', en = 'r' }, check = function(c)\n"
                                  "  if c.stage == 'surveillance' then while true do end end\n"
                                  "  return pass{ values = { stage = c.stage } }\nend }\n";
  auto cat = cfp::Catalog::load(sandbox_paths(), {}, {dir, kSrc / "tests/packs/MINI"});
  cfp::Evaluator ev(cat);
  cfp::Case good = cfp::load_case_file(kSrc / "data/examples/caster-billet-gla.json", *cat);
  cfp::json before = ev.evaluate(good);
  cfp::json bad_doc = good.doc;
  bad_doc["stage"] = "surveillance";
  cfp::Case bad = cfp::load_case(bad_doc.dump(), *cat);
  try {
    ev.evaluate(bad);
    FAIL("no error");
  } catch (const cfp::PackError& e) {
    CHECK(e.kind() == "budget");
    CHECK(e.rule() == "FLAKY/1/r");
    CHECK(e.file().size() >= 11);
    CHECK(e.file().substr(e.file().size() - 11) == "FLAKY/r.lua");
    CHECK(e.line() == 2);
  }
  CHECK(ev.evaluate(good) == before);
  fs::remove_all(dir.parent_path());
}

TEST_CASE("pattern functions are charged step by step", "[sandbox]") {
  cfp::Limits lim;
  cfp::detail::LuaHost h(lim);
  auto run = [&](const std::string& code) -> std::string {
    h.load_chunk({"p.lua", code}, "P");
    lua_getfield(h.L(), LUA_REGISTRYINDEX, "cfp.safe");
    h.set_env(-2);
    try {
      h.call(0, 1, "P", true);
      std::string r = lua_tostring(h.L(), -1) ? lua_tostring(h.L(), -1) : "";
      lua_pop(h.L(), 1);
      return r;
    } catch (const cfp::PackError& e) {
      return std::string("ERROR ") + e.what();
    }
  };
  // everyday patterns on everyday strings work
  CHECK(run("return (('  2026-02-11  '):match('^%s*(.-)%s*$'))") == "2026-02-11");
  CHECK(run("return (select(3, ('2026-02-11'):find('(%d+)-(%d+)-(%d+)')))") == "2026");
  CHECK(run("local n = 0 for w in ('a b c '):rep(10000):gmatch('%a+') do n = n + 1 end return tostring(n)") == "30000");
  CHECK(run("return (('x'):rep(100000):gsub('x', 'y'):sub(1, 3))") == "yyy");
  // the worst cases stop at the instruction budget, inside the call
  CHECK(run("return (('a'):rep(100000):find('(.-)(.-)(.-)x'))").find("instruction budget exceeded") != std::string::npos);
  CHECK(run("return (('a'):rep(1000000):find('a*b'))").find("instruction budget exceeded") != std::string::npos);
}

TEST_CASE("every evaluation starts math.random from randomseed(20260101)", "[sandbox]") {
  cfp::Limits lim;
  cfp::detail::LuaHost h(lim);
  const std::string draw = "local s = '' for i = 1, 8 do s = s .. math.random(1, 1000000000) .. ',' end "
                           "return s .. math.random()";
  // budgeted: begin_evaluation seeds (the first time by calling randomseed,
  // later by restoring the state it left); unbudgeted: the state as it is
  auto run = [&](const std::string& code, bool budgeted) -> std::string {
    h.load_chunk({"r.lua", code}, "P");
    lua_getfield(h.L(), LUA_REGISTRYINDEX, "cfp.safe");
    h.set_env(-2);
    h.call(0, 1, "P", budgeted);
    std::string r = lua_tostring(h.L(), -1) ? lua_tostring(h.L(), -1) : "";
    lua_pop(h.L(), 1);
    return r;
  };
  const std::string first = run(draw, true);
  CHECK(run(draw, true) == first);  // restored after a step that drew
  CHECK(run("return 'none'", true) == "none");
  CHECK(run(draw, true) == first);  // restored after a step that did not draw
  // the sequence is the one math.randomseed(20260101) itself starts
  lua_getfield(h.L(), LUA_REGISTRYINDEX, "cfp.randomseed");
  lua_pushinteger(h.L(), 20260101);
  lua_call(h.L(), 1, 0);
  CHECK(run(draw, false) == first);
  CHECK(run(draw, false) != first);  // (unbudgeted calls do not reseed)
  CHECK(run(draw, true) == first);
}

TEST_CASE("per-pack limits from the manifest", "[sandbox]") {
  const fs::path dir = fs::temp_directory_path() / ("cfp-limits-" + std::to_string(::getpid())) / "LIMITED";
  fs::create_directories(dir);
  std::ofstream(dir / "pack.lua") << "return { id = 'LIMITED', document = { zh = 'x', en = 'x' }, issuer = { zh = 'x', en = 'x' },"
                                     " version = '1', effective = '2026-01-01', modules = { 'r.lua' },"
                                     " limits = { instructions = 50000, memory_mb = 1, deadline_ms = 500 } }\n";
  std::ofstream(dir / "r.lua") << "rule { slug = 'r', clause = '1', title = { zh = 'r', en = 'r' }, check = function(c)\n"
                                  "  if c.stage == 'application' then for i = 1, 100000 do end end\n"
                                  "  if c.stage == 'initial' then local t = {} for i = 1, 200000 do t[i] = i end end\n"
                                  "  return pass{}\nend }\n";
  auto cat = cfp::Catalog::load(sandbox_paths(), {}, {dir});
  cfp::Evaluator ev(cat);
  cfp::Case c = cfp::load_case_file(kSrc / "data/examples/caster-billet-gla.json", *cat);
  REQUIRE(c.stage == "application");
  try {
    ev.evaluate(c);
    FAIL("the pack's instruction limit did not apply");
  } catch (const cfp::PackError& e) {
    CHECK(e.kind() == "budget");
  }
  cfp::json d = c.doc;
  d["stage"] = "initial";
  try {
    ev.evaluate(cfp::load_case(d.dump(), *cat));
    FAIL("the pack's memory limit did not apply");
  } catch (const cfp::PackError& e) {
    CHECK((e.kind() == "memory" || e.kind() == "budget"));
  }
  fs::remove_all(dir.parent_path());
}

// docs/security.md "Deadline": a single costly C call (the pattern matcher,
// which charges every 1 024 steps) stops inside the call at the deadline,
// also in an unhooked run whose timer fired while the call was running (no
// VM instruction, so no hook, until it returns). The budget is far above
// what the call can charge in 100 ms: had the charges not read the clock
// after the timer fired, the call would have run on until the budget
// tripped on charges, and been run again counted (to stop at the deadline
// there): the deadline must stop the first run, with no re-run.
TEST_CASE("a long pattern call stops at the deadline inside the call", "[sandbox][budget]") {
  cfp::Limits lim;
  lim.instructions = 500'000'000;  // the matcher charges ~3e8 a second on this VM: the budget takes seconds
  lim.deadline_ms = 100;
  cfp::detail::LuaHost h(lim);
  h.load_chunk({"p.lua", "return (('a'):rep(1 << 19):find('.-.-.-.-.-b'))"}, "P");
  lua_getfield(h.L(), LUA_REGISTRYINDEX, "cfp.safe");
  h.set_env(-2);
  try {
    h.call(0, 1, "P", true, true);  // budgeted and rerunnable: starts unhooked
    FAIL("the pattern call was not stopped");
  } catch (const cfp::PackError& e) {
    INFO(e.what());
    CHECK(e.kind() == "deadline");
  }
  CHECK(h.counted_reruns() == 0);
}

// docs/security.md "The instruction budget": an evaluation starts without the
// count hook and is counted (or run again counted) when its time cannot rule
// out the budget. Whatever the path, the outcome is the counted run's: a loop
// well under the budget (the timer switches it to counting from a time bound),
// one whose bound trips though its exact count does not (run again counted),
// and one over the budget (the same error at the same line).
TEST_CASE("an unhooked evaluation ends as a counted one would", "[sandbox][budget]") {
  const fs::path dir = fs::temp_directory_path() / ("cfp-unhooked-" + std::to_string(::getpid())) / "LOOPS";
  fs::create_directories(dir);
  std::ofstream(dir / "pack.lua") << "return { id = 'LOOPS', document = { zh = 'x', en = 'x' }, issuer = { zh = 'x', en = 'x' },"
                                     " version = '1', effective = '2026-01-01', modules = { 'r.lua' } }\n";
  // 2 VM instructions an iteration (ADD, FORLOOP): 0.6 M, 1.5 M and 2.4 M of a 2 M budget
  std::ofstream(dir / "r.lua") << "local N = { application = 300000, initial = 750000, surveillance = 1200000 }\n"
                                  "rule { slug = 'r', clause = '1', title = { zh = 'r', en = 'r' }, check = function(c)\n"
                                  "  local s = 0\n"
                                  "  for i = 1, N[c.stage] do s = s + i end\n"
                                  "  return pass{ values = { sum = s } }\nend }\n";
  cfp::Limits unhooked;
  unhooked.instructions = 2'000'000;
  cfp::Limits counted = unhooked;
  counted.count_from_start = true;
  auto cat_u = cfp::Catalog::load(sandbox_paths(), unhooked, {dir});
  auto cat_c = cfp::Catalog::load(sandbox_paths(), counted, {dir});
  cfp::Evaluator ev_u(cat_u), ev_c(cat_c);
  cfp::Case base = cfp::load_case_file(kSrc / "data/examples/caster-billet-gla.json", *cat_u);
  auto outcome = [](cfp::Evaluator& ev, const cfp::Case& c) -> std::string {
    try {
      return ev.evaluate(c)["results"].dump();
    } catch (const cfp::PackError& e) {
      return std::string("error ") + e.kind() + " " + e.file() + ":" + std::to_string(e.line()) + " " + e.what();
    }
  };
  for (const char* stage : {"application", "initial", "surveillance"}) {
    cfp::json d = base.doc;
    d["stage"] = stage;
    cfp::Case c = cfp::load_case(d.dump(), *cat_u);
    INFO("stage " << stage);
    const std::string u = outcome(ev_u, c), k = outcome(ev_c, c);
    CHECK(u == k);
    if (std::string(stage) == "surveillance") {
      CHECK(u.find("instruction budget exceeded") != std::string::npos);
      CHECK(u.find("r.lua:4") != std::string::npos);
    } else {
      CHECK(u.find("\"sum\"") != std::string::npos);
    }
  }
  fs::remove_all(dir.parent_path());
}

// The hot path (Evaluator::evaluate_text: simdjson, compiled schema checks,
// direct Lua tables, SHA extensions) must give byte-identical results to the
// classic path (load_case + evaluate + dump), and reject exactly what
// load_case rejects, with the same report.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <cmath>
#include <cstring>
#include <random>
#include <sstream>

#include "cfpcheck/cfpcheck.hpp"
#include "case_shape.hpp"
#include "fast_case.hpp"
#include "schema.hpp"
#include "lua_host.hpp"
#include "result_writer.hpp"

namespace fs = std::filesystem;
using cfp::json;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::shared_ptr<const cfp::Catalog> catalog() {
  // the finished pack plus the engine's test pack: packs under construction
  // must not break this test
  static auto cat = [] {
    cfp::Paths p;
    p.rules = fs::path(CFPCHECK_SOURCE_DIR) / "rules";
    p.data = fs::path(CFPCHECK_SOURCE_DIR) / "data";
    return cfp::Catalog::load(p, {}, {p.rules / "NTE-GLA", fs::path(CFPCHECK_SOURCE_DIR) / "tests/packs/MINI"});
  }();
  return cat;
}

// "ok:<line>" or "rejected:<report>" or "pack:<report>"
std::string classic(cfp::Evaluator& ev, const std::string& text, const cfp::EvalOptions& opt) {
  try {
    cfp::Case c = cfp::load_case(text, ev.catalog());
    return "ok:" + ev.evaluate(c, opt).dump(-1, ' ', false, json::error_handler_t::replace);
  } catch (const cfp::CaseRejected& e) {
    return "rejected:" + e.to_json().dump();
  } catch (const cfp::PackError& e) {
    return "pack:" + e.to_json().dump();
  }
}

std::string fast(cfp::Evaluator& ev, const std::string& text, const cfp::EvalOptions& opt) {
  try {
    cfp::EvalSummary sum;
    return "ok:" + ev.evaluate_text(text, opt, &sum);
  } catch (const cfp::CaseRejected& e) {
    return "rejected:" + e.to_json().dump();
  } catch (const cfp::PackError& e) {
    return "pack:" + e.to_json().dump();
  }
}

// The catalogs of the byte-identity checks. all: every pack under rules/,
// the engine's test pack and the awkward-values pack (tests/packs/AWKWARD);
// if a pack under construction does not load, the finished one stands in for
// them. Otherwise (quicker to rebuild after each pack error): the finished
// pack, MINI and AWKWARD.
std::shared_ptr<const cfp::Catalog> catalog_with(bool all, const cfp::Limits& limits = {}) {
  cfp::Paths p;
  p.rules = fs::path(CFPCHECK_SOURCE_DIR) / "rules";
  p.data = fs::path(CFPCHECK_SOURCE_DIR) / "data";
  const fs::path packs = fs::path(CFPCHECK_SOURCE_DIR) / "tests/packs";
  const std::vector<fs::path> few{p.rules / "NTE-GLA", packs / "MINI", packs / "AWKWARD"};
  if (!all) return cfp::Catalog::load(p, limits, few);
  std::vector<fs::path> dirs{packs / "MINI", packs / "AWKWARD"};
  for (const auto& e : fs::directory_iterator(p.rules))
    if (e.is_directory() && fs::exists(e.path() / "pack.lua")) dirs.push_back(e.path());
  try {
    return cfp::Catalog::load(p, limits, dirs);
  } catch (const cfp::PackError& e) {
    WARN("not every pack loads (" << e.what() << "): checking with NTE-GLA only");
    return cfp::Catalog::load(p, limits, few);
  }
}

// classic() and fast() on the same text and options must agree byte for byte,
// and the summary must say what the classic document says. `loaded`: the
// text already through load_case (the classic side then only evaluates it).
// Returns fast()'s answer.
std::string same(cfp::Evaluator& ev, const std::string& text, const cfp::EvalOptions& opt, const cfp::Case* loaded = nullptr) {
  std::string a;
  if (!loaded) {
    a = classic(ev, text, opt);
  } else {
    try {
      a = "ok:" + ev.evaluate(*loaded, opt).dump(-1, ' ', false, json::error_handler_t::replace);
    } catch (const cfp::PackError& e) {
      a = "pack:" + e.to_json().dump();
    }
  }
  cfp::EvalSummary sum;
  std::string b;
  try {
    b = "ok:" + ev.evaluate_text(text, opt, &sum);
  } catch (const cfp::CaseRejected& e) {
    b = "rejected:" + e.to_json().dump();
  } catch (const cfp::PackError& e) {
    b = "pack:" + e.to_json().dump();
  }
  INFO("schemes: " << (opt.schemes.empty() ? "all" : opt.schemes[0]) << ", only_problems: " << opt.only_problems);
  REQUIRE(a == b);
  if (a.rfind("ok:", 0) == 0) {
    cfp::EvalSummary want;
    const json doc = json::parse(a.substr(3));
    for (const auto& r : doc["results"]) {
      want.verdicts.emplace_back(r["scheme"].get<std::string>(), r["verdict"].is_string() ? r["verdict"].get<std::string>() : "");
      want.any_fail = want.any_fail || r["verdict"] == "fail";
    }
    CHECK(sum.verdicts == want.verdicts);
    CHECK(sum.any_fail == want.any_fail);
  }
  return b;
}

std::vector<std::string> examples() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(fs::path(CFPCHECK_SOURCE_DIR) / "data/examples"))
    if (e.path().extension() == ".json") out.push_back(slurp(e.path()));
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("sha256 with the SHA extensions equals the portable one") {
  std::mt19937 rng(7);
  for (std::size_t n : {0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 35317, 100000}) {
    std::string s(n, '\0');
    for (auto& ch : s) ch = static_cast<char>(rng());
    CHECK(cfp::detail::sha256_hex_fast(s) == cfp::detail::sha256_hex_portable(s));
  }
  CHECK(cfp::detail::sha256_hex_fast("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(cfp::detail::sha256_hex_portable("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("the fast loader is enabled and takes the examples") {
  auto cat = catalog();
  cfp::detail::LuaHost host(cat->limits());
  cfp::detail::FastCase fc(*cat, host);
  REQUIRE(fc.enabled());
  for (const auto& text : examples()) {
    cfp::Case meta;
    CHECK(fc.load(text, meta));
    cfp::Case slow = cfp::load_case(text, *cat);
    CHECK(meta.sha256 == slow.sha256);
    CHECK(meta.id == slow.id);
    CHECK(meta.stage == slow.stage);
    CHECK(meta.as_of == slow.as_of);
    CHECK(meta.schemes == slow.schemes);
    lua_settop(host.L(), 0);
  }
}

namespace {

// Compares the case tables at a and b (proxies): the same data-table
// metatables (the shape's, cached per node) at every level, the same keys.
void same_attachment(lua_State* L, int a, int b, int depth = 0) {
  a = lua_absindex(L, a);
  b = lua_absindex(L, b);
  REQUIRE(lua_getmetatable(L, a));
  REQUIRE(lua_getmetatable(L, b));
  lua_getfield(L, -2, "__index");
  lua_getfield(L, -2, "__index");
  REQUIRE(lua_istable(L, -1));
  REQUIRE(lua_istable(L, -2));
  const int da = lua_gettop(L) - 1, db = lua_gettop(L);
  const bool ma = lua_getmetatable(L, da), mb = lua_getmetatable(L, db);
  CHECK(ma == mb);
  if (ma && mb) CHECK(lua_rawequal(L, -1, -2));
  lua_settop(L, db);
  lua_pushnil(L);
  while (lua_next(L, da)) {
    lua_pushvalue(L, -2);
    CHECK(lua_rawget(L, db) == lua_type(L, -2));
    if (lua_istable(L, -1) && lua_istable(L, -2)) same_attachment(L, -2, -1, depth + 1);
    lua_pop(L, 2);
  }
  lua_settop(L, da - 3);
}

}  // namespace

TEST_CASE("the fast loader attaches the case shape as attach_case_shape does") {
  auto cat = catalog();
  cfp::detail::LuaHost host(cat->limits());
  cfp::detail::FastCase fc(*cat, host);
  REQUIRE(fc.enabled());
  const cfp::detail::CaseShape& shape = cat->schema().shape();
  lua_State* L = host.L();
  int n = 0;
  for (const auto& text : examples()) {
    for (int v = 0; v < 2; ++v) {
      std::string t = text;
      if (v == 1) {  // unknown fields, maps, nulls and arrays in odd places
        json d = json::parse(text);
        d["extra_unknown_field"] = {{"a", 1}, {"b", {1, 2, nullptr, {{"x", {1}}}}}};
        if (d.contains("footprint")) d["footprint"]["zz_unknown"] = {{{"k", {{"deep", 1}}}}};
        t = d.dump();
      }
      cfp::Case m1, m2;
      lua_settop(L, 0);
      REQUIRE(fc.load(t, m1, &shape));
      REQUIRE(fc.load(t, m2));
      cfp::detail::attach_case_shape(L, -1, shape, nullptr);
      same_attachment(L, 1, 2);
      ++n;
    }
  }
  lua_settop(L, 0);
  CHECK(n > 0);
}

namespace {

// The keys table of every object proxy (its metatable's [1]) lists the
// object's non-null keys in document order; arrays are walked.
void keys_as_in(lua_State* L, int proxy, const json& j) {
  proxy = lua_absindex(L, proxy);
  REQUIRE(lua_getmetatable(L, proxy));
  const int m = lua_gettop(L);
  lua_getfield(L, m, "__index");
  const int data = lua_gettop(L);
  if (j.is_object()) {
    REQUIRE(lua_rawgeti(L, m, 1) == LUA_TTABLE);
    const int keys = lua_gettop(L);
    lua_Integer i = 0;
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it.value().is_null()) continue;
      REQUIRE(lua_rawgeti(L, keys, ++i) == LUA_TSTRING);
      CHECK(std::string(lua_tostring(L, -1)) == it.key());
      lua_pop(L, 1);
      if (it.value().is_structured()) {
        lua_getfield(L, data, it.key().c_str());
        keys_as_in(L, -1, it.value());
        lua_pop(L, 1);
      }
    }
    CHECK(static_cast<lua_Integer>(lua_rawlen(L, keys)) == i);
  } else {
    lua_Integer i = 0;
    for (const auto& v : j) {
      ++i;
      if (!v.is_structured()) continue;
      lua_rawgeti(L, data, i);
      keys_as_in(L, -1, v);
      lua_pop(L, 1);
    }
  }
  lua_settop(L, m - 1);
}

}  // namespace

TEST_CASE("the fast loader's keys tables, shared across cases, stay right when its cache is emptied") {
  auto cat = catalog();
  cfp::detail::LuaHost host(cat->limits());
  cfp::detail::FastCase fc(*cat, host);
  REQUIRE(fc.enabled());
  lua_State* L = host.L();
  auto exs = examples();
  REQUIRE(!exs.empty());
  // many distinct key sets (more than the cache keeps), and the same keys in
  // other orders and with nulls
  json big = json::parse(exs.front());
  json many = json::array();
  for (int i = 0; i < 5000; ++i) many.push_back({{"k" + std::to_string(i), i}, {"v", i % 3 ? json(i) : json(nullptr)}});
  big["extra_unknown_field"] = many;
  json other = json::parse(exs.front());
  other["extra_unknown_field"] = {{{"v", 1}, {"k1", 2}}, {{"k1", nullptr}, {"v", 3}}, {{"k1", 1}, {"v", 2}}};
  std::vector<std::string> stream;
  for (int round = 0; round < 2; ++round) {
    for (const auto& t : exs) stream.push_back(t);
    stream.push_back(big.dump());
    stream.push_back(other.dump());
  }
  for (const auto& t : stream) {
    cfp::Case m;
    lua_settop(L, 0);
    REQUIRE(fc.load(t, m));
    keys_as_in(L, 1, json::parse(t));
  }
  lua_settop(L, 0);
}

TEST_CASE("the fast loader declines an object with a key twice, whatever its size") {
  auto cat = catalog();
  cfp::detail::LuaHost host(cat->limits());
  cfp::detail::FastCase fc(*cat, host);
  REQUIRE(fc.enabled());
  auto exs = examples();
  REQUIRE(!exs.empty());
  std::string base = exs.front();
  const auto brace = base.rfind('}');
  REQUIRE(brace != std::string::npos);
  for (int n : {3, 12, 13, 40, 256, 257, 600}) {
    for (int dup : {-1, 0, n / 2, n - 1}) {
      // "extra": {"k0": 0, ..., "k<n-1>": n-1}, with k<dup> written again last
      std::string obj = "{";
      for (int i = 0; i < n; ++i) obj += (i ? "," : "") + ("\"key_number_" + std::to_string(i) + "\":" + std::to_string(i));
      if (dup >= 0) obj += ",\"key_number_" + std::to_string(dup) + "\":1";
      obj += "}";
      std::string t = base.substr(0, brace) + ",\"extra_unknown_field\":" + obj + base.substr(brace);
      cfp::Case m;
      lua_settop(host.L(), 0);
      CHECK(fc.load(t, m) == (dup < 0));
    }
  }
  lua_settop(host.L(), 0);
}

TEST_CASE("evaluate_text gives the classic bytes on examples and variants") {
  auto cat = catalog();
  cfp::Evaluator ev(cat);
  std::mt19937 rng(11);
  const char* stages[] = {"application", "initial", "surveillance", "recertification", "change"};
  int n = 0;
  for (const auto& text : examples()) {
    for (int v = 0; v < 12; ++v) {
      json d = json::parse(text);
      if (v > 0) {
        d["stage"] = stages[rng() % 5];
        if (d.contains("footprint") && d["footprint"].contains("inventory"))
          for (auto& line : d["footprint"]["inventory"])
            if (line.contains("amount") && line["amount"].is_number())
              line["amount"] = line["amount"].get<double>() * (0.5 + (rng() % 1000) / 1000.0);
        if (v % 3 == 0 && d.contains("gla")) d["gla"]["recycled_t"] = nullptr;          // nulls
        if (v % 4 == 0) d["extra_unknown_field"] = {{"a", 1}, {"b", {1, 2, nullptr}}};  // kept, unknown
        if (v % 5 == 0 && d.contains("sites")) d["sites"] = json::array();
      }
      std::string t = v % 2 ? d.dump() : d.dump(2);
      for (bool only : {false, true}) {
        cfp::EvalOptions opt;
        opt.only_problems = only;
        if (v == 7) opt.schemes = {"MINI"};
        std::string a = classic(ev, t, opt), b = fast(ev, t, opt);
        CHECK(a == b);
        ++n;
      }
    }
  }
  CHECK(n > 0);
}

TEST_CASE("evaluate_text takes the caller's digest of the text as case.sha256") {
  // batch hashes each line on its reader thread and hands the digest on
  auto cat = catalog();
  cfp::Evaluator ev(cat);
  for (const auto& text : examples()) {
    const std::string digest = cfp::sha256_hex(text);
    const std::string own = ev.evaluate_text(text), given = ev.evaluate_text(text, {}, nullptr, digest);
    CHECK(own == given);
    CHECK(json::parse(own)["case"]["sha256"] == digest);
    // used as given (the caller vouches for it): a different one shows up
    const std::string other(64, 'a');
    CHECK(json::parse(ev.evaluate_text(text, {}, nullptr, other))["case"]["sha256"] == other);
  }
}

TEST_CASE("evaluate_text rejects exactly what load_case rejects") {
  auto cat = catalog();
  cfp::Evaluator ev(cat);
  std::string ex = examples().front();
  std::vector<std::string> bad = {
      "",
      "   ",
      "[]",
      "{}",
      "\xEF\xBB\xBF" + ex,
      ex + " x",
      ex.substr(0, ex.size() / 2),
      R"({"format":"cfpcase/2","case_id":"a","stage":"initial","as_of":"2026-01-01"})",
      R"({"case_id":"a","stage":"initial","as_of":"2026-01-01"})",
      R"({"format":"cfpcase/1","case_id":"a","stage":"initial","as_of":"2026-02-30"})",
      R"({"format":"cfpcase/1","case_id":"a","stage":"initial","as_of":"2026-01-01","as_of":"2026-01-02"})",
      R"({"format":"cfpcase/1","case_id":"a","stage":"initial","as_of":"2026-01-01","x":1e-400})",
      R"({"format":"cfpcase/1","case_id":"a","stage":"initial","as_of":"2026-01-01","x":0.0e-5})",
      R"({"format":"cfpcase/1","case_id":"a","stage":"initial","as_of":"2026-01-01","x":9007199254740993})",
      R"({"format":"cfpcase/1","case_id":"a","stage":"initial","as_of":"2026-01-01","x":1e400})",
      R"({"format":"cfpcase/1","case_id":"a","stage":"initial","as_of":"2026-01-01","x":NaN})",
      R"({"format":"cfpcase/1","case_id":"a","stage":"nowhere","as_of":"2026-01-01"})",
      R"({"format":"cfpcase/1","case_id":7,"stage":"initial","as_of":"2026-01-01"})",
      R"({"format":"cfpcase/1","case_id":"a","stage":"initial","as_of":"2026-01-01","schemes":["NOPE"]})",
      R"({"format":"cfpcase/1","case_id":"a","stage":"initial","as_of":"2026-01-01","gla":{"recycled_t":"x"}})",
      "{\"format\":\"cfpcase/1\",\"case_id\":\"a\xff\",\"stage\":\"initial\",\"as_of\":\"2026-01-01\"}",
      std::string(R"({"format":"cfpcase/1","case_id":"a","stage":"initial","as_of":"2026-01-01","deep":)") +
          std::string(100, '[') + std::string(100, ']') + "}",
  };
  // anything the hardening suite collects
  for (const char* dir : {"tests/hostile", "tests/hostile/cases"}) {
    fs::path d = fs::path(CFPCHECK_SOURCE_DIR) / dir;
    if (fs::is_directory(d))
      for (const auto& e : fs::directory_iterator(d))
        if (e.is_regular_file() && fs::file_size(e.path()) < (1u << 20)) bad.push_back(slurp(e.path()));
  }
  cfp::EvalOptions opt;
  for (const auto& t : bad) {
    std::string a = classic(ev, t, opt), b = fast(ev, t, opt);
    CHECK(a == b);
  }
}

TEST_CASE("the result writer's strings and numbers are nlohmann's dump") {
  std::mt19937 rng(5);
  // strings: random bytes, mostly awkward ones (controls, quotes, UTF-8 lead
  // and continuation bytes, cut and overlong sequences)
  const std::string pieces[] = {"a", "\"", "\\", "/", std::string(1, '\0'), "\x01", "\x1f", "\x7f", "\b", "\f", "\n",
                                "\r", "\t", "\xc3\xa9", "\xe4\xb8\xad", "\xf0\x9f\x98\x80", "\xe2\x80\xa8", "\xff",
                                "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe4\xb8", "\x80", "\xf0\x9f",
                                "\xc2", "\xef\xbf\xbd", "\xf5\x80\x80\x80", "\xe0\x80\x80", "\xf0\x80\x80\x80"};
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    for (int k = rng() % 8; k > 0; --k) {
      if (rng() % 3) s += pieces[rng() % std::size(pieces)];
      else s.push_back(static_cast<char>(rng()));
    }
    std::string out = "x";
    cfp::detail::put_string(out, s);
    REQUIRE(out == "x" + json(s).dump(-1, ' ', false, json::error_handler_t::replace));
  }
  // doubles: chosen and random bit patterns
  std::vector<double> ds = {0.1, 1.0 / 3, -2.0 / 3, 1e20, 1e21, 1e22, 1e300, -1e-300, 5e-324, -5e-324, 2.5, 9007199254740992.0,
                            9223372036854775808.0, 1.7976931348623157e308, 2.2250738585072014e-308, 123456789.125, 1e-7};
  for (int i = 0; i < 20000; ++i) {
    std::uint64_t bits = (static_cast<std::uint64_t>(rng()) << 32) | rng();
    double d;
    std::memcpy(&d, &bits, sizeof d);
    if (std::isfinite(d)) ds.push_back(d);
  }
  for (double d : ds) {
    std::string out;
    cfp::detail::put_double(out, d);
    REQUIRE(out == json(d).dump());
  }
  for (std::int64_t v : {std::int64_t{0}, std::int64_t{-1}, std::int64_t{7}, INT64_MAX, INT64_MIN}) {
    std::string out;
    cfp::detail::put_int(out, v);
    CHECK(out == json(v).dump());
  }
}

TEST_CASE("evaluate_text gives the classic bytes on a generated corpus") {
  auto cat = catalog_with(true);
  cfp::Evaluator ev(cat);
  std::ifstream in(CFPCHECK_CORPUS);
  REQUIRE(in);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    INFO("corpus line " << n + 1);
    cfp::Case c = cfp::load_case(line, *cat);
    for (bool only : {false, true}) {
      cfp::EvalOptions opt;
      opt.only_problems = only;
      same(ev, line, opt, &c);  // every scheme
      opt.schemes = {cat->packs()[n % cat->packs().size()].id};
      same(ev, line, opt, &c);  // one, in turn
    }
    ++n;
  }
  CHECK(n == 300);
}

TEST_CASE("evaluate_text gives the classic bytes on awkward rule results") {
  auto cat = catalog_with(false);
  cfp::Evaluator ev(cat);
  const std::vector<std::string> modes = {"", "na", "fail", "wide", "wide-metrics", "dby-string", "dby-empty",
                                          "metrics-list", "action-num"};
  // pack errors (each one rebuilds the Lua state): on one example
  const std::vector<std::string> bad = {"big", "deep", "cycle", "function", "evidence-fn", "message-fn", "grade-fn",
                                        "dby-fn"};
  const auto texts = examples();
  for (std::size_t i = 0; i < texts.size(); ++i) {
    std::vector<std::string> these = modes;
    if (i == 0) these.insert(these.end(), bad.begin(), bad.end());
    for (const auto& mode : these) {
      INFO("awkward: '" << mode << "'");
      json d = json::parse(texts[i]);
      if (!mode.empty()) d["awkward"] = mode;
      for (bool only : {false, true}) {
        cfp::EvalOptions opt;
        opt.only_problems = only;
        opt.schemes = {"AWKWARD"};
        same(ev, d.dump(), opt);
        if (mode.empty() || mode == "function") {
          opt.schemes.clear();  // every scheme: AWKWARD's error after another pack's result
          same(ev, d.dump(), opt);
        }
      }
    }
  }
  // the awkward values do reach the output (the pack is not silently skipped)
  json d = json::parse(examples().front());
  std::string out = ev.evaluate_text(d.dump(), {{"AWKWARD"}, false});
  CHECK(out.find(R"(q\"b\\s/\u0000\u0001\b\f\n\r\t\u001f é)") != std::string::npos);
  CHECK(out.find("\xEF\xBF\xBD") != std::string::npos);
  CHECK(out.find(",5e-324,-5e-324,0,0.1,") != std::string::npos);
  CHECK(out.find("\"0.000000\":\"s2\"") != std::string::npos);
  // and a bad variant is an output error (the same from both paths, above)
  d["awkward"] = "function";
  CHECK(fast(ev, d.dump(), {{"AWKWARD"}, false}).find(R"("error":"output")") != std::string::npos);
}

TEST_CASE("evaluate_text raises the classic errors at the output limits") {
  for (int which = 0; which < 2; ++which) {
    cfp::Limits limits;
    if (which == 0) limits.max_findings = 5;          // AWKWARD has more findings
    else limits.max_output_bytes = 8 * 3000;          // room for the packs' metadata, not for "wide"
    auto cat = catalog_with(false, limits);
    cfp::Evaluator ev(cat);
    for (const auto& text : examples()) {
      for (const char* mode : {"", "wide", "wide-metrics"}) {
        if (which == 0 && *mode) continue;
        INFO("limit " << which << ", awkward: '" << mode << "'");
        json d = json::parse(text);
        if (*mode) d["awkward"] = mode;
        for (bool only : {false, true}) {
          cfp::EvalOptions opt;
          opt.only_problems = only;
          same(ev, d.dump(), opt);
          opt.schemes = {"AWKWARD"};
          bool error = same(ev, d.dump(), opt).find(R"("error":"output")") != std::string::npos;
          CHECK(error == (which == 0 || *mode));
        }
      }
    }
  }
}

TEST_CASE("a case too big for the state's memory is a pack error on both paths, and the evaluator goes on") {
  // 11 000 inventory lines (≈ 6.2 MB) against a 16 MiB state: building the
  // Lua tables runs out of memory. That used to abort the process on the
  // fast path (a Lua error outside any protected call).
  cfp::Paths p;
  p.rules = fs::path(CFPCHECK_SOURCE_DIR) / "rules";
  p.data = fs::path(CFPCHECK_SOURCE_DIR) / "data";
  cfp::Limits lim;
  lim.memory_bytes = 16u << 20;
  auto cat = cfp::Catalog::load(p, lim, {fs::path(CFPCHECK_SOURCE_DIR) / "tests/packs/MINI"});
  json doc = json::parse(slurp(fs::path(CFPCHECK_SOURCE_DIR) / "data/examples/smelter-ingot-initial.json"));
  json line = doc["footprint"]["inventory"][0];
  json lines = json::array();
  for (int i = 0; i < 11000; ++i) {
    line["id"] = "B" + std::to_string(i);
    lines.push_back(line);
  }
  doc["footprint"]["inventory"] = lines;
  const std::string big = doc.dump();
  REQUIRE(big.size() < lim.max_case_bytes);
  const std::string small = slurp(fs::path(CFPCHECK_SOURCE_DIR) / "data/examples/smelter-ingot-initial.json");
  cfp::Evaluator ev(cat);
  const std::string f = fast(ev, big, {});
  CHECK(f.rfind("pack:", 0) == 0);
  CHECK(f.find("\"memory\"") != std::string::npos);
  CHECK(f == classic(ev, big, {}));
  // the same Evaluator, right after: a normal case, as on the classic path
  const std::string ok = fast(ev, small, {});
  CHECK(ok.rfind("ok:", 0) == 0);
  CHECK(ok == classic(ev, small, {}));
}

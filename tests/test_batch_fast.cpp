// The hot path (Evaluator::evaluate_text: simdjson, compiled schema checks,
// direct Lua tables, SHA extensions) must give byte-identical results to the
// classic path (load_case + evaluate + dump), and reject exactly what
// load_case rejects, with the same report.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "cfpcheck/cfpcheck.hpp"
#include "fast_case.hpp"
#include "lua_host.hpp"

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
    CHECK(cfp::detail::sha256_hex_fast(s) == cfp::sha256_hex(s));
  }
  CHECK(cfp::detail::sha256_hex_fast("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
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

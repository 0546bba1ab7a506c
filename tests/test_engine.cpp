// Unit tests: case loading, the catalog, evaluation, isolation, determinism.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cfpcheck/cfpcheck.hpp"
#include "cfpcheck/report.hpp"

namespace fs = std::filesystem;
using cfp::json;

namespace {

fs::path src() { return CFPCHECK_SOURCE_DIR; }

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A rules folder holding the real library plus the given packs.
fs::path rules_with(const std::vector<std::pair<std::string, std::string>>& packs, const std::string& tag) {
  fs::path dir = fs::temp_directory_path() / ("cfp-unit-" + tag);
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy(src() / "rules" / "lib", dir / "lib", fs::copy_options::recursive);
  for (const auto& [id, rules] : packs) {
    fs::create_directories(dir / id);
    std::ofstream(dir / id / "pack.lua") << "return { id = '" << id
                                         << "', document = { zh = 'x', en = 'x' }, issuer = { zh = 'x', en = 'x' },"
                                            " version = '1', effective = '2026-01-01', modules = { 'r.lua' },"
                                            " params = { limit = { value = 3, clause = '1', doc = 'd' } } }";
    std::ofstream(dir / id / "r.lua") << rules;
  }
  return dir;
}

std::shared_ptr<const cfp::Catalog> real_catalog() {
  static auto cat = cfp::Catalog::load({src() / "rules", src() / "data"});
  return cat;
}

std::vector<std::string> pointers_of(const cfp::CaseRejected& e) {
  std::vector<std::string> out;
  for (const auto& i : e.issues()) out.push_back(i.pointer);
  return out;
}

cfp::CaseRejected reject(const std::string& text) {
  try {
    cfp::load_case(text, *real_catalog());
  } catch (const cfp::CaseRejected& e) {
    return e;
  }
  FAIL("case was accepted: " << text.substr(0, 80));
  throw std::logic_error("unreachable");
}

const char* kMinimal = R"({"format":"cfpcase/1","case_id":"T","stage":"application","as_of":"2026-03-01"})";

}  // namespace

TEST_CASE("sha256 matches the FIPS 180-4 vectors") {
  CHECK(cfp::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(cfp::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(cfp::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("every shared example loads and validates against the schema") {
  fs::path shared = src().parent_path() / "shared" / "examples";
  if (!fs::is_directory(shared)) shared = src() / "data" / "examples";
  int n = 0;
  for (const auto& e : fs::directory_iterator(shared)) {
    if (e.path().extension() != ".json") continue;
    INFO(e.path());
    cfp::Case c = cfp::load_case_file(e.path(), *real_catalog());
    CHECK(!c.id.empty());
    CHECK(c.sha256.size() == 64);
    ++n;
  }
  CHECK(n == 3);
}

TEST_CASE("syntax errors give line and column") {
  auto e = reject("{\n  \"format\": \"cfpcase/1\",\n  \"case_id\": \"X\"\n  \"stage\": \"initial\"\n}");
  REQUIRE(e.issues().size() == 1);
  CHECK(e.issues()[0].line == 4);
  CHECK(e.issues()[0].column == 3);
  auto e2 = reject(std::string(kMinimal) + " trailing");
  CHECK(e2.issues()[0].line == 1);
  auto e3 = reject("");
  CHECK(e3.issues()[0].message.find("empty") != std::string::npos);
}

TEST_CASE("schema issues give the line and column of the value at their pointer") {
  // a wrong type two levels down, inside a list: the value's own position
  auto e = reject("{\"format\":\"cfpcase/1\",\"case_id\":\"T\",\"stage\":\"application\",\"as_of\":\"2026-03-01\",\n"
                  "\"footprint\": {\n  \"inventory\": [\n    {\"id\": \"L1\"},\n    {\"id\": \"L2\", \"amount\": \"12\"}\n  ]\n}}");
  const cfp::CaseIssue* amount = nullptr;
  for (const auto& is : e.issues())
    if (is.pointer == "/footprint/inventory/1/amount") amount = &is;
  REQUIRE(amount != nullptr);
  CHECK(amount->line == 5);
  CHECK(amount->column == 28);  // `    {"id": "L2", "amount": ` is 27 characters
  // a required field that is missing: the object that lacks it
  auto m = reject("{\"format\":\"cfpcase/1\",\n \"case_id\":\"T\",\"stage\":\"application\"}");
  REQUIRE(pointers_of(m) == std::vector<std::string>{"/as_of"});
  CHECK(m.issues()[0].line == 1);
  CHECK(m.issues()[0].column == 1);
  // a key written with an escape (pro\u0064uct = product) on the way; CJK text counts as characters
  auto u = reject("{\"format\":\"cfpcase/1\",\"case_id\":\"T\",\"stage\":\"application\",\"as_of\":\"2026-03-01\",\n"
                  "\"pro\\u0064uct\": {\"name\": \"电解铝\", \"form\": 7}}");
  const cfp::CaseIssue* form = nullptr;
  for (const auto& is : u.issues())
    if (is.pointer == "/product/form") form = &is;
  REQUIRE(form != nullptr);
  CHECK(form->line == 2);
  CHECK(form->column == 41);  // `"pro\u0064uct": {"name": "电解铝", "form": ` is 40 characters
  // the header checks are placed too
  auto f = reject("{\n  \"format\": \"cfpcase/2\"}");
  CHECK(f.issues()[0].line == 2);
  CHECK(f.issues()[0].column == 13);
}

TEST_CASE("the header is checked first: format, case_id, stage, as_of") {
  CHECK(pointers_of(reject(R"({"case_id":"T","stage":"initial","as_of":"2026-03-01"})")) ==
        std::vector<std::string>{"/format"});
  CHECK(pointers_of(reject(R"({"format":"cfpcase/2","case_id":"T","stage":"initial","as_of":"2026-03-01"})")) ==
        std::vector<std::string>{"/format"});
  CHECK(pointers_of(reject(R"({"format":"cfpcase/1","stage":"initial","as_of":"2026-03-01"})")) ==
        std::vector<std::string>{"/case_id"});
  CHECK(pointers_of(reject(R"({"format":"cfpcase/1","case_id":"T","stage":"final","as_of":"2026-03-01"})")) ==
        std::vector<std::string>{"/stage"});
  CHECK(pointers_of(reject(R"({"format":"cfpcase/1","case_id":"T","stage":"initial","as_of":"2026-02-30"})")) ==
        std::vector<std::string>{"/as_of"});
  CHECK(pointers_of(reject("[1,2]")) == std::vector<std::string>{""});
}

TEST_CASE("every type error is listed with pointer, expected and found") {
  json doc = json::parse(slurp(src() / "data" / "examples" / "caster-billet-gla.json"));
  doc["footprint"]["inventory"][2]["amount"] = "12000";
  doc["gla"]["recycled_t"] = true;
  doc["product"]["form"] = "ingots";
  auto e = reject(doc.dump());
  REQUIRE(e.issues().size() == 3);
  std::map<std::string, cfp::CaseIssue> by;
  for (const auto& i : e.issues()) by[i.pointer] = i;
  REQUIRE(by.count("/footprint/inventory/2/amount"));
  CHECK(by["/footprint/inventory/2/amount"].expected.find("number") != std::string::npos);
  CHECK(by["/footprint/inventory/2/amount"].found == "string");
  REQUIRE(by.count("/gla/recycled_t"));
  CHECK(by["/gla/recycled_t"].found == "boolean");
  REQUIRE(by.count("/product/form"));
  CHECK(by["/product/form"].found == "\"ingots\"");
}

TEST_CASE("duplicate keys are rejected; unknown fields are kept") {
  auto e = reject(R"({"format":"cfpcase/1","case_id":"T","case_id":"U","stage":"initial","as_of":"2026-03-01"})");
  CHECK(pointers_of(e) == std::vector<std::string>{"/case_id"});
  cfp::Case c = cfp::load_case(
      R"({"format":"cfpcase/1","case_id":"T","stage":"initial","as_of":"2026-03-01","x_note":{"a":1}})",
      *real_catalog());
  CHECK(c.doc.at("x_note").at("a") == 1);
}

TEST_CASE("the catalog knows every pack, its rules and parameters") {
  auto cat = real_catalog();
  for (const char* id : {"CNCA-CFP-15", "WPRZ-CFP-01", "CGC-PV10", "NTE-GLA", "CICC-CFP"}) {
    INFO(id);
    const cfp::PackInfo* p = cat->find_pack(id);
    REQUIRE(p != nullptr);
    CHECK(p->sha256.size() == 64);
    CHECK(!p->rules.empty());
    for (const auto& r : p->rules) {
      INFO(r.id);
      CHECK(r.id == std::string(id) + "/" + r.clause + "/" + r.slug);
      CHECK(!r.title_zh.empty());
      CHECK(!r.title_en.empty());
      CHECK(r.line > 0);
    }
  }
  const cfp::PackInfo* nte = nullptr;
  const cfp::RuleInfo* grade = cat->find_rule("NTE-GLA/6.2/grade", &nte);
  REQUIRE(grade != nullptr);
  CHECK(grade->file.find("NTE-GLA") != std::string::npos);
}

TEST_CASE("evaluation is deterministic and does not depend on earlier cases") {
  auto cat = real_catalog();
  cfp::Case smelter = cfp::load_case_file(src() / "data" / "examples" / "smelter-ingot-initial.json", *cat);
  cfp::Case caster = cfp::load_case_file(src() / "data" / "examples" / "caster-billet-gla.json", *cat);
  cfp::Evaluator a(cat), b(cat);
  std::string first = a.evaluate(smelter).dump();
  a.evaluate(caster);
  CHECK(a.evaluate(smelter).dump() == first);
  CHECK(b.evaluate(smelter).dump() == first);
}

TEST_CASE("the five schemes on the shared examples") {
  auto cat = real_catalog();
  cfp::Evaluator ev(cat);
  auto result_of = [&](const char* file, const char* scheme) {
    cfp::Case c = cfp::load_case_file(src() / "data" / "examples" / file, *cat);
    json r = ev.evaluate(c, {{scheme}, false});
    return r["results"][0];
  };
  // ../shared/README.md: caster N-GLA40.48, hydro U-GLA0.100, smelter 11.368 t CO2e/t
  CHECK(result_of("caster-billet-gla.json", "NTE-GLA")["grade"] == "N-GLA40.48");
  CHECK(result_of("hydro-smelter-application.json", "NTE-GLA")["grade"] == "U-GLA0.100");
  for (const char* s : {"CNCA-CFP-15", "WPRZ-CFP-01"}) {
    INFO(s);
    json r = result_of("smelter-ingot-initial.json", s);
    CHECK(r["verdict"] == "pass");
    CHECK(r["action"] == "certify_after_correction");
    CHECK(r["metrics"]["footprint_tco2e_per_t"].get<double>() == Approx(11.368).epsilon(0.005));
  }
  // CGC-PV10 excludes national-pilot products
  json cgc = result_of("smelter-ingot-initial.json", "CGC-PV10");
  CHECK(cgc["applicable"] == false);
  CHECK(cgc["verdict"] == "not_applicable");
}

TEST_CASE("rule code cannot change the case, the facts or another pack") {
  auto dir = rules_with({{"AAA", R"(
rule { slug = "poke", clause = "1", title = { zh = "x", en = "x" },
  check = function(c, f) c.case_id = "changed"; return pass() end })"},
                        {"BBB", R"(
rule { slug = "look", clause = "1", title = { zh = "x", en = "x" },
  check = function(c, f) if c.case_id ~= "T" then return fail{} end return pass() end })"}},
                        "isolation");
  auto cat = cfp::Catalog::load({dir, src() / "data"});
  cfp::Evaluator ev(cat);
  cfp::Case c = cfp::load_case(kMinimal, *cat);
  try {
    ev.evaluate(c, {{"AAA"}, false});
    FAIL("writing into the case was allowed");
  } catch (const cfp::PackError& e) {
    CHECK(e.rule() == "AAA/1/poke");
    CHECK(std::string(e.what()).find("read-only") != std::string::npos);
    CHECK(e.line() == 3);
  }
  json r = ev.evaluate(c, {{"BBB"}, false});  // the state was rebuilt
  CHECK(r["results"][0]["findings"][0]["status"] == "pass");
}

TEST_CASE("globals are fixed after load; undefined globals are errors") {
  auto dir = rules_with({{"GLB", R"(
counter = 0
rule { slug = "count", clause = "1", title = { zh = "x", en = "x" },
  check = function(c) counter = counter + 1; return pass() end })"},
                        {"UND", R"(
rule { slug = "typo", clause = "1", title = { zh = "x", en = "x" },
  check = function(c) return pas() end })"},
                        {"PAR", R"(
rule { slug = "param", clause = "1", title = { zh = "x", en = "x" },
  check = function(c) if P.limit ~= 3 then return fail{} end return pass{ values = { x = P.limt } } end })"}},
                        "globals");
  auto cat = cfp::Catalog::load({dir, src() / "data"});
  cfp::Evaluator ev(cat);
  cfp::Case c = cfp::load_case(kMinimal, *cat);
  auto error_of = [&](const char* scheme) -> std::string {
    try {
      ev.evaluate(c, {{scheme}, false});
    } catch (const cfp::PackError& e) {
      return e.what();
    }
    return "no error";
  };
  CHECK(error_of("GLB").find("cannot assign global 'counter'") != std::string::npos);
  CHECK(error_of("UND").find("undefined global 'pas'") != std::string::npos);
  CHECK(error_of("PAR").find("undefined parameter 'limt'") != std::string::npos);
}

TEST_CASE("a broken pack is reported with its file and line") {
  auto dir = rules_with({{"SYN", "rule { slug = 'x', clause = '1', title = { zh = 'x', en = 'x' }, check = function(c) return pass( end }"}},
                        "syntax");
  try {
    cfp::Catalog::load({dir, src() / "data"});
    FAIL("a syntax error loaded");
  } catch (const cfp::PackError& e) {
    CHECK(e.kind() == "syntax");
    CHECK(e.file().size() >= 9);
    CHECK(e.file().substr(e.file().size() - 9) == "SYN/r.lua");
    CHECK(e.line() == 1);
  }
}

TEST_CASE("case objects iterate in document order") {
  auto dir = rules_with({{"ORD", R"(
rule { slug = "order", clause = "1", title = { zh = "x", en = "x" },
  check = function(c)
    local keys = {}
    for k in pairs(c.x_order) do keys[#keys + 1] = k end
    return info{ values = { keys = table.concat(keys, ","), n = #c.x_list } }
  end })"}},
                        "order");
  auto cat = cfp::Catalog::load({dir, src() / "data"});
  cfp::Evaluator ev(cat);
  cfp::Case c = cfp::load_case(
      R"({"format":"cfpcase/1","case_id":"T","stage":"application","as_of":"2026-03-01",
          "x_order":{"zeta":1,"alpha":2,"mid":3},"x_list":[1,null,3]})",
      *cat);
  json r = ev.evaluate(c, {{"ORD"}, false});
  CHECK(r["results"][0]["findings"][0]["values"]["keys"] == "zeta,alpha,mid");
  CHECK(r["results"][0]["findings"][0]["values"]["n"] == 3);
}

TEST_CASE("party body findings are counted apart and never decide; grade_status; cancel") {
  // result-format.md: a finding's party, counts.body, grade_status, the cancel action
  auto dir = rules_with({{"PTY", R"(
rule { slug = "body-days", clause = "1", party = "body", severity = "serious", title = { zh = "x", en = "x" },
  check = function(c) return fail{ en = "planned 2 person-days, minimum 4" } end }
rule { slug = "body-eff", clause = "2", effect = "body", title = { zh = "x", en = "x" },
  check = function(c) return fail{ en = "late" } end }
rule { slug = "app", clause = "3", title = { zh = "x", en = "x" },
  check = function(c)
    if c.stage == "surveillance" then return fail{ effect = "cancel", severity = "serious", en = "expired" } end
    return pass()
  end }
decide(function(R)
  local d = lib.verdict.standard(R, {})
  d.grade = "G1"
  if R.stage == "application" then d.grade_status = "established" end
  return d
end))"}},
                        "party");
  auto cat = cfp::Catalog::load({dir, src() / "data"});
  cfp::Evaluator ev(cat);
  const std::string app = R"({"format":"cfpcase/1","case_id":"T","stage":"application","as_of":"2026-03-01"})";
  cfp::Case c = cfp::load_case(app, *cat);
  json r = ev.evaluate(c, {{"PTY"}, false})["results"][0];
  CHECK(r["verdict"] == "pass");
  CHECK(r["action"] == "accept");
  CHECK(r["grade_status"] == "established");
  CHECK(r["findings"][0]["party"] == "body");
  CHECK(r["findings"][1]["party"] == "body");
  CHECK(r["findings"][2]["party"] == "applicant");
  CHECK(r["counts"]["body"] == 2);
  CHECK(r["counts"]["fail"] == 0);
  CHECK(r["counts"]["serious"] == 0);
  CHECK(r["counts"]["pass"] == 1);
  // the hot-path writer gives the same bytes
  CHECK(ev.evaluate_text(app, {{"PTY"}, false}) == ev.evaluate(c, {{"PTY"}, false}).dump(-1, ' ', false, json::error_handler_t::replace));
  cfp::Case s = cfp::load_case(R"({"format":"cfpcase/1","case_id":"T","stage":"surveillance","as_of":"2026-03-01"})", *cat);
  json rs = ev.evaluate(s, {{"PTY"}, false})["results"][0];
  CHECK(rs["verdict"] == "fail");
  CHECK(rs["action"] == "cancel");
  CHECK(rs["grade_status"] == "provisional");  // a grade is never established by default
  CHECK(rs["counts"]["fail"] == 1);
  CHECK(rs["counts"]["body"] == 2);
}

TEST_CASE("compare lists the topics on which schemes disagree") {
  json result = {{"case", {{"id", "T"}, {"stage", "application"}, {"as_of", "2026-03-01"}}},
                 {"results",
                  {{{"scheme", "A"}, {"applicable", true}, {"applicability", nullptr}, {"verdict", "pass"}, {"action", "accept"},
                    {"native", nullptr}, {"grade", nullptr}, {"metrics", json::object()},
                    {"counts", {{"serious", 0}, {"general", 0}, {"observation", 0}}},
                    {"findings", {{{"rule", "A/1/cut-off"}, {"topic", "cut-off"}, {"status", "pass"}, {"severity", nullptr},
                                   {"message", {{"zh", "z"}, {"en", "e"}}}}}}},
                   {{"scheme", "B"}, {"applicable", true}, {"applicability", nullptr}, {"verdict", "conditional"},
                    {"action", "request_supplement"}, {"native", nullptr}, {"grade", nullptr}, {"metrics", json::object()},
                    {"counts", {{"serious", 0}, {"general", 1}, {"observation", 0}}},
                    {"findings", {{{"rule", "B/5/cut-off-mass"}, {"topic", "cut-off"}, {"status", "fail"}, {"severity", "general"},
                                   {"message", {{"zh", "z"}, {"en", "e"}}}}}}}}}};
  json cmp = cfp::compare_summary(result);
  REQUIRE(cmp["disagreements"].size() == 1);
  CHECK(cmp["disagreements"][0]["topic"] == "cut-off");
  CHECK(cmp["disagreements"][0]["outcomes"]["B"]["status"] == "fail");
  CHECK(cmp["schemes"][1]["general"] == 1);
}

TEST_CASE("display width counts CJK characters as two columns") {
  CHECK(cfp::display_width("abc") == 3);
  CHECK(cfp::display_width("铝锭") == 4);
  CHECK(cfp::display_width("N-GLA40.48 普通级") == 17);
}

// The hostile suite (tests/hostile/): rule snippets that try to hang, exhaust,
// escape or poison the engine, and malformed case files. Each one must end in
// the expected, clean error (kind + message, and file/line where given), in
// well under a second, and the same process (the same Evaluator where one
// exists) must then still evaluate a normal case exactly as before.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "cfpcheck/cfpcheck.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kSrc = CFPCHECK_SOURCE_DIR;

#if defined(__SANITIZE_ADDRESS__)
constexpr double kSecondsPerHostile = 8.0;  // ASan/UBSan builds run several times slower
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr double kSecondsPerHostile = 8.0;
#else
constexpr double kSecondsPerHostile = 1.0;
#endif
#else
constexpr double kSecondsPerHostile = 1.0;
#endif

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

cfp::Paths paths() {
  cfp::Paths p;
  p.rules = kSrc / "rules";
  p.data = kSrc / "data";
  return p;
}

// The reference evaluation: the MINI pack on an example case.
struct Reference {
  std::shared_ptr<const cfp::Catalog> cat;
  cfp::Case normal;
  cfp::json expected;  // results of MINI on `normal`
};

Reference& reference() {
  static Reference r = [] {
    Reference r;
    r.cat = cfp::Catalog::load(paths(), {}, {kSrc / "tests/packs/MINI"});
    r.normal = cfp::load_case_file(kSrc / "data/examples/caster-billet-gla.json", *r.cat);
    cfp::Evaluator ev(r.cat);
    r.expected = ev.evaluate(r.normal, {{"MINI"}, false})["results"];
    return r;
  }();
  return r;
}

void check_normal(cfp::Evaluator& ev) {
  Reference& ref = reference();
  cfp::Case c = cfp::load_case_file(kSrc / "data/examples/caster-billet-gla.json", ev.catalog());
  cfp::json got = ev.evaluate(c, {{"MINI"}, false})["results"];
  CHECK(got == ref.expected);
}

struct RuleExpect {
  std::string phase;               // load | eval | ok
  std::vector<std::string> kinds;  // any of
  std::string message;
  int line = 0;
  std::string limits;
};

std::string header_value(const std::string& text, const std::string& key) {
  std::istringstream in(text);
  std::string l;
  const std::string prefix = "-- " + key + ":";
  while (std::getline(in, l)) {
    if (l.rfind(prefix, 0) == 0) {
      std::string v = l.substr(prefix.size());
      while (!v.empty() && v.front() == ' ') v.erase(v.begin());
      return v;
    }
  }
  return {};
}

std::string unescape(const std::string& s) {  // \xHH in expected messages
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size() + 1 && s[i + 1] == 'x') {
      out.push_back(static_cast<char>(std::stoi(s.substr(i + 2, 2), nullptr, 16)));
      i += 3;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

RuleExpect parse_expect(const fs::path& file, const std::string& text) {
  std::string h = text;
  if (fs::exists(file.string() + ".expect")) h = slurp(file.string() + ".expect");
  RuleExpect e;
  std::istringstream ex(header_value(h, "expect"));
  ex >> e.phase;
  std::string kinds;
  ex >> kinds;
  std::size_t p = 0;
  while (!kinds.empty()) {
    p = kinds.find('|');
    e.kinds.push_back(kinds.substr(0, p));
    if (p == std::string::npos) break;
    kinds = kinds.substr(p + 1);
  }
  e.message = unescape(header_value(h, "message"));
  std::string line = header_value(h, "line");
  e.line = line.empty() ? 0 : std::stoi(line);
  e.limits = header_value(h, "limits");
  return e;
}

bool kind_ok(const RuleExpect& e, const std::string& kind) {
  for (const auto& k : e.kinds)
    if (k == kind) return true;
  return false;
}

void check_error(const RuleExpect& e, const cfp::PackError& err) {
  INFO("error: " << err.what() << " [kind " << err.kind() << ", file " << err.file() << ", line " << err.line() << "]");
  CHECK(kind_ok(e, err.kind()));
  CHECK(err.pack() == "HOSTILE");
  if (!e.message.empty()) CHECK(std::string(err.what()).find(e.message) != std::string::npos);
  if (e.line) {
    CHECK(err.line() == e.line);
    CHECK(err.file().find("HOSTILE/") != std::string::npos);
  }
  if (e.phase == "eval") CHECK(err.rule() == "HOSTILE/1/h");
  (void)err.to_json().dump();  // the report is valid JSON (valid UTF-8)
}

}  // namespace

TEST_CASE("hostile rules end in a clean pack error and leave no poisoned state", "[hostile]") {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(kSrc / "tests/hostile/rules"))
    if (e.path().extension() == ".lua") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 40);

  const fs::path tmp = fs::temp_directory_path() / ("cfp-hostile-" + std::to_string(::getpid()));
  const fs::path dir = tmp / "HOSTILE";
  fs::create_directories(dir);
  std::unique_ptr<cfp::Evaluator> survivor;  // lives across load failures

  for (const auto& file : files) {
    const std::string text = slurp(file);
    const RuleExpect e = parse_expect(file, text);
    SECTION(file.filename().string()) {
      INFO("hostile rule " << file.filename().string());
      REQUIRE((e.phase == "load" || e.phase == "eval" || e.phase == "ok"));
      std::ofstream(dir / "pack.lua", std::ios::binary)
          << "return { id = 'HOSTILE', document = { zh = 'h', en = 'h' }, issuer = { zh = 'h', en = 'h' },\n"
          << "  version = '1', effective = '2026-01-01', modules = { 'rules.lua' },"
          << (e.limits.empty() ? "" : " limits = { " + e.limits + " },") << "\n}\n";
      std::ofstream(dir / "rules.lua", std::ios::binary) << text;

      std::shared_ptr<const cfp::Catalog> cat;
      // The bound is on this thread's CPU time, the resource the instruction
      // budget limits: other processes on a busy machine do not count.
      double secs = 0;  // the hostile part only: loading or evaluating it
      double t0 = thread_cpu_seconds();
      try {
        cat = cfp::Catalog::load(paths(), {}, {dir, kSrc / "tests/packs/MINI"});
        CHECK(e.phase != "load");
      } catch (const cfp::PackError& err) {
        CHECK(e.phase == "load");
        if (e.phase == "load") check_error(e, err);
      }
      if (!cat) secs = thread_cpu_seconds() - t0;
      if (cat && e.phase != "load") {
        cfp::Evaluator ev(cat);
        const cfp::Case& c = reference().normal;
        t0 = thread_cpu_seconds();
        if (e.phase == "eval") {
          try {
            ev.evaluate(c, {{"HOSTILE"}, false});
            FAIL("no error");
          } catch (const cfp::PackError& err) {
            check_error(e, err);
          }
        } else {  // ok: the sandbox holds; twice, with identical results
          cfp::json a = ev.evaluate(c, {{"HOSTILE"}, false})["results"];
          cfp::json b = ev.evaluate(c, {{"HOSTILE"}, false})["results"];
          CHECK(a == b);
          CHECK(a[0]["findings"][0]["status"] == "pass");
        }
        secs = thread_cpu_seconds() - t0;
        // the same Evaluator, right after: a normal case, exactly as before
        check_normal(ev);
      }
      INFO("took " << secs << " s of CPU time");
      CHECK(secs < kSecondsPerHostile);
      // and the process as a whole: an evaluator made before still works
      if (!survivor) survivor = std::make_unique<cfp::Evaluator>(reference().cat);
      check_normal(*survivor);
    }
  }
  std::error_code ec;
  fs::remove_all(tmp, ec);
}

// ---- malformed case files -----------------------------------------------------

namespace {

struct CaseExpect {
  std::string file, pointer, message;
  int line = 0, column = 0;
};

std::vector<CaseExpect> case_expectations() {
  std::vector<CaseExpect> out;
  std::ifstream in(kSrc / "tests/hostile/cases/expect.tsv");
  std::string l;
  while (std::getline(in, l)) {
    if (l.empty() || l[0] == '#') continue;
    std::vector<std::string> f;
    std::size_t p = 0;
    for (;;) {
      auto q = l.find('\t', p);
      f.push_back(l.substr(p, q == std::string::npos ? std::string::npos : q - p));
      if (q == std::string::npos) break;
      p = q + 1;
    }
    REQUIRE(f.size() == 5);
    CaseExpect e;
    e.file = f[0];
    e.line = f[1] == "-" ? 0 : std::stoi(f[1]);
    e.column = f[2] == "-" ? 0 : std::stoi(f[2]);
    e.pointer = f[3] == "-" ? "" : f[3];
    e.message = f[4];
    out.push_back(e);
  }
  return out;
}

void check_rejected(const CaseExpect& e, const std::string& text, cfp::Evaluator& ev) {
  const cfp::Catalog& cat = ev.catalog();
  try {
    cfp::load_case(text, cat);
    FAIL("accepted");
  } catch (const cfp::CaseRejected& r) {
    REQUIRE(!r.issues().empty());
    const cfp::CaseIssue& i = r.issues().front();
    INFO("issue: " << i.to_text());
    CHECK(i.message.find(e.message) != std::string::npos);
    CHECK(i.pointer == e.pointer);
    CHECK(i.line == e.line);
    CHECK(i.column == e.column);
    (void)r.to_json().dump();  // valid UTF-8 whatever the input
  }
  // the batch/serve path (fast loader + fallback) rejects it the same way
  try {
    ev.evaluate_text(text);
    FAIL("evaluate_text accepted it");
  } catch (const cfp::CaseRejected& r) {
    CHECK(r.issues().front().message.find(e.message) != std::string::npos);
  }
  check_normal(ev);
}

}  // namespace

TEST_CASE("malformed case files are rejected with the exact error", "[hostile]") {
  auto exps = case_expectations();
  REQUIRE(exps.size() >= 30);
  cfp::Evaluator ev(reference().cat);
  for (const auto& e : exps) {
    SECTION(e.file) {
      std::string text = slurp(kSrc / "tests/hostile/cases" / e.file);
      check_rejected(e, text, ev);
    }
  }
}

TEST_CASE("generated oversized case files are rejected", "[hostile]") {
  cfp::Evaluator ev(reference().cat);
  SECTION("larger than the case-size limit") {
    std::string text = "{\"format\": \"cfpcase/1\", \"x\": \"" + std::string(9u << 20, 'a') + "\"}";
    check_rejected({"", "", "case file too large", 0, 0}, text, ev);
  }
  SECTION("too many values") {
    std::string text = "{\"format\": \"cfpcase/1\", \"x\": [";
    for (int i = 0; i < 1'100'000; ++i) text += i ? ",0" : "0";
    text += "]}";
    check_rejected({"", "/x/999997", "too many values", 1, static_cast<int>(31 + 2 * 999'997)}, text, ev);
  }
  SECTION("deep nesting: 100 000 levels") {
    std::string text = "{\"format\": \"cfpcase/1\", \"x\": " + std::string(100'000, '[') + std::string(100'000, ']') + "}";
    std::string ptr = "/x";
    for (int i = 0; i < 63; ++i) ptr += "/0";
    check_rejected({"", ptr, "JSON nested too deeply", 1, 30 + 63}, text, ev);
  }
  SECTION("a string over the string limit") {
    std::string text = "{\"format\": \"cfpcase/1\", \"x\": \"" + std::string((1u << 20) + 1, 'a') + "\"}";
    check_rejected({"", "/x", "string too long", 1, 30}, text, ev);
  }
}

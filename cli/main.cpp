// cfpcheck command line: a thin layer over the engine library.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <spdlog/spdlog.h>

#include "cfpcheck/cfpcheck.hpp"
#include "cfpcheck/report.hpp"
#include "cli_common.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;
using cfp::json;

namespace {

enum Exit { kOk = 0, kVerdictFail = 1, kUsage = 2, kPack = 3 };

const char* kUsageText = R"(cfpcheck — check product-carbon-footprint certification cases against rule packs

usage: cfpcheck <command> [options]

commands:
  eval CASE        evaluate a case under every scheme (or --scheme S ...)
  compare CASE     the schemes side by side
  validate CASE    check a case file's format and types only
  schemes          list the installed schemes
  explain RULE_ID  show a rule: clause, title, file, parameters
  test [DIR...]    run pack fixtures (rules/ = every pack) and library tests
  batch [FILE|DIR] evaluate many cases (JSON Lines or a folder) into one result line each
  serve            HTTP service: POST /v1/evaluate, /v1/compare; GET /v1/schemes, /v1/rules/ID

options for every command: --rules DIR, --data DIR, --help
exit status: 0 ok; 1 some verdict is fail; 2 bad invocation or rejected case; 3 rule-pack error
`cfpcheck <command> --help` describes a command.
)";

struct Common {
  std::string rules, data, lang = "zh", format;
  std::vector<std::string> schemes;
  bool all = false, only_problems = false, quiet = false;
  std::string fail_on = "fail";
  std::uint64_t instructions = 0;
  std::size_t memory_mb = 0;
  int deadline_ms = -1;
};

po::options_description common_options(Common& c) {
  po::options_description o("options");
  o.add_options()("help,h", "show this help")("rules", po::value(&c.rules), "rules folder (default: ./rules or next to the program)")(
      "data", po::value(&c.data), "data folder (default: ./data or next to the program)")(
      "max-instructions", po::value(&c.instructions), "instruction budget per pack evaluation")(
      "max-memory-mb", po::value(&c.memory_mb), "memory cap per Lua state, MiB")(
      "deadline-ms", po::value(&c.deadline_ms), "wall-clock deadline per pack evaluation, ms");
  return o;
}

cfp::Paths paths_for(const Common& c, const char* argv0) {
  cfp::Paths p = cfp::Paths::discover(argv0);
  if (!c.rules.empty()) p.rules = c.rules;
  if (!c.data.empty()) p.data = c.data;
  return p;
}

cfp::Limits limits_for(const Common& c) {
  cfp::Limits l;
  if (c.instructions) l.instructions = c.instructions;
  if (c.memory_mb) l.memory_bytes = c.memory_mb << 20;
  if (c.deadline_ms >= 0) l.deadline_ms = c.deadline_ms;
  return l;
}

bool stdout_is_terminal() { return isatty(STDOUT_FILENO) == 1; }

void print_case_error(const cfp::CaseRejected& e, const std::string& file, bool as_json) {
  if (as_json) {
    json j;
    j["case"] = file;
    j["error"] = e.to_json();
    std::cerr << j.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
    return;
  }
  std::cerr << "cfpcheck: " << file << ": case rejected (" << e.issues().size()
            << (e.issues().size() == 1 ? " problem" : " problems") << ")\n";
  for (const auto& i : e.issues()) std::cerr << "  " << i.to_text() << "\n";
}

// The catalog of the running command, to name where a failing rule is defined.
std::shared_ptr<const cfp::Catalog> g_catalog;

std::shared_ptr<const cfp::Catalog> load_catalog(const cfp::Paths& p, const cfp::Limits& l,
                                                 const std::vector<fs::path>& only = {}) {
  g_catalog = cfp::Catalog::load(p, l, only);
  return g_catalog;
}

void print_pack_error(const cfp::PackError& e) {
  std::cerr << "cfpcheck: rule-pack error (" << e.kind() << ")\n";
  std::cerr << "  pack: " << e.pack() << "\n";
  if (!e.rule().empty()) std::cerr << "  rule: " << e.rule() << "\n";
  if (!e.file().empty()) {
    std::cerr << "  at:   " << e.file() << ":" << e.line() << "\n";
  } else if (g_catalog && !e.rule().empty()) {
    // memory errors carry no position: show where the rule is defined
    if (const cfp::RuleInfo* r = g_catalog->find_rule(e.rule()))
      std::cerr << "  rule defined at: " << r->file << ":" << r->line << "\n";
  }
  std::cerr << "  " << e.what() << "\n";
}

// Parses a subcommand's options; returns nullopt after printing help.
std::optional<po::variables_map> parse(const std::vector<std::string>& args, po::options_description& desc,
                                       po::positional_options_description& pos, const std::string& usage) {
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(desc).positional(pos).run(), vm);
  if (vm.count("help")) {
    std::cout << usage << "\n" << desc << "\n";
    return std::nullopt;
  }
  po::notify(vm);
  return vm;
}

// Ends a one-shot command without tearing down the Lua state and the
// catalog: freeing tens of thousands of objects only to exit costs a tenth
// of a one-shot eval. Sanitizer builds return normally so leak checks run.
int exit_now(int code) {
#if defined(__SANITIZE_ADDRESS__)
  return code;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  return code;
#endif
#endif
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  std::_Exit(code);
}

int verdict_exit(const json& result, const std::string& fail_on) {
  if (fail_on == "never") return kOk;
  for (const auto& r : result["results"])
    if (r["verdict"] == "fail") return kVerdictFail;
  return kOk;
}

// `eval --profile N`: evaluates the case N more times on the batch path and
// prints where the time goes, per rule and engine step, on stderr.
void print_profile(cfp::Evaluator& ev, const std::string& file, const cfp::EvalOptions& base, int n) {
  std::ifstream in(file, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::map<std::string, cfp::RuleCost> prof;
  cfp::EvalOptions opt = base;
  opt.profile = &prof;
  ev.evaluate_text(text, base);  // warm-up, not counted
  for (int i = 0; i < n; ++i) ev.evaluate_text(text, opt);
  std::vector<std::pair<std::string, cfp::RuleCost>> rows(prof.begin(), prof.end());
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return a.second.ns != b.second.ns ? a.second.ns > b.second.ns : a.first < b.first;
  });
  std::uint64_t total = 0;
  for (const auto& r : rows) total += r.second.ns;
  std::map<std::string, std::uint64_t> by_pack;
  for (const auto& r : rows) by_pack[r.first.substr(0, r.first.find('/'))] += r.second.ns;
  auto us = [n](std::uint64_t ns) { return static_cast<double>(ns) / 1000.0 / n; };
  std::fprintf(stderr, "profile: %d evaluations, %.1f us per case (wall clock, measured steps only)\n", n, us(total));
  std::fprintf(stderr, "%-10s %10s %6s\n", "part", "us/case", "share");
  for (const auto& [k, v] : by_pack)
    std::fprintf(stderr, "%-10s %10.1f %5.1f%%\n", k.c_str(), us(v), 100.0 * static_cast<double>(v) / static_cast<double>(total ? total : 1));
  std::fprintf(stderr, "\n%-58s %10s %6s %8s\n", "step or rule", "us/case", "share", "runs");
  for (const auto& [k, v] : rows)
    std::fprintf(stderr, "%-58s %10.2f %5.1f%% %8llu\n", k.c_str(), us(v.ns),
                 100.0 * static_cast<double>(v.ns) / static_cast<double>(total ? total : 1),
                 static_cast<unsigned long long>(v.calls));
}

int cmd_eval(const std::vector<std::string>& args, const char* argv0, bool compare) {
  Common c;
  std::string file;
  int profile_n = 0;
  auto desc = common_options(c);
  desc.add_options()("case", po::value(&file), "case file (JSON, cfpcase/1)")(
      "scheme,s", po::value(&c.schemes)->composing(), "only this scheme (repeatable)")(
      "format,f", po::value(&c.format), compare ? "table | markdown | json" : "table | json (default: table on a terminal, else json)")(
      "lang", po::value(&c.lang), "zh | en (table)")("all", po::bool_switch(&c.all), "table: list passing findings too")(
      "only-problems", po::bool_switch(&c.only_problems), "json: leave out passing findings")(
      "fail-on", po::value(&c.fail_on), "fail (default): exit 1 when a verdict is fail; never: exit 0");
  if (!compare)
    desc.add_options()("profile", po::value(&profile_n),
                       "after the result, evaluate N more times and print the time per rule on stderr");
  po::positional_options_description pos;
  pos.add("case", 1);
  auto vm = parse(args, desc, pos,
                  compare ? "usage: cfpcheck compare CASE [options]\n\nThe schemes side by side for one case."
                          : "usage: cfpcheck eval CASE [--scheme S]... [--format json|table] [--rules DIR]\n\n"
                            "Evaluates one case file under every installed scheme (or the ones named).");
  if (!vm) return kOk;
  if (file.empty()) {
    std::cerr << "cfpcheck: " << (compare ? "compare" : "eval") << " needs a CASE file (see --help)\n";
    return kUsage;
  }
  if (c.format.empty()) c.format = stdout_is_terminal() ? "table" : "json";
  if (c.format != "json" && c.format != "table" && !(compare && c.format == "markdown")) {
    std::cerr << "cfpcheck: unknown --format '" << c.format << "'\n";
    return kUsage;
  }
  if (c.lang != "zh" && c.lang != "en") {
    std::cerr << "cfpcheck: --lang is zh or en\n";
    return kUsage;
  }
  // Named schemes: compile only their packs (a one-shot eval spends most of
  // its time compiling Lua). An unknown name loads everything, so the error
  // lists the installed schemes.
  const cfp::Paths paths = paths_for(c, argv0);
  std::vector<fs::path> only;
  for (const auto& id : c.schemes) {
    const fs::path dir = paths.rules / id;
    if (id.empty() || id.find_first_of("/\\.") != std::string::npos || !fs::exists(dir / "pack.lua")) {
      only.clear();
      break;
    }
    if (std::find(only.begin(), only.end(), dir) == only.end()) only.push_back(dir);
  }
  auto catalog = load_catalog(paths, limits_for(c), only);
  cfp::Case kase;
  try {
    kase = cfp::load_case_file(file, *catalog);
  } catch (const cfp::CaseRejected& e) {
    print_case_error(e, file, c.format == "json");
    return kUsage;
  }
  cfp::Evaluator ev(catalog);
  cfp::EvalOptions opt;
  opt.schemes = c.schemes;
  opt.only_problems = c.only_problems;
  json result;
  try {
    result = ev.evaluate(kase, opt);
    if (profile_n > 0) print_profile(ev, file, opt, profile_n);
  } catch (const cfp::CaseRejected& e) {
    print_case_error(e, file, c.format == "json");
    return kUsage;
  }
  cfp::TableOptions t;
  t.lang = c.lang;
  t.all_findings = c.all;
  t.color = stdout_is_terminal();
  if (compare && c.format == "json") {
    result["comparison"] = cfp::compare_summary(result);
  }
  if (c.format == "json") {
    std::cout << result.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  } else if (compare && c.format == "markdown") {
    std::cout << cfp::render_compare_markdown(result, t);
  } else if (compare) {
    std::cout << cfp::render_compare_table(result, t);
  } else {
    std::cout << cfp::render_eval_table(result, t);
  }
  return exit_now(verdict_exit(result, c.fail_on));
}

int cmd_validate(const std::vector<std::string>& args, const char* argv0) {
  Common c;
  std::string file;
  auto desc = common_options(c);
  desc.add_options()("case", po::value(&file), "case file")("format,f", po::value(&c.format), "text | json");
  po::positional_options_description pos;
  pos.add("case", 1);
  auto vm = parse(args, desc, pos, "usage: cfpcheck validate CASE\n\nChecks the file's JSON syntax, format header and field types; runs no rule.");
  if (!vm) return kOk;
  if (file.empty()) {
    std::cerr << "cfpcheck: validate needs a CASE file\n";
    return kUsage;
  }
  auto catalog = cfp::Catalog::load_schema_only(paths_for(c, argv0), limits_for(c));
  try {
    cfp::Case k = cfp::load_case_file(file, *catalog);
    if (c.format == "json")
      std::cout << json{{"case", file}, {"valid", true}, {"case_id", k.id}, {"stage", k.stage}}.dump(2) << "\n";
    else
      std::cout << file << ": valid cfpcase/1 (case " << k.id << ", stage " << k.stage << ", as of " << k.as_of << ")\n";
    return kOk;
  } catch (const cfp::CaseRejected& e) {
    print_case_error(e, file, c.format == "json");
    return kUsage;
  }
}

int cmd_schemes(const std::vector<std::string>& args, const char* argv0) {
  Common c;
  auto desc = common_options(c);
  desc.add_options()("format,f", po::value(&c.format), "table | json");
  po::positional_options_description pos;
  auto vm = parse(args, desc, pos, "usage: cfpcheck schemes\n\nLists the installed rule packs.");
  if (!vm) return kOk;
  auto catalog = load_catalog(paths_for(c, argv0), limits_for(c));
  if (c.format == "json") {
    json out = json::array();
    for (const auto& p : catalog->packs())
      out.push_back({{"id", p.id}, {"document", p.document}, {"issuer", p.issuer}, {"version", p.version},
                     {"effective", p.effective}, {"rules", p.rules.size()}, {"sha256", p.sha256}});
    std::cout << out.dump(2) << "\n";
    return kOk;
  }
  for (const auto& p : catalog->packs()) {
    std::string doc_zh = p.document.is_object() && p.document.contains("zh") ? p.document["zh"].get<std::string>() : "";
    std::cout << p.id << "  v" << p.version << "  " << p.rules.size() << " rules  " << doc_zh << "\n";
  }
  return kOk;
}

int cmd_explain(const std::vector<std::string>& args, const char* argv0) {
  Common c;
  std::string id;
  auto desc = common_options(c);
  desc.add_options()("rule", po::value(&id), "rule id, e.g. NTE-GLA/6.2/grade");
  po::positional_options_description pos;
  pos.add("rule", 1);
  auto vm = parse(args, desc, pos, "usage: cfpcheck explain RULE_ID\n\nShows where a rule is defined, its clause, title and parameters.");
  if (!vm) return kOk;
  if (id.empty()) {
    std::cerr << "cfpcheck: explain needs a RULE_ID\n";
    return kUsage;
  }
  auto catalog = load_catalog(paths_for(c, argv0), limits_for(c));
  const cfp::PackInfo* pack = nullptr;
  const cfp::RuleInfo* r = catalog->find_rule(id, &pack);
  if (!r) {
    std::cerr << "cfpcheck: no rule '" << id << "' (rule ids look like NTE-GLA/6.2/grade; `cfpcheck schemes` lists packs)\n";
    return kUsage;
  }
  std::cout << r->id << "\n"
            << "  scheme:   " << pack->id << " (" << (pack->document.is_object() ? pack->document.value("zh", "") : "") << ")\n"
            << "  clause:   " << r->clause << "\n"
            << "  title:    " << r->title_zh << " / " << r->title_en << "\n"
            << "  defined:  " << r->file << ":" << r->line << "\n"
            << "  stages:   ";
  for (std::size_t i = 0; i < r->stages.size(); ++i) std::cout << (i ? ", " : "") << r->stages[i];
  std::cout << "\n  on fail:  " << r->severity << " (" << r->effect << ")";
  if (r->scope) std::cout << ", scope rule";
  if (r->info_only) std::cout << ", checklist item (info)";
  if (r->decisive) std::cout << ", decisive";
  std::cout << "\n";
  if (!r->params.empty()) {
    std::cout << "  parameters:\n";
    for (const auto& name : r->params)
      for (const auto& p : pack->params)
        if (p.name == name)
          std::cout << "    " << p.name << " = " << p.value.dump() << "  [" << p.clause << "] " << p.doc << "\n";
  }
  return kOk;
}

// Schema fields no rule read while the fixtures ran (`test --coverage`):
// the topmost unread field of each unread subtree; informational fields
// (and what is below them) count as covered.
struct Coverage {
  int fields = 0, read = 0, informational = 0;
  std::vector<std::string> unread;
  std::vector<std::pair<std::string, std::string>> info;  // path, reason
};

Coverage coverage_of(const cfp::Catalog& cat, const std::vector<char>& reads) {
  const auto fields = cat.schema_fields();
  const std::size_t n = fields.size();
  std::vector<char> touched(n, 0), info(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    touched[i] = i < reads.size() && reads[i];
    info[i] = !fields[i].informational.empty() || (fields[i].parent >= 0 && info[static_cast<std::size_t>(fields[i].parent)]);
  }
  for (std::size_t i = n; i-- > 1;)  // children come after their parents
    if (touched[i] && fields[i].parent >= 0) touched[static_cast<std::size_t>(fields[i].parent)] = 1;
  Coverage c;
  for (std::size_t i = 1; i < n; ++i) {
    const auto& f = fields[i];
    if (f.path.find(".*") != std::string::npos) continue;
    ++c.fields;
    if (touched[i]) ++c.read;
    if (!f.informational.empty()) c.info.emplace_back(f.path, f.informational);
    if (info[i]) {
      if (!touched[i]) ++c.informational;
      continue;
    }
    const std::size_t p = static_cast<std::size_t>(f.parent);
    if (!touched[i] && (f.parent <= 0 || touched[p])) c.unread.push_back(f.path);
  }
  return c;
}

std::string xml_escape(const std::string& s) {
  std::string o;
  for (char ch : s) {
    switch (ch) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      default:
        if (static_cast<unsigned char>(ch) < 0x20 && ch != '\n' && ch != '\t') o += ' ';
        else o += ch;
    }
  }
  return o;
}

int cmd_test(const std::vector<std::string>& args, const char* argv0) {
  Common c;
  std::vector<std::string> dirs;
  std::string lib_dir;
  bool coverage = false;
  auto desc = common_options(c);
  desc.add_options()("dir", po::value(&dirs)->composing(), "rules folder or pack folders (default: rules/)")(
      "lib", po::value(&lib_dir), "also run the library tests in this folder (tests/lib)")(
      "coverage", po::bool_switch(&coverage), "list the case-schema fields no rule read while the fixtures ran")(
      "format,f", po::value(&c.format), "text (default) | json | junit (one test case per fixture)")(
      "quiet,q", po::bool_switch(&c.quiet), "print failures and the summary only");
  po::positional_options_description pos;
  pos.add("dir", -1);
  auto vm = parse(args, desc, pos,
                  "usage: cfpcheck test [DIR...] [--lib tests/lib] [--coverage] [--format text|json|junit]\n\n"
                  "Runs every fixture of the packs (DIR = a pack folder, or a rules folder for all packs) and\n"
                  "checks that each rule has a fixture that fails it and one that passes it. A pack folder is\n"
                  "always tested with its own fixtures (DIR/fixtures).");
  if (!vm) return kOk;
  if (c.format.empty()) c.format = "text";
  if (c.format != "text" && c.format != "json" && c.format != "junit") {
    std::cerr << "cfpcheck test: unknown --format '" << c.format << "' (text, json or junit)\n";
    return kUsage;
  }
  cfp::Paths paths = paths_for(c, argv0);
  std::vector<fs::path> only;
  bool packs_wanted = !dirs.empty() || lib_dir.empty();
  for (const auto& d : dirs) {
    if (fs::exists(fs::path(d) / "lib" / "modules.lua")) {
      paths.rules = d;  // a whole rules folder
    } else if (fs::exists(fs::path(d) / "pack.lua")) {
      only.push_back(d);
      // a pack outside the rules folder brings its own library when it has one next to it
      if (fs::exists(fs::path(d).parent_path() / "lib" / "modules.lua") && c.rules.empty())
        paths.rules = fs::path(d).parent_path();
    } else {
      std::cerr << "cfpcheck: " << d << " is neither a rules folder nor a pack folder\n";
      return kUsage;
    }
  }
  auto catalog = load_catalog(paths, limits_for(c), only);
  cfp::Evaluator ev(catalog);
  int passed = 0, failed = 0;
  std::vector<char> reads;
  json out = json::object();
  out["packs"] = json::array();
  std::ostringstream text;
  std::vector<std::pair<std::string, cfp::FixtureReport>> reports;
  if (packs_wanted) {
    for (const auto& p : catalog->packs()) {
      auto rep = cfp::run_fixtures(ev, p, coverage ? &reads : nullptr);
      passed += rep.passed;
      failed += rep.failed + static_cast<int>(rep.coverage.size());
      text << p.id << ": " << rep.passed << " fixtures passed, " << rep.failed << " failed; " << p.rules.size()
           << " rules, " << rep.coverage.size() << " without both a failing and a passing fixture\n";
      for (const auto& f : rep.failures) text << "  FAIL " << f << "\n";
      for (const auto& f : rep.coverage) text << "  COVERAGE " << f << "\n";
      json pj = {{"pack", p.id}, {"dir", p.dir}, {"passed", rep.passed}, {"failed", rep.failed},
                 {"rules", p.rules.size()}, {"failures", rep.failures}, {"rules_without_fixtures", rep.coverage}};
      out["packs"].push_back(std::move(pj));
      reports.emplace_back(p.id, std::move(rep));
    }
  }
  json libs = json::array();
  if (!lib_dir.empty()) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(lib_dir))
      if (e.path().extension() == ".lua") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::ifstream in(f);
      std::string src((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      try {
        json r = ev.run_lib_tests({f.generic_string(), src});
        int p = r.value("passed", 0), fl = r.value("failed", 0);
        passed += p;
        failed += fl;
        text << f.filename().string() << ": " << p << " passed, " << fl << " failed\n";
        json lj = {{"file", f.generic_string()}, {"passed", p}, {"failed", fl}, {"failures", json::array()}};
        if (r.contains("messages"))
          for (const auto& m : r["messages"]) {
            text << "  FAIL " << m.get<std::string>() << "\n";
            lj["failures"].push_back(m);
          }
        libs.push_back(std::move(lj));
      } catch (const cfp::PackError& e) {
        ++failed;
        text << f.filename().string() << ": ERROR " << e.what() << "\n";
        libs.push_back({{"file", f.generic_string()}, {"passed", 0}, {"failed", 1}, {"failures", {e.what()}}});
      }
    }
  }
  if (!libs.empty()) out["library"] = libs;
  if (coverage) {
    Coverage cov = coverage_of(*catalog, reads);
    text << "coverage: " << cov.read << " of " << cov.fields << " case-schema fields read by some rule; "
         << cov.informational << " unread but informational; " << cov.unread.size() << " unread:\n";
    for (const auto& u : cov.unread) text << "  UNREAD " << u << "\n";
    out["coverage"] = {{"fields", cov.fields}, {"read", cov.read}, {"informational_unread", cov.informational},
                       {"unread", cov.unread}};
    json info = json::object();
    for (const auto& [path, why] : cov.info) info[path] = why;
    out["coverage"]["informational"] = info;
  }
  text << passed << " passed, " << failed << " failed\n";
  out["passed"] = passed;
  out["failed"] = failed;
  if (c.format == "json") {
    std::cout << out.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  } else if (c.format == "junit") {
    std::cout << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites tests=\"" << passed + failed << "\" failures=\""
              << failed << "\">\n";
    for (const auto& [id, rep] : reports) {
      int fails = 0;
      for (const auto& k : rep.cases) fails += k.ok ? 0 : 1;
      std::cout << "  <testsuite name=\"" << xml_escape(id) << "\" tests=\"" << rep.cases.size() + rep.coverage.size()
                << "\" failures=\"" << fails + static_cast<int>(rep.coverage.size()) << "\">\n";
      for (const auto& k : rep.cases) {
        std::cout << "    <testcase classname=\"" << xml_escape(id + "." + k.file) << "\" name=\""
                  << xml_escape("#" + std::to_string(k.index) + " " + k.name) << "\"";
        if (k.ok) {
          std::cout << "/>\n";
        } else {
          std::cout << ">\n      <failure message=\"fixture failed\">" << xml_escape(k.message) << "</failure>\n    </testcase>\n";
        }
      }
      for (const auto& m : rep.coverage)
        std::cout << "    <testcase classname=\"" << xml_escape(id) << ".coverage\" name=\"" << xml_escape(m)
                  << "\">\n      <failure message=\"rule without fixtures\">" << xml_escape(m) << "</failure>\n    </testcase>\n";
      std::cout << "  </testsuite>\n";
    }
    for (const auto& l : libs) {
      std::cout << "  <testsuite name=\"" << xml_escape(l["file"].get<std::string>()) << "\" tests=\""
                << l["passed"].get<int>() + l["failed"].get<int>() << "\" failures=\"" << l["failed"].get<int>() << "\">\n";
      for (const auto& m : l["failures"])
        std::cout << "    <testcase name=\"" << xml_escape(m.get<std::string>().substr(0, 80)) << "\">\n      <failure>"
                  << xml_escape(m.get<std::string>()) << "</failure>\n    </testcase>\n";
      std::cout << "  </testsuite>\n";
    }
    std::cout << "</testsuites>\n";
  } else {
    std::cout << text.str();
  }
  return failed == 0 ? kOk : kVerdictFail;
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsageText;
    return args.empty() ? kUsage : kOk;
  }
  if (args[0] == "--version" || args[0] == "version") {
    std::cout << cfp::engine_name() << " " << cfp::engine_version() << "\n";
    return kOk;
  }
  std::string cmd = args[0];
  args.erase(args.begin());
  try {
    if (cmd == "eval") return cmd_eval(args, argv[0], false);
    if (cmd == "compare") return cmd_eval(args, argv[0], true);
    if (cmd == "validate") return cmd_validate(args, argv[0]);
    if (cmd == "schemes") return cmd_schemes(args, argv[0]);
    if (cmd == "explain") return cmd_explain(args, argv[0]);
    if (cmd == "test") return cmd_test(args, argv[0]);
    if (cmd == "batch") return cfpcli::cmd_batch(args, argv[0]);
    if (cmd == "serve") return cfpcli::cmd_serve(args, argv[0]);
    std::cerr << "cfpcheck: unknown command '" << cmd << "'\n\n" << kUsageText;
    return kUsage;
  } catch (const po::error& e) {
    std::cerr << "cfpcheck " << cmd << ": " << e.what() << " (see cfpcheck " << cmd << " --help)\n";
    return kUsage;
  } catch (const cfp::PackError& e) {
    print_pack_error(e);
    return kPack;
  } catch (const std::exception& e) {
    std::cerr << "cfpcheck: " << e.what() << "\n";
    return kUsage;
  }
}

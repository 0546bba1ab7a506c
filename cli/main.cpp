// cfpcheck command line: a thin layer over the engine library.
#include <sys/ioctl.h>
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
#include "i18n.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;
using cfp::json;
using cfpcli::L;
using cfpcli::zh;

namespace {

enum Exit { kOk = 0, kVerdictFail = 1, kUsage = 2, kPack = 3, kUnread = 4 };

const char* kUsageText = R"(cfpcheck — check product-carbon-footprint certification cases against rule packs

usage: cfpcheck <command> [options]

commands:
  eval CASE        evaluate a case under every scheme (or --scheme S ...)
  compare CASE     the schemes side by side
  report CASE      the officer's report: one self-contained HTML file (-o report.html)
  validate CASE    check a case file's format and types only
  schemes          list the installed schemes
  explain RULE_ID  show a rule: clause, title, file, parameters
  rules [SCHEME]   list a pack's rules: id, clause, stages, severity, title (the officer's checklist)
  new-case         write a case skeleton for a stage (--stage S), every field null
  test [DIR...]    run pack fixtures (rules/ = every pack) and library tests
  batch [FILE|DIR] evaluate many cases (JSON Lines or a folder) into one result line each
  serve            HTTP service: POST /v1/evaluate, /v1/compare; GET /v1/schemes, /v1/rules/ID
  completion SHELL print a bash or zsh completion script
  man              print the manual page (roff), made from this help

options for every command: --rules DIR, --data DIR, --help
environment: CFPCHECK_RULES and CFPCHECK_DATA set the default rules and data folders
  (else ./rules and ./data, else next to the program); NO_COLOR turns colours off
exit status: 0 ok; 1 some verdict is fail (see --fail-on); 2 bad invocation or rejected case;
  3 rule-pack error; 4 test --coverage: a case-schema field neither read nor informational
`cfpcheck <command> --help` describes a command.
)";

const char* kUsageTextZh = R"(cfpcheck — 按规则包检查产品碳足迹认证案例

用法：cfpcheck <命令> [选项]

命令：
  eval CASE        按每个认证方案（或 --scheme S ... 指定的方案）评价一个案例
  compare CASE     各认证方案的结论并列对照
  report CASE      审核员报告：一个自包含的 HTML 文件（-o report.html）
  validate CASE    只检查案例文件的格式和类型
  schemes          列出已安装的认证方案
  explain RULE_ID  显示一条规则：条款、标题、文件、参数
  rules [SCHEME]   列出规则包的规则：编号、条款、阶段、严重度、标题（审核员核对清单）
  new-case         为某一阶段（--stage S）生成案例骨架，所有字段为 null
  test [DIR...]    运行规则包的测试用例（rules/ = 全部规则包）和公共库测试
  batch [FILE|DIR] 批量评价案例（JSON Lines 或文件夹），每个案例输出一行结果
  serve            HTTP 服务：POST /v1/evaluate、/v1/compare；GET /v1/schemes、/v1/rules/ID
  completion SHELL 输出 bash 或 zsh 的补全脚本
  man              输出手册页（roff），由本帮助生成

所有命令都接受的选项：--rules DIR、--data DIR、--lang zh|en、--help
环境变量：CFPCHECK_RULES 和 CFPCHECK_DATA 设定默认的规则文件夹和数据文件夹
  （否则为 ./rules 和 ./data，再否则为程序所在位置旁的文件夹）；设置 NO_COLOR 则不用颜色；
  LC_ALL、LC_MESSAGES、LANG 以 zh 开头时，提示信息默认用中文（--lang en 改用英文）
退出状态：0 正常；1 有结论为不通过（见 --fail-on）；2 调用有误或案例被拒收；
  3 规则包错误；4 test --coverage：有案例格式字段既未被读取、也未标为仅供参考
`cfpcheck <命令> --help` 显示该命令的说明。
)";

const char* usage_text() { return zh() ? kUsageTextZh : kUsageText; }

std::string default_lang();

struct Common {
  std::string rules, data, lang = default_lang(), format;
  std::vector<std::string> schemes;
  bool all = false, only_problems = false, quiet = false, details = false;
  std::string fail_on = "fail";
  std::string color = "auto";
  std::uint64_t instructions = 0;
  std::size_t memory_mb = 0;
  int deadline_ms = -1;
};

po::options_description common_options(Common& c, const char* lang_help = nullptr) {
  po::options_description o = cfpcli::options_box();
  o.add_options()("help,h", L("show this help", "显示本帮助"))(
      "rules", po::value(&c.rules), L("rules folder (default: ./rules or next to the program)", "规则文件夹（默认：./rules 或程序旁的 rules）"))(
      "data", po::value(&c.data), L("data folder (default: ./data or next to the program)", "数据文件夹（默认：./data 或程序旁的 data）"))(
      "max-instructions", po::value(&c.instructions), L("instruction budget per pack evaluation", "每个规则包每次评价的指令预算"))(
      "max-memory-mb", po::value(&c.memory_mb), L("memory cap per Lua state, MiB", "每个 Lua 状态的内存上限，MiB"))(
      "deadline-ms", po::value(&c.deadline_ms), L("wall-clock deadline per pack evaluation, ms", "每个规则包每次评价的时限，毫秒"))(
      "lang", po::value(&c.lang),
      lang_help ? lang_help
                : L("zh | en: the language of messages (default: zh when the locale is Chinese, else en)",
                    "zh | en：提示信息的语言（默认：区域设置为中文时用 zh，否则用 en）"));
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

// Columns to wrap tables to: $COLUMNS, else the terminal's width, else 100.
int terminal_width() {
  if (const char* c = std::getenv("COLUMNS")) {
    int n = std::atoi(c);
    if (n >= 40) return n;
  }
  struct winsize ws {};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40) return ws.ws_col;
  return 100;
}

// Checks an option's value against its allowed words; prints the error.
bool one_of(const std::string& cmd, const std::string& option, const std::string& value,
            std::initializer_list<const char*> allowed) {
  std::string list;
  for (const char* a : allowed) {
    if (value == a) return true;
    list += std::string(list.empty() ? "" : ", ") + a;
  }
  if (zh())
    std::cerr << "cfpcheck " << cmd << ": --" << option << " 的取值 '" << value << "' 无效，应为以下之一：" << list << "\n";
  else
    std::cerr << "cfpcheck " << cmd << ": --" << option << " '" << value << "' is not one of: " << list << "\n";
  return false;
}

// The default language: Chinese unless the locale names another language.
std::string default_lang() {
  for (const char* v : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* l = std::getenv(v);
    if (!l || !*l) continue;
    std::string s = l;
    if (s == "C" || s == "POSIX" || s.rfind("C.", 0) == 0) return "zh";
    return s.rfind("zh", 0) == 0 ? "zh" : "en";
  }
  return "zh";
}

// --color auto|always|never; auto: on a terminal and NO_COLOR unset.
bool use_color(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* nc = std::getenv("NO_COLOR");
  if (nc && *nc) return false;
  return stdout_is_terminal();
}

void print_case_error(const cfp::CaseRejected& e, const std::string& file, bool as_json) {
  if (as_json) {
    json j;
    j["case"] = file;
    j["error"] = e.to_json();
    std::cerr << j.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
    return;
  }
  std::cerr << cfpcli::case_rejected_text(e, file);
}

// The catalog of the running command, to name where a failing rule is defined.
std::shared_ptr<const cfp::Catalog> g_catalog;

std::shared_ptr<const cfp::Catalog> load_catalog(const cfp::Paths& p, const cfp::Limits& l,
                                                 const std::vector<fs::path>& only = {}) {
  g_catalog = cfp::Catalog::load(p, l, only);
  return g_catalog;
}

void print_pack_error(const cfp::PackError& e) {
  if (zh()) {
    std::cerr << "cfpcheck: 规则包错误（" << cfpcli::pack_error_kind(e.kind()) << "）\n";
    std::cerr << "  规则包：" << e.pack() << "\n";
    if (!e.rule().empty()) std::cerr << "  规则：  " << e.rule() << "\n";
  } else {
    std::cerr << "cfpcheck: rule-pack error (" << e.kind() << ")\n";
    std::cerr << "  pack: " << e.pack() << "\n";
    if (!e.rule().empty()) std::cerr << "  rule: " << e.rule() << "\n";
  }
  if (!e.file().empty()) {
    std::cerr << L("  at:   ", "  位置：  ") << e.file() << ":" << e.line() << "\n";
  } else if (g_catalog && !e.rule().empty()) {
    // memory errors carry no position: show where the rule is defined
    if (const cfp::RuleInfo* r = g_catalog->find_rule(e.rule()))
      std::cerr << L("  rule defined at: ", "  规则定义于：") << r->file << ":" << r->line << "\n";
  }
  std::cerr << "  " << cfpcli::pack_error_what(e) << "\n";
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

// Numeric options are counts, sizes and times: program_options reads "-1"
// into an unsigned as 2^32 - 1 (256 batch threads, an unlimited budget, a
// serve that cannot allocate its workers), so a negative value is refused
// here for every command.
bool counts_not_negative(const std::string& cmd, const std::vector<std::string>& args) {
  static const std::vector<std::string> numeric = {
      "--jobs", "-j", "--workers", "-w", "--port", "-p", "--io-threads", "--queue", "--max-body-bytes",
      "--read-timeout-ms", "--wedged-ms", "--shutdown-grace-ms", "--max-instructions", "--max-memory-mb",
      "--deadline-ms", "--profile"};
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--") break;
    std::string name = args[i], value;
    if (auto eq = name.find('='); name.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    } else if (i + 1 < args.size()) {
      value = args[i + 1];
    }
    if (std::find(numeric.begin(), numeric.end(), name) == numeric.end()) continue;
    if (!value.empty() && value[0] == '-') {
      if (zh())
        std::cerr << "cfpcheck " << cmd << ": " << name << " 的取值 '" << value << "' 无效，应为不小于 0 的整数\n";
      else
        std::cerr << "cfpcheck " << cmd << ": " << name << " '" << value << "' is not a number ≥ 0\n";
      return false;
    }
  }
  return true;
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

// --fail-on: fail (a verdict is fail), conditional (fail or conditional),
// insufficient (fail, conditional or insufficient_data), never.
int verdict_exit(const json& result, const std::string& fail_on) {
  if (fail_on == "never") return kOk;
  for (const auto& r : result["results"]) {
    const json& v = r["verdict"];
    if (v == "fail") return kVerdictFail;
    if ((fail_on == "conditional" || fail_on == "insufficient") && v == "conditional") return kVerdictFail;
    if (fail_on == "insufficient" && v == "insufficient_data") return kVerdictFail;
  }
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
  auto desc = common_options(c, L("zh | en: the table's and the messages' language (default: zh, or en when the locale names "
                                  "another language; messages: en unless the locale is Chinese)",
                                  "zh | en：表格和提示信息的语言（默认：zh；区域设置为其他语言时为 en；"
                                  "提示信息在区域设置不是中文时为 en）"));
  desc.add_options()("case", po::value(&file), L("case file (JSON, cfpcase/1)", "案例文件（JSON，cfpcase/1）"))(
      "scheme,s", po::value(&c.schemes)->composing(), L("only this scheme (repeatable)", "只用此认证方案（可重复）"))(
      "format,f", po::value(&c.format),
      compare ? L("table | markdown | json", "table | markdown | json（表格 | Markdown | JSON）")
              : L("table | json (default: table on a terminal, else json)", "table | json（默认：终端上为 table，否则为 json）"))(
      "all", po::bool_switch(&c.all), L("table: list passing findings too", "表格：也列出通过的检查结果"))(
      "details", po::bool_switch(&c.details),
      L("table: evidence pointers and values under every finding shown (always for failures)",
        "表格：在每条列出的检查结果下显示依据指针和取值（不通过的总会显示）"))(
      "only-problems", po::bool_switch(&c.only_problems), L("json: leave out passing and info findings (still counted)", "json：略去通过的和提示性的检查结果（仍计入计数）"))(
      "fail-on", po::value(&c.fail_on),
      L("exit 1 when a verdict is: fail (default); conditional (fail or conditional); insufficient (also "
        "insufficient_data); never: exit 0",
        "在结论为以下情况时以 1 退出：fail（默认，不通过）；conditional（不通过或有条件通过）；"
        "insufficient（再加上数据不足）；never：总是以 0 退出"))(
      "color", po::value(&c.color),
      L("auto (default: on a terminal, unless NO_COLOR is set) | always | never",
        "auto（默认：在终端上且未设置 NO_COLOR 时用颜色）| always | never"));
  if (!compare)
    desc.add_options()("profile", po::value(&profile_n),
                       L("after the result, evaluate N more times and print the time per rule on stderr",
                         "输出结果后再评价 N 次，并在 stderr 上输出每条规则的耗时"));
  po::positional_options_description pos;
  pos.add("case", 1);
  auto vm = parse(args, desc, pos,
                  compare ? L("usage: cfpcheck compare CASE [options]\n\nThe schemes side by side for one case.",
                              "用法：cfpcheck compare CASE [选项]\n\n一个案例在各认证方案下的结论并列对照。")
                          : L("usage: cfpcheck eval CASE [--scheme S]... [--format json|table] [--rules DIR]\n\n"
                              "Evaluates one case file under every installed scheme (or the ones named).",
                              "用法：cfpcheck eval CASE [--scheme S]... [--format json|table] [--rules DIR]\n\n"
                              "按每个已安装的认证方案（或指定的方案）评价一个案例文件。"));
  if (!vm) return kOk;
  if (file.empty()) {
    std::cerr << "cfpcheck: " << (compare ? "compare" : "eval")
              << L(" needs a CASE file (see --help)", " 需要一个案例文件 CASE（见 --help）") << "\n";
    return kUsage;
  }
  const std::string cmd = compare ? "compare" : "eval";
  if (c.format.empty()) c.format = stdout_is_terminal() ? "table" : "json";
  if (compare ? !one_of(cmd, "format", c.format, {"table", "markdown", "json"})
              : !one_of(cmd, "format", c.format, {"table", "json"}))
    return kUsage;
  if (!one_of(cmd, "lang", c.lang, {"zh", "en"}) ||
      !one_of(cmd, "fail-on", c.fail_on, {"fail", "conditional", "insufficient", "never"}) ||
      !one_of(cmd, "color", c.color, {"auto", "always", "never"}))
    return kUsage;
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
  t.color = use_color(c.color);
  t.width = terminal_width();
  t.details = c.details;
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
  desc.add_options()("case", po::value(&file), L("case file", "案例文件"))("format,f", po::value(&c.format), "text | json");
  po::positional_options_description pos;
  pos.add("case", 1);
  auto vm = parse(args, desc, pos,
                  L("usage: cfpcheck validate CASE [--format text|json]\n\nChecks the file's JSON syntax, format header and field types; runs no rule.",
                    "用法：cfpcheck validate CASE [--format text|json]\n\n检查案例文件的 JSON 语法、格式标识和字段类型；不运行任何规则。"));
  if (!vm) return kOk;
  if (c.format.empty()) c.format = "text";
  if (!one_of("validate", "format", c.format, {"text", "json"}) || !one_of("validate", "lang", c.lang, {"zh", "en"})) return kUsage;
  if (file.empty()) {
    std::cerr << L("cfpcheck: validate needs a CASE file\n", "cfpcheck: validate 需要一个案例文件 CASE\n");
    return kUsage;
  }
  auto catalog = cfp::Catalog::load_schema_only(paths_for(c, argv0), limits_for(c));
  try {
    cfp::Case k = cfp::load_case_file(file, *catalog);
    if (c.format == "json")
      std::cout << json{{"case", file}, {"valid", true}, {"case_id", k.id}, {"stage", k.stage}}.dump(2) << "\n";
    else
      std::cout << (zh() ? file + "：合格的 cfpcase/1 案例文件（案例 " + k.id + "，阶段 " + cfp::vocab(k.stage, "zh") + "，评价日 " + k.as_of + "）\n"
                         : file + ": valid cfpcase/1 (case " + k.id + ", stage " + k.stage + ", as of " + k.as_of + ")\n");
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
  auto vm = parse(args, desc, pos,
                  L("usage: cfpcheck schemes [--format table|json]\n\nLists the installed rule packs.",
                    "用法：cfpcheck schemes [--format table|json]\n\n列出已安装的规则包。"));
  if (!vm) return kOk;
  if (c.format.empty()) c.format = "table";
  if (!one_of("schemes", "format", c.format, {"table", "json"}) || !one_of("schemes", "lang", c.lang, {"zh", "en"})) return kUsage;
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
    std::cout << p.id << "  v" << p.version << "  " << p.rules.size() << L(" rules  ", " 条规则  ") << doc_zh << "\n";
  }
  return kOk;
}

int cmd_explain(const std::vector<std::string>& args, const char* argv0) {
  Common c;
  std::string id;
  auto desc = common_options(c);
  desc.add_options()("rule", po::value(&id), L("rule id, e.g. NTE-GLA/6.2/grade", "规则编号，例如 NTE-GLA/6.2/grade"))(
      "format,f", po::value(&c.format), L("text (default) | json", "text（默认）| json"));
  po::positional_options_description pos;
  pos.add("rule", 1);
  auto vm = parse(args, desc, pos,
                  L("usage: cfpcheck explain RULE_ID [--format text|json]\n\nShows where a rule is defined, its clause, title and parameters.",
                    "用法：cfpcheck explain RULE_ID [--format text|json]\n\n显示规则的定义位置、条款、标题和参数。"));
  if (!vm) return kOk;
  if (c.format.empty()) c.format = "text";
  if (!one_of("explain", "format", c.format, {"text", "json"}) || !one_of("explain", "lang", c.lang, {"zh", "en"})) return kUsage;
  if (id.empty()) {
    std::cerr << L("cfpcheck: explain needs a RULE_ID\n", "cfpcheck: explain 需要一个规则编号 RULE_ID\n");
    return kUsage;
  }
  auto catalog = load_catalog(paths_for(c, argv0), limits_for(c));
  const cfp::PackInfo* pack = nullptr;
  const cfp::RuleInfo* r = catalog->find_rule(id, &pack);
  if (!r) {
    if (zh())
      std::cerr << "cfpcheck: 没有规则 '" << id << "'（规则编号形如 NTE-GLA/6.2/grade；`cfpcheck schemes` 列出规则包）\n";
    else
      std::cerr << "cfpcheck: no rule '" << id << "' (rule ids look like NTE-GLA/6.2/grade; `cfpcheck schemes` lists packs)\n";
    return kUsage;
  }
  if (c.format == "json") {
    json j = {{"id", r->id}, {"scheme", pack->id}, {"clause", r->clause}, {"slug", r->slug}, {"topic", r->topic},
              {"title", {{"zh", r->title_zh}, {"en", r->title_en}}}, {"file", r->file}, {"line", r->line},
              {"stages", r->stages}, {"severity", r->severity}, {"effect", r->effect}, {"scope", r->scope},
              {"info_only", r->info_only}, {"decisive", r->decisive}, {"parameters", json::array()}};
    for (const auto& name : r->params)
      for (const auto& p : pack->params)
        if (p.name == name)
          j["parameters"].push_back({{"name", p.name}, {"value", p.value}, {"clause", p.clause}, {"doc", p.doc}});
    std::cout << j.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
    return kOk;
  }
  if (zh()) {
    std::cout << r->id << "\n"
              << "  认证方案：" << pack->id << "（" << (pack->document.is_object() ? pack->document.value("zh", "") : "") << "）\n"
              << "  条款：    " << r->clause << "\n"
              << "  标题：    " << r->title_zh << " / " << r->title_en << "\n"
              << "  定义于：  " << r->file << ":" << r->line << "\n"
              << "  适用阶段：";
    for (std::size_t i = 0; i < r->stages.size(); ++i) std::cout << (i ? "、" : "") << cfp::vocab(r->stages[i], "zh");
    std::cout << "\n  不通过时：" << cfp::vocab(r->severity, "zh") << "（" << cfp::vocab(r->effect, "zh") << "）";
    if (r->party == "body") std::cout << "\n  责任方：  认证机构（认证机构自身的职责，从不改变结论）";
    if (r->scope) std::cout << "，适用范围规则";
    if (r->info_only) std::cout << "，核对清单项（提示）";
    if (r->decisive) std::cout << "，决定性规则";
    std::cout << "\n";
  } else {
  std::cout << r->id << "\n"
            << "  scheme:   " << pack->id << " (" << (pack->document.is_object() ? pack->document.value("zh", "") : "") << ")\n"
            << "  clause:   " << r->clause << "\n"
            << "  title:    " << r->title_zh << " / " << r->title_en << "\n"
            << "  defined:  " << r->file << ":" << r->line << "\n"
            << "  stages:   ";
  for (std::size_t i = 0; i < r->stages.size(); ++i) std::cout << (i ? ", " : "") << r->stages[i];
  std::cout << "\n  on fail:  " << r->severity << " (" << r->effect << ")";
  if (r->party == "body") std::cout << "\n  party:    body (the certification body's own duty; never changes the verdict)";
  if (r->scope) std::cout << ", scope rule";
  if (r->info_only) std::cout << ", checklist item (info)";
  if (r->decisive) std::cout << ", decisive";
  std::cout << "\n";
  }
  if (!r->params.empty()) {
    std::cout << L("  parameters:\n", "  参数：\n");
    for (const auto& name : r->params)
      for (const auto& p : pack->params)
        if (p.name == name)
          std::cout << "    " << p.name << " = " << p.value.dump() << "  [" << p.clause << "] " << p.doc << "\n";
  }
  return kOk;
}

// `cfpcheck rules [SCHEME]`: the officer's checklist of a pack.
std::string md_cell(std::string s) {
  std::string o;
  for (char ch : s) {
    if (ch == '|') o += "\\|";
    else if (ch == '\n') o += ' ';
    else o += ch;
  }
  return o;
}

std::string stages_text(const std::vector<std::string>& st) {
  static const std::vector<std::string> all = {"application", "initial", "recertification", "surveillance", "change"};
  if (st.size() == all.size()) return "all";
  std::string o;
  for (const auto& x : st) o += (o.empty() ? "" : ", ") + x;
  return o;
}

int cmd_rules(const std::vector<std::string>& args, const char* argv0) {
  Common c;
  std::string scheme;
  auto desc = common_options(c, L("zh | en: titles in the table and the messages' language", "zh | en：表格中标题的语言和提示信息的语言"));
  desc.add_options()("scheme", po::value(&scheme), L("a scheme id (default: every pack)", "认证方案编号（默认：全部规则包）"))(
      "format,f", po::value(&c.format), L("table (default) | json | markdown", "table（默认）| json | markdown"));
  po::positional_options_description pos;
  pos.add("scheme", 1);
  auto vm = parse(args, desc, pos,
                  L("usage: cfpcheck rules [SCHEME] [--format table|json|markdown]\n\n"
                    "Lists a pack's rules in declaration order: id, clause, stages, severity and effect of a fail,\n"
                    "title. --format markdown writes the table of docs/packs/SCHEME.md.",
                    "用法：cfpcheck rules [SCHEME] [--format table|json|markdown]\n\n"
                    "按声明顺序列出规则包的规则：编号、条款、适用阶段、不通过时的严重度和处理方式、标题。\n"
                    "--format markdown 输出 docs/packs/SCHEME.md 中的表格。"));
  if (!vm) return kOk;
  if (c.format.empty()) c.format = "table";
  if (!one_of("rules", "format", c.format, {"table", "json", "markdown"}) || !one_of("rules", "lang", c.lang, {"zh", "en"}))
    return kUsage;
  auto catalog = load_catalog(paths_for(c, argv0), limits_for(c));
  std::vector<const cfp::PackInfo*> packs;
  for (const auto& p : catalog->packs())
    if (scheme.empty() || p.id == scheme) packs.push_back(&p);
  if (packs.empty()) {
    std::cerr << "cfpcheck rules: " << L("no scheme '", "没有认证方案 '") << scheme << L("' (installed:", "'（已安装：");
    for (const auto& p : catalog->packs()) std::cerr << " " << p.id;
    std::cerr << L(")\n", "）\n");
    return kUsage;
  }
  if (c.format == "json") {
    json out = json::array();
    for (const auto* p : packs)
      for (const auto& r : p->rules)
        out.push_back({{"id", r.id}, {"scheme", p->id}, {"clause", r.clause}, {"slug", r.slug}, {"stages", r.stages},
                       {"severity", r.severity}, {"effect", r.effect}, {"scope", r.scope}, {"info_only", r.info_only},
                       {"title", {{"zh", r.title_zh}, {"en", r.title_en}}}});
    std::cout << out.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
    return kOk;
  }
  for (const auto* p : packs) {
    if (c.format == "markdown") {
      std::string doc_zh = p->document.is_object() ? p->document.value("zh", "") : "";
      std::string doc_en = p->document.is_object() ? p->document.value("en", "") : "";
      std::cout << "# " << p->id << " — rules\n\n"
                << "<!-- generated by `cfpcheck rules " << p->id << " --format markdown` (scripts/gen_pack_docs.sh); "
                << "do not edit: change the pack and regenerate -->\n\n"
                << md_cell(doc_zh) << (doc_en.empty() ? "" : " (" + md_cell(doc_en) + ")") << ", pack version "
                << p->version << ", " << p->rules.size() << " rules in declaration order.\n\n"
                << "| rule | clause | stages | on fail | title | 标题 | parameters | defined |\n"
                << "|---|---|---|---|---|---|---|---|\n";
      for (const auto& r : p->rules) {
        std::string kind = r.info_only ? "checklist (info)" : r.scope ? "scope" : r.severity + " / " + r.effect;
        std::string params;
        for (const auto& x : r.params) params += (params.empty() ? "`" : ", `") + x + "`";
        std::string file = fs::path(r.file).filename().string();
        std::cout << "| `" << md_cell(r.slug) << "` | " << md_cell(r.clause) << " | " << stages_text(r.stages) << " | "
                  << kind << " | " << md_cell(r.title_en) << " | " << md_cell(r.title_zh) << " | " << params << " | "
                  << md_cell(file) << ":" << r.line << " |\n";
      }
      if (!p->params.empty()) {
        std::cout << "\n## Parameters\n\nEvery reading of the document the pack makes (`rules/" << p->id
                  << "/pack.lua`); see also [interpretations.md](../interpretations.md).\n\n"
                  << "| parameter | value | clause | reading |\n|---|---|---|---|\n";
        std::vector<const cfp::ParamInfo*> ps;
        for (const auto& x : p->params) ps.push_back(&x);
        std::sort(ps.begin(), ps.end(), [](auto* a, auto* b) { return a->name < b->name; });
        for (const auto* x : ps)
          std::cout << "| `" << md_cell(x->name) << "` | `" << md_cell(x->value.dump(-1, ' ', false, json::error_handler_t::replace))
                    << "` | " << md_cell(x->clause) << " | " << md_cell(x->doc) << " |\n";
      }
      continue;
    }
    std::cout << p->id << (zh() ? "（" + std::to_string(p->rules.size()) + " 条规则）\n" : " (" + std::to_string(p->rules.size()) + " rules)\n");
    // the table's words in the messages' language (the titles follow --lang)
    auto stages_shown = [](const std::vector<std::string>& st) {
      std::string t = stages_text(st);
      if (!zh()) return t;
      if (t == "all") return std::string("全部");
      std::string o;
      for (const auto& x : st) o += (o.empty() ? "" : "、") + cfp::vocab(x, "zh");
      return o;
    };
    auto kind_of = [](const cfp::RuleInfo& r) {
      if (r.info_only) return std::string(L("info", "提示"));
      if (r.scope) return std::string(L("scope", "适用范围"));
      return zh() ? cfp::vocab(r.severity, "zh") : r.severity;
    };
    int wid = 0, wcl = 0, wst = 0, wkind = 11;
    for (const auto& r : p->rules) {
      wid = std::max(wid, cfp::display_width(r.slug));
      wcl = std::max(wcl, cfp::display_width(r.clause));
      wst = std::max(wst, cfp::display_width(stages_shown(r.stages)));
      wkind = std::max(wkind, cfp::display_width(kind_of(r)));
    }
    auto padr = [](const std::string& x, int w) { return x + std::string(static_cast<std::size_t>(std::max(0, w - cfp::display_width(x))), ' '); };
    for (const auto& r : p->rules) {
      std::cout << "  " << padr(r.slug, wid) << "  " << padr(r.clause, wcl) << "  " << padr(stages_shown(r.stages), wst) << "  "
                << padr(kind_of(r), wkind) << "  " << (c.lang == "zh" ? r.title_zh : r.title_en) << "\n";
    }
  }
  return kOk;
}

// `cfpcheck new-case --stage S`: a skeleton with every schema field of the
// stage, null placeholders (arrays hold one element).
json skeleton(const json& root, const json& s0, int depth) {
  const json* s = &s0;
  for (int g = 0; g < 16 && s->is_object() && s->contains("$ref"); ++g) {
    std::string ref = (*s)["$ref"].get<std::string>();
    s = &root["$defs"][ref.substr(ref.rfind('/') + 1)];
  }
  if (depth > 12 || !s->is_object()) return nullptr;
  if (s->contains("properties")) {
    json o = json::object();
    for (const auto& [k, v] : (*s)["properties"].items()) o[k] = skeleton(root, v, depth + 1);
    return o;
  }
  if (s->contains("items")) return json::array({skeleton(root, (*s)["items"], depth + 1)});
  return nullptr;
}

int cmd_new_case(const std::vector<std::string>& args, const char* argv0) {
  Common c;
  std::string stage;
  auto desc = common_options(c);
  desc.add_options()("stage", po::value(&stage),
                     L("application | initial | recertification | surveillance | change",
                       "application（申请）| initial（初次认证）| recertification（再认证）| surveillance（监督）| change（变更）"));
  po::positional_options_description pos;
  auto vm = parse(args, desc, pos,
                  L("usage: cfpcheck new-case --stage STAGE > my-case.json\n\n"
                    "Writes a cfpcase/1 skeleton with every field the stage uses and null placeholders (lists hold one\n"
                    "element to copy). Fill in what you know; leave the rest null (not stated). application leaves out\n"
                    "assessment, certificate, history and changes; only change has changes.",
                    "用法：cfpcheck new-case --stage STAGE > my-case.json\n\n"
                    "输出一个 cfpcase/1 案例骨架：包含该阶段用到的每个字段，取值均为 null（列表各含一个元素供复制）。\n"
                    "已知的填上，其余保持 null（未说明）。application 不含 assessment、certificate、history 和 changes；\n"
                    "只有 change 含 changes。"));
  if (!vm) return kOk;
  if (!one_of("new-case", "lang", c.lang, {"zh", "en"})) return kUsage;
  if (stage.empty()) {
    std::cerr << L("cfpcheck new-case: --stage is required (application, initial, recertification, surveillance, change)\n",
                   "cfpcheck new-case: 必须给出 --stage（application、initial、recertification、surveillance、change）\n");
    return kUsage;
  }
  if (!one_of("new-case", "stage", stage, {"application", "initial", "recertification", "surveillance", "change"}))
    return kUsage;
  const fs::path schema_file = paths_for(c, argv0).data / "schema" / "cfpcase-1.schema.json";
  std::ifstream in(schema_file);
  if (!in) {
    std::cerr << "cfpcheck new-case: " << L("cannot read ", "无法读取 ") << schema_file.string() << "\n";
    return kUsage;
  }
  const json root = json::parse(in);
  json out = skeleton(root, root, 0);
  out.erase("$schema");
  out["format"] = "cfpcase/1";
  out["stage"] = stage;
  const bool later = stage != "application";
  if (!later) {
    for (const char* k : {"assessment", "certificate", "history", "changes"}) out.erase(k);
  } else {
    if (stage == "initial") out.erase("history");
    if (stage != "change") out.erase("changes");
  }
  std::cout << out.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  return kOk;
}

// `cfpcheck completion bash|zsh`.
const char* kCommands = "eval compare report validate schemes explain rules new-case test batch serve completion man";
const char* kOptions =
    "--help --rules --data --scheme --format --lang --all --only-problems --fail-on --color --profile --details "
    "--max-instructions --max-memory-mb --deadline-ms --lib --coverage --quiet --stage --jobs --output --port --out --unordered "
    "--input --bind --workers --log-level";

int cmd_completion(const std::vector<std::string>& args) {
  const std::string shell = args.empty() ? "" : args[0];
  if (shell == "bash") {
    std::cout << "# cfpcheck bash completion: eval \"$(cfpcheck completion bash)\"\n"
                 "_cfpcheck() {\n"
                 "  local cur prev; cur=\"${COMP_WORDS[COMP_CWORD]}\"; prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
                 "  if [ \"$COMP_CWORD\" -eq 1 ]; then COMPREPLY=($(compgen -W \"" << kCommands << "\" -- \"$cur\")); return; fi\n"
                 "  case \"$prev\" in\n"
                 "    --format|-f) COMPREPLY=($(compgen -W \"table json markdown text junit\" -- \"$cur\")); return ;;\n"
                 "    --lang) COMPREPLY=($(compgen -W \"zh en\" -- \"$cur\")); return ;;\n"
                 "    --fail-on) COMPREPLY=($(compgen -W \"fail conditional insufficient never\" -- \"$cur\")); return ;;\n"
                 "    --color) COMPREPLY=($(compgen -W \"auto always never\" -- \"$cur\")); return ;;\n"
                 "    --stage) COMPREPLY=($(compgen -W \"application initial recertification surveillance change\" -- \"$cur\")); return ;;\n"
                 "    --log-level) COMPREPLY=($(compgen -W \"trace debug info warn error\" -- \"$cur\")); return ;;\n"
                 "    --scheme|-s) COMPREPLY=($(compgen -W \"$(cfpcheck schemes 2>/dev/null | cut -d' ' -f1)\" -- \"$cur\")); return ;;\n"
                 "    --rules|--data|--lib) COMPREPLY=($(compgen -d -- \"$cur\")); return ;;\n"
                 "  esac\n"
                 "  if [[ \"$cur\" == -* ]]; then COMPREPLY=($(compgen -W \"" << kOptions << "\" -- \"$cur\")); return; fi\n"
                 "  COMPREPLY=($(compgen -f -- \"$cur\"))\n"
                 "}\n"
                 "complete -o filenames -F _cfpcheck cfpcheck\n";
    return kOk;
  }
  if (shell == "zsh") {
    std::cout << "#compdef cfpcheck\n# cfpcheck zsh completion: cfpcheck completion zsh > \"${fpath[1]}/_cfpcheck\"\n"
                 "_cfpcheck() {\n"
                 "  if (( CURRENT == 2 )); then compadd -- " << kCommands << "; return; fi\n"
                 "  case ${words[CURRENT-1]} in\n"
                 "    --format|-f) compadd -- table json markdown text junit; return ;;\n"
                 "    --lang) compadd -- zh en; return ;;\n"
                 "    --fail-on) compadd -- fail conditional insufficient never; return ;;\n"
                 "    --color) compadd -- auto always never; return ;;\n"
                 "    --stage) compadd -- application initial recertification surveillance change; return ;;\n"
                 "    --log-level) compadd -- trace debug info warn error; return ;;\n"
                 "    --rules|--data|--lib) _files -/; return ;;\n"
                 "  esac\n"
                 "  if [[ ${words[CURRENT]} == -* ]]; then compadd -- " << kOptions << "; return; fi\n"
                 "  _files\n"
                 "}\n"
                 "compdef _cfpcheck cfpcheck 2>/dev/null || _cfpcheck \"$@\"\n";
    return kOk;
  }
  std::cerr << L("cfpcheck completion: give bash or zsh\n", "cfpcheck completion: 请指定 bash 或 zsh\n");
  return kUsage;
}

// `cfpcheck man`: a roff manual page made from the program's own help
// (the general usage and each command's --help, run through this binary).
std::string roff(const std::string& text) {
  std::string o;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::string l;
    for (char ch : line) {
      if (ch == '\\') l += "\\e";
      else if (ch == '-') l += "\\-";
      else l += ch;
    }
    if (!l.empty() && (l[0] == '.' || l[0] == '\'')) l = "\\&" + l;
    o += l + "\n";
  }
  return o;
}

int cmd_man(const std::vector<std::string>& args) {
  // English unless --lang zh is given (the build writes cfpcheck.1 whatever the locale)
  bool explicit_zh = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--help" || args[i] == "-h") {
      std::cout << L("usage: cfpcheck man [--lang zh|en] > cfpcheck.1\n\nPrints the manual page (roff), in English unless --lang zh.\n",
                     "用法：cfpcheck man [--lang zh|en] > cfpcheck.1\n\n输出手册页（roff）；除非给出 --lang zh，否则为英文。\n");
      return kOk;
    }
    if ((args[i] == "--lang" && i + 1 < args.size()) || args[i].rfind("--lang=", 0) == 0) {
      const std::string v = args[i] == "--lang" ? args[i + 1] : args[i].substr(7);
      if (!one_of("man", "lang", v, {"zh", "en"})) return kUsage;
      explicit_zh = v == "zh";
      if (args[i] == "--lang") ++i;
    } else {
      std::cerr << "cfpcheck man: " << L("unknown argument '", "未知参数 '") << args[i] << L("'\n", "'\n");
      return kUsage;
    }
  }
  cfpcli::set_message_lang(explicit_zh ? "zh" : "en");
  const std::string lang_arg = explicit_zh ? " --lang zh" : " --lang en";
  std::cout << ".TH CFPCHECK 1 \"\" \"cfpcheck " << cfp::engine_version() << "\" \"User Commands\"\n"
            << ".SH NAME\ncfpcheck \\- check product-carbon-footprint certification cases against rule packs\n"
            << ".SH SYNOPSIS\n.B cfpcheck\n.I command\n[\\fIoptions\\fR]\n.SH DESCRIPTION\n.nf\n"
            << roff(usage_text()) << ".fi\n";
  for (const char* cmd : {"eval", "compare", "report", "validate", "schemes", "explain", "rules", "new-case", "test", "batch", "serve"}) {
    std::string out;
    std::error_code ec;
    const std::string self = fs::read_symlink("/proc/self/exe", ec).string();
    if (!ec && self.find('\'') == std::string::npos)
      if (FILE* f = popen(("'" + self + "' " + cmd + " --help" + lang_arg + " 2>&1").c_str(), "r")) {
        char buf[4096];
        std::size_t n;
        while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
        pclose(f);
      }
    std::cout << ".SH \"" << cmd << "\"\n.nf\n" << roff(out) << ".fi\n";
  }
  std::cout << ".SH ENVIRONMENT\n.TP\n.B CFPCHECK_RULES\nthe rules folder when \\-\\-rules is not given\n"
               ".TP\n.B CFPCHECK_DATA\nthe data folder when \\-\\-data is not given\n"
               ".TP\n.B NO_COLOR\nwhen set and not empty, tables are printed without colours (\\-\\-color auto)\n"
               ".TP\n.B LANG, LC_ALL, LC_MESSAGES\ntables: a Chinese locale (zh_*), C or none keeps them in Chinese; another language selects "
               "English. Messages (help, errors, test output): Chinese when the first of LC_ALL, LC_MESSAGES, LANG that is set "
               "starts with zh, else English. \\-\\-lang overrides both\n"
               ".SH EXIT STATUS\n0 ok; 1 some verdict is fail (see \\-\\-fail\\-on); 2 bad invocation or rejected case; 3 rule\\-pack error; 4 test \\-\\-coverage: a case\\-schema field neither read nor informational\n"
               ".SH SEE ALSO\nREADME.md, docs/rule\\-authoring.md, docs/case\\-format.md in the cfpcheck sources\n";
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
  desc.add_options()("dir", po::value(&dirs)->composing(), L("rules folder or pack folders (default: rules/)", "规则文件夹或规则包文件夹（默认：rules/）"))(
      "lib", po::value(&lib_dir), L("also run the library tests in this folder (tests/lib)", "同时运行此文件夹中的公共库测试（tests/lib）"))(
      "coverage", po::bool_switch(&coverage),
      L("list the case-schema fields no rule read while the fixtures ran", "列出运行测试用例时没有任何规则读取的案例格式字段"))(
      "format,f", po::value(&c.format),
      L("text (default) | json | junit (one test case per fixture)", "text（默认）| json | junit（每个测试用例一个 testcase）"))(
      "quiet,q", po::bool_switch(&c.quiet), L("print failures and the summary only", "只输出未通过项和汇总"));
  po::positional_options_description pos;
  pos.add("dir", -1);
  auto vm = parse(args, desc, pos,
                  L("usage: cfpcheck test [DIR...] [--lib tests/lib] [--coverage] [--format text|json|junit]\n\n"
                    "Runs every fixture of the packs (DIR = a pack folder, or a rules folder for all packs) and\n"
                    "checks that each rule has a fixture that fails it and one that passes it. A pack folder is\n"
                    "always tested with its own fixtures (DIR/fixtures). --coverage also lists the case-schema\n"
                    "fields no rule read while the fixtures ran; a field neither read nor marked informational\n"
                    "(x-cfp-informational) exits 4 when every fixture passed (a failing fixture exits 1).",
                    "用法：cfpcheck test [DIR...] [--lib tests/lib] [--coverage] [--format text|json|junit]\n\n"
                    "运行规则包的全部测试用例（DIR 为一个规则包文件夹，或包含全部规则包的规则文件夹），\n"
                    "并检查每条规则都既有一个使其不通过的测试用例，又有一个使其通过的测试用例。\n"
                    "规则包文件夹总是用它自己的测试用例（DIR/fixtures）测试。--coverage 还列出运行测试用例时\n"
                    "没有任何规则读取的案例格式字段；若有字段既未被读取、也未标为仅供参考（x-cfp-informational），\n"
                    "且全部测试用例通过，则以 4 退出（有测试用例未通过时以 1 退出）。"));
  if (!vm) return kOk;
  if (c.format.empty()) c.format = "text";
  if (c.format != "text" && c.format != "json" && c.format != "junit") {
    if (zh())
      std::cerr << "cfpcheck test: --format 的取值 '" << c.format << "' 无效，应为 text、json 或 junit\n";
    else
      std::cerr << "cfpcheck test: unknown --format '" << c.format << "' (text, json or junit)\n";
    return kUsage;
  }
  if (!one_of("test", "lang", c.lang, {"zh", "en"})) return kUsage;
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
      std::cerr << "cfpcheck: " << d << L(" is neither a rules folder nor a pack folder\n", " 既不是规则文件夹，也不是规则包文件夹\n");
      return kUsage;
    }
  }
  auto catalog = load_catalog(paths, limits_for(c), only);
  cfp::Evaluator ev(catalog);
  int passed = 0, failed = 0;
  std::vector<char> reads;
  bool unread_fields = false;  // test --coverage found a field neither read nor informational: exit 4
  json out = json::object();
  out["packs"] = json::array();
  std::ostringstream text;
  std::vector<std::pair<std::string, cfp::FixtureReport>> reports;
  if (packs_wanted) {
    for (const auto& p : catalog->packs()) {
      auto rep = cfp::run_fixtures(ev, p, coverage ? &reads : nullptr, cfpcli::message_lang());
      passed += rep.passed;
      failed += rep.failed + static_cast<int>(rep.coverage.size());
      if (zh())
        text << p.id << "：" << rep.passed << " 个测试用例通过，" << rep.failed << " 个未通过；共 " << p.rules.size()
             << " 条规则，其中 " << rep.coverage.size() << " 条未同时具备不通过和通过的测试用例\n";
      else
        text << p.id << ": " << rep.passed << " fixtures passed, " << rep.failed << " failed; " << p.rules.size()
             << " rules, " << rep.coverage.size() << " without both a failing and a passing fixture\n";
      for (const auto& f : rep.failures) text << L("  FAIL ", "  未通过 ") << cfpcli::tr_engine(f) << "\n";
      for (const auto& f : rep.coverage) text << L("  COVERAGE ", "  缺测试用例 ") << cfpcli::tr_engine(f) << "\n";
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
        text << f.filename().string() << (zh() ? "：" + std::to_string(p) + " 项通过，" + std::to_string(fl) + " 项未通过\n"
                                               : ": " + std::to_string(p) + " passed, " + std::to_string(fl) + " failed\n");
        json lj = {{"file", f.generic_string()}, {"passed", p}, {"failed", fl}, {"failures", json::array()}};
        if (r.contains("messages"))
          for (const auto& m : r["messages"]) {
            text << L("  FAIL ", "  未通过 ") << cfpcli::tr_engine(m.get<std::string>()) << "\n";
            lj["failures"].push_back(m);
          }
        libs.push_back(std::move(lj));
      } catch (const cfp::PackError& e) {
        ++failed;
        text << f.filename().string() << L(": ERROR ", "：错误 ") << cfpcli::pack_error_what(e) << "\n";
        libs.push_back({{"file", f.generic_string()}, {"passed", 0}, {"failed", 1}, {"failures", {e.what()}}});
      }
    }
  }
  if (!libs.empty()) out["library"] = libs;
  if (coverage) {
    Coverage cov = coverage_of(*catalog, reads);
    if (zh())
      text << "字段覆盖：案例格式定义的 " << cov.fields << " 个字段中，" << cov.read << " 个被规则读取；"
           << cov.informational << " 个未读取但仅供参考；" << cov.unread.size() << " 个未读取：\n";
    else
      text << "coverage: " << cov.read << " of " << cov.fields << " case-schema fields read by some rule; "
           << cov.informational << " unread but informational; " << cov.unread.size() << " unread:\n";
    for (const auto& u : cov.unread) text << L("  UNREAD ", "  未读取 ") << u << "\n";
    unread_fields = !cov.unread.empty();
    out["coverage"] = {{"fields", cov.fields}, {"read", cov.read}, {"informational_unread", cov.informational},
                       {"unread", cov.unread}};
    json info = json::object();
    for (const auto& [path, why] : cov.info) info[path] = why;
    out["coverage"]["informational"] = info;
  }
  if (zh())
    text << "合计：" << passed << " 项通过，" << failed << " 项未通过\n";
  else
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
  if (failed != 0) return kVerdictFail;
  return unread_fields ? kUnread : kOk;
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);
  std::vector<std::string> args(argv + 1, argv + argc);
  cfpcli::set_message_lang(cfpcli::message_lang_from(args));
  // `cfpcheck --lang zh COMMAND ...`: the language before the command
  if (!args.empty() && args[0] == "--lang" && args.size() >= 2) {
    args.insert(args.end(), args.begin(), args.begin() + 2);
    args.erase(args.begin(), args.begin() + 2);
  } else if (!args.empty() && args[0].rfind("--lang=", 0) == 0) {
    args.push_back(args[0]);
    args.erase(args.begin());
  }
  if (!args.empty() && (args[0] == "--lang" || args[0].rfind("--lang=", 0) == 0)) args.clear();
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << usage_text();
    return args.empty() ? kUsage : kOk;
  }
  if (args[0] == "--version" || args[0] == "version") {
    std::cout << cfp::engine_name() << " " << cfp::engine_version() << "\n";
    return kOk;
  }
  std::string cmd = args[0];
  args.erase(args.begin());
  if (!counts_not_negative(cmd, args)) return kUsage;
  try {
    if (cmd == "eval") return cmd_eval(args, argv[0], false);
    if (cmd == "compare") return cmd_eval(args, argv[0], true);
    if (cmd == "validate") return cmd_validate(args, argv[0]);
    if (cmd == "schemes") return cmd_schemes(args, argv[0]);
    if (cmd == "explain") return cmd_explain(args, argv[0]);
    if (cmd == "test") return cmd_test(args, argv[0]);
    if (cmd == "rules") return cmd_rules(args, argv[0]);
    if (cmd == "new-case") return cmd_new_case(args, argv[0]);
    if (cmd == "completion") return cmd_completion(args);
    if (cmd == "man") return cmd_man(args);
    if (cmd == "batch") return cfpcli::cmd_batch(args, argv[0]);
    if (cmd == "serve") return cfpcli::cmd_serve(args, argv[0]);
    if (cmd == "report") return cfpcli::cmd_report(args, argv[0]);
    std::cerr << "cfpcheck: " << L("unknown command '", "未知命令 '") << cmd << "'\n\n" << usage_text();
    return kUsage;
  } catch (const po::error& e) {
    std::cerr << "cfpcheck " << cmd << ": " << cfpcli::option_error(e)
              << (zh() ? "（见 cfpcheck " + cmd + " --help）\n" : " (see cfpcheck " + cmd + " --help)\n");
    return kUsage;
  } catch (const cfp::PackError& e) {
    print_pack_error(e);
    return kPack;
  } catch (const std::exception& e) {
    std::cerr << "cfpcheck: " << cfpcli::tr_engine(e.what()) << "\n";
    return kUsage;
  }
}

// Shared bits of the `batch` and `serve` commands (cli/batch.cpp, cli/serve.cpp).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/program_options.hpp>

#include "cfpcheck/cfpcheck.hpp"
#include "i18n.hpp"

namespace cfpcli {

/// Engine options every command takes: folders and budgets.
struct EngineOptions {
  std::string rules, data;
  std::uint64_t instructions = 0;
  std::size_t memory_mb = 0;
  int deadline_ms = -1;

  void add_to(boost::program_options::options_description& o) {
    namespace po = boost::program_options;
    o.add_options()("rules", po::value(&rules),
                    L("rules folder (default: ./rules or next to the program)", "规则文件夹（默认：./rules 或程序旁的 rules）"))(
        "data", po::value(&data), L("data folder (default: ./data or next to the program)", "数据文件夹（默认：./data 或程序旁的 data）"))(
        "max-instructions", po::value(&instructions), L("instruction budget per pack evaluation", "每个规则包每次评价的指令预算"))(
        "max-memory-mb", po::value(&memory_mb), L("memory cap per Lua state, MiB", "每个 Lua 状态的内存上限，MiB"))(
        "deadline-ms", po::value(&deadline_ms), L("wall-clock deadline per pack evaluation, ms", "每个规则包每次评价的时限，毫秒"));
  }
  cfp::Paths paths(const char* argv0) const {
    cfp::Paths p = cfp::Paths::discover(argv0);
    if (!rules.empty()) p.rules = rules;
    if (!data.empty()) p.data = data;
    return p;
  }
  cfp::Limits limits() const {
    cfp::Limits l;
    if (instructions) l.instructions = instructions;
    if (memory_mb) l.memory_bytes = memory_mb << 20;
    if (deadline_ms >= 0) l.deadline_ms = deadline_ms;
    return l;
  }
};

int cmd_batch(const std::vector<std::string>& args, const char* argv0);
int cmd_serve(const std::vector<std::string>& args, const char* argv0);
int cmd_report(const std::vector<std::string>& args, const char* argv0);  // cli/report.cpp

// serve's page and its routes (cli/serve_web.cpp)
struct WebReply {
  int status = 200;
  std::string body, content_type;
};
bool is_web_get(std::string_view path);  ///< GET /, /v1/catalog, /v1/examples[/{name}]
WebReply web_get(std::string_view path, const cfp::Catalog& catalog);
/// POST /v1/report's own query parameters, lang (zh|en) and format
/// (html|json); the others are left in `rest` (still URL-encoded) for the
/// evaluation's parser. Returns an error message, or "" when fine.
std::string web_report_query(std::string_view query, std::string& lang, bool& html, std::string& rest);
/// POST /v1/report: throws cfp::CaseRejected / cfp::PackError like evaluate().
WebReply web_report(cfp::Evaluator& ev, const std::string& body, const cfp::EvalOptions& opt, const std::string& lang,
                    bool html, std::vector<std::pair<std::string, std::string>>* verdicts);

}  // namespace cfpcli

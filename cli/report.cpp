// `cfpcheck report CASE [-s SCHEME]... [--lang zh|en] -o report.html`: the
// officer's report, one self-contained HTML file (engine/web renders it).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "cfpcheck/cfpcheck.hpp"
#include "cfpcheck/report.hpp"
#include "cfpcheck/web.hpp"
#include "cli_common.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;
using cfp::json;

namespace cfpcli {

int cmd_report(const std::vector<std::string>& args, const char* argv0) {
  EngineOptions eng;
  std::string file, out, lang = "zh";
  std::vector<std::string> schemes;
  po::options_description desc = options_box();
  desc.add_options()("help,h", L("show this help", "显示本帮助"));
  eng.add_to(desc);
  desc.add_options()("case", po::value(&file), L("case file (JSON, cfpcase/1)", "案例文件（JSON，cfpcase/1）"))(
      "scheme,s", po::value(&schemes)->composing(), L("only this scheme (repeatable)", "只用此认证方案（可重复）"))(
      "lang", po::value(&lang),
      L("zh | en: the language the report opens in (both are inside), and of the messages",
        "zh | en：报告打开时的语言（报告内含中英两种语言），也是提示信息的语言"))(
      "output,o", po::value(&out), L("the HTML file to write (default: standard output)", "要写入的 HTML 文件（默认：标准输出）"));
  po::positional_options_description pos;
  pos.add("case", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(desc).positional(pos).run(), vm);
  if (vm.count("help")) {
    std::cout << L("usage: cfpcheck report CASE [-s SCHEME]... [--lang zh|en] -o report.html\n\n"
                   "Writes the officer's report: one self-contained HTML file (no network, no other file) with the\n"
                   "decision record, each scheme's verdict and findings with the case's own values at every\n"
                   "evidence pointer, the comparison, charts, and a print layout (A4) with a reviewer's block.\n"
                   "Chinese and English are both inside, switched on the page. Exit status: 0 written (whatever\n"
                   "the verdicts), 2 bad invocation or rejected case (nothing written), 3 rule-pack error.\n\n",
                   "用法：cfpcheck report CASE [-s SCHEME]... [--lang zh|en] -o report.html\n\n"
                   "生成审核员报告：一个自包含的 HTML 文件（不联网，不依赖其他文件），包括决定记录、各认证方案的\n"
                   "结论和检查结果（每个依据指针旁附案例中的取值）、对照表、图表，以及带审核人签字栏的打印版式（A4）。\n"
                   "报告内含中英两种语言，可在页面上切换。退出状态：0 已生成（无论结论如何）；2 调用有误或案例被拒收\n"
                   "（不生成文件）；3 规则包错误。\n\n")
              << desc << "\n";
    return 0;
  }
  po::notify(vm);
  if (file.empty()) {
    std::cerr << L("cfpcheck: report needs a CASE file (see --help)\n", "cfpcheck: report 需要一个案例文件 CASE（见 --help）\n");
    return 2;
  }
  if (lang != "zh" && lang != "en") {
    if (zh())
      std::cerr << "cfpcheck report: --lang 的取值 '" << lang << "' 无效，应为以下之一：zh, en\n";
    else
      std::cerr << "cfpcheck report: --lang '" << lang << "' is not one of: zh, en\n";
    return 2;
  }
  const cfp::Paths paths = eng.paths(argv0);
  // Named schemes: compile only their packs (as eval does); an unknown name
  // loads every pack so the error lists the installed ones.
  std::vector<fs::path> only;
  for (const auto& id : schemes) {
    const fs::path dir = paths.rules / id;
    if (id.empty() || id.find_first_of("/\\.") != std::string::npos || !fs::exists(dir / "pack.lua")) {
      only.clear();
      break;
    }
    if (std::find(only.begin(), only.end(), dir) == only.end()) only.push_back(dir);
  }
  auto catalog = cfp::Catalog::load(paths, eng.limits(), only);
  cfp::Case kase;
  json result;
  try {
    kase = cfp::load_case_file(file, *catalog);
    cfp::Evaluator ev(catalog);
    cfp::EvalOptions opt;
    opt.schemes = schemes;
    result = ev.evaluate(kase, opt);
  } catch (const cfp::CaseRejected& e) {
    std::cerr << case_rejected_text(e, file, true);
    return 2;
  }
  const std::string html = cfp::render_report_html(cfp::report_data(result, kase, *catalog, lang));
  if (out.empty() || out == "-") {
    std::cout << html;
    return 0;
  }
  const fs::path tmp = fs::path(out).concat(".tmp");
  {
    std::ofstream o(tmp, std::ios::binary | std::ios::trunc);
    if (!o || !(o << html) || !o.flush()) {
      std::cerr << "cfpcheck: " << L("cannot write ", "无法写入 ") << out << "\n";
      std::error_code ec;
      fs::remove(tmp, ec);
      return 2;
    }
  }
  std::error_code ec;
  fs::rename(tmp, out, ec);
  if (ec) {
    std::cerr << "cfpcheck: " << L("cannot write ", "无法写入 ") << out << ": " << ec.message() << "\n";
    fs::remove(tmp, ec);
    return 2;
  }
  return 0;
}

}  // namespace cfpcli

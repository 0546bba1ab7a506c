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
  po::options_description desc("options");
  desc.add_options()("help,h", "show this help");
  eng.add_to(desc);
  desc.add_options()("case", po::value(&file), "case file (JSON, cfpcase/1)")(
      "scheme,s", po::value(&schemes)->composing(), "only this scheme (repeatable)")(
      "lang", po::value(&lang), "zh | en: the language the report opens in (both are inside)")(
      "output,o", po::value(&out), "the HTML file to write (default: standard output)");
  po::positional_options_description pos;
  pos.add("case", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(desc).positional(pos).run(), vm);
  if (vm.count("help")) {
    std::cout << "usage: cfpcheck report CASE [-s SCHEME]... [--lang zh|en] -o report.html\n\n"
                 "Writes the officer's report: one self-contained HTML file (no network, no other file) with the\n"
                 "decision record, each scheme's verdict and findings with the case's own values at every\n"
                 "evidence pointer, the comparison, charts, and a print layout (A4) with a reviewer's block.\n"
                 "Chinese and English are both inside, switched on the page. Exit status: 0 written (whatever\n"
                 "the verdicts), 2 bad invocation or rejected case (nothing written), 3 rule-pack error.\n\n"
              << desc << "\n";
    return 0;
  }
  po::notify(vm);
  if (file.empty()) {
    std::cerr << "cfpcheck: report needs a CASE file (see --help)\n";
    return 2;
  }
  if (lang != "zh" && lang != "en") {
    std::cerr << "cfpcheck: --lang is zh or en\n";
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
    std::cerr << "cfpcheck: " << file << ": case rejected (" << e.issues().size()
              << (e.issues().size() == 1 ? " problem" : " problems") << "); no report written\n";
    for (const auto& i : e.issues()) std::cerr << "  " << i.to_text() << "\n";
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
      std::cerr << "cfpcheck: cannot write " << out << "\n";
      std::error_code ec;
      fs::remove(tmp, ec);
      return 2;
    }
  }
  std::error_code ec;
  fs::rename(tmp, out, ec);
  if (ec) {
    std::cerr << "cfpcheck: cannot write " << out << ": " << ec.message() << "\n";
    fs::remove(tmp, ec);
    return 2;
  }
  return 0;
}

}  // namespace cfpcli

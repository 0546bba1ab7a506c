// serve's page and what it needs (cli/serve.cpp routes here):
//   GET  /                        the page (engine/web: the report renderer + the page's script)
//   GET  /v1/catalog              every pack with its parameters and rules (the officer's checklist)
//   GET  /v1/examples             the bundled example cases (data/examples)
//   GET  /v1/examples/{name}      one of them, as stored
//   POST /v1/report[?scheme=S&lang=zh|en&format=html|json]
//                                 the report of a case: the self-contained HTML file of
//                                 `cfpcheck report`, or (format=json) the data the renderer draws
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cfpcheck/report.hpp"
#include "cfpcheck/web.hpp"
#include "cli_common.hpp"

namespace fs = std::filesystem;
using cfp::json;

namespace cfpcli {
namespace {

std::vector<std::string> example_names(const cfp::Catalog& cat) {
  std::vector<std::string> names;
  std::error_code ec;
  const fs::path dir = cat.paths().data / "examples";
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    if (p.extension() == ".json" && it->is_regular_file(ec)) names.push_back(p.filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

WebReply error_reply(int status, const std::string& kind, const std::string& message) {
  return {status, json{{"error", {{"kind", kind}, {"message", message}}}}.dump(-1, ' ', false, json::error_handler_t::replace),
          "application/json"};
}

}  // namespace

bool is_web_get(std::string_view path) {
  return path == "/" || path == "/index.html" || path == "/v1/catalog" || path == "/v1/examples" ||
         path.rfind("/v1/examples/", 0) == 0;
}

WebReply web_get(std::string_view path, const cfp::Catalog& cat) {
  if (path == "/" || path == "/index.html") {
    static const std::string page = cfp::render_app_html();
    return {200, page, "text/html; charset=utf-8"};
  }
  if (path == "/v1/catalog") {
    json out = json::array();
    for (const auto& p : cat.packs()) out.push_back(cfp::pack_json(p, true));
    return {200, out.dump(-1, ' ', false, json::error_handler_t::replace), "application/json"};
  }
  const auto names = example_names(cat);
  if (path == "/v1/examples") return {200, json(names).dump(), "application/json"};
  // /v1/examples/{name}: only a name of the listing, never a path
  const std::string name(path.substr(std::string_view("/v1/examples/").size()));
  if (std::find(names.begin(), names.end(), name) == names.end())
    return error_reply(404, "not_found", "no example '" + name + "'");
  std::ifstream in(cat.paths().data / "examples" / name, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  if (!in && !in.eof()) return error_reply(500, "internal", "cannot read example '" + name + "'");
  return {200, s.str(), "application/json; charset=utf-8"};
}

std::string web_report_query(std::string_view query, std::string& lang, bool& html, std::string& rest) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view kv = query.substr(0, amp);
    const auto eq = kv.find('=');
    const std::string_view k = kv.substr(0, eq), v = eq == std::string_view::npos ? std::string_view() : kv.substr(eq + 1);
    if (k == "lang") {
      if (v != "zh" && v != "en") return "lang takes zh or en, not '" + std::string(v) + "'";
      lang = std::string(v);
    } else if (k == "format") {
      if (v != "html" && v != "json") return "format takes html or json, not '" + std::string(v) + "'";
      html = v == "html";
    } else if (!kv.empty()) {
      if (!rest.empty()) rest += '&';
      rest += kv;
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

WebReply web_report(cfp::Evaluator& ev, const std::string& body, const cfp::EvalOptions& opt, const std::string& lang,
                    bool html, std::vector<std::pair<std::string, std::string>>* verdicts) {
  if (lang != "zh" && lang != "en") return error_reply(400, "query", "lang is zh or en");
  cfp::Case c = cfp::load_case(body, ev.catalog());  // CaseRejected: the caller answers 400
  json result = ev.evaluate(c, opt);
  if (verdicts)
    for (const auto& r : result["results"])
      if (r.contains("scheme") && r.contains("verdict") && r["scheme"].is_string() && r["verdict"].is_string())
        verdicts->emplace_back(r["scheme"].get<std::string>(), r["verdict"].get<std::string>());
  json data = cfp::report_data(result, c, ev.catalog(), lang);
  if (html) return {200, cfp::render_report_html(data), "text/html; charset=utf-8"};
  return {200, data.dump(-1, ' ', false, json::error_handler_t::replace), "application/json"};
}

}  // namespace cfpcli

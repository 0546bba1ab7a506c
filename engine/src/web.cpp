// The report file and serve's page around the one renderer (engine/web/).
#include "cfpcheck/web.hpp"

#include <stdexcept>
#include <string_view>

#include "cfpcheck/report.hpp"

namespace cfp {
namespace web {
extern const char* const kReportJs;
extern const char* const kReportCss;
extern const char* const kAppJs;
extern const char* const kAppCss;
}  // namespace web

namespace {

std::string html_escape(std::string_view s) {
  std::string o;
  o.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      case '\'': o += "&#39;"; break;
      default: o += c;
    }
  }
  return o;
}

// JSON that is safe inside <script type="application/json">: no '<', '>' or
// '&' outside escapes (so no "</script>" or "<!--" can end the block). Inside
// JSON these three only occur in strings, where \u003c etc. mean the same.
std::string script_json(const json& j) {
  std::string s = j.dump(-1, ' ', false, json::error_handler_t::replace);
  std::string o;
  o.reserve(s.size() + 64);
  for (char c : s) {
    if (c == '<') o += "\\u003c";
    else if (c == '>') o += "\\u003e";
    else if (c == '&') o += "\\u0026";
    else o += c;
  }
  return o;
}

std::string base64(const std::string& bytes) {
  static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string o;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned v = (unsigned char)bytes[i] << 16 | (unsigned char)bytes[i + 1] << 8 | (unsigned char)bytes[i + 2];
    o += t[v >> 18 & 63]; o += t[v >> 12 & 63]; o += t[v >> 6 & 63]; o += t[v & 63];
  }
  if (i + 1 == bytes.size()) {
    unsigned v = (unsigned char)bytes[i] << 16;
    o += t[v >> 18 & 63]; o += t[v >> 12 & 63]; o += "==";
  } else if (i + 2 == bytes.size()) {
    unsigned v = (unsigned char)bytes[i] << 16 | (unsigned char)bytes[i + 1] << 8;
    o += t[v >> 18 & 63]; o += t[v >> 12 & 63]; o += t[v >> 6 & 63]; o += '=';
  }
  return o;
}

// 'sha256-…' source expression of a CSP for an inline block's text.
std::string csp_hash(std::string_view text) {
  std::string hex = sha256_hex(text), raw;
  for (std::size_t i = 0; i < hex.size(); i += 2) raw += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return "'sha256-" + base64(raw) + "'";
}

void check_inline(std::string_view text, const char* what) {
  // an inline block must not be able to end itself early
  for (std::size_t i = 0; i + 1 < text.size(); ++i)
    if (text[i] == '<' && (text[i + 1] == '/' || text[i + 1] == '!'))
      throw std::logic_error(std::string("engine/web: ") + what + " contains '</' or '<!'");
}

// One page: the styles, an optional JSON data block and the script, under a
// CSP that admits exactly these two inline blocks (and, for serve's page,
// requests to its own server).
std::string page(const std::string& title, const std::string& css, const std::string& script, const std::string* data,
                 bool connect_self, const std::string& lang) {
  check_inline(css, "style");
  check_inline(script, "script");
  std::string o;
  o += "<!DOCTYPE html>\n<html lang=\"" + std::string(lang == "en" ? "en" : "zh-CN") + "\">\n<head>\n<meta charset=\"utf-8\">\n";
  o += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  o += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src " + csp_hash(script) +
       "; style-src " + csp_hash(css) + "; img-src data:; " + (connect_self ? "connect-src 'self'; " : "") +
       "base-uri 'none'; form-action 'none'\">\n";
  o += "<meta name=\"generator\" content=\"" + html_escape(std::string(engine_name()) + " " + engine_version()) + "\">\n";
  o += "<link rel=\"icon\" href=\"data:,\">\n";
  o += "<title>" + html_escape(title) + "</title>\n<style>" + css + "</style>\n</head>\n<body>\n";
  o += "<noscript><p>This report is drawn by the script inside this file: allow JavaScript to read it. "
       "本报告由文件内的脚本显示，请允许 JavaScript。</p></noscript>\n";
  o += "<div id=\"cfp-root\"></div>\n";
  if (data) o += "<script type=\"application/json\" id=\"cfp-data\">" + *data + "</script>\n";
  o += "<script>" + script + "</script>\n</body>\n</html>\n";
  return o;
}

}  // namespace

json rule_json(const PackInfo& p, const RuleInfo& r) {
  json params = json::array();
  for (const auto& name : r.params)
    for (const auto& pi : p.params)
      if (pi.name == name) params.push_back({{"name", pi.name}, {"value", pi.value}, {"clause", pi.clause}, {"doc", pi.doc}});
  return {{"id", r.id},           {"scheme", p.id},         {"pack_version", p.version}, {"slug", r.slug},
          {"topic", r.topic},     {"clause", r.clause},     {"title", {{"zh", r.title_zh}, {"en", r.title_en}}},
          {"file", r.file},       {"line", r.line},         {"stages", r.stages},       {"severity", r.severity},
          {"effect", r.effect},   {"scope", r.scope},       {"info_only", r.info_only}, {"decisive", r.decisive},
          {"params", params}};
}

json pack_json(const PackInfo& p, bool rules) {
  json params = json::array();
  for (const auto& pi : p.params)
    params.push_back({{"name", pi.name}, {"value", pi.value}, {"clause", pi.clause}, {"doc", pi.doc}});
  json j{{"id", p.id},       {"version", p.version}, {"effective", p.effective}, {"sha256", p.sha256},
         {"document", p.document}, {"issuer", p.issuer}, {"params", params}};
  if (rules) {
    json rs = json::array();
    for (const auto& r : p.rules) rs.push_back(rule_json(p, r));
    j["rules"] = rs;
  } else {
    j["rules"] = p.rules.size();
  }
  return j;
}

json report_data(const json& result, const Case& kase, const Catalog& catalog, const std::string& lang) {
  json r = result;
  if (!r.contains("comparison")) r["comparison"] = compare_summary(result);
  json packs = json::array();
  for (const auto& x : r["results"]) {
    if (!x.contains("scheme") || !x["scheme"].is_string()) continue;
    if (const PackInfo* p = catalog.find_pack(x["scheme"].get<std::string>())) packs.push_back(pack_json(*p, false));
  }
  return {{"format", "cfpreport/1"}, {"lang", lang == "en" ? "en" : "zh"}, {"result", r}, {"case", kase.doc}, {"packs", packs}};
}

std::string render_report_html(const json& data) {
  std::string title = "cfpcheck";
  if (data.contains("result") && data["result"].contains("case") && data["result"]["case"].contains("id") &&
      data["result"]["case"]["id"].is_string())
    title = data["result"]["case"]["id"].get<std::string>() + " — cfpcheck";
  const std::string lang = data.value("lang", "zh");
  std::string d = script_json(data);
  return page(title, web::kReportCss, std::string(web::kReportJs) + "\nCfpReport.boot();\n", &d, false, lang);
}

std::string render_app_html() {
  return page("cfpcheck", std::string(web::kReportCss) + "\n" + web::kAppCss,
              std::string(web::kReportJs) + "\n" + web::kAppJs + "\nCfpApp.boot();\n", nullptr, true, "zh");
}

}  // namespace cfp

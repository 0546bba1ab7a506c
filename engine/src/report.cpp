#include "cfpcheck/report.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <sstream>

namespace cfp {
namespace {

std::uint32_t next_cp(std::string_view s, std::size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
  std::uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1f) : n == 3 ? (c & 0x0f) : (c & 0x07);
  for (int k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
  i += n;
  return cp;
}

bool wide(std::uint32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

// Cuts text to at most `width` columns (adding … when cut).
std::string fit(std::string_view s, int width) {
  if (display_width(s) <= width) return std::string(s);
  std::string out;
  int w = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t start = i;
    std::uint32_t cp = next_cp(s, i);
    int cw = wide(cp) ? 2 : 1;
    if (w + cw > width - 1) break;
    out.append(s.substr(start, i - start));
    w += cw;
  }
  return out + "…";
}

std::string pad(std::string_view s, int width) {
  std::string out = fit(s, width);
  int w = display_width(out);
  out.append(static_cast<std::size_t>(std::max(0, width - w)), ' ');
  return out;
}

std::string text_of(const json& j) {
  if (j.is_null()) return "—";
  if (j.is_string()) return j.get<std::string>();
  if (j.is_number_float()) {
    std::ostringstream o;
    o.precision(6);
    o << j.get<double>();
    return o.str();
  }
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string lang_of(const json& bi, const std::string& lang) {
  if (!bi.is_object()) return text_of(bi);
  auto it = bi.find(lang);
  if (it == bi.end() || it->is_null()) it = bi.find(lang == "zh" ? "en" : "zh");
  return it == bi.end() ? "—" : text_of(*it);
}

const char* colour_for(const std::string& v) {
  if (v == "pass") return "\x1b[32m";
  if (v == "conditional" || v == "insufficient_data" || v == "info") return "\x1b[33m";
  if (v == "fail") return "\x1b[31m";
  return "\x1b[2m";
}

std::string paint(const std::string& s, const std::string& key, bool on) {
  if (!on) return s;
  return std::string(colour_for(key)) + s + "\x1b[0m";
}

}  // namespace

int display_width(std::string_view s) {
  int w = 0;
  std::size_t i = 0;
  while (i < s.size()) w += wide(next_cp(s, i)) ? 2 : 1;
  return w;
}

std::string render_eval_table(const json& result, const TableOptions& opt) {
  const bool zh = opt.lang == "zh";
  std::ostringstream o;
  const json& c = result["case"];
  o << (zh ? "案例 " : "Case ") << text_of(c["id"]) << "  " << (zh ? "阶段 " : "stage ") << text_of(c["stage"])
    << "  " << (zh ? "评价日 " : "as of ") << text_of(c["as_of"]) << "\n";
  for (const auto& r : result["results"]) {
    o << "\n" << paint("■ " + text_of(r["scheme"]), text_of(r["verdict"]), opt.color) << "  "
      << paint(text_of(r["verdict"]), text_of(r["verdict"]), opt.color);
    if (!r["action"].is_null()) o << " / " << text_of(r["action"]);
    if (!r["grade"].is_null()) o << "  " << (zh ? "等级 " : "grade ") << text_of(r["grade"]);
    o << "\n";
    if (!r["native"].is_null()) o << "  " << (zh ? "结论：" : "conclusion: ") << lang_of(r["native"], opt.lang) << "\n";
    if (r["applicable"] == false) {
      o << "  " << (zh ? "不适用：" : "not applicable: ") << lang_of(r["applicability"], opt.lang) << "\n";
      continue;
    }
    if (!r["decided_by"].empty()) {
      o << "  " << (zh ? "决定依据：" : "decided by: ");
      bool first = true;
      for (const auto& d : r["decided_by"]) { o << (first ? "" : ", ") << text_of(d); first = false; }
      o << "\n";
    }
    if (!r["metrics"].empty()) {
      o << "  " << (zh ? "指标：" : "metrics: ");
      int col = 0;
      bool first = true;
      for (const auto& [k, v] : r["metrics"].items()) {
        if (v.is_object() || v.is_array()) continue;
        std::string item = k + "=" + text_of(v);
        if (col + static_cast<int>(item.size()) > 90) { o << "\n           "; col = 0; }
        o << (first ? "" : "  ") << item;
        col += static_cast<int>(item.size()) + 2;
        first = false;
      }
      o << "\n";
    }
    const json& n = r["counts"];
    o << "  " << (zh ? "计数：" : "counts: ") << "pass " << text_of(n["pass"]) << " · fail " << text_of(n["fail"])
      << " (serious " << text_of(n["serious"]) << ", general " << text_of(n["general"]) << ", observation "
      << text_of(n["observation"]) << ") · insufficient " << text_of(n["insufficient_data"]) << " · n/a "
      << text_of(n["not_applicable"]) << " · info " << text_of(n["info"]) << "\n";
    int shown = 0;
    for (const auto& f : r["findings"]) {
      std::string st = text_of(f["status"]);
      if (!opt.all_findings && st == "pass") continue;
      if (shown++ == 0)
        o << "  " << pad(zh ? "状态" : "status", 18) << pad(zh ? "严重度" : "severity", 12) << pad(zh ? "条款" : "clause", 10)
          << pad(zh ? "规则" : "rule", 26) << (zh ? "说明" : "message") << "\n";
      std::string rule = text_of(f["rule"]);
      auto slash = rule.rfind('/');
      o << "  " << paint(pad(st, 18), st, opt.color) << pad(f["severity"].is_null() ? "" : text_of(f["severity"]), 12)
        << pad(text_of(f["clause"]), 10) << pad(slash == std::string::npos ? rule : rule.substr(slash + 1), 26)
        << fit(lang_of(f["message"], opt.lang), 100) << "\n";
    }
    if (!opt.all_findings && shown == 0) o << "  " << (zh ? "全部检查通过" : "every check passed") << "\n";
  }
  return o.str();
}

namespace {

json metric(const json& r, const char* name) {
  auto it = r["metrics"].find(name);
  return it == r["metrics"].end() ? json(nullptr) : *it;
}

std::string outcome_word(const json& f) {
  std::string st = text_of(f["status"]);
  if (st == "fail" && !f["severity"].is_null()) st += " (" + text_of(f["severity"]) + ")";
  return st;
}

}  // namespace

json compare_summary(const json& result) {
  json rows = json::array();
  // topic -> scheme -> finding
  std::map<std::string, std::map<std::string, const json*>> topics;
  std::vector<std::string> topic_order;
  for (const auto& r : result["results"]) {
    json row;
    row["scheme"] = r["scheme"];
    row["applicable"] = r["applicable"];
    row["why_not"] = r["applicable"] == false ? r["applicability"] : json(nullptr);
    row["verdict"] = r["verdict"];
    row["action"] = r["action"];
    row["native"] = r["native"];
    row["grade"] = r["grade"];
    row["label_value"] = metric(r, "label_value");
    row["label_unit"] = metric(r, "label_unit");
    row["serious"] = r["counts"]["serious"];
    row["general"] = r["counts"]["general"];
    row["observation"] = r["counts"]["observation"];
    row["footprint_tco2e_per_t"] = metric(r, "footprint_tco2e_per_t");
    row["validity_months"] = metric(r, "validity_months");
    row["certificate_valid_until"] = metric(r, "certificate_valid_until");
    row["surveillance_max_months"] = metric(r, "surveillance_max_months");
    row["min_man_days"] = metric(r, "min_man_days");
    rows.push_back(row);
    if (r["applicable"] != true) continue;
    for (const auto& f : r["findings"]) {
      std::string st = text_of(f["status"]);
      if (st != "pass" && st != "fail" && st != "insufficient_data") continue;
      std::string topic = f["topic"].is_string() ? f["topic"].get<std::string>() : text_of(f["rule"]);
      if (!topics.count(topic)) topic_order.push_back(topic);
      topics[topic][r["scheme"].get<std::string>()] = &f;
    }
  }
  json dis = json::array();
  for (const auto& topic : topic_order) {
    const auto& by = topics[topic];
    if (by.size() < 2) continue;
    std::set<std::string> outcomes;
    for (const auto& [scheme, f] : by) outcomes.insert(outcome_word(*f));
    if (outcomes.size() < 2) continue;
    json d;
    d["topic"] = topic;
    d["outcomes"] = json::object();
    for (const auto& [scheme, f] : by)
      d["outcomes"][scheme] = {{"rule", (*f)["rule"]}, {"status", (*f)["status"]}, {"severity", (*f)["severity"]},
                               {"message", (*f)["message"]}};
    dis.push_back(d);
  }
  return {{"schemes", rows}, {"disagreements", dis}};
}

namespace {

struct Row {
  std::string label;
  std::function<std::string(const json&)> cell;
};

std::vector<Row> compare_rows(const TableOptions& opt) {
  const bool zh = opt.lang == "zh";
  auto num = [](const json& v) { return v.is_null() ? std::string("—") : text_of(v); };
  return {
      {zh ? "适用" : "applicable",
       [=](const json& r) {
         return r["applicable"] == true ? std::string(zh ? "是" : "yes")
                                        : (zh ? "否：" : "no: ") + lang_of(r["why_not"], opt.lang);
       }},
      {zh ? "结论" : "verdict", [](const json& r) { return text_of(r["verdict"]); }},
      {zh ? "行动" : "action", [](const json& r) { return text_of(r["action"]); }},
      {zh ? "原文结论" : "native conclusion", [=](const json& r) { return lang_of(r["native"], opt.lang); }},
      {zh ? "等级/标签" : "grade / label",
       [](const json& r) {
         if (!r["grade"].is_null()) return text_of(r["grade"]);
         if (!r["label_value"].is_null()) return text_of(r["label_value"]) + " " + text_of(r["label_unit"]);
         return std::string("—");
       }},
      {zh ? "严重/一般/观察" : "serious/general/obs",
       [](const json& r) { return text_of(r["serious"]) + " / " + text_of(r["general"]) + " / " + text_of(r["observation"]); }},
      {zh ? "碳足迹 tCO2e/t" : "footprint tCO2e/t", [=](const json& r) { return num(r["footprint_tco2e_per_t"]); }},
      {zh ? "有效期（月）" : "validity (months)", [=](const json& r) { return num(r["validity_months"]); }},
      {zh ? "证书到期" : "valid until", [=](const json& r) { return num(r["certificate_valid_until"]); }},
      {zh ? "监督间隔（月）" : "surveillance (months)", [=](const json& r) { return num(r["surveillance_max_months"]); }},
      {zh ? "最少人日" : "min. person-days", [=](const json& r) { return num(r["min_man_days"]); }},
  };
}

}  // namespace

std::string render_compare_table(const json& result, const TableOptions& opt) {
  const bool zh = opt.lang == "zh";
  json cmp = compare_summary(result);
  const int label_w = 22, col_w = 24;
  std::ostringstream o;
  o << (zh ? "案例 " : "Case ") << text_of(result["case"]["id"]) << "  " << text_of(result["case"]["stage"]) << "  "
    << text_of(result["case"]["as_of"]) << "\n\n";
  o << pad("", label_w);
  for (const auto& r : cmp["schemes"]) o << " " << paint(pad(text_of(r["scheme"]), col_w), text_of(r["verdict"]), opt.color);
  o << "\n";
  for (const auto& row : compare_rows(opt)) {
    o << pad(row.label, label_w);
    for (const auto& r : cmp["schemes"]) o << " " << pad(row.cell(r), col_w);
    o << "\n";
  }
  o << "\n" << (zh ? "各方案结论不同的要求：" : "Requirements on which the schemes disagree:") << "\n";
  if (cmp["disagreements"].empty()) o << "  " << (zh ? "无" : "none") << "\n";
  for (const auto& d : cmp["disagreements"]) {
    o << "  " << text_of(d["topic"]) << ":";
    for (const auto& [scheme, f] : d["outcomes"].items()) o << "  " << scheme << " " << outcome_word(f);
    o << "\n";
  }
  for (const auto& r : cmp["schemes"])
    if (r["applicable"] != true)
      o << "\n" << text_of(r["scheme"]) << (zh ? " 不适用：" : " not applicable: ") << lang_of(r["why_not"], opt.lang);
  o << "\n";
  return o.str();
}

std::string render_compare_markdown(const json& result, const TableOptions& opt) {
  const bool zh = opt.lang == "zh";
  json cmp = compare_summary(result);
  auto esc = [](std::string s) {
    std::string out;
    for (char ch : s) {
      if (ch == '|') out += "\\|";
      else if (ch == '\n') out += ' ';
      else out += ch;
    }
    return out;
  };
  std::ostringstream o;
  o << "## " << (zh ? "案例 " : "Case ") << esc(text_of(result["case"]["id"])) << " (" << text_of(result["case"]["stage"])
    << ", " << text_of(result["case"]["as_of"]) << ")\n\n|  |";
  for (const auto& r : cmp["schemes"]) o << " " << esc(text_of(r["scheme"])) << " |";
  o << "\n|---|";
  for (std::size_t i = 0; i < cmp["schemes"].size(); ++i) o << "---|";
  o << "\n";
  for (const auto& row : compare_rows(opt)) {
    o << "| " << esc(row.label) << " |";
    for (const auto& r : cmp["schemes"]) o << " " << esc(row.cell(r)) << " |";
    o << "\n";
  }
  o << "\n### " << (zh ? "各方案结论不同的要求" : "Requirements on which the schemes disagree") << "\n\n";
  if (cmp["disagreements"].empty()) o << (zh ? "无。\n" : "None.\n");
  for (const auto& d : cmp["disagreements"]) {
    o << "- **" << esc(text_of(d["topic"])) << "**:";
    bool first = true;
    for (const auto& [scheme, f] : d["outcomes"].items()) {
      o << (first ? " " : "; ") << scheme << " " << outcome_word(f) << " — " << esc(lang_of(f["message"], opt.lang));
      first = false;
    }
    o << "\n";
  }
  return o.str();
}

}  // namespace cfp

#include "cfpcheck/report.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <tuple>
#include <vector>

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

// Splits text into lines of at most `width` columns (at spaces where it can,
// anywhere in CJK text).
std::vector<std::string> wrap(std::string_view s, int width) {
  std::vector<std::string> out;
  if (width < 10) width = 10;
  std::string line;
  int w = 0;
  std::size_t last_space = std::string::npos;  // byte index in `line`
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t start = i;
    std::uint32_t cp = next_cp(s, i);
    int cw = wide(cp) ? 2 : 1;
    if (cp == '\n') {
      out.push_back(line);
      line.clear(), w = 0, last_space = std::string::npos;
      continue;
    }
    if (w + cw > width) {
      if (cp == ' ') {  // break here; the space goes
        out.push_back(line);
        line.clear(), w = 0, last_space = std::string::npos;
        continue;
      }
      if (last_space != std::string::npos && last_space > 0) {
        std::string rest = line.substr(last_space + 1);
        line.resize(last_space);
        out.push_back(line);
        line = rest;
        w = display_width(line);
      } else {
        out.push_back(line);
        line.clear(), w = 0;
      }
      last_space = std::string::npos;
      if (cp == ' ') continue;
    }
    if (cp == ' ') last_space = line.size();
    line.append(s.substr(start, i - start));
    w += cw;
  }
  if (!line.empty() || out.empty()) out.push_back(line);
  return out;
}

}  // namespace

std::string vocab(const std::string& word, const std::string& lang) {
  static const std::map<std::string, std::pair<const char*, const char*>> words = {
      // statuses
      {"pass", {"通过", "pass"}}, {"fail", {"不通过", "fail"}}, {"insufficient_data", {"数据不足", "insufficient data"}},
      {"not_applicable", {"不适用", "not applicable"}}, {"info", {"提示", "info"}},
      // verdicts (pass, fail, not_applicable, insufficient_data above)
      {"conditional", {"有条件通过", "conditional"}},
      // severities
      {"serious", {"严重不符合", "serious"}}, {"general", {"一般不符合", "general"}}, {"observation", {"观察项", "observation"}},
      // actions
      {"accept", {"受理", "accept"}}, {"request_supplement", {"要求补充材料", "request supplement"}}, {"refuse", {"不予受理", "refuse"}},
      {"certify", {"颁发证书", "certify"}}, {"certify_after_correction", {"整改验证后颁证", "certify after correction"}},
      {"withhold", {"不予颁证", "withhold"}}, {"maintain", {"保持证书", "maintain"}},
      {"maintain_after_correction", {"整改验证后保持", "maintain after correction"}}, {"suspend", {"暂停证书", "suspend"}},
      {"revoke", {"撤销证书", "revoke"}}, {"reassess", {"重新认证", "reassess"}}, {"cancel", {"注销证书", "cancel"}},
      // effects
      {"supplement", {"补充材料", "supplement"}}, {"nc", {"不符合项", "nonconformity"}}, {"body", {"认证机构职责", "body's duty"}},
      {"metric", {"指标", "metric"}},
      // stages
      {"application", {"申请", "application"}}, {"initial", {"初次认证", "initial"}},
      {"recertification", {"再认证", "recertification"}}, {"surveillance", {"监督", "surveillance"}}, {"change", {"变更", "change"}},
  };
  auto it = words.find(word);
  if (it == words.end()) return word;
  return lang == "zh" ? it->second.first : it->second.second;
}

std::string metric_label(const std::string& name, const std::string& lang) {
  static const std::map<std::string, std::pair<const char*, const char*>> names = {
      {"footprint", {"碳足迹", "footprint"}}, {"deviation", {"申报值偏差", "deviation of the declared value"}},
      {"validity", {"证书有效期", "validity"}}, {"certificate_valid_until", {"证书到期日", "certificate valid until"}},
      {"certificate_elapsed", {"发证用时", "time to certificate"}},
      {"surveillance_max", {"最长监督间隔", "longest surveillance interval"}}, {"min_man", {"最少人日", "minimum person-days"}},
      {"omega_a", {"ω_a 再生铝占比", "ω_a recycled share"}}, {"omega_b", {"ω_b 绿电原铝占比", "ω_b green-power primary share"}},
      {"omega_c", {"ω_c 其他原铝占比", "ω_c other primary share"}}, {"materiality", {"实质性阈值", "materiality"}},
      {"cutoff_max_share", {"单项取舍最大占比", "largest cut-off share"}}, {"cutoff_sum_share", {"取舍总占比", "cut-off total"}},
      {"declared", {"申报值", "declared"}}, {"recomputed", {"复算值", "recomputed"}},
      {"doc_review_min", {"文件评审最少人日", "document review, minimum"}}, {"onsite_min", {"现场检查最少人日", "onsite, minimum"}},
      {"onsite_planned", {"现场检查计划人日", "onsite, planned"}}, {"onsite_typical", {"现场检查典型人日", "onsite, typical"}},
      {"verification_min", {"核查最少人日", "verification, minimum"}}, {"man_days_min", {"人日下限", "person-days, minimum"}},
      {"man_days_max", {"人日上限", "person-days, maximum"}}, {"man_days_planned", {"计划人日", "person-days, planned"}},
      {"man_days_row_sum_min", {"各行人日下限之和", "row sum, minimum"}}, {"man_days_row_sum_max", {"各行人日上限之和", "row sum, maximum"}},
      {"gla_feed_total", {"原料总量", "feed total"}}, {"worst_dq_rating", {"最差数据质量等级", "worst data-quality rating"}},
      {"label_value", {"碳标签值", "label value"}}, {"label_unit", {"碳标签单位", "label unit"}},
  };
  static const std::vector<std::tuple<const char*, const char*, const char*>> units = {
      {"_tco2e_per_t", "tCO2e/t", "tCO2e/t"}, {"_tco2e_per_unit", "tCO2e/单位", "tCO2e/unit"}, {"_tco2e", "tCO2e", "tCO2e"},
      {"_pct", "%", "%"}, {"_days", "天", "days"}, {"_months", "个月", "months"}, {"_years", "年", "years"}, {"_t", "t", "t"},
      {"_kwh", "kWh", "kWh"}, {"_cm", "cm", "cm"}};
  const bool zh = lang == "zh";
  std::string base = name, unit;
  for (const auto& [suf, uzh, uen] : units) {
    std::string sf = suf;
    if (base.size() > sf.size() && base.compare(base.size() - sf.size(), sf.size(), sf) == 0) {
      base.resize(base.size() - sf.size());
      unit = zh ? uzh : uen;
      break;
    }
  }
  std::string label;
  if (auto it = names.find(base); it != names.end()) label = zh ? it->second.first : it->second.second;
  else if (auto it2 = names.find(name); it2 != names.end()) label = zh ? it2->second.first : it2->second.second;
  else if (base.rfind("process_", 0) == 0) label = (zh ? "工序 " : "process ") + base.substr(8);
  else if (base.rfind("stage_", 0) == 0) label = (zh ? "阶段 " : "stage ") + base.substr(6);
  else label = base;
  if (unit == "天" && label.find("人日") != std::string::npos) unit = "人日";
  if (!unit.empty()) label += zh ? "（" + unit + "）" : " (" + unit + ")";
  return label;
}

int display_width(std::string_view s) {
  int w = 0;
  std::size_t i = 0;
  while (i < s.size()) w += wide(next_cp(s, i)) ? 2 : 1;
  return w;
}

std::string render_eval_table(const json& result, const TableOptions& opt) {
  const bool zh = opt.lang == "zh";
  const std::string& L = opt.lang;
  const int width = opt.width > 40 ? opt.width : 100;
  std::ostringstream o;
  const json& c = result["case"];
  o << (zh ? "案例 " : "Case ") << text_of(c["id"]) << "  " << (zh ? "阶段 " : "stage ") << vocab(text_of(c["stage"]), L)
    << "  " << (zh ? "评价日 " : "as of ") << text_of(c["as_of"]) << "\n";
  for (const auto& r : result["results"]) {
    const std::string verdict = text_of(r["verdict"]);
    o << "\n" << paint("■ " + text_of(r["scheme"]), verdict, opt.color) << "  " << paint(vocab(verdict, L), verdict, opt.color);
    if (!r["action"].is_null()) o << " / " << vocab(text_of(r["action"]), L);
    if (!r["grade"].is_null()) o << "  " << (zh ? "等级 " : "grade ") << text_of(r["grade"]);
    o << "\n";
    const std::string native = r["native"].is_null() ? "" : lang_of(r["native"], L);
    if (!native.empty()) o << "  " << (zh ? "结论：" : "conclusion: ") << native << "\n";
    if (r["applicable"] == false) {
      const std::string why = lang_of(r["applicability"], L);
      if (why != native) o << "  " << (zh ? "不适用：" : "not applicable: ") << why << "\n";
      continue;
    }
    std::set<std::string> deciders;
    if (!r["decided_by"].empty()) {
      o << "  " << (zh ? "决定依据：" : "decided by: ");
      bool first = true;
      for (const auto& d : r["decided_by"]) {
        o << (first ? "" : ", ") << text_of(d);
        deciders.insert(text_of(d));
        first = false;
      }
      o << "\n";
    }
    if (!r["metrics"].empty()) {
      const std::string head = zh ? "  指标：" : "  metrics: ";
      const int indent = display_width(head);
      o << head;
      int col = indent;
      bool first = true;
      for (const auto& [k, v] : r["metrics"].items()) {
        if (v.is_object() || v.is_array()) continue;
        std::string item = metric_label(k, L) + " " + text_of(v);
        int iw = display_width(item);
        if (!first && col + 2 + iw > width) {
          o << "\n" << std::string(static_cast<std::size_t>(indent), ' ');
          col = indent;
          first = true;
        }
        o << (first ? "" : "  ") << item;
        col += (first ? 0 : 2) + iw;
        first = false;
      }
      o << "\n";
    }
    const json& n = r["counts"];
    std::ostringstream cnt;
    if (zh)
      cnt << "计数：通过 " << text_of(n["pass"]) << " · 不通过 " << text_of(n["fail"]) << "（严重 " << text_of(n["serious"])
        << "，一般 " << text_of(n["general"]) << "，观察 " << text_of(n["observation"]) << "）· 数据不足 "
        << text_of(n["insufficient_data"]) << " · 不适用 " << text_of(n["not_applicable"]) << " · 提示 " << text_of(n["info"]);
    else
      cnt << "counts: pass " << text_of(n["pass"]) << " · fail " << text_of(n["fail"]) << " (serious " << text_of(n["serious"])
        << ", general " << text_of(n["general"]) << ", observation " << text_of(n["observation"]) << ") · insufficient "
        << text_of(n["insufficient_data"]) << " · n/a " << text_of(n["not_applicable"]) << " · info " << text_of(n["info"]);
    {
      auto lines = wrap(cnt.str(), width - 4);
      for (std::size_t k = 0; k < lines.size(); ++k) o << (k ? "    " : "  ") << lines[k] << "\n";
    }
    // the findings shown: problems, every finding with --all, and the
    // rules that decided the verdict even when they passed
    std::vector<const json*> shown;
    for (const auto& f : r["findings"]) {
      const std::string st = text_of(f["status"]);
      if (opt.all_findings || st != "pass" || deciders.count(text_of(f["rule"]))) shown.push_back(&f);
    }
    if (shown.empty()) {
      o << "  " << (zh ? "全部检查通过" : "every check passed") << "\n";
      continue;
    }
    int w_st = display_width(zh ? "状态" : "status"), w_sev = display_width(zh ? "严重度" : "severity");
    int w_cl = display_width(zh ? "条款" : "clause"), w_rule = display_width(zh ? "规则" : "rule");
    auto slug_of = [](const json& f) {
      std::string rule = text_of(f["rule"]);
      auto slash = rule.rfind('/');
      return slash == std::string::npos ? rule : rule.substr(slash + 1);
    };
    for (const json* f : shown) {
      w_st = std::max(w_st, display_width(vocab(text_of((*f)["status"]), L)));
      w_sev = std::max(w_sev, display_width((*f)["severity"].is_null() ? "" : vocab(text_of((*f)["severity"]), L)));
      w_cl = std::max(w_cl, display_width(text_of((*f)["clause"])));
      w_rule = std::max(w_rule, display_width(slug_of(*f) + (deciders.count(text_of((*f)["rule"])) ? " ★" : "")));
    }
    w_rule = std::min(w_rule, 40);
    const int msg_col = 2 + w_st + 2 + w_sev + 2 + w_cl + 2 + w_rule + 2;
    // narrow terminal: messages go under their row, indented by 4
    const bool below = width - msg_col < 30;
    const int msg_w = below ? width - 4 : width - msg_col;
    const std::string cont(static_cast<std::size_t>(below ? 4 : msg_col), ' ');
    o << "  " << pad(zh ? "状态" : "status", w_st) << "  " << pad(zh ? "严重度" : "severity", w_sev) << "  "
      << pad(zh ? "条款" : "clause", w_cl) << "  " << pad(zh ? "规则" : "rule", w_rule) << "  " << (zh ? "说明" : "message")
      << "\n";
    for (const json* fp : shown) {
      const json& f = *fp;
      const std::string st = text_of(f["status"]);
      const bool decider = deciders.count(text_of(f["rule"])) > 0;
      o << "  " << paint(pad(vocab(st, L), w_st), st, opt.color) << "  "
        << pad(f["severity"].is_null() ? "" : vocab(text_of(f["severity"]), L), w_sev) << "  " << pad(text_of(f["clause"]), w_cl)
        << "  " << pad(slug_of(f) + (decider ? " ★" : ""), w_rule) << "  ";
      auto lines = wrap(lang_of(f["message"], L), msg_w);
      for (std::size_t k = 0; k < lines.size(); ++k) o << (k || below ? "\n" + cont : "") << lines[k];
      o << "\n";
      if (opt.details || st == "fail") {
        if (f.contains("evidence") && f["evidence"].is_array() && !f["evidence"].empty()) {
          std::string ev;
          for (const auto& e : f["evidence"]) ev += (ev.empty() ? "" : "  ") + text_of(e);
          for (const auto& l : wrap((zh ? "依据：" : "evidence: ") + ev, msg_w)) o << cont << l << "\n";
        }
        if (f.contains("values") && f["values"].is_object() && !f["values"].empty()) {
          std::string vals;
          for (const auto& [k, v] : f["values"].items()) vals += (vals.empty() ? "" : "  ") + k + "=" + text_of(v);
          for (const auto& l : wrap((zh ? "取值：" : "values: ") + vals, msg_w)) o << cont << l << "\n";
        }
      }
    }
    if (!deciders.empty()) o << "  " << (zh ? "★ 决定结论的规则" : "★ decided the verdict") << "\n";
  }
  return o.str();
}

namespace {

json metric(const json& r, const char* name) {
  auto it = r["metrics"].find(name);
  return it == r["metrics"].end() ? json(nullptr) : *it;
}

std::string outcome_word(const json& f, const std::string& lang = "en") {
  std::string st = vocab(text_of(f["status"]), lang);
  if (text_of(f["status"]) == "fail" && !f["severity"].is_null())
    st += (lang == "zh" ? "（" : " (") + vocab(text_of(f["severity"]), lang) + (lang == "zh" ? "）" : ")");
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
      {zh ? "结论" : "verdict", [=](const json& r) { return vocab(text_of(r["verdict"]), opt.lang); }},
      {zh ? "行动" : "action", [=](const json& r) { return r["action"].is_null() ? std::string("—") : vocab(text_of(r["action"]), opt.lang); }},
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
  o << (zh ? "案例 " : "Case ") << text_of(result["case"]["id"]) << "  " << (zh ? "阶段 " : "stage ")
    << vocab(text_of(result["case"]["stage"]), opt.lang) << "  " << (zh ? "评价日 " : "as of ") << text_of(result["case"]["as_of"]) << "\n\n";
  o << pad("", label_w);
  for (const auto& r : cmp["schemes"]) o << " " << paint(pad(text_of(r["scheme"]), col_w), text_of(r["verdict"]), opt.color);
  o << "\n";
  for (const auto& row : compare_rows(opt)) {
    o << pad(row.label, label_w);
    for (const auto& r : cmp["schemes"]) o << " " << pad(row.cell(r), col_w);
    o << "\n";
  }
  o << "\n"
    << (zh ? "逐项要求（同一主题的检查项，不是上表的总体结论）上结果不同的："
           : "Requirements (checks on the same topic, not the overall verdicts above) on which the schemes differ:")
    << "\n";
  if (cmp["disagreements"].empty())
    o << "  " << (zh ? "无：各方案共同检查的要求结果一致（总体结论见上表“结论”行）"
                     : "none: the schemes agree on every requirement they share (overall verdicts: the “verdict” row)")
      << "\n";
  for (const auto& d : cmp["disagreements"]) {
    o << "  " << text_of(d["topic"]) << ":";
    for (const auto& [scheme, f] : d["outcomes"].items()) o << "  " << scheme << " " << outcome_word(f, opt.lang);
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
  o << "## " << (zh ? "案例 " : "Case ") << esc(text_of(result["case"]["id"])) << " (" << esc(vocab(text_of(result["case"]["stage"]), opt.lang))
    << (zh ? "，评价日 " : ", as of ") << text_of(result["case"]["as_of"]) << ")\n\n|  |";
  for (const auto& r : cmp["schemes"]) o << " " << esc(text_of(r["scheme"])) << " |";
  o << "\n|---|";
  for (std::size_t i = 0; i < cmp["schemes"].size(); ++i) o << "---|";
  o << "\n";
  for (const auto& row : compare_rows(opt)) {
    o << "| " << esc(row.label) << " |";
    for (const auto& r : cmp["schemes"]) o << " " << esc(row.cell(r)) << " |";
    o << "\n";
  }
  o << "\n### "
    << (zh ? "逐项要求上结果不同的（同一主题的检查项，不是总体结论）"
           : "Requirements on which the schemes differ (checks on the same topic, not the overall verdicts)")
    << "\n\n";
  if (cmp["disagreements"].empty())
    o << (zh ? "无：各方案共同检查的要求结果一致（总体结论见上表“结论”行）。\n"
             : "None: the schemes agree on every requirement they share (overall verdicts: the “verdict” row).\n");
  for (const auto& d : cmp["disagreements"]) {
    o << "- **" << esc(text_of(d["topic"])) << "**:";
    bool first = true;
    for (const auto& [scheme, f] : d["outcomes"].items()) {
      o << (first ? " " : "; ") << scheme << " " << outcome_word(f, opt.lang) << " — " << esc(lang_of(f["message"], opt.lang));
      first = false;
    }
    o << "\n";
  }
  return o.str();
}

}  // namespace cfp

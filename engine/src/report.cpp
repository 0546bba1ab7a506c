#include "cfpcheck/report.hpp"

#include <algorithm>
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
        o << "  " << pad(zh ? "状态" : "status", 12) << pad(zh ? "严重度" : "severity", 12) << pad(zh ? "条款" : "clause", 10)
          << pad(zh ? "规则" : "rule", 26) << (zh ? "说明" : "message") << "\n";
      std::string rule = text_of(f["rule"]);
      auto slash = rule.rfind('/');
      o << "  " << paint(pad(st, 12), st, opt.color) << pad(f["severity"].is_null() ? "" : text_of(f["severity"]), 12)
        << pad(text_of(f["clause"]), 10) << pad(slash == std::string::npos ? rule : rule.substr(slash + 1), 26)
        << fit(lang_of(f["message"], opt.lang), 100) << "\n";
    }
    if (!opt.all_findings && shown == 0) o << "  " << (zh ? "全部检查通过" : "every check passed") << "\n";
  }
  return o.str();
}

std::string render_compare_table(const json& result, const TableOptions& opt) {
  const bool zh = opt.lang == "zh";
  const auto& results = result["results"];
  const int label_w = 18, col_w = 22;
  std::ostringstream o;
  o << (zh ? "案例 " : "Case ") << text_of(result["case"]["id"]) << "  " << text_of(result["case"]["stage"]) << "  "
    << text_of(result["case"]["as_of"]) << "\n\n";
  auto row = [&](const std::string& label, auto cell) {
    o << pad(label, label_w);
    for (const auto& r : results) o << " " << pad(cell(r), col_w);
    o << "\n";
  };
  row("", [](const json& r) { return text_of(r["scheme"]); });
  row(zh ? "适用" : "applicable", [&](const json& r) {
    return r["applicable"] == true ? std::string(zh ? "是" : "yes") : (zh ? "否：" : "no: ") + lang_of(r["applicability"], opt.lang);
  });
  row(zh ? "结论" : "verdict", [](const json& r) { return text_of(r["verdict"]); });
  row(zh ? "行动" : "action", [](const json& r) { return text_of(r["action"]); });
  row(zh ? "原文结论" : "native", [&](const json& r) { return lang_of(r["native"], opt.lang); });
  row(zh ? "等级/标签" : "grade/label", [](const json& r) {
    if (!r["grade"].is_null()) return text_of(r["grade"]);
    auto it = r["metrics"].find("label_value");
    return it == r["metrics"].end() ? std::string("—") : text_of(*it);
  });
  row(zh ? "严重/一般/观察" : "serious/gen/obs", [](const json& r) {
    const auto& n = r["counts"];
    return text_of(n["serious"]) + " / " + text_of(n["general"]) + " / " + text_of(n["observation"]);
  });
  row(zh ? "碳足迹 tCO2e/t" : "footprint tCO2e/t", [](const json& r) {
    auto it = r["metrics"].find("footprint_tco2e_per_t");
    return it == r["metrics"].end() ? std::string("—") : text_of(*it);
  });
  return o.str();
}

}  // namespace cfp

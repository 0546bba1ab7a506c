// Human-readable views of cfpresult/1 documents (terminal tables, Markdown).
#pragma once

#include <string>

#include "cfpcheck/cfpcheck.hpp"

namespace cfp {

struct TableOptions {
  std::string lang = "zh";  ///< zh | en
  bool all_findings = false;  ///< also list passing findings
  bool color = false;       ///< ANSI colours (on a terminal)
  int width = 100;          ///< columns to wrap messages to (the terminal's width)
  bool details = false;     ///< under each finding: its evidence pointers and values (always for failures)
};

/// The words of the result vocabularies (status, severity, verdict, action,
/// effect) in `lang` ("zh" or "en"); unknown words are returned as they are.
std::string vocab(const std::string& word, const std::string& lang);

/// "碳足迹（tCO2e/t）" / "footprint (tCO2e/t)": a metric's label with its unit.
std::string metric_label(const std::string& name, const std::string& lang);

/// One scheme after another: verdict, grade, metrics, findings.
std::string render_eval_table(const json& result, const TableOptions& opt);

/// The side-by-side comparison of a multi-scheme result: one row per scheme
/// (applicability, verdict, action, native conclusion, grade or label, NC
/// counts, footprint, validity, surveillance interval, minimum person-days)
/// and the topics on which applicable schemes reach different outcomes.
json compare_summary(const json& result);

/// The schemes side by side (terminal table or Markdown).
std::string render_compare_table(const json& result, const TableOptions& opt);
std::string render_compare_markdown(const json& result, const TableOptions& opt);

/// Terminal display width of UTF-8 text (CJK characters count two columns).
int display_width(std::string_view s);

}  // namespace cfp

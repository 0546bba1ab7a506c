// The officer's report (`cfpcheck report`) and serve's page (`GET /`): one
// renderer, engine/web/report.js + report.css, compiled into the program.
//
// A report is one self-contained HTML file: the renderer's script and styles,
// the result, the case and the packs' descriptions are inlined; nothing is
// fetched. A Content-Security-Policy with the hashes of the two inline blocks
// forbids every other script, style and network access, and the renderer only
// ever builds the page with DOM calls (textContent, never HTML from data), so
// a case's strings cannot inject markup or script.
#pragma once

#include <string>

#include "cfpcheck/cfpcheck.hpp"

namespace cfp {

/// A pack as the page shows it: id, version, sha256, document, issuer,
/// parameters (name, value, clause, doc), and with `rules` its rules.
json pack_json(const PackInfo& pack, bool rules);

/// One rule as `explain` shows it (also GET /v1/rules/{id}).
json rule_json(const PackInfo& pack, const RuleInfo& rule);

/// What the renderer draws: {format: "cfpreport/1", lang, result (with
/// `comparison`), case (the parsed case document), packs (pack_json of every
/// pack in the result)}.
json report_data(const json& result, const Case& kase, const Catalog& catalog, const std::string& lang);

/// The self-contained report file for report_data(). Deterministic: the same
/// data gives the same bytes.
std::string render_report_html(const json& data);

/// serve's page (GET /): the same renderer plus the page's own script.
std::string render_app_html();

}  // namespace cfp

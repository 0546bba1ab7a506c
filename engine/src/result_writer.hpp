// Private: the cfpresult/1 text of evaluate_text, written straight from the
// Lua result tables (no intermediate nlohmann document).
//
// The reference is the classic path: convert_result (evaluator.cpp) and
// LuaHost::to_json build an ordered_json that is dumped with
// dump(-1, ' ', false, json::error_handler_t::replace). Everything here gives
// the same bytes and raises the same PackErrors; tests/test_batch_fast.cpp
// compares the two.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "cfpcheck/cfpcheck.hpp"
#include "lua_host.hpp"

namespace cfp::detail {

// ---- JSON text as nlohmann's dump writes it ----------------------------------

/// Appends s as a JSON string (quotes, escapes; ensure_ascii off; invalid
/// UTF-8 replaced by U+FFFD the way error_handler_t::replace does).
void put_string(std::string& out, std::string_view s);

/// put_string for valid UTF-8: returns false, appending nothing, when s is not.
bool put_valid_string(std::string& out, std::string_view s);

void put_int(std::string& out, std::int64_t v);

/// A finite double, shortest round-trip form (nlohmann's to_chars: 0.5, 1e+20).
void put_double(std::string& out, double v);

// ---- the result document -----------------------------------------------------

/// The `counts` object of a scheme result, shared by convert_result and
/// write_scheme_result: findings by status, failures by severity; the failing
/// findings of party "body" (the certification body's own duties) only under
/// `body`, never under fail / serious / general / observation.
struct FindingCounts {
  static constexpr const char* kNames[] = {"pass",        "fail", "serious", "general", "observation",
                                           "insufficient_data", "not_applicable", "info", "body"};
  std::int64_t n[9] = {};
  void add(std::string_view status, std::string_view severity, std::string_view party);
};

/// The length of the findings list at `ft`; a pack error above the limit.
lua_Integer findings_length(lua_State* L, int ft, const std::string& pack, const Limits& limits);

/// Appends the document's head, up to and including `"results":[`.
void write_result_head(std::string& out, const Case& c);

/// Appends one scheme result: the table the prelude's run() returned (at `rt`)
/// for pack `p`, in convert_result's key order. Returns the verdict ("" when
/// it is not a string) for EvalSummary.
std::string write_scheme_result(std::string& out, LuaHost& h, int rt, const PackInfo& p, const Limits& limits,
                                const EvalOptions& options);

}  // namespace cfp::detail

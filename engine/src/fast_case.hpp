// Private: the hot path of case loading (evaluate_text, batch, serve).
//
// simdjson parses the text; a checker compiled from the case schema and the
// loader's limits decides whether the case is plainly valid; if so the case
// is built straight into the read-only Lua tables rules see (made by the same
// push_proxy as LuaHost::push_json's). On *any* doubt —
// a syntax error, a limit approached, a type problem, anything the checker
// does not model — the fast path declines and the caller runs the full loader
// (load_case), which is the authority for what is rejected and how it is
// reported (line, column, pointer). So the fast path can only be faster,
// never different.
#pragma once

#include <memory>
#include <string_view>

#include "case_shape.hpp"
#include "cfpcheck/cfpcheck.hpp"
#include "lua_host.hpp"

namespace cfp::detail {

class FastCase {
 public:
  /// Compiles the catalog's case schema.
  FastCase(const Catalog& catalog, LuaHost& host);
  ~FastCase();
  FastCase(const FastCase&) = delete;
  FastCase& operator=(const FastCase&) = delete;

  /// Pushes the case as read-only Lua data and fills `meta` (all but doc);
  /// returns false, with nothing pushed, when the full loader must decide.
  /// With `shape`, the tables come out as attach_case_shape(L, -1, *shape,
  /// nullptr) would leave them (strict reads, no coverage), attached while
  /// they are built instead of in a second walk. `sha256`: the caller's
  /// sha256_hex(text), or empty to compute it here.
  bool load(std::string_view text, Case& meta, const CaseShape* shape = nullptr, std::string_view sha256 = {});

  /// False when the schema could not be modelled (then
  /// load() always declines).
  bool enabled() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// SHA-256 (hex) using the CPU's SHA extensions when present; else sha256_hex_portable.
/// cfp::sha256_hex is this function.
std::string sha256_hex_fast(std::string_view bytes);
/// SHA-256 (hex) in portable C++ (sha256.cpp).
std::string sha256_hex_portable(std::string_view bytes);

}  // namespace cfp::detail

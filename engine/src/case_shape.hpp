// Private: the shape of a case as the schema defines it (data/schema/
// cfpcase-1.schema.json), for rule code. The read-only case tables know it:
//   * reading a field the schema does not define (`c.footprint.inventroy`) is
//     a pack error naming the field, the nearest defined one, file and line;
//   * evidence pointers must be JSON Pointers the schema allows;
//   * under `cfpcheck test --coverage` every field read is recorded, so the
//     fields no rule reads can be listed.
#pragma once

#include <string>
#include <string_view>
#include <functional>
#include <unordered_map>
#include <vector>

#include <lua.hpp>

#include "cfpcheck/cfpcheck.hpp"

namespace cfp::detail {

/// Hashes std::string and std::string_view alike, so that maps keyed by
/// std::string are searched with a string_view without building a string.
struct ShapeKeyHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

struct ShapeNode {
  std::string path;  ///< "footprint.inventory[].amount"; "" for the case itself
  int parent = -1;
  std::unordered_map<std::string, int, ShapeKeyHash, std::equal_to<>> props;  ///< defined fields (objects)
  std::vector<std::string> names;               ///< props' names, sorted (for hints)
  bool object = false;  ///< has `properties`: a field outside them is unknown
  bool any_key = false; ///< an object without `properties` (a map): any key
  int value = -1;       ///< a map's value shape (additionalProperties schema), -1: anything
  int items = -1;       ///< an array's element shape
  bool array = false;
  std::string informational;  ///< "x-cfp-informational": why no rule needs to read it
};

class CaseShape {
 public:
  explicit CaseShape(const cfp::json& schema_root);
  const std::vector<ShapeNode>& nodes() const { return nodes_; }
  /// The shape of `key` under `node`: -1 when the key is not defined, -2 when
  /// anything goes (below a map without a value schema).
  int child(int node, std::string_view key) const;
  /// "did you mean `x`?" or the list of fields of `node`.
  std::string hint(int node, std::string_view key) const;
  /// Empty when the schema allows `ptr` (which may name an absent value),
  /// else why not.
  std::string check_pointer(std::string_view ptr) const;

 private:
  std::vector<ShapeNode> nodes_;
  int build(const cfp::json& root, const cfp::json& s, const std::string& path, int parent, int depth);
};

/// Edit distance between two strings (bytes).
std::size_t edit_distance(std::string_view a, std::string_view b);
/// The nearest of `names` to `word`, or "" when none is close.
std::string nearest_name(std::string_view word, const std::vector<std::string>& names);

/// Attaches the shape to the case proxy at `idx` (pushed by push_json or the
/// fast loader): strict reads, and when `reads` is given (sized to the
/// shape's nodes) every read recorded in it. Runs in a protected call;
/// throws PackError on failure (memory).
void attach_case_shape(lua_State* L, int idx, const CaseShape& shape, std::vector<char>* reads);

/// For a loader that attaches the shape while it builds the case tables
/// (FastCase; strict reads only, never coverage): the result must be what
/// attach_case_shape(L, idx, shape, nullptr) gives. begin_shape_attach clears
/// the coverage record, as attach_case_shape does without `reads`, and
/// pushes the cache of data-table metatables; push_shape_data_meta pushes the
/// metatable of `node`'s data tables from that cache (made on first use).
/// Both may raise Lua errors (memory): call them inside a protected call.
void begin_shape_attach(lua_State* L);
void push_shape_data_meta(lua_State* L, const CaseShape& shape, int node, int cache);

/// Pushes a C function pointer_error(p) -> nil | message, bound to `shape`.
void push_pointer_checker(lua_State* L, const CaseShape& shape);

}  // namespace cfp::detail

// The case schema's shape for rule code: strict reads, evidence pointers,
// coverage (see case_shape.hpp).
#include "case_shape.hpp"

#include <algorithm>
#include <cstring>

namespace cfp::detail {

namespace {

constexpr int kMaxShapeDepth = 24;  // deeper than any case the loader accepts below a $ref cycle

const cfp::json* resolve(const cfp::json& root, const cfp::json* s) {
  for (int guard = 0; s->is_object() && s->contains("$ref") && guard < 16; ++guard) {
    const std::string ref = (*s)["$ref"].get<std::string>();
    if (ref.rfind("#/$defs/", 0) != 0) break;
    auto d = root.find("$defs");
    if (d == root.end() || !d->contains(ref.substr(8))) break;
    s = &(*d)[ref.substr(8)];
  }
  return s;
}

std::string informational_of(const cfp::json& outer, const cfp::json& s) {
  for (const cfp::json* j : {&outer, &s}) {
    auto it = j->find("x-cfp-informational");
    if (it != j->end() && it->is_string()) return it->get<std::string>();
  }
  return {};
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string nearest_name(std::string_view word, const std::vector<std::string>& names) {
  std::string best;
  std::size_t bd = static_cast<std::size_t>(-1);
  for (const auto& n : names) {
    std::size_t d = edit_distance(word, n);
    if (d < bd) bd = d, best = n;
  }
  if (best.empty() || bd > std::max<std::size_t>(2, best.size() / 3)) return {};
  return best;
}

CaseShape::CaseShape(const cfp::json& root) { build(root, root, "", -1, 0); }

int CaseShape::build(const cfp::json& root, const cfp::json& outer, const std::string& path, int parent, int depth) {
  const int idx = static_cast<int>(nodes_.size());
  nodes_.emplace_back();
  nodes_[idx].path = path;
  nodes_[idx].parent = parent;
  const cfp::json& s = *resolve(root, &outer);
  if (!s.is_object() || depth > kMaxShapeDepth) {
    nodes_[idx].any_key = true;
    return idx;
  }
  nodes_[idx].informational = informational_of(outer, s);
  if (auto p = s.find("properties"); p != s.end() && p->is_object()) {
    nodes_[idx].object = true;
    std::vector<std::pair<std::string, int>> kids;
    for (const auto& [name, sub] : p->items()) {
      const int c = build(root, sub, path.empty() ? name : path + "." + name, idx, depth + 1);
      kids.emplace_back(name, c);
    }
    // "x-cfp-decisive" beside a $ref: these fields of the referenced
    // definition are decisive at this use although the definition marks them
    // informational (e.g. the type-test report's issuer_cma)
    const cfp::json* decisive = nullptr;
    if (auto d = outer.find("x-cfp-decisive"); d != outer.end() && d->is_array()) decisive = &*d;
    for (auto& [name, c] : kids) {
      if (decisive)
        for (const auto& n : *decisive)
          if (n.is_string() && n.get<std::string>() == name) nodes_[static_cast<std::size_t>(c)].informational.clear();
      nodes_[idx].props.emplace(name, c);
      nodes_[idx].names.push_back(name);
    }
    std::sort(nodes_[idx].names.begin(), nodes_[idx].names.end());
  } else if (auto t = s.find("type"); t != s.end() && (t->dump().find("\"object\"") != std::string::npos)) {
    nodes_[idx].any_key = true;  // a map: any key
  }
  if (auto a = s.find("additionalProperties"); a != s.end() && a->is_object() && !nodes_[idx].object) {
    nodes_[idx].any_key = true;
    const int c = build(root, *a, path + ".*", idx, depth + 1);
    nodes_[idx].value = c;
  }
  if (auto it = s.find("items"); it != s.end()) {
    nodes_[idx].array = true;
    const int c = build(root, *it, path + "[]", idx, depth + 1);
    nodes_[idx].items = c;
  }
  return idx;
}

int CaseShape::child(int node, std::string_view key) const {
  if (node < 0) return -2;
  const ShapeNode& n = nodes_[static_cast<std::size_t>(node)];
  if (n.object) {
    auto it = n.props.find(key);  // no std::string built (ShapeKeyHash)
    if (it != n.props.end()) return it->second;
  }
  if (n.any_key) return n.value >= 0 ? n.value : -2;
  return -1;
}

std::string CaseShape::hint(int node, std::string_view key) const {
  const ShapeNode& n = nodes_[static_cast<std::size_t>(node)];
  std::string near = nearest_name(key, n.names);
  if (!near.empty()) return "did you mean `" + near + "`?";
  std::string all;
  for (const auto& x : n.names) all += (all.empty() ? "" : ", ") + x;
  return "the schema defines: " + all;
}

std::string CaseShape::check_pointer(std::string_view ptr) const {
  if (ptr.empty()) return {};
  if (ptr[0] != '/') return "not a JSON Pointer (it must start with '/', e.g. \"/footprint/declared/value\")";
  int node = 0;
  std::size_t pos = 1;
  std::string shown;
  for (;;) {
    std::size_t end = ptr.find('/', pos);
    std::string_view raw = ptr.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    std::string tok;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '~') {
        if (i + 1 < raw.size() && (raw[i + 1] == '0' || raw[i + 1] == '1')) {
          tok += raw[i + 1] == '0' ? '~' : '/';
          ++i;
        } else {
          return "not a JSON Pointer ('~' must be written ~0, '/' inside a name ~1)";
        }
      } else {
        tok += raw[i];
      }
    }
    if (node >= 0) {
      const ShapeNode& n = nodes_[static_cast<std::size_t>(node)];
      if (n.array) {
        bool digits = !tok.empty() && std::all_of(tok.begin(), tok.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
                      (tok.size() == 1 || tok[0] != '0');
        if (!digits)
          return "`" + tok + "` is not an array index (JSON Pointers count from 0) at " +
                 std::string(ptr.substr(0, pos - 1));
        node = n.items;
      } else {
        int c = child(node, tok);
        if (c == -1) {
          std::string where = n.path.empty() ? "the case" : "`" + n.path + "`";
          return "`" + tok + "` is not a field of " + where + " in the case schema (" + hint(node, tok) + ")";
        }
        node = c == -2 ? -1 : c;
      }
    }
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return {};
}

// ---- Lua side -----------------------------------------------------------------------------

namespace {

const char* const kMetaCache = "cfp.shape.metas";  // registry: node -> metatable of data tables
const char* const kReads = "cfp.shape.reads";      // registry: lightuserdata std::vector<char>* or nil

std::vector<char>* reads_of(lua_State* L) {
  lua_getfield(L, LUA_REGISTRYINDEX, kReads);
  auto* r = static_cast<std::vector<char>*>(lua_touserdata(L, -1));
  lua_pop(L, 1);
  return r;
}

void mark(std::vector<char>* reads, int node) {
  if (reads && node >= 0 && static_cast<std::size_t>(node) < reads->size()) (*reads)[static_cast<std::size_t>(node)] = 1;
}

// A key missing from a case table (`node` at shape): nil when the schema
// defines it, else an error at the rule's line (`level` 1: the Lua code
// that indexed).
int strict_miss(lua_State* L, const CaseShape& shape, int node, int key) {
  const ShapeNode& n = shape.nodes()[static_cast<std::size_t>(node)];
  if (n.array) {
    if (lua_isinteger(L, key)) {
      mark(reads_of(L), n.items);
      lua_pushnil(L);
      return 1;
    }
    luaL_where(L, 1);
    std::string k = lua_type(L, key) == LUA_TSTRING ? lua_tostring(L, key) : luaL_typename(L, key);
    lua_pushfstring(L, "`%s` is a list in the case: index it with numbers (1, 2, ...), not `%s`",
                    n.path.c_str(), k.c_str());
    lua_concat(L, 2);
    return lua_error(L);
  }
  if (lua_type(L, key) == LUA_TSTRING) {
    std::size_t len;
    const char* s = lua_tolstring(L, key, &len);
    int c = shape.child(node, std::string_view(s, len));
    if (c != -1) {
      mark(reads_of(L), c);
      lua_pushnil(L);
      return 1;
    }
    luaL_where(L, 1);
    std::string where = n.path.empty() ? "the case" : "`" + n.path + "`";
    std::string msg = "case field `" + (n.path.empty() ? std::string() : n.path + ".") + std::string(s, len) +
                      "` is not in the case schema: " + where + " has no field `" + std::string(s, len) + "` (" +
                      shape.hint(node, std::string_view(s, len)) + ")";
    lua_pushlstring(L, msg.data(), msg.size());
    lua_concat(L, 2);
    return lua_error(L);
  }
  if (n.any_key) {
    lua_pushnil(L);
    return 1;
  }
  luaL_where(L, 1);
  lua_pushfstring(L, "case object `%s` indexed with a %s: its fields are names", n.path.c_str(), luaL_typename(L, key));
  lua_concat(L, 2);
  return lua_error(L);
}

// __index of a data table's metatable: upvalues shape, node.
int strict_index(lua_State* L) {
  const auto* shape = static_cast<const CaseShape*>(lua_touserdata(L, lua_upvalueindex(1)));
  const int node = static_cast<int>(lua_tointeger(L, lua_upvalueindex(2)));
  return strict_miss(L, *shape, node, 2);
}

// Coverage mode: __index of a proxy's metatable (upvalues data, shape,
// node): records the read, then reads the data raw.
int cov_index(lua_State* L) {
  const auto* shape = static_cast<const CaseShape*>(lua_touserdata(L, lua_upvalueindex(2)));
  const int node = static_cast<int>(lua_tointeger(L, lua_upvalueindex(3)));
  const ShapeNode& n = shape->nodes()[static_cast<std::size_t>(node)];
  std::vector<char>* reads = reads_of(L);
  if (n.array) {
    if (lua_isinteger(L, 2)) mark(reads, n.items);
  } else if (lua_type(L, 2) == LUA_TSTRING) {
    std::size_t len;
    const char* s = lua_tolstring(L, 2, &len);
    mark(reads, shape->child(node, std::string_view(s, len)));
  }
  lua_pushvalue(L, 2);
  if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) return 1;
  lua_pop(L, 1);
  return strict_miss(L, *shape, node, 2);
}

// Coverage mode: __pairs (upvalues shape, node, the original __pairs):
// iterating a table reads every field it holds.
int cov_pairs(lua_State* L) {
  const auto* shape = static_cast<const CaseShape*>(lua_touserdata(L, lua_upvalueindex(1)));
  const int node = static_cast<int>(lua_tointeger(L, lua_upvalueindex(2)));
  const ShapeNode& n = shape->nodes()[static_cast<std::size_t>(node)];
  std::vector<char>* reads = reads_of(L);
  if (n.array) {
    mark(reads, n.items);
  } else if (lua_getmetatable(L, 1)) {
    lua_getfield(L, -1, "__index");
    if (lua_type(L, -1) == LUA_TFUNCTION && lua_getupvalue(L, -1, 1) && lua_type(L, -1) == LUA_TTABLE) {
      lua_pushnil(L);
      while (lua_next(L, -2)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) == LUA_TSTRING) {
          std::size_t len;
          const char* s = lua_tolstring(L, -1, &len);
          mark(reads, shape->child(node, std::string_view(s, len)));
        }
      }
    }
    lua_settop(L, 1);
  }
  auto orig = lua_tocfunction(L, lua_upvalueindex(3));
  return orig(L);
}

struct AttachArgs {
  const CaseShape* shape;
  bool coverage;
};

// Pushes the (cached) metatable for data tables of `node`.
void push_data_meta(lua_State* L, const CaseShape& shape, int node, int cache) {
  if (lua_rawgeti(L, cache, node) == LUA_TTABLE) return;
  lua_pop(L, 1);
  lua_createtable(L, 0, 1);
  lua_pushlightuserdata(L, const_cast<CaseShape*>(&shape));
  lua_pushinteger(L, node);
  lua_pushcclosure(L, strict_index, 2);
  lua_setfield(L, -2, "__index");
  lua_pushvalue(L, -1);
  lua_rawseti(L, cache, node);
}

void attach(lua_State* L, int proxy, const AttachArgs& a, int node, int cache, int depth) {
  if (depth > 200 || node < 0) return;
  proxy = lua_absindex(L, proxy);
  luaL_checkstack(L, 12, "case shape");
  if (!lua_getmetatable(L, proxy)) return;
  const int m = lua_gettop(L);
  lua_getfield(L, m, "__index");
  if (lua_type(L, -1) != LUA_TTABLE) {
    lua_settop(L, m - 1);
    return;
  }
  const int data = lua_gettop(L);
  push_data_meta(L, *a.shape, node, cache);
  lua_setmetatable(L, data);
  const ShapeNode& n = a.shape->nodes()[static_cast<std::size_t>(node)];
  lua_pushnil(L);
  while (lua_next(L, data)) {
    if (lua_type(L, -1) == LUA_TTABLE) {
      int c = -1;
      if (n.array) c = n.items;
      else if (lua_type(L, -2) == LUA_TSTRING) c = a.shape->child(node, lua_tostring(L, -2));
      if (c >= 0) attach(L, -1, a, c, cache, depth + 1);
    }
    lua_pop(L, 1);
  }
  if (a.coverage) {
    lua_pushvalue(L, data);
    lua_pushlightuserdata(L, const_cast<CaseShape*>(a.shape));
    lua_pushinteger(L, node);
    lua_pushcclosure(L, cov_index, 3);
    lua_setfield(L, m, "__index");
    lua_pushlightuserdata(L, const_cast<CaseShape*>(a.shape));
    lua_pushinteger(L, node);
    lua_getfield(L, m, "__pairs");
    lua_pushcclosure(L, cov_pairs, 3);
    lua_setfield(L, m, "__pairs");
  }
  lua_settop(L, m - 1);
}

// Pushes the registry's cache of data-table metatables (made on first use).
void push_meta_cache(lua_State* L) {
  lua_getfield(L, LUA_REGISTRYINDEX, kMetaCache);
  if (!lua_istable(L, -1)) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, kMetaCache);
  }
}

int attach_protected(lua_State* L) {
  const auto* a = static_cast<const AttachArgs*>(lua_touserdata(L, 2));
  push_meta_cache(L);
  attach(L, 1, *a, 0, lua_gettop(L), 0);
  return 0;
}

int pointer_error(lua_State* L) {
  const auto* shape = static_cast<const CaseShape*>(lua_touserdata(L, lua_upvalueindex(1)));
  if (lua_type(L, 1) != LUA_TSTRING) {
    lua_pushfstring(L, "an evidence pointer must be a string, not a %s", luaL_typename(L, 1));
    return 1;
  }
  std::size_t len;
  const char* s = lua_tolstring(L, 1, &len);
  std::string why = shape->check_pointer(std::string_view(s, len));
  if (why.empty()) return 0;
  lua_pushlstring(L, why.data(), why.size());
  return 1;
}

}  // namespace

void attach_case_shape(lua_State* L, int idx, const CaseShape& shape, std::vector<char>* reads) {
  idx = lua_absindex(L, idx);
  if (reads) {
    if (reads->size() < shape.nodes().size()) reads->resize(shape.nodes().size(), 0);
    lua_pushlightuserdata(L, reads);
  } else {
    lua_pushnil(L);
  }
  lua_setfield(L, LUA_REGISTRYINDEX, kReads);
  AttachArgs a{&shape, reads != nullptr};
  luaL_checkstack(L, 4, "case shape");
  lua_pushcfunction(L, attach_protected);
  lua_pushvalue(L, idx);
  lua_pushlightuserdata(L, &a);
  const int rc = lua_pcall(L, 2, 0, 0);
  if (rc != LUA_OK) {
    std::string msg = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "error";
    lua_pop(L, 1);
    throw PackError("engine", "", rc == LUA_ERRMEM ? "memory" : "runtime", "cannot hand the case to Lua: " + msg);
  }
}

void begin_shape_attach(lua_State* L) {
  lua_pushnil(L);
  lua_setfield(L, LUA_REGISTRYINDEX, kReads);
  push_meta_cache(L);
}

void push_shape_data_meta(lua_State* L, const CaseShape& shape, int node, int cache) {
  push_data_meta(L, shape, node, cache);
}

void push_pointer_checker(lua_State* L, const CaseShape& shape) {
  lua_pushlightuserdata(L, const_cast<CaseShape*>(&shape));
  lua_pushcclosure(L, pointer_error, 1);
}

}  // namespace cfp::detail

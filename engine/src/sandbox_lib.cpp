// The base library rule code gets in place of Lua's own (the sandbox): checked
// and charged functions (string.rep, table operations, setmetatable,
// tostring, string.format) and deterministic iteration (pairs, next). Split
// from lua_host.cpp (one file per job); LuaHost's constructor installs them.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <initializer_list>

#include "lua_host.hpp"

namespace cfp::detail {

namespace {
constexpr std::size_t kMaxRep = 16u << 20;       // string.rep result cap
}  // namespace

// ---- checked library functions -----------------------------------------------

int safe_rep(lua_State* L) {
  std::size_t l, lsep;
  luaL_checklstring(L, 1, &l);
  lua_Integer n = luaL_checkinteger(L, 2);
  luaL_optlstring(L, 3, "", &lsep);
  if (n <= 0 || l + lsep == 0) {
    lua_pushliteral(L, "");
    return 1;
  }
  if (static_cast<lua_Unsigned>(n) > kMaxRep / (l + lsep) + 1)
    return luaL_error(L, "string.rep: result too large (limit %d bytes) (sandbox)", static_cast<int>(kMaxRep));
  charge(L, static_cast<std::uint64_t>(n) * (l + lsep) / 16);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

// Functions whose C work grows with their input: the call is priced before
// (kind-specific) and after (the size of what it returned), so that a loop
// of such calls stops at the budget or the deadline like any Lua loop.

int charged_call(lua_State* L) {
  const int kind = static_cast<int>(lua_tointeger(L, lua_upvalueindex(2)));
  // insert(t, pos, v) and remove(t, pos) shift up to #t elements
  if (kind == kChargeSort || (kind == kChargeLen && lua_type(L, 1) == LUA_TTABLE) ||
      (kind == kChargeInsert && lua_gettop(L) >= 3) ||
      (kind == kChargeRemove && lua_gettop(L) >= 2)) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Integer n = luaL_len(L, 1);
    if (n > (lua_Integer{1} << 24))
      return luaL_error(L, "table operation on %I elements refused (limit 16777216) (sandbox)", static_cast<lua_Integer>(n));
    if (kind == kChargeSort && lua_iscfunction(L, 2))
      return luaL_error(L, "table.sort: a C function as the comparator is not available to rule code (sandbox)");
    if (n > 1) {
      double work = static_cast<double>(n);
      if (kind == kChargeSort) {
        // A Lua comparator runs VM instructions (counted by the hook); the
        // default `<` compares strings in C: charge their lengths too.
        double logn = std::log2(static_cast<double>(n)) * 2;
        work *= logn;
        if (lua_isnoneornil(L, 2)) {
          double bytes = 0;
          for (lua_Integer i = 1; i <= n; ++i) {
            if (lua_rawgeti(L, 1, i) == LUA_TSTRING) bytes += static_cast<double>(lua_rawlen(L, -1));
            lua_pop(L, 1);
          }
          work += bytes * logn / 16;
        }
      }
      charge(L, static_cast<std::uint64_t>(std::min(work, 1e15)));
    }
  }
  if (lua_type(L, 1) == LUA_TSTRING)  // O(#s) in C: ~1 ns a byte, tonumber's digit loop ~10
    charge(L, kind == kChargeBytes ? lua_rawlen(L, 1) : lua_rawlen(L, 1) / 8);
  const int base = lua_gettop(L);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, base, LUA_MULTRET);
  const int nres = lua_gettop(L);
  std::uint64_t units = static_cast<std::uint64_t>(nres);
  for (int i = 1; i <= nres; ++i)
    if (lua_type(L, i) == LUA_TSTRING) units += lua_rawlen(L, i) / 16;
  charge(L, units);
  return nres;
}

char kOrigMetaKey;  // &kOrigMetaKey: in a metatable set by rule code, the table the rule passed

// setmetatable(t, mt) sets a private copy of mt, made and checked now: the
// rule keeps `mt`, but changing it later (adding `__close`, `__gc` or
// `__mode` after the check) changes nothing; getmetatable(t) answers `mt`.
int safe_setmetatable(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  if (lua_isnoneornil(L, 2)) {
    lua_settop(L, 2);
  } else {
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_settop(L, 2);
    if (proxy_meta(L, 2)) {  // a read-only table as a metatable: its data
      lua_pop(L, 1);
    }
    lua_newtable(L);  // 3: the copy
    std::uint64_t n = 0;
    lua_pushnil(L);
    while (lua_next(L, 2)) {  // raw: Lua itself reads metamethods raw
      if (lua_type(L, -2) == LUA_TSTRING) {
        const char* k = lua_tostring(L, -2);
        if (std::strcmp(k, "__gc") == 0 || std::strcmp(k, "__close") == 0 || std::strcmp(k, "__mode") == 0)
          return luaL_error(L, "setmetatable: '%s' metamethods are not available to rule code (sandbox)", k);
      }
      lua_pushvalue(L, -2);
      lua_insert(L, -2);
      lua_rawset(L, 3);
      ++n;
    }
    charge(L, n);
    lua_pushvalue(L, 2);
    lua_rawsetp(L, 3, &kOrigMetaKey);
    lua_replace(L, 2);
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, 2, 1);
  return 1;
}

int safe_getmetatable(lua_State* L) {
  luaL_checkany(L, 1);
  if (!lua_getmetatable(L, 1)) {
    lua_pushnil(L);
    return 1;
  }
  lua_pushliteral(L, "__metatable");
  if (lua_rawget(L, -2) != LUA_TNIL) return 1;  // protected: its value
  lua_pop(L, 1);
  if (lua_rawgetp(L, -1, &kOrigMetaKey) != LUA_TNIL) return 1;  // the table the rule passed
  lua_pop(L, 1);
  return 1;
}

// ---- deterministic iteration ------------------------------------------------
// Lua 5.4 seeds string hashes per state (from addresses and the time), so
// next() over a table visits string keys in a different order in every
// process. Rule code gets a `pairs` and a `next` that visit keys in a fixed
// order (numbers, then strings, then booleans; sorted_keys' order); a key
// that has no such order (a table or function used as a key) is an error.

namespace {

// A key as plain data pointing into Lua memory (the table keeps the
// strings alive): sorting them allocates nothing outside Lua, so a Lua error
// (budget, memory) can unwind through this code without leaking.
struct KeyRef {
  int rank;  // 0 number, 1 string, 2 boolean (Key's order)
  bool is_int;
  bool b;
  lua_Integer i;
  double d;
  const char* s;
  std::size_t len;
};

bool keyref_less(const KeyRef& x, const KeyRef& y) {
  if (x.rank != y.rank) return x.rank < y.rank;
  if (x.rank == 0) {
    if (x.is_int && y.is_int) return x.i < y.i;
    double a = x.is_int ? static_cast<double>(x.i) : x.d, c = y.is_int ? static_cast<double>(y.i) : y.d;
    return a < c;
  }
  if (x.rank == 1) {
    int r = std::memcmp(x.s, y.s, std::min(x.len, y.len));
    return r < 0 || (r == 0 && x.len < y.len);
  }
  return x.b < y.b;
}

// false (and *bad set) when the value at idx cannot be ordered
bool keyref_of(lua_State* L, int idx, KeyRef& k, const char** bad) {
  k = KeyRef{};
  switch (lua_type(L, idx)) {
    case LUA_TNUMBER:
      k.rank = 0;
      k.is_int = lua_isinteger(L, idx);
      if (k.is_int) k.i = lua_tointeger(L, idx); else k.d = lua_tonumber(L, idx);
      return true;
    case LUA_TSTRING:
      k.rank = 1;
      k.s = lua_tolstring(L, idx, &k.len);
      return true;
    case LUA_TBOOLEAN:
      k.rank = 2;
      k.b = lua_toboolean(L, idx);
      return true;
    default:
      *bad = luaL_typename(L, idx);
      return false;
  }
}

void push_keyref(lua_State* L, const KeyRef& k) {
  if (k.rank == 0) {
    if (k.is_int) lua_pushinteger(L, k.i); else lua_pushnumber(L, k.d);
  } else if (k.rank == 1) {
    lua_pushlstring(L, k.s, k.len);
  } else {
    lua_pushboolean(L, k.b);
  }
}

}  // namespace

static int ordered_iter(lua_State* L);

int safe_pairs(lua_State* L) {
  luaL_checkany(L, 1);
  if (luaL_getmetafield(L, 1, "__pairs") != LUA_TNIL) {  // read-only data and rule metatables
    lua_pushvalue(L, 1);
    lua_call(L, 1, 3);
    return 3;
  }
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  std::size_t n = 0;
  lua_pushnil(L);
  while (lua_next(L, 1)) {
    lua_pop(L, 1);
    ++n;
  }
  charge(L, n + static_cast<std::uint64_t>(n > 1 ? static_cast<double>(n) * std::log2(static_cast<double>(n)) : 0));
  auto* keys = static_cast<KeyRef*>(lua_newuserdatauv(L, std::max<std::size_t>(n, 1) * sizeof(KeyRef), 0));  // 2
  std::size_t k = 0;
  lua_pushnil(L);
  while (lua_next(L, 1)) {
    lua_pop(L, 1);
    const char* bad = nullptr;
    if (!keyref_of(L, -1, keys[k++], &bad))
      return luaL_error(L, "pairs: a table keyed by %s values has no fixed order; key it by names or numbers (sandbox)", bad);
  }
  std::sort(keys, keys + n, keyref_less);
  lua_createtable(L, static_cast<int>(std::min<std::size_t>(n, 1u << 26)), 0);  // 3
  for (std::size_t i = 0; i < n; ++i) {
    push_keyref(L, keys[i]);
    lua_rawseti(L, 3, static_cast<lua_Integer>(i + 1));
  }
  lua_pushinteger(L, 0);
  lua_pushcclosure(L, ordered_iter, 2);  // upvalues: keys, position
  lua_pushvalue(L, 1);
  lua_pushnil(L);
  return 3;
}

// iterator: upvalue 1 the sorted keys, 2 the position; skips keys removed
// since (assigning nil to a visited field during the loop is allowed)
static int ordered_iter(lua_State* L) {
  lua_Integer pos = lua_tointeger(L, lua_upvalueindex(2));
  for (;;) {
    ++pos;
    if (lua_rawgeti(L, lua_upvalueindex(1), pos) == LUA_TNIL) return 0;
    lua_pushvalue(L, -1);
    if (lua_rawget(L, 1) != LUA_TNIL) {
      lua_pushinteger(L, pos);
      lua_replace(L, lua_upvalueindex(2));
      return 2;
    }
    lua_pop(L, 2);
  }
}

// next(t, k): the smallest key after k in the fixed order (O(#t) a call,
// charged). Read-only data is visited in its own stored order.
int safe_next(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 2);
  if (int m = proxy_meta(L, 1)) {
    push_proxy_keys(L, m);
    lua_getfield(L, m, "__index");
    const int keys = lua_gettop(L) - 1, data = lua_gettop(L);
    const lua_Integer nk = static_cast<lua_Integer>(lua_rawlen(L, keys));
    lua_Integer start = 1;
    if (!lua_isnil(L, 2)) {
      start = 0;
      for (lua_Integer i = 1; i <= nk && !start; ++i) {
        lua_rawgeti(L, keys, i);
        if (lua_rawequal(L, -1, 2)) start = i + 1;
        lua_pop(L, 1);
      }
      charge(L, static_cast<std::uint64_t>(nk));
      if (!start) return luaL_error(L, "invalid key to 'next'");
    }
    for (lua_Integer i = start; i <= nk; ++i) {
      lua_rawgeti(L, keys, i);
      lua_pushvalue(L, -1);
      if (lua_rawget(L, data) != LUA_TNIL) return 2;
      lua_pop(L, 2);
    }
    lua_pushnil(L);
    return 1;
  }
  const bool first = lua_isnil(L, 2);
  const char* bad = nullptr;
  KeyRef after{}, best{};
  if (!first && !keyref_of(L, 2, after, &bad))
    return luaL_error(L, "next: a table keyed by %s values has no fixed order (sandbox)", bad);
  bool found = false;
  std::uint64_t n = 0;
  lua_pushnil(L);
  while (lua_next(L, 1)) {
    lua_pop(L, 1);
    ++n;
    KeyRef k;
    if (!keyref_of(L, -1, k, &bad))
      return luaL_error(L, "next: a table keyed by %s values has no fixed order; key it by names or numbers (sandbox)", bad);
    if ((first || keyref_less(after, k)) && (!found || keyref_less(k, best))) {
      best = k;  // strings stay alive: they are keys of the table
      found = true;
    }
  }
  charge(L, n);
  if (!found) {
    lua_pushnil(L);
    return 1;
  }
  push_keyref(L, best);
  lua_pushvalue(L, -1);
  lua_rawget(L, 1);
  return 2;
}

// tostring without addresses: a table or function without __tostring or
// __name prints as its type ("table"), so output never depends on where the
// allocator put it.
int safe_tostring(lua_State* L) {
  luaL_checkany(L, 1);
  const int t = lua_type(L, 1);
  if (t == LUA_TTABLE || t == LUA_TFUNCTION || t == LUA_TUSERDATA || t == LUA_TTHREAD || t == LUA_TLIGHTUSERDATA) {
    if (luaL_getmetafield(L, 1, "__tostring") == LUA_TNIL && luaL_getmetafield(L, 1, "__name") == LUA_TNIL) {
      lua_pushstring(L, lua_typename(L, t));
      return 1;
    }
    lua_settop(L, 1);
  }
  luaL_tolstring(L, 1, nullptr);
  return 1;
}

// string.format: %p is refused (an address); table and function arguments
// are turned into text by safe_tostring first.
int safe_format(lua_State* L) {
  std::size_t lf;
  const char* f = luaL_checklstring(L, 1, &lf);
  for (std::size_t i = 0; i + 1 < lf; ++i) {
    if (f[i] != '%') continue;
    std::size_t j = i + 1;
    if (f[j] == '%') {
      i = j;
      continue;
    }
    while (j < lf && std::strchr("-+ #0123456789.", f[j])) ++j;
    if (j < lf && f[j] == 'p') return luaL_error(L, "string.format: '%%p' is not available to rule code (sandbox)");
    i = j;
  }
  const int n = lua_gettop(L);
  for (int i = 2; i <= n; ++i) {
    const int t = lua_type(L, i);
    if (t == LUA_TTABLE || t == LUA_TFUNCTION || t == LUA_TUSERDATA || t == LUA_TTHREAD || t == LUA_TLIGHTUSERDATA) {
      lua_pushcfunction(L, safe_tostring);
      lua_pushvalue(L, i);
      lua_call(L, 1, 1);
      lua_replace(L, i);
    }
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, n, 1);
  return 1;
}

// Copies the listed fields of the table at `src` into a new table (pushed).
void copy_fields(lua_State* L, int src, std::initializer_list<const char*> names) {
  src = lua_absindex(L, src);
  lua_createtable(L, 0, static_cast<int>(names.size()));
  for (const char* n : names) {
    lua_getfield(L, src, n);
    lua_setfield(L, -2, n);
  }
}

void wrap_field(lua_State* L, int tbl, const char* name, lua_CFunction wrapper) {
  tbl = lua_absindex(L, tbl);
  lua_getfield(L, tbl, name);
  lua_pushcclosure(L, wrapper, 1);
  lua_setfield(L, tbl, name);
}

// Wraps with a second upvalue (an integer: the kind of pricing).
void wrap_kind(lua_State* L, int tbl, const char* name, lua_CFunction wrapper, int kind) {
  tbl = lua_absindex(L, tbl);
  lua_getfield(L, tbl, name);
  lua_pushinteger(L, kind);
  lua_pushcclosure(L, wrapper, 2);
  lua_setfield(L, tbl, name);
}


}  // namespace cfp::detail

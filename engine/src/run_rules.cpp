// The per-rule loop of API.run (engine/lua/prelude.lua), in C: host.run_rules.
// Split from lua_host.cpp (one file per job); registered by LuaHost's
// constructor as the registry's cfp.run_rules, with the FieldKey strings as
// upvalues.
#include <cstring>

#include "lua_host.hpp"

namespace cfp::detail {

// ---- the per-rule loop of API.run (prelude.lua) -------------------------------
// host.run_rules(rules, c, f, findings, by_rule, metrics, prof, current,
// finding, merge, pointer_ok) runs the checks of one pack in order, as the
// prelude's loop did: current.rule = r.id (and prof(r.id) when profiling),
// the finding of r.fixed (a copy) or of r.check(c, f), appended to findings
// and by_rule[r.slug], its metrics merged. The common finding is built here;
// anything unusual (a result with a metatable, an unknown key or value, an
// evidence pointer not yet known good, metrics that are not a plain table
// of names) goes to the prelude's own finding / merge, which decide it and
// raise its errors. Returns the index of a scope rule that gave
// not_applicable (the loop stops there), else nothing.
namespace {

bool str_is(lua_State* L, int i, const char* lit, std::size_t n) {
  std::size_t len;
  const char* p = lua_tolstring(L, i, &len);
  return len == n && std::memcmp(p, lit, n) == 0;
}
#define CFP_IS(L, i, lit) str_is(L, i, lit, sizeof(lit) - 1)

bool is_status(lua_State* L, int i) {
  return lua_type(L, i) == LUA_TSTRING && (CFP_IS(L, i, "pass") || CFP_IS(L, i, "fail") || CFP_IS(L, i, "info") ||
                                           CFP_IS(L, i, "insufficient_data") || CFP_IS(L, i, "not_applicable"));
}
bool is_result_key(lua_State* L, int i) {
  if (lua_type(L, i) != LUA_TSTRING) return false;
  std::size_t n;
  const char* k = lua_tolstring(L, i, &n);
  static const char* const names[] = {"status", "zh", "en", "evidence", "values", "metrics", "severity", "effect", "party"};
  for (const char* name : names)
    if (std::strlen(name) == n && std::memcmp(name, k, n) == 0) return true;
  return false;
}
bool is_severity(lua_State* L, int i) {
  return lua_type(L, i) == LUA_TSTRING && (CFP_IS(L, i, "serious") || CFP_IS(L, i, "general") || CFP_IS(L, i, "observation"));
}
bool is_effect(lua_State* L, int i) {
  if (lua_type(L, i) != LUA_TSTRING) return false;
  static const char* const names[] = {"refuse", "supplement", "nc", "withhold", "suspend", "revoke", "reassess", "cancel", "body", "metric"};
  std::size_t n;
  const char* k = lua_tolstring(L, i, &n);
  for (const char* name : names)
    if (std::strlen(name) == n && std::memcmp(name, k, n) == 0) return true;
  return false;
}
bool falsy(lua_State* L, int i) { return !lua_toboolean(L, i); }

// The key strings are l_run_rules' upvalues (FieldKey order): pushing one is
// a copy, no interning of a C string.
inline void push_rk(lua_State* L, FieldKey k) { lua_pushvalue(L, lua_upvalueindex(1 + static_cast<int>(k))); }

// Pushes t[k] for a table that has no metatable (a check's result, a new
// finding): what lua_getfield gives there, without interning the name.
int get_raw(lua_State* L, int t, FieldKey k) {
  push_rk(L, k);
  return lua_rawget(L, t);
}
// Pushes t[k] as lua_getfield does (metamethods included: rule tables).
int get_key(lua_State* L, int t, FieldKey k) {
  push_rk(L, k);
  return lua_gettable(L, t);
}
// fd[k] = the value on top (popped), fd a new table without metatable:
// what lua_setfield does there.
void set_top(lua_State* L, int fd, FieldKey k) {
  push_rk(L, k);
  lua_insert(L, -2);
  lua_rawset(L, fd);
}
// fd[k] = r[k] (fd a new table; r read as lua_getfield reads it).
void copy_key(lua_State* L, int fd, int r, FieldKey k) {
  push_rk(L, k);
  get_key(L, r, k);
  lua_rawset(L, fd);
}

// fd[key] = the value at `v` unless it is nil.
void set_unless_nil(lua_State* L, int fd, FieldKey key, int v) {
  if (lua_isnil(L, v)) return;
  push_rk(L, key);
  lua_pushvalue(L, v);
  lua_rawset(L, fd);
}

// Whether pointer_ok[p] is true for every pointer of `ev` (a string, or a
// plain list of them).
bool pointers_known(lua_State* L, int ev, int ok) {
  if (lua_type(L, ev) == LUA_TSTRING) {
    lua_pushvalue(L, ev);
    bool good = lua_rawget(L, ok) != LUA_TNIL && lua_toboolean(L, -1);
    lua_pop(L, 1);
    return good;
  }
  if (lua_type(L, ev) != LUA_TTABLE || lua_getmetatable(L, ev)) {
    if (lua_type(L, ev) == LUA_TTABLE) lua_pop(L, 1);
    return false;
  }
  const lua_Integer n = static_cast<lua_Integer>(lua_rawlen(L, ev));
  for (lua_Integer i = 1; i <= n; ++i) {
    lua_rawgeti(L, ev, i);
    bool good = !lua_isnil(L, -1) && lua_rawget(L, ok) != LUA_TNIL && lua_toboolean(L, -1);
    lua_pop(L, 1);
    if (!good) return false;
  }
  return true;
}

// The finding of rule `r` from the result at `res`, pushed with its metrics
// (two values), or false when the prelude's finding must decide.
bool fast_finding(lua_State* L, int r, int res, int ok) {
  if (lua_type(L, res) != LUA_TTABLE) return false;
  if (lua_getmetatable(L, res)) {
    lua_pop(L, 1);
    return false;
  }
  const int top = lua_gettop(L);
  auto fail = [&] {
    lua_settop(L, top);
    return false;
  };
  // every key one of the result keys
  lua_pushnil(L);
  while (lua_next(L, res)) {
    lua_pop(L, 1);
    if (!is_result_key(L, -1)) return fail();
  }
  get_raw(L, res, FieldKey::status);  // top+1
  const int status = top + 1;
  if (!is_status(L, status)) return fail();
  const bool is_fail = CFP_IS(L, status, "fail");
  get_raw(L, res, FieldKey::party);  // top+2
  if (falsy(L, -1)) {
    lua_pop(L, 1);
    get_key(L, r, FieldKey::party);
  }
  int party = top + 2;
  lua_pushnil(L);  // top+3: severity
  lua_pushnil(L);  // top+4: effect
  const int sev = top + 3, eff = top + 4;
  if (is_fail) {
    get_raw(L, res, FieldKey::severity);
    if (falsy(L, -1)) {
      lua_pop(L, 1);
      get_key(L, r, FieldKey::severity);
    }
    if (!is_severity(L, -1)) return fail();
    lua_replace(L, sev);
    get_raw(L, res, FieldKey::effect);
    if (falsy(L, -1)) {
      lua_pop(L, 1);
      get_key(L, r, FieldKey::effect);
    }
    if (!is_effect(L, -1)) return fail();
    lua_replace(L, eff);
    if (CFP_IS(L, eff, "body")) {
      lua_pushliteral(L, "body");
      lua_replace(L, party);
    }
  }
  if (lua_type(L, party) != LUA_TSTRING || !(CFP_IS(L, party, "applicant") || CFP_IS(L, party, "body"))) return fail();
  // message: { zh = zh or en, en = en or zh } when either is given, else the title
  get_raw(L, res, FieldKey::zh);  // top+5
  get_raw(L, res, FieldKey::en);  // top+6
  const int zh = top + 5, en = top + 6;
  if (!lua_isnil(L, zh) || !lua_isnil(L, en)) {
    lua_createtable(L, 0, 2);
    lua_pushvalue(L, falsy(L, zh) ? en : zh);
    if (!lua_isnil(L, -1)) set_top(L, lua_gettop(L) - 1, FieldKey::zh); else lua_pop(L, 1);
    lua_pushvalue(L, falsy(L, en) ? zh : en);
    if (!lua_isnil(L, -1)) set_top(L, lua_gettop(L) - 1, FieldKey::en); else lua_pop(L, 1);
  } else {
    get_key(L, r, FieldKey::title);
  }
  const int message = top + 7;
  get_raw(L, res, FieldKey::evidence);  // top+8
  int ev = top + 8;
  if (!lua_isnil(L, ev)) {
    if (!pointers_known(L, ev, ok)) return fail();
    if (lua_type(L, ev) == LUA_TSTRING) {
      lua_createtable(L, 1, 0);
      lua_pushvalue(L, ev);
      lua_rawseti(L, -2, 1);
      lua_replace(L, ev);
    }
  }
  get_raw(L, res, FieldKey::values);   // top+9
  get_raw(L, res, FieldKey::metrics);  // top+10
  const int values = top + 9, metrics = top + 10;
  lua_createtable(L, 0, 14);
  const int fd = top + 11;
  push_rk(L, FieldKey::rule);
  get_key(L, r, FieldKey::id);
  lua_rawset(L, fd);
  copy_key(L, fd, r, FieldKey::slug);
  copy_key(L, fd, r, FieldKey::topic);
  copy_key(L, fd, r, FieldKey::clause);
  set_unless_nil(L, fd, FieldKey::status, status);
  copy_key(L, fd, r, FieldKey::title);
  get_key(L, r, FieldKey::decisive);
  if (lua_toboolean(L, -1)) set_top(L, fd, FieldKey::decisive); else lua_pop(L, 1);
  get_key(L, r, FieldKey::scope);
  if (lua_toboolean(L, -1)) set_top(L, fd, FieldKey::scope); else lua_pop(L, 1);
  set_unless_nil(L, fd, FieldKey::party, party);
  set_unless_nil(L, fd, FieldKey::severity, sev);
  set_unless_nil(L, fd, FieldKey::effect, eff);
  set_unless_nil(L, fd, FieldKey::message, message);
  set_unless_nil(L, fd, FieldKey::evidence, ev);
  set_unless_nil(L, fd, FieldKey::values, values);
  lua_pushvalue(L, metrics);
  // fd, metrics on top; drop the work values below them
  lua_rotate(L, top + 1, 2);
  lua_settop(L, top + 2);
  return true;
}

// into[k] = v for the plain table of names at `from`; false when the
// prelude's merge must do it (or raise its error).
bool fast_merge(lua_State* L, int into, int from) {
  if (lua_isnil(L, from)) return true;
  if (lua_type(L, from) != LUA_TTABLE) return false;
  if (lua_getmetatable(L, from)) {
    lua_pop(L, 1);
    return false;
  }
  lua_pushnil(L);
  while (lua_next(L, from)) {
    if (lua_type(L, -2) != LUA_TSTRING) {
      lua_pop(L, 2);
      return false;  // the prelude raises the error (nothing merged that it would not have merged)
    }
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_rawset(L, into);
  }
  return true;
}

}  // namespace

int l_run_rules(lua_State* L) {
  enum { RULES = 1, C, F, FINDINGS, BY_RULE, METRICS, PROF, CURRENT, FINDING, MERGE, OK };
  luaL_checktype(L, RULES, LUA_TTABLE);
  luaL_checktype(L, FINDINGS, LUA_TTABLE);
  luaL_checktype(L, BY_RULE, LUA_TTABLE);
  luaL_checktype(L, METRICS, LUA_TTABLE);
  luaL_checktype(L, CURRENT, LUA_TTABLE);
  luaL_checktype(L, FINDING, LUA_TFUNCTION);
  luaL_checktype(L, MERGE, LUA_TFUNCTION);
  luaL_checktype(L, OK, LUA_TTABLE);
  lua_settop(L, OK);
  const bool prof = lua_toboolean(L, PROF);
  const lua_Integer n = static_cast<lua_Integer>(lua_rawlen(L, RULES));
  lua_Integer count = static_cast<lua_Integer>(lua_rawlen(L, FINDINGS));
  luaL_checkstack(L, 40, "run_rules");
  for (lua_Integer i = 1; i <= n; ++i) {
    lua_rawgeti(L, RULES, i);  // r
    const int r = OK + 1;
    get_key(L, r, FieldKey::id);
    push_rk(L, FieldKey::rule);
    lua_pushvalue(L, -2);
    lua_settable(L, CURRENT);  // current.rule = r.id, as lua_setfield
    if (prof) {
      lua_pushvalue(L, PROF);
      lua_insert(L, -2);
      lua_call(L, 1, 0);
    } else {
      lua_pop(L, 1);
    }
    // fd, m at r+1, r+2
    if (get_key(L, r, FieldKey::fixed) == LUA_TTABLE) {
      const int x = r + 1;
      lua_createtable(L, 0, 14);
      const int copy = x + 1;
      for (int k = 0; k <= static_cast<int>(FieldKey::values); ++k) {  // rule ... values, in this order
        push_rk(L, static_cast<FieldKey>(k));
        if (lua_gettable(L, x) != LUA_TNIL) set_top(L, copy, static_cast<FieldKey>(k));
        else lua_pop(L, 1);
      }
      lua_replace(L, x);
      get_key(L, r, FieldKey::fixed_metrics);
    } else {
      lua_pop(L, 1);
      get_key(L, r, FieldKey::check);
      lua_pushvalue(L, C);
      lua_pushvalue(L, F);
      lua_call(L, 2, 1);  // res at r+1
      const int res = r + 1;
      if (!fast_finding(L, r, res, OK)) {
        lua_pushvalue(L, FINDING);
        lua_pushvalue(L, r);
        lua_pushvalue(L, res);
        lua_call(L, 2, 2);
      }
      lua_remove(L, res);
    }
    const int fd = r + 1, m = r + 2;
    lua_pushvalue(L, fd);
    lua_rawseti(L, FINDINGS, ++count);
    get_key(L, r, FieldKey::slug);
    lua_pushvalue(L, fd);
    lua_settable(L, BY_RULE);
    if (!fast_merge(L, METRICS, m)) {
      lua_pushvalue(L, MERGE);
      lua_pushvalue(L, METRICS);
      lua_pushvalue(L, m);
      lua_call(L, 2, 0);
    }
    get_key(L, r, FieldKey::scope);
    const bool scope = lua_toboolean(L, -1);
    lua_pop(L, 1);
    if (scope) {
      get_key(L, fd, FieldKey::status);
      const bool na = lua_type(L, -1) == LUA_TSTRING && CFP_IS(L, -1, "not_applicable");
      if (na) {
        lua_pushinteger(L, i);
        return 1;
      }
    }
    lua_settop(L, OK);
  }
  return 0;
}
#undef CFP_IS

// ---- the result constructors (pass{}, fail{}, info{}, insufficient{}, na{}) ----
// host.result_ctor(status, name) returns the constructor the prelude hands to
// rule code: ctor(t) sets t.status = status and returns t; ctor() returns a
// fresh { status = status }. Written in C because every check calls one
// (about 170 calls per case); the behaviour and the errors are those of the
// prelude's former Lua closure: a table is read and written with metamethods
// (t.status), and luaL_error names the caller's line, as error(msg, 2) did.
namespace {

int result_ctor_call(lua_State* L) {
  const int t = lua_type(L, 1);
  if (t == LUA_TNONE || t == LUA_TNIL) {
    lua_createtable(L, 0, 1);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_setfield(L, -2, "status");
    return 1;
  }
  if (t != LUA_TTABLE) return luaL_error(L, "%s{...} takes a table", lua_tostring(L, lua_upvalueindex(1)));
  lua_settop(L, 1);
  if (lua_getfield(L, 1, "status") != LUA_TNIL)
    return luaL_error(L, "%s{}: `status` is set by the constructor; leave it out", lua_tostring(L, lua_upvalueindex(2)));
  lua_pop(L, 1);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_setfield(L, 1, "status");
  return 1;
}

}  // namespace

int l_result_ctor(lua_State* L) {
  luaL_checkstring(L, 1);
  luaL_checkstring(L, 2);
  lua_settop(L, 2);
  lua_pushcclosure(L, result_ctor_call, 2);
  return 1;
}

}  // namespace cfp::detail

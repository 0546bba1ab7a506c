// The per-rule loop of API.run (engine/lua/prelude.lua), in C: host.run_rules.
// Split from lua_host.cpp (one file per job); registered by LuaHost's
// constructor as the registry's cfp.run_rules, with the FieldKey strings as
// upvalues.
#include <utility>

#include "lua_host.hpp"

namespace cfp::detail {

// ---- the per-rule loop of API.run (prelude.lua) -------------------------------
// host.run_rules(recs, c, f, metrics, prof, current, finding, merge,
// pointer_ok) runs the checks of one pack in order, as the prelude's loop
// did, and returns findings, by_rule (both new tables, sized for the stage's
// rules) and the index of a scope rule that gave not_applicable (the loop
// stops there) or nothing. For each rule: current.rule = its id (and
// prof(id) when profiling), the finding of its fixed result (a fresh table
// per case) or of check(c, f), appended to findings and by_rule[slug], its
// metrics merged. `recs` is the stage's list of rule records (API.seal_pack):
// arrays of the definition's fields in the order of enum Rec, read with
// lua_rawgeti instead of a dozen hash look-ups of the definition per rule.
// The common finding is built here; anything unusual (a result with a
// metatable, an unknown key or value, an evidence pointer not yet known
// good, metrics that are not a plain table of names) goes to the prelude's
// own finding / merge, which decide it and raise its errors.
namespace {

// A rule record's slots (prelude.lua, API.seal_pack, same order).
enum Rec : int {
  kId = 1, kSlug, kTopic, kClause, kTitle, kDecisive, kScope, kParty, kSeverity, kEffect, kCheck,
  kFixed,         // false, or the fixed finding as a flat list { key1, value1, key2, value2, ... }
  kFixedMetrics,  // the fixed result's (read-only) metrics, or nil
  kDef,           // the definition itself, for the prelude's finding(r, res)
};

// The status, severity, effect and party names, after the FieldKey strings in
// run_rules' upvalues (push_run_rules).
constexpr const char* kValueNames[] = {"pass", "fail", "info", "insufficient_data", "not_applicable",
                                       "serious", "general", "observation",
                                       "refuse", "supplement", "nc", "withhold", "suspend", "revoke", "reassess",
                                       "cancel", "body", "metric", "applicant"};
enum Value : int {
  vPass, vFail, vInfo, vInsufficient, vNa, vSerious, vGeneral, vObservation,
  vRefuse, vSupplement, vNc, vWithhold, vSuspend, vRevoke, vReassess, vCancel, vBody, vMetric, vApplicant,
  vCount
};
static_assert(std::size(kValueNames) == vCount);
constexpr int kKeyCount = static_cast<int>(FieldKey::count_);

// String identity instead of byte compares. Lua interns every short string
// (up to LUAI_MAXSHORTLEN = 40 bytes): while one copy is alive, all strings of
// the same bytes are that one object, and lua_tostring gives its one buffer.
// The names below are short and kept alive as upvalues, so a string value
// equals a name exactly when lua_tostring gives the name's pointer (a long
// string, never interned, equals none of them, as its length already says).
struct Names {
  const char* key[kKeyCount];
  const char* value[vCount];
  explicit Names(lua_State* L) {
    for (int k = 0; k < kKeyCount; ++k) key[k] = lua_tostring(L, lua_upvalueindex(1 + k));
    for (int v = 0; v < vCount; ++v) value[v] = lua_tostring(L, lua_upvalueindex(1 + kKeyCount + v));
  }
  // the string at `i` (a string-typed stack value), as an identity
  static const char* of(lua_State* L, int i) { return lua_tostring(L, i); }
  bool is(lua_State* L, int i, Value v) const { return lua_type(L, i) == LUA_TSTRING && of(L, i) == value[v]; }
  bool is_in(lua_State* L, int i, Value lo, Value hi) const {  // one of the names lo..hi
    if (lua_type(L, i) != LUA_TSTRING) return false;
    const char* s = of(L, i);
    for (int v = lo; v <= hi; ++v)
      if (s == value[v]) return true;
    return false;
  }
  bool is_status(lua_State* L, int i) const { return is_in(L, i, vPass, vNa); }
  bool is_severity(lua_State* L, int i) const { return is_in(L, i, vSerious, vObservation); }
  bool is_effect(lua_State* L, int i) const { return is_in(L, i, vRefuse, vMetric); }
  // For a result key, its slot in fast_finding (1 status, 2 party,
  // 3 severity, 4 effect, 5 zh, 6 en, 8 evidence, 9 values, 10 metrics);
  // 0 for any other key.
  int result_slot(lua_State* L, int i) const {
    if (lua_type(L, i) != LUA_TSTRING) return 0;
    const char* s = of(L, i);
    static constexpr std::pair<FieldKey, int> slots[] = {
        {FieldKey::status, 1}, {FieldKey::party, 2}, {FieldKey::severity, 3}, {FieldKey::effect, 4},
        {FieldKey::zh, 5},     {FieldKey::en, 6},    {FieldKey::evidence, 8}, {FieldKey::values, 9},
        {FieldKey::metrics, 10}};
    for (auto [k, slot] : slots)
      if (s == key[static_cast<int>(k)]) return slot;
    return 0;
  }
};

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
// fd[k] = the value on top (popped), fd a new table without metatable:
// what lua_setfield does there.
void set_top(lua_State* L, int fd, FieldKey k) {
  push_rk(L, k);
  lua_insert(L, -2);
  lua_rawset(L, fd);
}
// fd[k] = rec[slot] (fd a new table).
void copy_slot(lua_State* L, int fd, int rec, FieldKey k, Rec slot) {
  push_rk(L, k);
  lua_rawgeti(L, rec, slot);
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
// list of them: a plain table, or a read-only one such as a pack's module
// constant, frozen when the pack was sealed), read as the prelude's
// evidence_error reads it (#ev, ev[i]).
bool pointers_known(lua_State* L, int ev, int ok) {
  if (lua_type(L, ev) == LUA_TSTRING) {
    lua_pushvalue(L, ev);
    bool good = lua_rawget(L, ok) != LUA_TNIL && lua_toboolean(L, -1);
    lua_pop(L, 1);
    return good;
  }
  if (lua_type(L, ev) != LUA_TTABLE) return false;
  const int top = lua_gettop(L);
  int list = ev;
  lua_Integer n;
  if (int m = proxy_meta(L, ev)) {  // pushed its metatable
    // ev[i] is data[i] when __index is the data table (a recording
    // function under `test --coverage`: left to the prelude)
    push_field_key(L, FieldKey::index_);
    if (lua_rawget(L, m) != LUA_TTABLE) {
      lua_settop(L, top);
      return false;
    }
    list = lua_gettop(L);
    n = proxy_length(L, m, list);
  } else if (lua_getmetatable(L, ev)) {  // some other metatable
    lua_settop(L, top);
    return false;
  } else {
    n = static_cast<lua_Integer>(lua_rawlen(L, ev));
  }
  bool good = true;
  for (lua_Integer i = 1; good && i <= n; ++i) {
    lua_rawgeti(L, list, i);
    good = !lua_isnil(L, -1) && lua_rawget(L, ok) != LUA_TNIL && lua_toboolean(L, -1);
    lua_pop(L, 1);
  }
  lua_settop(L, top);
  return good;
}

// The finding of the rule whose record is at `rec` from the result at `res`,
// pushed with its metrics (two values), or false when the prelude's finding
// must decide.
bool fast_finding(lua_State* L, const Names& nm, int rec, int res, int ok) {
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
  // The result's fields in one pass over its keys (every key must be one of
  // the result keys), each into its slot: top+1 status, +2 party,
  // +3 severity, +4 effect, +5 zh, +6 en, +7 (the message), +8 evidence,
  // +9 values, +10 metrics; a key the result lacks leaves its slot nil, as
  // a rawget of it would give.
  const int status = top + 1, party = top + 2, sev = top + 3, eff = top + 4, zh = top + 5, en = top + 6,
            message = top + 7, ev = top + 8, values = top + 9, metrics = top + 10;
  for (int k = 0; k < 10; ++k) lua_pushnil(L);
  lua_pushnil(L);
  while (lua_next(L, res)) {
    const int slot = nm.result_slot(L, -2);
    if (slot == 0) return fail();
    lua_replace(L, top + slot);  // pops the value
  }
  if (!nm.is_status(L, status)) return fail();
  const bool is_fail = nm.is(L, status, vFail);
  if (falsy(L, party)) {
    lua_rawgeti(L, rec, kParty);
    lua_replace(L, party);
  }
  if (is_fail) {
    if (falsy(L, sev)) {
      lua_rawgeti(L, rec, kSeverity);
      lua_replace(L, sev);
    }
    if (!nm.is_severity(L, sev)) return fail();
    if (falsy(L, eff)) {
      lua_rawgeti(L, rec, kEffect);
      lua_replace(L, eff);
    }
    if (!nm.is_effect(L, eff)) return fail();
    if (nm.is(L, eff, vBody)) {
      lua_pushvalue(L, eff);  // the string "body"
      lua_replace(L, party);
    }
  } else {  // severity and effect belong to failures only
    lua_pushnil(L);
    lua_replace(L, sev);
    lua_pushnil(L);
    lua_replace(L, eff);
  }
  if (!nm.is(L, party, vApplicant) && !nm.is(L, party, vBody)) return fail();
  // message: { zh = zh or en, en = en or zh } when either is given, else the title
  if (!lua_isnil(L, zh) || !lua_isnil(L, en)) {
    lua_createtable(L, 0, 2);
    lua_pushvalue(L, falsy(L, zh) ? en : zh);
    if (!lua_isnil(L, -1)) set_top(L, lua_gettop(L) - 1, FieldKey::zh); else lua_pop(L, 1);
    lua_pushvalue(L, falsy(L, en) ? zh : en);
    if (!lua_isnil(L, -1)) set_top(L, lua_gettop(L) - 1, FieldKey::en); else lua_pop(L, 1);
  } else {
    lua_rawgeti(L, rec, kTitle);
  }
  lua_replace(L, message);
  if (!lua_isnil(L, ev)) {
    if (!pointers_known(L, ev, ok)) return fail();
    if (lua_type(L, ev) == LUA_TSTRING) {
      lua_createtable(L, 1, 0);
      lua_pushvalue(L, ev);
      lua_rawseti(L, -2, 1);
      lua_replace(L, ev);
    }
  }
  lua_rawgeti(L, rec, kDecisive);  // top+11
  lua_rawgeti(L, rec, kScope);     // top+12
  const int decisive = top + 11, scope = top + 12;
  // the finding's fields in the order the prelude's constructor gives them,
  // in a table made for the fields it gets (read by key only: the writer,
  // the decisions and lib never iterate a finding)
  int fields = 5;  // rule, slug, topic, clause, title (strings and a table, all set)
  for (int v : {status, party, sev, eff, message, ev, values}) fields += !lua_isnil(L, v);
  fields += lua_toboolean(L, decisive) + lua_toboolean(L, scope);
  lua_createtable(L, 0, fields);
  const int fd = top + 13;
  copy_slot(L, fd, rec, FieldKey::rule, kId);
  copy_slot(L, fd, rec, FieldKey::slug, kSlug);
  copy_slot(L, fd, rec, FieldKey::topic, kTopic);
  copy_slot(L, fd, rec, FieldKey::clause, kClause);
  set_unless_nil(L, fd, FieldKey::status, status);
  copy_slot(L, fd, rec, FieldKey::title, kTitle);
  if (lua_toboolean(L, decisive)) set_unless_nil(L, fd, FieldKey::decisive, decisive);
  if (lua_toboolean(L, scope)) set_unless_nil(L, fd, FieldKey::scope, scope);
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

int l_run_rules(lua_State* L) {
  enum { RECS = 1, C, F, METRICS, PROF, CURRENT, FINDING, MERGE, OK, FINDINGS, BY_RULE };
  luaL_checktype(L, RECS, LUA_TTABLE);
  luaL_checktype(L, METRICS, LUA_TTABLE);
  luaL_checktype(L, CURRENT, LUA_TTABLE);
  luaL_checktype(L, FINDING, LUA_TFUNCTION);
  luaL_checktype(L, MERGE, LUA_TFUNCTION);
  luaL_checktype(L, OK, LUA_TTABLE);
  lua_settop(L, OK);
  const bool prof = lua_toboolean(L, PROF);
  const Names nm(L);
  const lua_Integer n = static_cast<lua_Integer>(lua_rawlen(L, RECS));
  // findings and by_rule at their final size: no rehash while they fill up
  // (by_rule is only ever indexed by slug, never iterated, by rules and lib)
  lua_createtable(L, static_cast<int>(n), 0);  // FINDINGS
  lua_createtable(L, 0, static_cast<int>(n));  // BY_RULE
  lua_Integer count = 0;
  luaL_checkstack(L, 40, "run_rules");
  // CURRENT is the engine's plain table (evaluator.cpp): rawset is its lua_setfield
  for (lua_Integer i = 1; i <= n; ++i) {
    lua_rawgeti(L, RECS, i);  // rec
    const int rec = BY_RULE + 1;
    push_rk(L, FieldKey::rule);
    lua_rawgeti(L, rec, kId);
    lua_rawset(L, CURRENT);  // current.rule = id
    if (prof) {  // prof(id)
      lua_pushvalue(L, PROF);
      lua_rawgeti(L, rec, kId);
      lua_call(L, 1, 0);
    }
    // fd, m at rec+1, rec+2
    if (lua_rawgeti(L, rec, kFixed) == LUA_TTABLE) {
      // a fresh table per case (a decision may write into the findings it is
      // given), filled in the order of the prelude's constructor, sized for
      // its fields; the values are read-only (frozen at declaration)
      const int x = rec + 1;
      const int len = static_cast<int>(lua_rawlen(L, x));
      lua_createtable(L, 0, len / 2);
      for (int j = 1; j < len; j += 2) {
        lua_rawgeti(L, x, j);
        lua_rawgeti(L, x, j + 1);
        lua_rawset(L, -3);
      }
      lua_replace(L, x);
      lua_rawgeti(L, rec, kFixedMetrics);
    } else {
      lua_pop(L, 1);
      lua_rawgeti(L, rec, kCheck);
      lua_pushvalue(L, C);
      lua_pushvalue(L, F);
      lua_call(L, 2, 1);  // res at rec+1
      const int res = rec + 1;
      if (!fast_finding(L, nm, rec, res, OK)) {
        lua_pushvalue(L, FINDING);
        lua_rawgeti(L, rec, kDef);
        lua_pushvalue(L, res);
        lua_call(L, 2, 2);
      }
      lua_remove(L, res);
    }
    const int fd = rec + 1, m = rec + 2;
    lua_pushvalue(L, fd);
    lua_rawseti(L, FINDINGS, ++count);
    lua_rawgeti(L, rec, kSlug);
    lua_pushvalue(L, fd);
    lua_rawset(L, BY_RULE);
    if (!fast_merge(L, METRICS, m)) {
      lua_pushvalue(L, MERGE);
      lua_pushvalue(L, METRICS);
      lua_pushvalue(L, m);
      lua_call(L, 2, 0);
    }
    lua_rawgeti(L, rec, kScope);
    const bool scope = lua_toboolean(L, -1);
    lua_pop(L, 1);
    if (scope) {
      get_raw(L, fd, FieldKey::status);  // fd: a new plain table
      if (nm.is(L, -1, vNa)) {
        lua_settop(L, BY_RULE);
        lua_pushinteger(L, i);
        return 3;
      }
    }
    lua_settop(L, BY_RULE);
  }
  return 2;
}

}  // namespace

void push_run_rules(lua_State* L) {
  luaL_checkstack(L, kKeyCount + vCount, "run_rules");
  for (int k = 0; k < kKeyCount; ++k) push_field_key(L, static_cast<FieldKey>(k));
  for (const char* v : kValueNames) lua_pushstring(L, v);
  lua_pushcclosure(L, l_run_rules, kKeyCount + vCount);  // upvalues: see Names, push_rk
}

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

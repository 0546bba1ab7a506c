// The sandbox's pattern functions: string.find, match, gmatch and gsub with
// Lua 5.4's pattern semantics (the reference manual, section 6.4.1), on a
// matcher of our own whose every step is charged to the evaluation's
// instruction budget and checks its deadline.
//
// Lua's own matcher backtracks in C, where neither the count hook nor the
// deadline can stop it: ("a"):rep(24):find(("a?"):rep(24) .. ("a"):rep(24) ..
// "b") runs for seconds, (".-"):rep(40) for ever. Pricing pattern shapes in
// advance always misses one; counting the steps of the matcher itself ends
// the class (the approach of Redis's and Roblox's sandboxes). One step: one
// attempt to match one pattern item at one subject position (a single
// character test, a recursive match call, a %b scan position); a compared
// back-reference costs its length / 16.
//
// Written for cfpcheck from the manual's description of patterns; the
// structure (a recursive matcher with greedy/lazy expansion and a capture
// array) is the classic one of every Lua-pattern implementation.
//
// This file raises Lua errors (longjmp): nothing here may hold a C++ object
// with a destructor across a call that can raise.
#include <cctype>
#include <cstddef>
#include <cstring>

#include "lua_host.hpp"

namespace cfp::detail {
namespace {

constexpr int kMaxCaptures = 32;
constexpr int kMaxMatchDepth = 200;  // recursion of the matcher ("pattern too complex")
constexpr std::size_t kMaxSubject = 1u << 20;
constexpr std::size_t kMaxPattern = 4096;
constexpr unsigned kChargeEvery = 1024;  // steps between charges (each charge checks the deadline)
constexpr char kEsc = '%';
constexpr const char* kSpecials = "^$*+?.([%-";

constexpr std::ptrdiff_t kCapUnfinished = -1;
constexpr std::ptrdiff_t kCapPosition = -2;

struct MatchState {
  const char* src_init;
  const char* src_end;
  const char* p_end;
  lua_State* L;
  int depth;  // remaining recursion
  int level;  // captures open or closed
  unsigned pending;  // steps not yet charged
  struct {
    const char* init;
    std::ptrdiff_t len;
  } capture[kMaxCaptures];
};

inline void step(MatchState* ms, unsigned n = 1) {
  ms->pending += n;
  if (ms->pending >= kChargeEvery) {
    unsigned p = ms->pending;
    ms->pending = 0;
    charge(ms->L, p);
  }
}

void flush(MatchState* ms) {
  unsigned p = ms->pending;
  ms->pending = 0;
  if (p) charge(ms->L, p);
}

const char* match(MatchState* ms, const char* s, const char* p);

int check_capture(MatchState* ms, int l) {
  l -= '1';
  if (l < 0 || l >= ms->level || ms->capture[l].len == kCapUnfinished)
    return luaL_error(ms->L, "invalid capture index %%%d", l + 1);
  return l;
}

int capture_to_close(MatchState* ms) {
  int level = ms->level;
  for (level--; level >= 0; level--)
    if (ms->capture[level].len == kCapUnfinished) return level;
  return luaL_error(ms->L, "invalid pattern capture");
}

// The end of the single-character class starting at p.
const char* class_end(MatchState* ms, const char* p) {
  if (*p++ == kEsc) {
    if (p == ms->p_end) luaL_error(ms->L, "malformed pattern (ends with '%%')");
    return p + 1;
  }
  if (*(p - 1) == '[') {
    if (*p == '^') p++;
    do {  // the first character of a set is literal, even ']'
      if (p == ms->p_end) luaL_error(ms->L, "malformed pattern (missing ']')");
      if (*(p++) == kEsc && p < ms->p_end) p++;
    } while (*p != ']');
    return p + 1;
  }
  return p;
}

bool match_class(int c, int cl) {
  bool res;
  switch (std::tolower(cl)) {
    case 'a': res = std::isalpha(c); break;
    case 'c': res = std::iscntrl(c); break;
    case 'd': res = std::isdigit(c); break;
    case 'g': res = std::isgraph(c); break;
    case 'l': res = std::islower(c); break;
    case 'p': res = std::ispunct(c); break;
    case 's': res = std::isspace(c); break;
    case 'u': res = std::isupper(c); break;
    case 'w': res = std::isalnum(c); break;
    case 'x': res = std::isxdigit(c); break;
    default: return cl == c;
  }
  return std::isupper(cl) ? !res : res;
}

// p at '[', ec at the closing ']'
bool match_bracket_class(int c, const char* p, const char* ec) {
  bool sig = true;
  if (*(p + 1) == '^') {
    sig = false;
    p++;
  }
  while (++p < ec) {
    if (*p == kEsc) {
      p++;
      if (match_class(c, static_cast<unsigned char>(*p))) return sig;
    } else if (*(p + 1) == '-' && p + 2 < ec) {
      p += 2;
      if (static_cast<unsigned char>(*(p - 2)) <= c && c <= static_cast<unsigned char>(*p)) return sig;
    } else if (static_cast<unsigned char>(*p) == c) {
      return sig;
    }
  }
  return !sig;
}

bool single_match(MatchState* ms, const char* s, const char* p, const char* ep) {
  step(ms);
  if (s >= ms->src_end) return false;
  int c = static_cast<unsigned char>(*s);
  switch (*p) {
    case '.': return true;
    case kEsc: return match_class(c, static_cast<unsigned char>(*(p + 1)));
    case '[': return match_bracket_class(c, p, ep - 1);
    default: return static_cast<unsigned char>(*p) == c;
  }
}

const char* match_balance(MatchState* ms, const char* s, const char* p) {
  if (p >= ms->p_end - 1) luaL_error(ms->L, "malformed pattern (missing arguments to '%%b')");
  if (s >= ms->src_end || *s != *p) return nullptr;
  int b = *p, e = *(p + 1), cont = 1;
  while (++s < ms->src_end) {
    step(ms);
    if (*s == e) {
      if (--cont == 0) return s + 1;
    } else if (*s == b) {
      cont++;
    }
  }
  return nullptr;
}

const char* max_expand(MatchState* ms, const char* s, const char* p, const char* ep) {
  std::ptrdiff_t i = 0;
  while (single_match(ms, s + i, p, ep)) i++;
  while (i >= 0) {  // try with the longest run first
    const char* res = match(ms, s + i, ep + 1);
    if (res) return res;
    i--;
  }
  return nullptr;
}

const char* min_expand(MatchState* ms, const char* s, const char* p, const char* ep) {
  for (;;) {
    const char* res = match(ms, s, ep + 1);
    if (res) return res;
    if (single_match(ms, s, p, ep)) s++;
    else return nullptr;
  }
}

const char* start_capture(MatchState* ms, const char* s, const char* p, std::ptrdiff_t what) {
  if (ms->level >= kMaxCaptures) luaL_error(ms->L, "too many captures");
  ms->capture[ms->level].init = s;
  ms->capture[ms->level].len = what;
  ms->level++;
  const char* res = match(ms, s, p);
  if (!res) ms->level--;
  return res;
}

const char* end_capture(MatchState* ms, const char* s, const char* p) {
  int l = capture_to_close(ms);
  ms->capture[l].len = s - ms->capture[l].init;
  const char* res = match(ms, s, p);
  if (!res) ms->capture[l].len = kCapUnfinished;
  return res;
}

const char* match_capture(MatchState* ms, const char* s, int l) {
  l = check_capture(ms, l);
  std::size_t len = static_cast<std::size_t>(ms->capture[l].len);
  step(ms, static_cast<unsigned>(len / 16 + 1));
  if (static_cast<std::size_t>(ms->src_end - s) >= len && std::memcmp(ms->capture[l].init, s, len) == 0) return s + len;
  return nullptr;
}

const char* match(MatchState* ms, const char* s, const char* p) {
  if (ms->depth-- == 0) luaL_error(ms->L, "pattern too complex");
  step(ms);
  for (;;) {
    if (p == ms->p_end) break;
    switch (*p) {
      case '(':
        if (*(p + 1) == ')') s = start_capture(ms, s, p + 2, kCapPosition);
        else s = start_capture(ms, s, p + 1, kCapUnfinished);
        goto done;
      case ')':
        s = end_capture(ms, s, p + 1);
        goto done;
      case '$':
        if (p + 1 != ms->p_end) goto plain;  // '$' only anchors at the end of the pattern
        s = (s == ms->src_end) ? s : nullptr;
        goto done;
      case kEsc:
        switch (*(p + 1)) {
          case 'b':
            s = match_balance(ms, s, p + 2);
            if (s) {
              p += 4;
              continue;
            }
            goto done;
          case 'f': {
            p += 2;
            if (*p != '[') luaL_error(ms->L, "missing '[' after '%%f' in pattern");
            const char* ep = class_end(ms, p);
            int prev = (s == ms->src_init) ? 0 : static_cast<unsigned char>(*(s - 1));
            int cur = (s < ms->src_end) ? static_cast<unsigned char>(*s) : 0;
            step(ms);
            if (!match_bracket_class(prev, p, ep - 1) && match_bracket_class(cur, p, ep - 1)) {
              p = ep;
              continue;
            }
            s = nullptr;
            goto done;
          }
          case '0': case '1': case '2': case '3': case '4':
          case '5': case '6': case '7': case '8': case '9':
            s = match_capture(ms, s, static_cast<unsigned char>(*(p + 1)));
            if (s) {
              p += 2;
              continue;
            }
            goto done;
          default:
            goto plain;
        }
      default:
      plain: {
        const char* ep = class_end(ms, p);
        if (!single_match(ms, s, p, ep)) {
          if (*ep == '*' || *ep == '?' || *ep == '-') {  // accept empty
            p = ep + 1;
            continue;
          }
          s = nullptr;
          goto done;
        }
        switch (*ep) {
          case '?': {
            const char* res = match(ms, s + 1, ep + 1);
            if (res) {
              s = res;
              goto done;
            }
            p = ep + 1;
            continue;
          }
          case '+': s = max_expand(ms, s + 1, p, ep); goto done;
          case '*': s = max_expand(ms, s, p, ep); goto done;
          case '-': s = min_expand(ms, s, p, ep); goto done;
          default:
            s++;
            p = ep;
            continue;
        }
      }
    }
  }
done:
  ms->depth++;
  return s;
}

// Capture i as a string or position (pushed), or the whole match for i == 0
// when the pattern has no captures.
void push_one_capture(MatchState* ms, int i, const char* s, const char* e) {
  if (i >= ms->level) {
    if (i != 0) luaL_error(ms->L, "invalid capture index %%%d", i + 1);
    lua_pushlstring(ms->L, s, static_cast<std::size_t>(e - s));
    return;
  }
  std::ptrdiff_t l = ms->capture[i].len;
  if (l == kCapUnfinished) luaL_error(ms->L, "unfinished capture");
  if (l == kCapPosition)
    lua_pushinteger(ms->L, static_cast<lua_Integer>(ms->capture[i].init - ms->src_init) + 1);
  else
    lua_pushlstring(ms->L, ms->capture[i].init, static_cast<std::size_t>(l));
}

int push_captures(MatchState* ms, const char* s, const char* e) {
  int n = (ms->level == 0 && s) ? 1 : ms->level;
  luaL_checkstack(ms->L, n, "too many captures");
  for (int i = 0; i < n; i++) push_one_capture(ms, i, s, e);
  return n;
}

void prepare(MatchState* ms, lua_State* L, const char* s, std::size_t ls, const char* p, std::size_t lp) {
  ms->L = L;
  ms->src_init = s;
  ms->src_end = s + ls;
  ms->p_end = p + lp;
  ms->pending = 0;
  ms->level = 0;
  ms->depth = kMaxMatchDepth;
}

void reprepare(MatchState* ms) {
  ms->level = 0;
  ms->depth = kMaxMatchDepth;
}

// Start position (0-based) of `init` given as a 1-based, possibly negative index.
std::size_t start_at(lua_Integer pos, std::size_t len) {
  if (pos > 0) return static_cast<std::size_t>(pos) - 1;
  if (pos == 0) return 0;
  if (pos < -static_cast<lua_Integer>(len)) return 0;
  return len - static_cast<std::size_t>(-pos);
}

bool no_specials(const char* p, std::size_t l) {
  for (std::size_t i = 0; i < l; ++i)
    if (p[i] && std::strchr(kSpecials, p[i])) return false;
  return true;
}

const char* checked_subject(lua_State* L, std::size_t* ls, const char* fname) {
  const char* s = luaL_checklstring(L, 1, ls);
  if (*ls > kMaxSubject)
    luaL_error(L, "string.%s: subject longer than %d bytes (sandbox)", fname, static_cast<int>(kMaxSubject));
  return s;
}

const char* checked_pattern(lua_State* L, std::size_t* lp, const char* fname) {
  const char* p = luaL_checklstring(L, 2, lp);
  if (*lp > kMaxPattern) luaL_error(L, "string.%s: pattern longer than %d bytes (sandbox)", fname, static_cast<int>(kMaxPattern));
  return p;
}

// Plain search, charged per position tried.
const char* find_plain(MatchState* ms, const char* s, std::size_t ls, const char* p, std::size_t lp) {
  if (lp == 0) return s;
  if (lp > ls) return nullptr;
  const char* end = s + (ls - lp) + 1;
  const unsigned per = static_cast<unsigned>(lp / 16 + 1);
  while (s < end) {
    const char* hit = static_cast<const char*>(std::memchr(s, *p, static_cast<std::size_t>(end - s)));
    if (!hit) {
      step(ms, static_cast<unsigned>((end - s) / 16 + 1));
      return nullptr;
    }
    step(ms, static_cast<unsigned>((hit - s) / 16) + per);
    if (std::memcmp(hit + 1, p + 1, lp - 1) == 0) return hit;
    s = hit + 1;
  }
  return nullptr;
}

int find_aux(lua_State* L, bool find) {
  const char* fname = find ? "find" : "match";
  std::size_t ls, lp;
  const char* s = checked_subject(L, &ls, fname);
  const char* p = checked_pattern(L, &lp, fname);
  std::size_t init = start_at(luaL_optinteger(L, 3, 1), ls);
  if (init > ls) {
    luaL_pushfail(L);
    return 1;
  }
  MatchState ms;
  prepare(&ms, L, s, ls, p, lp);
  if (find && (lua_toboolean(L, 4) || no_specials(p, lp))) {
    const char* hit = find_plain(&ms, s + init, ls - init, p, lp);
    flush(&ms);
    if (hit) {
      lua_pushinteger(L, static_cast<lua_Integer>(hit - s) + 1);
      lua_pushinteger(L, static_cast<lua_Integer>(hit - s + static_cast<std::ptrdiff_t>(lp)));
      return 2;
    }
  } else {
    const char* s1 = s + init;
    bool anchor = (*p == '^');
    if (anchor) {
      p++;
      lp--;
      ms.p_end = p + lp;
    }
    do {
      reprepare(&ms);
      const char* e = match(&ms, s1, p);
      if (e) {
        flush(&ms);
        if (find) {
          lua_pushinteger(L, static_cast<lua_Integer>(s1 - s) + 1);
          lua_pushinteger(L, static_cast<lua_Integer>(e - s));
          return push_captures(&ms, nullptr, nullptr) + 2;
        }
        return push_captures(&ms, s1, e);
      }
    } while (s1++ < ms.src_end && !anchor);
    flush(&ms);
  }
  luaL_pushfail(L);
  return 1;
}

int str_find(lua_State* L) { return find_aux(L, true); }
int str_match(lua_State* L) { return find_aux(L, false); }

struct GMatchState {
  const char* src;
  const char* p;
  const char* lastmatch;
  MatchState ms;
};

// upvalues: the subject, the pattern, the state (kept alive with them)
int gmatch_aux(lua_State* L) {
  auto* gm = static_cast<GMatchState*>(lua_touserdata(L, lua_upvalueindex(3)));
  gm->ms.L = L;
  gm->ms.pending = 0;
  for (const char* src = gm->src; src <= gm->ms.src_end; src++) {
    reprepare(&gm->ms);
    const char* e = match(&gm->ms, src, gm->p);
    if (e && e != gm->lastmatch) {
      gm->src = gm->lastmatch = e;
      flush(&gm->ms);
      return push_captures(&gm->ms, src, e);
    }
  }
  gm->src = gm->ms.src_end + 1;  // exhausted: later calls end at once
  flush(&gm->ms);
  return 0;
}

int str_gmatch(lua_State* L) {
  std::size_t ls, lp;
  const char* s = checked_subject(L, &ls, "gmatch");
  const char* p = checked_pattern(L, &lp, "gmatch");
  std::size_t init = start_at(luaL_optinteger(L, 3, 1), ls);
  if (init > ls) init = ls + 1;  // no matches
  lua_settop(L, 2);
  auto* gm = static_cast<GMatchState*>(lua_newuserdatauv(L, sizeof(GMatchState), 0));
  prepare(&gm->ms, L, s, ls, p, lp);
  gm->src = s + init;
  gm->p = p;
  gm->lastmatch = nullptr;
  lua_pushcclosure(L, gmatch_aux, 3);
  return 1;
}

void add_s(MatchState* ms, luaL_Buffer* b, const char* s, const char* e) {
  lua_State* L = ms->L;
  std::size_t l;
  const char* news = lua_tolstring(L, 3, &l);
  const char* p;
  while ((p = static_cast<const char*>(std::memchr(news, kEsc, l))) != nullptr) {
    luaL_addlstring(b, news, static_cast<std::size_t>(p - news));
    p++;
    if (*p == kEsc) {
      luaL_addchar(b, *p);
    } else if (*p == '0') {
      luaL_addlstring(b, s, static_cast<std::size_t>(e - s));
    } else if (std::isdigit(static_cast<unsigned char>(*p))) {
      push_one_capture(ms, *p - '1', s, e);
      luaL_tolstring(L, -1, nullptr);  // a position capture becomes its digits
      lua_remove(L, -2);
      luaL_addvalue(b);
    } else {
      luaL_error(L, "invalid use of '%c' in replacement string", kEsc);
    }
    l -= static_cast<std::size_t>(p + 1 - news);
    news = p + 1;
  }
  luaL_addlstring(b, news, l);
}

// Adds the replacement of the match s..e; false when the original was kept.
bool add_value(MatchState* ms, luaL_Buffer* b, const char* s, const char* e, int tr) {
  lua_State* L = ms->L;
  switch (tr) {
    case LUA_TFUNCTION: {
      lua_pushvalue(L, 3);
      int n = push_captures(ms, s, e);
      lua_call(L, n, 1);
      break;
    }
    case LUA_TTABLE:
      push_one_capture(ms, 0, s, e);
      lua_gettable(L, 3);
      break;
    default:
      add_s(ms, b, s, e);
      return true;
  }
  if (!lua_toboolean(L, -1)) {
    lua_pop(L, 1);
    luaL_addlstring(b, s, static_cast<std::size_t>(e - s));
    return false;
  }
  if (!lua_isstring(L, -1)) luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
  luaL_addvalue(b);
  return true;
}

int str_gsub(lua_State* L) {
  std::size_t srcl, lp;
  const char* src = checked_subject(L, &srcl, "gsub");
  const char* p = checked_pattern(L, &lp, "gsub");
  const char* lastmatch = nullptr;
  int tr = lua_type(L, 3);
  lua_Integer max_s = luaL_optinteger(L, 4, static_cast<lua_Integer>(srcl) + 1);
  luaL_argexpected(L, tr == LUA_TNUMBER || tr == LUA_TSTRING || tr == LUA_TFUNCTION || tr == LUA_TTABLE, 3,
                   "string/function/table");
  bool anchor = (*p == '^');
  if (anchor) {
    p++;
    lp--;
  }
  lua_Integer n = 0;
  bool changed = false;
  MatchState ms;
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  prepare(&ms, L, src, srcl, p, lp);
  while (n < max_s) {
    reprepare(&ms);
    const char* e = match(&ms, src, p);
    if (e && e != lastmatch) {
      n++;
      changed = add_value(&ms, &b, src, e, tr) || changed;
      src = lastmatch = e;
    } else if (src < ms.src_end) {
      luaL_addchar(&b, *src++);
    } else {
      break;
    }
    if (anchor) break;
  }
  flush(&ms);
  if (!changed) {
    lua_pushvalue(L, 1);
  } else {
    luaL_addlstring(&b, src, static_cast<std::size_t>(ms.src_end - src));
    luaL_pushresult(&b);
  }
  lua_pushinteger(L, n);
  return 2;
}

}  // namespace

void set_pattern_functions(lua_State* L, int string_table) {
  string_table = lua_absindex(L, string_table);
  lua_pushcfunction(L, str_find);
  lua_setfield(L, string_table, "find");
  lua_pushcfunction(L, str_match);
  lua_setfield(L, string_table, "match");
  lua_pushcfunction(L, str_gmatch);
  lua_setfield(L, string_table, "gmatch");
  lua_pushcfunction(L, str_gsub);
  lua_setfield(L, string_table, "gsub");
}

}  // namespace cfp::detail

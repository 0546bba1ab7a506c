// The Lua sandbox: an explicit library list, budgets enforced by a custom
// allocator and a count hook, and read-only views of data handed to rules.
#include "lua_host.hpp"

#include "case_shape.hpp"

#include <algorithm>
#include <atomic>
#include <csignal>
#include <ctime>
#include <mutex>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include <sys/syscall.h>
#include <unistd.h>

#include "result_writer.hpp"

namespace cfp::detail {
namespace {

constexpr int kHookStep = 500;       // instructions between hook calls (deadline granularity)
// The unhooked run (below, "The instruction budget without a trap per
// instruction"): no machine runs Lua 5.4 at 4 VM instructions a nanosecond
// (4 GHz of VM instructions; a fast core runs well under one), so the time a
// run took, times this, bounds the VM instructions it ran.
constexpr std::uint64_t kMaxVmPerNs = 4;
constexpr std::uint64_t kUnhookedMinBudget = 1'000'000;  // smaller budgets are counted from the start
constexpr std::size_t kBigAlloc = 64u << 10;     // allocations that check the deadline
constexpr int kAllocChargeShift = 6;             // 1 instruction per 64 bytes allocated
constexpr std::size_t kMaxMessage = 4000;        // bytes of an error message kept
constexpr std::size_t kConversionReserve = 64u << 20;  // memory above the cap for converting results
constexpr int kMaxFreezeDepth = 64;
constexpr int kMaxOutputDepth = 48;

// Slots of a read-only proxy's metatable that rule code can never see (the
// metatable is protected by __metatable). They are integer keys: the array
// part of the metatable, set and read without hashing.
char kMarkKey;  // M[3] = &kMarkKey (a light userdata): "this metatable belongs to a read-only proxy"
constexpr int kKeysSlot = 1;  // M[1]: keys in iteration order
constexpr int kLenSlot = 2;   // M[2]: length of a JSON array (nulls kept as holes)
constexpr int kMarkSlot = 3;  // M[3]: the mark

void count_hook(lua_State* L, lua_Debug*);

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kUsePool = false;  // let ASan see every Lua block
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kUsePool = false;
#else
constexpr bool kUsePool = true;
#endif
#else
constexpr bool kUsePool = true;
#endif

// Lua's realloc: small blocks from the state's pool, the rest from malloc.
void* raw_realloc(SmallBlocks& pool, void* ptr, std::size_t old, std::size_t nsize) {
  if (!kUsePool) {
    if (nsize == 0) {
      std::free(ptr);
      return nullptr;
    }
    return std::realloc(ptr, nsize);
  }
  constexpr std::size_t kMax = SmallBlocks::kMax;
  if (nsize == 0) {
    if (ptr) {
      if (old <= kMax) pool.put(ptr, old);
      else std::free(ptr);
    }
    return nullptr;
  }
  if (!ptr) return nsize <= kMax ? pool.get(nsize) : std::malloc(nsize);
  if (old <= kMax && nsize <= kMax && (old - 1) / SmallBlocks::kGranule == (nsize - 1) / SmallBlocks::kGranule)
    return ptr;  // same size class
  if (old > kMax && nsize > kMax) return std::realloc(ptr, nsize);
  void* p = nsize <= kMax ? pool.get(nsize) : std::malloc(nsize);
  if (!p) {
    if (nsize < old) {  // Lua requires shrinking to succeed: keep the block
      if (old > kMax) pool.adopt(ptr, old);
      return ptr;
    }
    return nullptr;
  }
  std::memcpy(p, ptr, std::min(old, nsize));
  if (old <= kMax) pool.put(ptr, old);
  else std::free(ptr);
  return p;
}

void* budget_alloc(void* ud, void* ptr, std::size_t osize, std::size_t nsize) {
  auto* b = static_cast<Budget*>(ud);
  const std::size_t old = ptr ? osize : 0;
  if (nsize == 0) {
    raw_realloc(b->small, ptr, old, 0);
    b->used -= old;
    return nullptr;
  }
  if (nsize > old && b->used - old + nsize > b->limit) return nullptr;
  if (b->max_instructions && nsize > old) {
    // Work a single instruction does in C (string building, table growth) is
    // charged by the bytes it allocates, and big allocations check the
    // deadline: a loop of few but expensive instructions stops in time. A
    // failed allocation raises a memory error that call() reports as the
    // budget or deadline that tripped.
    // A trip lets the allocation through (the memory cap still holds) and
    // arms the hook on the next instruction, which stops the evaluation and
    // reports the rule's file and line.
    if (!b->tripped) {
      b->instructions += (nsize - old) >> kAllocChargeShift;
      if (b->instructions > b->max_instructions) b->tripped = "instruction budget";
      else if (nsize - old >= kBigAlloc && b->timed && std::chrono::steady_clock::now() > b->deadline)
        b->tripped = "wall-clock deadline";
      if (b->tripped && b->L) lua_sethook(b->L, count_hook, LUA_MASKCOUNT, 1);
    }
  }
  void* p = raw_realloc(b->small, ptr, old, nsize);
  if (!p) return nullptr;
  b->used = b->used - old + nsize;
  if (b->used > b->peak) b->peak = b->used;
  return p;
}

}  // namespace

SmallBlocks::~SmallBlocks() {
  for (void* p : owned_) std::free(p);
}

void* SmallBlocks::get(std::size_t n) {
  const std::size_t c = cls(n);
  if (void* p = free_[c]) {
    free_[c] = *static_cast<void**>(p);
    return p;
  }
  const std::size_t size = (c + 1) * kGranule;
  if (left_ < size) {
    constexpr std::size_t kSlab = 64u << 10;
    try {
      owned_.reserve(owned_.size() + 1);  // so that push_back cannot throw
    } catch (...) {
      return nullptr;  // never let an exception cross Lua's C frames
    }
    void* slab = std::malloc(kSlab);
    if (!slab) return nullptr;
    owned_.push_back(slab);
    cur_ = static_cast<char*>(slab);
    left_ = kSlab;  // the tail of the previous slab is dropped (< kMax bytes)
  }
  void* p = cur_;
  cur_ += size;
  left_ -= size;
  return p;
}

void SmallBlocks::put(void* p, std::size_t n) {
  const std::size_t c = cls(n);
  *static_cast<void**>(p) = free_[c];
  free_[c] = p;
}

void SmallBlocks::adopt(void* p, std::size_t) {
  try {
    owned_.push_back(p);
  } catch (...) {
    // out of memory: the block stays with Lua and is lost at close (never freed twice)
  }
}

namespace {

Budget* budget_of(lua_State* L) {
  void* ud = nullptr;
  lua_getallocf(L, &ud);
  return static_cast<Budget*>(ud);
}

// Raises "file:line: evaluation stopped ..." naming the line the rule was
// executing (level 0 inside a hook is the interrupted function).
[[noreturn]] void stop(lua_State* L, const char* what) {
  lua_Debug ar;
  if (lua_getstack(L, 0, &ar) && lua_getinfo(L, "Sl", &ar) && ar.currentline > 0)
    lua_pushfstring(L, "%s:%d: evaluation stopped: %s exceeded", ar.short_src, ar.currentline, what);
  else
    lua_pushfstring(L, "evaluation stopped: %s exceeded", what);
  lua_error(L);
  std::abort();  // not reached
}

std::uint64_t elapsed_ns(const Budget* b) {
  auto d = std::chrono::steady_clock::now() - b->started;
  return static_cast<std::uint64_t>(std::max<std::int64_t>(0, std::chrono::duration_cast<std::chrono::nanoseconds>(d).count()));
}

void count_hook(lua_State* L, lua_Debug*) {
  Budget* b = budget_of(L);
  if (b->tripped) {
    // Already over budget: keep failing on every instruction so that no
    // handler in rule code can carry on.
    stop(L, b->tripped);
  }
  if (b->unhooked) {
    // The first hook of an unhooked run (the timer armed it): from here on
    // the run is counted, starting from a bound of what it has run so far
    // (the time times kMaxVmPerNs, plus one hook step so that the bound also
    // covers the hook points of an exact count).
    b->unhooked = false;
    b->bounded = true;
    b->instructions += elapsed_ns(b) * kMaxVmPerNs + kHookStep;
    lua_sethook(L, count_hook, LUA_MASKCOUNT, kHookStep);
  } else {
    b->instructions += kHookStep;
  }
  if (b->max_instructions && b->instructions > b->max_instructions) {
    b->tripped = "instruction budget";
  } else if (b->timed && std::chrono::steady_clock::now() > b->deadline) {
    b->tripped = "wall-clock deadline";
  }
  if (b->tripped) {
    lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
    stop(L, b->tripped);
  }
}

}  // namespace

// ---- The instruction budget without a trap per instruction -------------------
// While a count hook is set, Lua traps every VM instruction (luaG_traceexec):
// about an eighth of an evaluation's time. A budgeted call therefore starts
// without the hook, watched by a per-thread POSIX timer, and keeps its outcome
// only when that outcome is certainly the counted run's (docs/security.md,
// "The instruction budget"):
//  * it ends (returns or raises) with no budget tripped, and the charged work
//    plus elapsed time x kMaxVmPerNs stays within the budget: an exact count
//    could not have reached the budget either;
//  * the timer fires (at half the budget's worth of time, or at the
//    deadline): its signal arms the count hook, whose first call adds the time
//    bound to the count and counts exactly from there; the run keeps its
//    outcome if the budget is not reached with that bound (or the deadline
//    stops it, which is a matter of time in any mode);
//  * otherwise (an instruction budget tripped on a bound, or the time bound
//    exceeded at the end) the call is run again from the same state with the
//    count hook from the start: the counted run's result, or its error at
//    the same line.
// So the result never depends on the machine's speed, only the cost does: a
// run over budget costs a counted run more.
namespace {

int timer_signal() { return SIGRTMIN + 3; }  // glibc keeps SIGRTMIN-2.. for itself; +3 is free for us

// The budget of this thread's unhooked run, read by the signal handler (set
// and cleared by begin_ / end_evaluation, never pointing at a host that is
// gone: the handler never follows the timer's own pointer).
thread_local Budget* tl_unhooked = nullptr;

// The signal handler (same thread: the timer targets the evaluating thread).
// lua_sethook may be called from a signal handler (Lua's own lua.c does so for
// Ctrl-C); the hook then runs at the next VM instruction.
void on_timer_signal(int, siginfo_t*, void*) {
  Budget* b = tl_unhooked;
  if (b && b->armed && b->unhooked && b->L) {
    b->fired = 1;  // charge() reads the clock from now on, also inside the C call running now
    lua_sethook(b->L, count_hook, LUA_MASKCOUNT, 1);
  }
}

bool install_timer_handler() {
  static const bool ok = [] {
    struct sigaction sa {};
    sa.sa_sigaction = on_timer_signal;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    return sigaction(timer_signal(), &sa, nullptr) == 0;
  }();
  return ok;
}

long this_thread_id() {
  thread_local const long tid = static_cast<long>(::syscall(SYS_gettid));
  return tid;
}

}  // namespace

bool LuaHost::arm_timer(std::chrono::nanoseconds after) {
  if (!install_timer_handler()) return false;
  const long tid = this_thread_id();
  if (timer_ && timer_tid_ != tid) {
    timer_delete(static_cast<timer_t>(timer_));
    timer_ = nullptr;
  }
  if (!timer_) {
    sigevent sev{};
    sev.sigev_notify = SIGEV_THREAD_ID;
    sev.sigev_signo = timer_signal();
    sev.sigev_value.sival_ptr = &budget_;
    sev._sigev_un._tid = static_cast<pid_t>(tid);
    timer_t t{};
    if (timer_create(CLOCK_MONOTONIC, &sev, &t) != 0) return false;
    timer_ = t;
    timer_tid_ = tid;
  }
  itimerspec its{};
  const auto ns = std::max<std::int64_t>(after.count(), 1000);
  its.it_value.tv_sec = static_cast<time_t>(ns / 1'000'000'000);
  its.it_value.tv_nsec = static_cast<long>(ns % 1'000'000'000);
  return timer_settime(static_cast<timer_t>(timer_), 0, &its, nullptr) == 0;
}

void LuaHost::disarm_timer() {
  if (!timer_) return;
  itimerspec its{};
  timer_settime(static_cast<timer_t>(timer_), 0, &its, nullptr);
}

// Charges `units` instructions for work done in C and checks the deadline:
// raises the same error as the hook once a budget is exceeded.
void charge(lua_State* L, std::uint64_t units) {
  Budget* b = budget_of(L);
  if (!b->max_instructions && !b->timed) return;  // not in an evaluation
  if (!b->tripped) {
    b->instructions += units;
    if (b->max_instructions && b->instructions > b->max_instructions) b->tripped = "instruction budget";
    // The deadline by the clock, except in an unhooked run before its timer
    // has fired: begin_evaluation arms the timer at min(half the budget's
    // time, deadline), so until it fires the deadline cannot have passed.
    // Once it has fired, every charge reads the clock again: a long C call
    // (the pattern matcher charges every 1 024 steps) must stop inside the
    // call, before the hook the timer armed runs at the next VM instruction.
    // (About 200 charges per case: a clock read each, saved.)
    else if (b->timed && (!b->unhooked || b->fired) && std::chrono::steady_clock::now() > b->deadline)
      b->tripped = "wall-clock deadline";
  }
  if (b->tripped) {
    lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
    luaL_error(L, "evaluation stopped: %s exceeded", b->tripped);
  }
}

namespace {

// Valid UTF-8 (invalid or cut sequences become U+FFFD): messages and results
// are written as JSON.
std::string utf8_clean(const char* data, std::size_t n, std::size_t cap = std::string::npos) {
  std::string out;
  out.reserve(std::min(n, cap));
  const auto* s = reinterpret_cast<const unsigned char*>(data);
  for (std::size_t k = 0; k < n && out.size() < cap;) {
    unsigned char c = s[k];
    int len = c < 0x80 ? 1 : (c >= 0xC2 && c <= 0xDF) ? 2 : (c >= 0xE0 && c <= 0xEF) ? 3 : (c >= 0xF0 && c <= 0xF4) ? 4 : 0;
    bool ok = len > 0 && k + len <= n;
    unsigned cp = len == 2 ? (c & 0x1Fu) : len == 3 ? (c & 0x0Fu) : (c & 0x07u);
    for (int m = 1; ok && m < len; ++m) {
      if ((s[k + m] & 0xC0) != 0x80) ok = false;
      else cp = (cp << 6) | (s[k + m] & 0x3Fu);
    }
    if (ok && len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ok = false;
    if (ok && len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ok = false;
    if (ok) {
      out.append(data + k, static_cast<std::size_t>(len));
      k += static_cast<std::size_t>(len);
    } else {
      out += "\xEF\xBF\xBD";
      ++k;
    }
  }
  if (out.size() >= cap && cap < n) out += "...";
  return out;
}

// ---- read-only proxies ------------------------------------------------------

int ro_newindex(lua_State* L) {
  const char* k = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : luaL_typename(L, 2);
  return luaL_error(L, "attempt to modify read-only data (key '%s'): the case, the facts, the library and the parameters are read-only", k);
}

// upvalue 1 of the data table's metatable for strict tables: the table name
int strict_missing(lua_State* L) {
  const char* k = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : luaL_typename(L, 2);
  std::vector<std::string> names;  // the parameters defined, for a "did you mean"
  if (lua_type(L, 1) == LUA_TTABLE) {
    lua_pushnil(L);
    while (lua_next(L, 1)) {
      lua_pop(L, 1);
      if (lua_type(L, -1) == LUA_TSTRING) names.emplace_back(lua_tostring(L, -1));
    }
  }
  std::sort(names.begin(), names.end());
  const std::string near = nearest_name(k, names);
  if (!near.empty())
    return luaL_error(L, "undefined parameter '%s' (not in the pack's manifest; did you mean `%s`?)", k, near.c_str());
  return luaL_error(L, "undefined parameter '%s' (not in the pack's manifest)", k);
}

}  // namespace

// Fetches the proxy's data table (pushed); returns the metatable index or 0.
int proxy_meta(lua_State* L, int idx) {
  if (!lua_getmetatable(L, idx)) return 0;
  // rule code cannot make a light userdata: only the engine's metatables hold this one
  bool mark = lua_rawgeti(L, -1, kMarkSlot) == LUA_TLIGHTUSERDATA && lua_touserdata(L, -1) == &kMarkKey;
  lua_pop(L, 1);
  if (!mark) {
    lua_pop(L, 1);
    return 0;
  }
  return lua_gettop(L);
}

namespace {

}  // namespace

// Pushes the data table of the proxy whose metatable is at `m`: its
// __index, or (case tables under `test --coverage`, case_shape.cpp) the first
// upvalue of the recording __index function.
void push_proxy_data(lua_State* L, int m) {
  push_field_key(L, FieldKey::index_);
  lua_rawget(L, m);  // the engine's metatable always has __index: what lua_getfield found
  if (lua_type(L, -1) == LUA_TFUNCTION) {
    if (!lua_getupvalue(L, -1, 1)) lua_pushnil(L);
    lua_remove(L, -2);
  }
}

lua_Integer proxy_length(lua_State* L, int m, int data) {
  // a JSON array's length (M[kLenSlot]), else rawlen(data): ro_len's answer,
  // and without __len the empty proxy's border 0 is rawlen(data)
  // (set_proxy_meta)
  lua_Integer n = lua_rawgeti(L, m, kLenSlot) == LUA_TNUMBER && lua_isinteger(L, -1)
                      ? lua_tointeger(L, -1)
                      : static_cast<lua_Integer>(lua_rawlen(L, data));
  lua_pop(L, 1);
  return n;
}

namespace {

int ro_len(lua_State* L) {
  int m = proxy_meta(L, 1);
  if (!m) return luaL_error(L, "not a read-only table");
  push_proxy_data(L, m);
  lua_pushinteger(L, proxy_length(L, m, lua_gettop(L)));
  return 1;
}

// iterator closure: upvalues keys, data, position
int ro_next(lua_State* L) {
  lua_Integer pos = lua_tointeger(L, lua_upvalueindex(3));
  for (;;) {
    ++pos;
    if (lua_rawgeti(L, lua_upvalueindex(1), pos) == LUA_TNIL) return 0;
    lua_pushvalue(L, -1);
    if (lua_rawget(L, lua_upvalueindex(2)) != LUA_TNIL) {
      lua_pushinteger(L, pos);
      lua_replace(L, lua_upvalueindex(3));
      return 2;
    }
    lua_pop(L, 2);
  }
}


int ro_pairs(lua_State* L) {
  int m = proxy_meta(L, 1);
  if (!m) return luaL_error(L, "not a read-only table");
  push_proxy_keys(L, m);
  push_proxy_data(L, m);
  lua_pushinteger(L, 0);
  lua_pushcclosure(L, ro_next, 3);
  lua_pushvalue(L, 1);
  lua_pushnil(L);
  return 3;
}

void set_proxy_meta(lua_State* L, int proxy, int data, int keys, lua_Integer len);

}  // namespace

void push_proxy(lua_State* L, int data, int keys, lua_Integer len) {
  data = lua_absindex(L, data);
  keys = lua_absindex(L, keys);
  lua_createtable(L, 0, 0);
  set_proxy_meta(L, -1, data, keys, len);
}

namespace {

template <class J>
void push_json_impl(lua_State* L, const J& j) {
  using T = typename J::value_t;
  switch (j.type()) {
    case T::null:
    case T::discarded:
      lua_pushnil(L);
      return;
    case T::boolean:
      lua_pushboolean(L, j.template get<bool>());
      return;
    case T::number_integer:
      lua_pushinteger(L, j.template get<std::int64_t>());
      return;
    case T::number_unsigned: {
      auto u = j.template get<std::uint64_t>();
      if (u <= static_cast<std::uint64_t>(std::numeric_limits<lua_Integer>::max()))
        lua_pushinteger(L, static_cast<lua_Integer>(u));
      else
        lua_pushnumber(L, static_cast<lua_Number>(u));
      return;
    }
    case T::number_float:
      lua_pushnumber(L, j.template get<double>());
      return;
    case T::string: {
      const auto& s = j.template get_ref<const std::string&>();
      lua_pushlstring(L, s.data(), s.size());
      return;
    }
    case T::binary:
      lua_pushnil(L);
      return;
    case T::array: {
      luaL_checkstack(L, 6, "json too deep");
      const int n = static_cast<int>(j.size());
      lua_createtable(L, n, 0);
      int data = lua_gettop(L);
      lua_createtable(L, n, 0);
      int keys = lua_gettop(L);
      int i = 0;
      for (const auto& v : j) {
        ++i;
        lua_pushinteger(L, i);
        lua_rawseti(L, keys, i);
        push_json_impl(L, v);
        lua_rawseti(L, data, i);
      }
      push_proxy(L, data, keys, n);
      lua_replace(L, data);
      lua_settop(L, data);
      return;
    }
    case T::object: {
      luaL_checkstack(L, 6, "json too deep");
      const int n = static_cast<int>(j.size());
      lua_createtable(L, 0, n);
      int data = lua_gettop(L);
      lua_createtable(L, n, 0);
      int keys = lua_gettop(L);
      int i = 0;
      for (auto it = j.begin(); it != j.end(); ++it) {
        if (it.value().is_null()) continue;
        const std::string& k = it.key();
        lua_pushlstring(L, k.data(), k.size());
        lua_pushvalue(L, -1);
        lua_rawseti(L, keys, ++i);
        push_json_impl(L, it.value());
        lua_rawset(L, data);
      }
      push_proxy(L, data, keys, -1);
      lua_replace(L, data);
      lua_settop(L, data);
      return;
    }
  }
  lua_pushnil(L);
}

// A table key read out of Lua, so keys can be sorted without juggling the
// Lua stack. Order: integers and other numbers, then strings, then booleans;
// deterministic whatever the string hash seed. A string key is a view of the
// Lua string (no copy): every user keeps the table it came from (or its
// keys table) on the stack while it uses the keys, which keeps the string
// alive, and Lua strings never move; string keys are never removed from
// weak tables. string_view orders as std::string did (char_traits compare).
struct Key {
  int rank = 0;  // 0 number, 1 string, 2 boolean
  bool is_int = false;
  lua_Integer i = 0;
  double d = 0;
  std::string_view s;
  bool b = false;
  bool operator<(const Key& o) const {
    if (rank != o.rank) return rank < o.rank;
    if (rank == 0) {
      double x = is_int ? static_cast<double>(i) : d, y = o.is_int ? static_cast<double>(o.i) : o.d;
      if (is_int && o.is_int) return i < o.i;
      return x < y;
    }
    if (rank == 1) return s < o.s;
    return b < o.b;
  }
};

Key read_key(lua_State* L, int idx) {
  Key k;
  switch (lua_type(L, idx)) {
    case LUA_TNUMBER:
      k.rank = 0;
      k.is_int = lua_isinteger(L, idx);
      if (k.is_int) k.i = lua_tointeger(L, idx); else k.d = lua_tonumber(L, idx);
      break;
    case LUA_TSTRING: {
      std::size_t len;
      const char* p = lua_tolstring(L, idx, &len);
      k.rank = 1;
      k.s = std::string_view(p, len);
      break;
    }
    case LUA_TBOOLEAN:
      k.rank = 2;
      k.b = lua_toboolean(L, idx);
      break;
    default:
      luaL_error(L, "tables keyed by %s values cannot be frozen or reported", luaL_typename(L, idx));
  }
  return k;
}

void push_key(lua_State* L, const Key& k) {
  if (k.rank == 0) {
    if (k.is_int) lua_pushinteger(L, k.i); else lua_pushnumber(L, k.d);
  } else if (k.rank == 1) {
    lua_pushlstring(L, k.s.data(), k.s.size());
  } else {
    lua_pushboolean(L, k.b);
  }
}

// The keys of table `t`, sorted. A key that is not a number, string or
// boolean raises a Lua error (inside Lua: freeze, pairs) or, when `bad` is
// given (C++ callers outside any protected call, where a Lua error would
// abort the process), stops the scan and names its type in *bad.
// sorted_keys_into fills `keys` (emptied first), so that a caller can reuse
// one vector's storage.
void sorted_keys_into(lua_State* L, int t, std::vector<Key>& keys, const char** bad = nullptr) {
  t = lua_absindex(L, t);
  keys.clear();
  lua_pushnil(L);
  while (lua_next(L, t)) {
    lua_pop(L, 1);
    const int kt = lua_type(L, -1);
    if (bad && kt != LUA_TNUMBER && kt != LUA_TSTRING && kt != LUA_TBOOLEAN) {
      *bad = lua_typename(L, kt);
      lua_pop(L, 1);
      return;
    }
    keys.push_back(read_key(L, -1));
  }
  std::sort(keys.begin(), keys.end());
}

std::vector<Key> sorted_keys(lua_State* L, int t, const char** bad = nullptr) {
  std::vector<Key> keys;
  sorted_keys_into(L, t, keys, bad);
  return keys;
}

// keys == 0: none yet; push_proxy_keys sorts them when they are first needed
// (pairs, results), so data nobody iterates never pays for sorting.
// len >= 0: a JSON array of that length (M[kLenSlot], read by __len). A
// proxy gets __len only when `#` could differ from the empty proxy's 0: for
// a JSON array, or data with an element at 1 (ro_len gives rawlen(data));
// without __len, `#proxy` is the border of the empty proxy, 0, which is
// rawlen(data) then. Fewer hash keys: a JSON object's metatable has four
// names, not five, and fits a 4-node hash part.
void set_proxy_meta(lua_State* L, int proxy, int data, int keys, lua_Integer len) {
  proxy = lua_absindex(L, proxy);
  data = lua_absindex(L, data);
  if (keys) keys = lua_absindex(L, keys);
  const bool with_len = len >= 0 || lua_rawlen(L, data) > 0;
  lua_createtable(L, 3, with_len ? 5 : 4);
  // the names pre-pushed (push_field_key) and set raw, as lua_setfield does
  // on a new table without a metatable: no C-string interning per table
  push_field_key(L, FieldKey::index_);
  lua_pushvalue(L, data);
  lua_rawset(L, -3);
  push_field_key(L, FieldKey::newindex_);
  lua_pushcfunction(L, ro_newindex);
  lua_rawset(L, -3);
  if (with_len) {
    push_field_key(L, FieldKey::len_);
    lua_pushcfunction(L, ro_len);
    lua_rawset(L, -3);
  }
  push_field_key(L, FieldKey::pairs_);
  lua_pushcfunction(L, ro_pairs);
  lua_rawset(L, -3);
  push_field_key(L, FieldKey::metatable_);
  lua_pushboolean(L, 0);
  lua_rawset(L, -3);
  if (keys) {
    lua_pushvalue(L, keys);
    lua_rawseti(L, -2, kKeysSlot);
  }
  if (len >= 0) {
    lua_pushinteger(L, len);
    lua_rawseti(L, -2, kLenSlot);
  }
  lua_pushlightuserdata(L, &kMarkKey);
  lua_rawseti(L, -2, kMarkSlot);
  lua_setmetatable(L, proxy);
}

}  // namespace

// Pushes the keys table of the proxy whose metatable is at `m`, sorting the
// data's keys (and caching them in the metatable) the first time.
void push_proxy_keys(lua_State* L, int m) {
  m = lua_absindex(L, m);
  if (lua_rawgeti(L, m, kKeysSlot) == LUA_TTABLE) return;
  lua_pop(L, 1);
  luaL_checkstack(L, 8, "keys");
  push_proxy_data(L, m);
  std::vector<Key> keys = sorted_keys(L, -1);
  lua_pop(L, 1);
  lua_createtable(L, static_cast<int>(keys.size()), 0);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    push_key(L, keys[i]);
    lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
  }
  lua_pushvalue(L, -1);
  lua_rawseti(L, m, kKeysSlot);
}

namespace {

// Freezes the table at `idx` in place (nested tables are replaced by their
// proxies) and pushes its proxy. `visited` maps table -> proxy (cycles and
// shared subtables keep one proxy).
void freeze_rec(lua_State* L, int idx, int visited, bool strict, int depth) {
  idx = lua_absindex(L, idx);
  visited = lua_absindex(L, visited);
  if (depth > kMaxFreezeDepth) luaL_error(L, "data nested too deeply to freeze");
  luaL_checkstack(L, 16, "freeze");
  if (proxy_meta(L, idx)) {  // already read-only
    lua_pop(L, 1);
    lua_pushvalue(L, idx);
    return;
  }
  lua_pushvalue(L, idx);
  if (lua_rawget(L, visited) != LUA_TNIL) return;
  lua_pop(L, 1);

  lua_createtable(L, 0, 0);
  int proxy = lua_gettop(L);
  lua_pushvalue(L, idx);
  lua_pushvalue(L, proxy);
  lua_rawset(L, visited);

  // One pass: check the key types (so a bad key fails now, not when the
  // keys are first sorted) and replace nested tables by their proxies.
  // Assigning an existing field during lua_next is allowed.
  lua_pushnil(L);
  while (lua_next(L, idx)) {  // stack: k v
    int kt = lua_type(L, -2);
    if (kt != LUA_TNUMBER && kt != LUA_TSTRING && kt != LUA_TBOOLEAN)
      luaL_error(L, "tables keyed by %s values cannot be frozen or reported", luaL_typename(L, -2));
    if (lua_type(L, -1) == LUA_TTABLE) {
      // A value that is already read-only (case data the facts point to)
      // would come back from freeze_rec as it is, and storing it again
      // changes nothing: skipped, unless freeze_rec would first raise
      // "nested too deeply" at that depth.
      if (depth + 1 <= kMaxFreezeDepth && proxy_meta(L, -1)) {
        lua_pop(L, 2);  // the metatable proxy_meta pushed, v
        continue;
      }
      freeze_rec(L, -1, visited, false, depth + 1);  // stack: k v proxy(v)
      lua_pushvalue(L, -3);
      lua_pushvalue(L, -2);
      lua_rawset(L, idx);
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
  }
  if (strict) {
    lua_createtable(L, 0, 1);
    lua_pushcfunction(L, strict_missing);
    lua_setfield(L, -2, "__index");
    lua_setmetatable(L, idx);
  }
  set_proxy_meta(L, proxy, idx, 0, -1);
  lua_settop(L, proxy);
}

int l_freeze(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  bool strict = lua_type(L, 2) == LUA_TSTRING && std::strcmp(lua_tostring(L, 2), "strict") == 0;
  // optional 3rd argument: about how many tables the value holds (the facts
  // of a case: dozens), so that `visited` is made at its size at once rather
  // than rehashed at every power of two as it grows (capped: a hint only)
  int hint = 0;
  if (lua_isinteger(L, 3)) hint = static_cast<int>(std::clamp<lua_Integer>(lua_tointeger(L, 3), 0, 256));
  lua_settop(L, 1);
  lua_createtable(L, 0, hint);  // visited
  freeze_rec(L, 1, 2, strict, 0);
  return 1;
}

// host.bad_key(t, allowed): the first key of t (in `next` order) that is
// not a key of `allowed`, or nil. The result and rule checks of the prelude
// (check_keys) without a Lua loop: a result table is checked on every finding.
int l_bad_key(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_settop(L, 2);
  lua_pushnil(L);
  while (lua_next(L, 1)) {
    lua_pop(L, 1);
    lua_pushvalue(L, 3);
    if (lua_rawget(L, 2) == LUA_TNIL) {
      lua_pop(L, 1);
      return 1;  // the key
    }
    lua_pop(L, 1);
  }
  lua_pushnil(L);
  return 1;
}

// host.merge(into, from): into[k] = v for every k, v of `from`, the keys being
// strings; the prelude's merge of a result's metrics. Returns false, having
// done nothing, for a table with a metatable (read-only data, whose pairs the
// prelude's own loop follows).
int l_merge(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_settop(L, 2);
  if (lua_getmetatable(L, 2)) {
    lua_pushboolean(L, 0);
    return 1;
  }
  lua_pushnil(L);
  while (lua_next(L, 2)) {
    if (lua_type(L, -2) != LUA_TSTRING) {
      lua_pushfstring(L, "metrics must be keyed by names (a %s key was given)", luaL_typename(L, -2));
      return lua_error(L);
    }
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_rawset(L, 1);
  }
  lua_pushboolean(L, 1);
  return 1;
}


int l_prof(lua_State* L) {
  auto* h = static_cast<LuaHost*>(lua_touserdata(L, lua_upvalueindex(1)));
  h->prof_tick(lua_isstring(L, 1) ? lua_tostring(L, 1) : nullptr);
  return 0;
}

// host.where(level [, outermost]): "file:line" of the caller at `level`. With
// `outermost`, the frames above it in the same file are followed to the
// outermost one, so a rule declared through a local helper (a checklist's
// `item(...)`) is placed at the line that calls the helper, not inside it.
int l_where(lua_State* L) {
  int level = static_cast<int>(luaL_optinteger(L, 1, 1));
  const bool outermost = lua_toboolean(L, 2);
  lua_Debug ar;
  if (!lua_getstack(L, level, &ar) || !lua_getinfo(L, "Sl", &ar)) {
    lua_pushliteral(L, "?");
    return 1;
  }
  std::string src = ar.short_src;
  int line = ar.currentline;
  for (lua_Debug up; outermost && lua_getstack(L, ++level, &up) && lua_getinfo(L, "Sl", &up);) {
    if (src != up.short_src || up.currentline <= 0) break;
    line = up.currentline;
  }
  lua_pushfstring(L, "%s:%d", src.c_str(), line);
  return 1;
}

// Rule source may not name `_ENV` (5.4.4 miscompiles `local _ENV <const>`;
// rules never need their environment) nor declare to-be-closed variables
// (`<close>`: several 5.4.4 bugs fixed upstream in 5.4.5/5.4.6 involve them).
// A small lexer skips comments and strings. Returns an error text or "".
std::string scan_source(const std::string& src, const std::string& chunk) {
  const std::size_t n = src.size();
  int line = 1;
  auto long_bracket = [&](std::size_t i, std::size_t* level) -> bool {  // at '['
    std::size_t j = i + 1, eq = 0;
    while (j < n && src[j] == '=') ++j, ++eq;
    if (j < n && src[j] == '[') {
      *level = eq;
      return true;
    }
    return false;
  };
  auto skip_long = [&](std::size_t i, std::size_t level) -> std::size_t {  // returns index after closing
    std::size_t j = i + level + 2;
    for (; j < n; ++j) {
      if (src[j] == '\n') ++line;
      if (src[j] == ']') {
        std::size_t k = j + 1, eq = 0;
        while (k < n && src[k] == '=') ++k, ++eq;
        if (eq == level && k < n && src[k] == ']') return k + 1;
      }
    }
    return n;
  };
  for (std::size_t i = 0; i < n;) {
    char c = src[i];
    if (c == '\n') { ++line; ++i; continue; }
    if (c == '-' && i + 1 < n && src[i + 1] == '-') {
      std::size_t level;
      if (i + 2 < n && src[i + 2] == '[' && long_bracket(i + 2, &level)) { i = skip_long(i + 2, level); continue; }
      while (i < n && src[i] != '\n') ++i;
      continue;
    }
    if (c == '[') {
      std::size_t level;
      if (long_bracket(i, &level)) { i = skip_long(i, level); continue; }
      ++i;
      continue;
    }
    if (c == '"' || c == '\'') {
      ++i;
      while (i < n && src[i] != c) {
        if (src[i] == '\\' && i + 1 < n) {
          if (src[i + 1] == '\n') ++line;
          i += 2;
          continue;
        }
        if (src[i] == '\n') break;  // unfinished string: the compiler reports it
        ++i;
      }
      ++i;
      continue;
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t j = i;
      while (j < n && (std::isalnum(static_cast<unsigned char>(src[j])) || src[j] == '_')) ++j;
      if (src.compare(i, j - i, "_ENV") == 0)
        return chunk + ":" + std::to_string(line) + ": '_ENV' is not available to rule code (sandbox)";
      i = j;
      continue;
    }
    if (c == '<') {
      std::size_t j = i + 1;
      while (j < n && (src[j] == ' ' || src[j] == '\t')) ++j;
      if (src.compare(j, 5, "close") == 0) {
        std::size_t k = j + 5;
        while (k < n && (src[k] == ' ' || src[k] == '\t')) ++k;
        if (k < n && src[k] == '>')
          return chunk + ":" + std::to_string(line) + ": to-be-closed variables (<close>) are not available to rule code (sandbox)";
      }
    }
    ++i;
  }
  return {};
}

}  // namespace

namespace {
// The last line of defence: a Lua error outside any protected call (the
// engine's own C++ code calling the Lua API) would make Lua abort the
// process. The panic handler throws a PackError instead (Debian's liblua is
// built with unwind tables); the state is then dead, and every caller
// discards a state after a pack error.
int panic_to_pack_error(lua_State* L) {
  std::string msg = "unprotected Lua error";
  if (lua_type(L, -1) == LUA_TSTRING) {
    std::size_t len;
    const char* m = lua_tolstring(L, -1, &len);
    msg += ": " + utf8_clean(m, len, kMaxMessage);
  }
  Budget* b = budget_of(L);
  const bool memory = b && b->used + (1u << 20) >= b->limit;
  throw PackError("engine", "", memory ? "memory" : "runtime", msg);
}
}  // namespace

LuaHost::LuaHost(const Limits& limits) : limits_(limits) {
  budget_.state_limit = limits.memory_bytes;
  budget_.limit = limits.memory_bytes;
  L_ = lua_newstate(budget_alloc, &budget_);
  if (!L_) throw PackError("engine", "", "memory", "cannot create a Lua state");
  lua_atpanic(L_, panic_to_pack_error);
  budget_.L = L_;
  // the hot path's key strings (push_key): in the registry, found through
  // the state's extra space (the sandbox has no coroutines; a new thread
  // would copy it anyway)
  for (int k = 0; k < static_cast<int>(FieldKey::count_); ++k) {
    lua_pushstring(L_, kKeyNames[k]);
    key_refs_[k] = luaL_ref(L_, LUA_REGISTRYINDEX);
  }
  *static_cast<int**>(lua_getextraspace(L_)) = key_refs_;
  open_sandbox();
}

LuaHost::~LuaHost() {
  budget_.armed = 0;  // an evaluation an exception left armed
  if (tl_unhooked == &budget_) tl_unhooked = nullptr;
  if (timer_) timer_delete(static_cast<timer_t>(timer_));
  close();
}

void LuaHost::close() {
  budget_.L = nullptr;
  budget_.max_instructions = 0;
  if (L_) lua_close(L_);
  L_ = nullptr;
}

void LuaHost::open_sandbox() {
  lua_State* L = L_;
  // The explicit library list (no io, os, package, debug, coroutine).
  luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
  luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
  luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
  luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
  luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
  lua_settop(L, 0);

  // Deterministic random numbers: reseeded before every evaluation.
  lua_getglobal(L, "math");
  lua_getfield(L, -1, "randomseed");
  lua_setfield(L, LUA_REGISTRYINDEX, "cfp.randomseed");
  lua_pop(L, 1);

  // The safe globals table given to the prelude; it builds rule environments
  // from it.
  lua_pushglobaltable(L);
  int g = lua_gettop(L);
  copy_fields(L, g, {"assert", "error", "ipairs", "pairs", "next", "select", "tonumber", "tostring",
                     "type", "rawequal", "rawlen", "getmetatable", "setmetatable"});
  int safe = lua_gettop(L);
  wrap_field(L, safe, "setmetatable", safe_setmetatable);
  for (auto [name, fn] : {std::pair<const char*, lua_CFunction>{"getmetatable", safe_getmetatable},
                          {"pairs", safe_pairs}, {"next", safe_next}, {"tostring", safe_tostring}}) {
    lua_pushcfunction(L, fn);
    lua_setfield(L, safe, name);
  }
  wrap_kind(L, safe, "tonumber", charged_call, kChargeBytes);  // tonumber(s, base) is O(#s)

  lua_getglobal(L, "string");
  copy_fields(L, -1, {"byte", "char", "find", "format", "gmatch", "gsub", "len", "lower", "match",
                      "rep", "reverse", "sub", "upper"});
  wrap_field(L, -1, "rep", safe_rep);
  set_pattern_functions(L, -1);
  for (const char* f : {"byte", "char", "format", "lower", "upper", "reverse", "sub"})
    wrap_kind(L, -1, f, charged_call, kChargeResults);
  wrap_field(L, -1, "format", safe_format);
  lua_remove(L, -2);
  // strings index this checked copy: ("x"):rep(...) must not reach the original
  lua_pushvalue(L, -1);
  lua_setfield(L, LUA_REGISTRYINDEX, "cfp.string");
  lua_setfield(L, safe, "string");

  lua_getglobal(L, "table");
  copy_fields(L, -1, {"concat", "insert", "remove", "sort", "unpack"});
  lua_remove(L, -2);
  wrap_kind(L, -1, "concat", charged_call, kChargeLen);
  wrap_kind(L, -1, "unpack", charged_call, kChargeResults);
  wrap_kind(L, -1, "sort", charged_call, kChargeSort);
  wrap_kind(L, -1, "insert", charged_call, kChargeInsert);
  wrap_kind(L, -1, "remove", charged_call, kChargeRemove);
  lua_setfield(L, safe, "table");

  lua_getglobal(L, "math");
  copy_fields(L, -1, {"abs", "ceil", "floor", "fmod", "huge", "log", "max", "maxinteger", "min",
                      "mininteger", "modf", "pi", "sqrt", "exp", "tointeger", "type", "ult", "random",
                      "sin", "cos", "tan", "asin", "acos", "atan"});
  lua_remove(L, -2);
  lua_setfield(L, safe, "math");

  lua_getglobal(L, "utf8");
  copy_fields(L, -1, {"char", "charpattern", "codes", "codepoint", "len", "offset"});
  lua_remove(L, -2);
  for (const char* f : {"char", "codepoint", "len", "offset"}) wrap_kind(L, -1, f, charged_call, kChargeResults);
  lua_setfield(L, safe, "utf8");

  // Library tables become read-only.
  for (const char* lib : {"string", "table", "math", "utf8"}) {
    lua_getfield(L, safe, lib);
    lua_newtable(L);
    freeze_rec(L, -2, -1, false, 0);
    lua_setfield(L, safe, lib);
    lua_pop(L, 2);
  }
  // The string metatable: index the checked, read-only copy; protect it.
  lua_pushliteral(L, "");
  lua_getmetatable(L, -1);
  lua_getfield(L, safe, "string");
  lua_setfield(L, -2, "__index");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 2);

  lua_setfield(L, LUA_REGISTRYINDEX, "cfp.safe");
  lua_settop(L, 0);

  // host functions for the prelude
  lua_pushcfunction(L, l_freeze);
  lua_setfield(L, LUA_REGISTRYINDEX, "cfp.freeze");
  lua_pushcfunction(L, l_where);
  lua_setfield(L, LUA_REGISTRYINDEX, "cfp.where");
  lua_pushcfunction(L, l_bad_key);
  lua_setfield(L, LUA_REGISTRYINDEX, "cfp.bad_key");
  lua_pushcfunction(L, l_merge);
  lua_setfield(L, LUA_REGISTRYINDEX, "cfp.merge");
  push_run_rules(L);
  lua_setfield(L, LUA_REGISTRYINDEX, "cfp.run_rules");
  lua_pushcfunction(L, l_result_ctor);
  lua_setfield(L, LUA_REGISTRYINDEX, "cfp.result_ctor");
  lua_pushlightuserdata(L, this);
  lua_pushcclosure(L, l_prof, 1);
  lua_setfield(L, LUA_REGISTRYINDEX, "cfp.prof");
}

void LuaHost::set_profile(std::map<std::string, RuleCost>* p) {
  if (profile_ && !prof_last_.empty()) prof_tick(nullptr);
  profile_ = p;
  prof_last_.clear();
  lua_rawgeti(L_, LUA_REGISTRYINDEX, current_ref_);
  if (lua_istable(L_, -1)) {
    lua_pushboolean(L_, p != nullptr);
    lua_setfield(L_, -2, "profile");
  }
  lua_pop(L_, 1);
}

bool LuaHost::cached_text(int index, std::string& out) {
  if (text_cache_ref_ == LUA_NOREF) return false;
  index = lua_absindex(L_, index);
  if (lua_type(L_, index) != LUA_TTABLE) return false;
  lua_rawgeti(L_, LUA_REGISTRYINDEX, text_cache_ref_);
  lua_pushvalue(L_, index);
  bool hit = lua_rawget(L_, -2) == LUA_TSTRING;
  if (hit) {
    std::size_t n;
    const char* p = lua_tolstring(L_, -1, &n);
    out.append(p, n);
  }
  lua_pop(L_, 2);
  return hit;
}

void LuaHost::cache_text(int index, std::string_view text) {
  constexpr std::size_t kMaxCached = 8192;  // entries; then the cache starts afresh
  index = lua_absindex(L_, index);
  if (lua_type(L_, index) != LUA_TTABLE) return;
  if (!proxy_meta(L_, index)) return;  // only read-only data cannot change
  lua_pop(L_, 1);
  if (text_cache_ref_ == LUA_NOREF || text_cache_n_ >= kMaxCached) {
    if (text_cache_ref_ != LUA_NOREF) luaL_unref(L_, LUA_REGISTRYINDEX, text_cache_ref_);
    lua_newtable(L_);
    lua_createtable(L_, 0, 1);
    lua_pushliteral(L_, "k");
    lua_setfield(L_, -2, "__mode");
    lua_setmetatable(L_, -2);
    text_cache_ref_ = luaL_ref(L_, LUA_REGISTRYINDEX);
    text_cache_n_ = 0;
  }
  lua_rawgeti(L_, LUA_REGISTRYINDEX, text_cache_ref_);
  lua_pushvalue(L_, index);
  lua_pushlstring(L_, text.data(), text.size());
  lua_rawset(L_, -3);
  lua_pop(L_, 1);
  ++text_cache_n_;
}

void LuaHost::prof_tick(const char* id) {
  if (!profile_) return;
  auto now = std::chrono::steady_clock::now();
  if (!prof_last_.empty()) {
    RuleCost& c = (*profile_)[prof_last_];
    c.ns += static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(now - prof_t_).count());
    c.calls += 1;
  }
  if (id) prof_last_ = id; else prof_last_.clear();
  prof_t_ = std::chrono::steady_clock::now();
}

namespace {
long compiled_tbc(lua_State* L);
bool tbc_reader_works(lua_State* L);
}  // namespace

void LuaHost::load_chunk(const SourceFile& src, const std::string& pack) {
  if (src.text.size() > limits_.max_rule_file_bytes)
    throw PackError(pack, "", "syntax",
                    src.chunkname + ": file larger than the rule-file limit (" +
                        std::to_string(limits_.max_rule_file_bytes) + " bytes)");
  if (!src.text.empty() && src.text[0] == LUA_SIGNATURE[0])
    throw PackError(pack, "", "sandbox", src.chunkname + ":1: binary chunks are not accepted (text only)");
  if (pack != "engine") {
    std::string bad = scan_source(src.text, src.chunkname);
    if (!bad.empty()) throw PackError(pack, "", "sandbox", bad);
  }
  const std::string name = "@" + src.chunkname;
  int rc = luaL_loadbufferx(L_, src.text.data(), src.text.size(), name.c_str(), "t");
  if (rc != LUA_OK) {
    std::string msg = lua_type(L_, -1) == LUA_TSTRING ? lua_tostring(L_, -1) : "cannot load chunk";
    lua_pop(L_, 1);
    throw PackError(pack, "", rc == LUA_ERRMEM ? "memory" : "syntax", msg);
  }
  if (pack != "engine") {
    // The decision on the compiled code: however `<close>` is spelled
    // (comments, newlines inside the attribute), it compiles to OP_TBC.
    static const bool reader_ok = tbc_reader_works(L_);
    long line = reader_ok ? compiled_tbc(L_) : -1;
    if (line != 0) {
      lua_pop(L_, 1);
      throw PackError(pack, "", "sandbox",
                      line > 0 ? src.chunkname + ":" + std::to_string(line) +
                                     ": to-be-closed variables (<close>) are not available to rule code (sandbox)"
                               : src.chunkname + ": the compiled chunk could not be checked (sandbox)");
    }
  }
}

void LuaHost::set_env(int fn_index) {
  fn_index = lua_absindex(L_, fn_index);
  const char* up = lua_setupvalue(L_, fn_index, 1);
  if (!up) lua_pop(L_, 1);
}

std::string LuaHost::current_rule() const {
  if (current_ref_ == LUA_NOREF) return {};
  lua_rawgeti(L_, LUA_REGISTRYINDEX, current_ref_);
  lua_getfield(L_, -1, "rule");
  std::string r = lua_type(L_, -1) == LUA_TSTRING ? lua_tostring(L_, -1) : "";
  lua_pop(L_, 2);
  return r;
}

void LuaHost::begin_evaluation(const std::string& pack, bool counted) {
  std::uint64_t instructions = limits_.instructions;
  std::size_t eval_memory = limits_.eval_memory_bytes;
  int deadline_ms = limits_.deadline_ms;
  if (auto it = pack_limits_.find(pack); it != pack_limits_.end()) {
    const PackLimits& pl = it->second;
    if (pl.instructions && (!instructions || pl.instructions < instructions)) instructions = pl.instructions;
    if (pl.eval_memory_bytes && pl.eval_memory_bytes < eval_memory) eval_memory = pl.eval_memory_bytes;
    if (pl.deadline_ms > 0 && (deadline_ms <= 0 || pl.deadline_ms < deadline_ms)) deadline_ms = pl.deadline_ms;
  }
  budget_.instructions = 0;
  budget_.max_instructions = instructions;
  budget_.tripped = nullptr;
  budget_.timed = deadline_ms > 0;
  budget_.deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(deadline_ms);
  std::size_t cap = budget_.used + eval_memory;
  budget_.limit = std::min(cap, budget_.state_limit);
  lua_getfield(L_, LUA_REGISTRYINDEX, "cfp.randomseed");
  lua_pushinteger(L_, 20260101);
  lua_call(L_, 1, 0);
  budget_.bounded = false;
  budget_.unhooked = false;
  budget_.armed = 0;
  budget_.fired = 0;
  if (!counted && !limits_.count_from_start && instructions >= kUnhookedMinBudget) {
    // unhooked until the timer: at half the budget's worth of time (the rest
    // is counted from the bound), or at the deadline
    std::chrono::nanoseconds after(instructions / 2 / kMaxVmPerNs);
    if (deadline_ms > 0) after = std::min<std::chrono::nanoseconds>(after, std::chrono::milliseconds(deadline_ms));
    budget_.started = std::chrono::steady_clock::now();
    budget_.unhooked = true;
    tl_unhooked = &budget_;
    budget_.armed = 1;
    if (arm_timer(after)) return;
    budget_.armed = 0;
    budget_.unhooked = false;
    tl_unhooked = nullptr;
  }
  lua_sethook(L_, count_hook, LUA_MASKCOUNT, kHookStep);
}

void LuaHost::begin_conversion() {
  // Converting a result allocates a little (keys, the sorted key lists of
  // read-only data). A rule may have left the state at its memory cap; the
  // conversion gets a fixed reserve above it, so that it never fails for
  // lack of memory the rule used up (it runs outside a protected call).
  budget_.limit = budget_.state_limit + kConversionReserve;
}

void LuaHost::end_conversion() { budget_.limit = budget_.state_limit; }

void LuaHost::end_evaluation() {
  budget_.armed = 0;
  if (tl_unhooked == &budget_) tl_unhooked = nullptr;
  disarm_timer();
  lua_sethook(L_, nullptr, 0, 0);
  budget_.max_instructions = 0;
  budget_.timed = false;
  budget_.limit = budget_.state_limit;
}

// Whether the outcome of the run that just ended may differ from a counted
// run's ("The instruction budget without a trap per instruction").
bool LuaHost::counted_rerun_needed() const {
  const Budget& b = budget_;
  if (b.tripped) {
    if (std::strcmp(b.tripped, "wall-clock deadline") == 0) return false;  // time decides in any mode
    return b.unhooked || b.bounded;  // tripped on charges alone or on a bound: find the exact point
  }
  if (b.bounded) return false;  // counted from a bound that never reached the budget
  if (!b.unhooked) return false;  // counted from the start
  return b.instructions + elapsed_ns(&b) * kMaxVmPerNs > b.max_instructions;
}

void LuaHost::call(int nargs, int nresults, const std::string& pack, bool budgeted, bool rerunnable) {
  int kept = 0;  // stack index of the kept function (budgeted calls)
  if (budgeted) {
    // A pack object passed to a budgeted call (API.run): seal its upvalues once.
    int first = lua_gettop(L_) - nargs + 1;
    if (nargs >= 1 && lua_type(L_, first) == LUA_TTABLE && !sealed_packs_.count(pack) && pack != "lib" &&
        pack != "engine" && pack != "tests") {
      lua_pushliteral(L_, "by_stage");
      bool is_pack = lua_rawget(L_, first) == LUA_TTABLE;
      lua_pop(L_, 1);
      if (is_pack) seal_pack_upvalues(first, pack);
    }
    restore_upvalues();
    if (rerunnable) {  // the function and its arguments, kept for a counted re-run
      kept = lua_gettop(L_) - nargs;
      luaL_checkstack(L_, nargs + 1, "call");
      for (int i = 0; i <= nargs; ++i) lua_pushvalue(L_, kept + i);
    }
    begin_evaluation(pack, !rerunnable);
  }
  int rc = lua_pcall(L_, nargs, nresults, 0);
  if (budgeted && rerunnable) {
    if (counted_rerun_needed()) {
      ++counted_reruns_;
      end_evaluation();
      lua_settop(L_, kept + nargs);  // drop the outcome, keep the copies
      lua_gc(L_, LUA_GCCOLLECT);   // the unhooked run's garbage does not count against the re-run
      restore_upvalues();
      begin_evaluation(pack, true);
      rc = lua_pcall(L_, nargs, nresults, 0);
    } else {
      const int out = lua_gettop(L_) - (kept + nargs);  // results or the error object
      lua_rotate(L_, kept, out);
      lua_pop(L_, nargs + 1);
    }
  }
  const char* tripped = budget_.tripped;
  if (budgeted) end_evaluation();
  if (rc == LUA_OK) {
    // The manifest (pack.lua's value): its optional `limits`.
    if (budgeted && nresults == 1 && lua_type(L_, -1) == LUA_TTABLE && pack != "lib" && pack != "engine" &&
        pack != "tests" && !pack_limits_.count(pack)) {
      int t = lua_gettop(L_);
      lua_pushliteral(L_, "modules");
      bool has_modules = lua_rawget(L_, t) == LUA_TTABLE;
      lua_pushliteral(L_, "id");
      bool id_matches = lua_rawget(L_, t) == LUA_TSTRING && pack == lua_tostring(L_, -1);
      lua_pop(L_, 2);
      if (has_modules && id_matches) read_pack_limits(t, pack);
    }
    return;
  }
  std::string msg;
  if (lua_type(L_, -1) == LUA_TSTRING) {
    std::size_t len;
    const char* m = lua_tolstring(L_, -1, &len);
    msg = utf8_clean(m, len, kMaxMessage);
  } else {
    // Never call __tostring here: it could raise again (outside any protected
    // call that would abort the process).
    msg = std::string("error object is a ") + luaL_typename(L_, -1) + " value";
  }
  lua_pop(L_, 1);
  std::string kind = "runtime";
  if (tripped) {
    kind = std::strcmp(tripped, "wall-clock deadline") == 0 ? "deadline" : "budget";
    if (rc == LUA_ERRMEM || msg.find("evaluation stopped") == std::string::npos)
      msg = "evaluation stopped: " + std::string(tripped) + " exceeded" + (msg.empty() ? "" : " (" + msg + ")");
  } else if (rc == LUA_ERRMEM) {
    kind = "memory";
    msg = "memory budget exceeded" + (msg.empty() || msg == "not enough memory" ? std::string() : ": " + msg);
  } else if (msg.find("(sandbox)") != std::string::npos) {
    kind = "sandbox";
  } else if (msg.find("stack overflow") != std::string::npos) {
    kind = "budget";
  }
  throw PackError(pack, current_rule(), kind, msg);
}

void LuaHost::read_pack_limits(int index, const std::string& pack) {
  index = lua_absindex(L_, index);
  lua_pushliteral(L_, "limits");
  int t = lua_rawget(L_, index);
  if (t == LUA_TNIL) {
    lua_pop(L_, 1);
    return;
  }
  auto bad = [&](const std::string& what) {
    lua_settop(L_, index);
    throw PackError(pack, "", "manifest", pack + "/pack.lua: limits: " + what);
  };
  if (t != LUA_TTABLE) bad("must be a table { instructions = N, memory_mb = N, deadline_ms = N }");
  PackLimits pl;
  lua_pushnil(L_);
  while (lua_next(L_, -2)) {
    if (lua_type(L_, -2) != LUA_TSTRING) bad("keys must be names");
    std::string k = lua_tostring(L_, -2);
    if (!lua_isinteger(L_, -1) || lua_tointeger(L_, -1) <= 0) bad("'" + k + "' must be a positive integer");
    lua_Integer v = lua_tointeger(L_, -1);
    if (k == "instructions") pl.instructions = static_cast<std::uint64_t>(v);
    else if (k == "memory_mb") pl.eval_memory_bytes = v > (lua_Integer{1} << 20) ? std::size_t{1} << 40 : static_cast<std::size_t>(v) << 20;
    else if (k == "deadline_ms") pl.deadline_ms = v > 86'400'000 ? 86'400'000 : static_cast<int>(v);
    else bad("unknown key '" + k + "' (instructions, memory_mb, deadline_ms)");
    lua_pop(L_, 1);
  }
  lua_pop(L_, 1);
  pack_limits_[pack] = pl;
}

namespace {

bool is_engine_function(lua_State* L, int fn) {
  lua_Debug ar;
  lua_pushvalue(L, fn);
  if (!lua_getinfo(L, ">S", &ar)) return true;
  return std::strcmp(ar.source, "@engine/prelude.lua") == 0 || ar.what[0] == 'C';
}

// ---- which upvalues can code assign? -----------------------------------------
//
// A module-level `local` captured by rule functions is an upvalue cell that
// rule code could assign (`n = n + 1`) to carry state from one case to the
// next; every such cell is reset before each evaluation. Most cells are
// never assigned after loading, so the bytecode is read once (lua_dump,
// stripped) to find the upvalues a function - or a closure nested in it -
// assigns with SETUPVAL; only those are recorded. The reader knows Lua
// 5.4's dump format (ldump.c) and is checked at start-up against a known
// chunk; when anything is not as expected, every upvalue counts as assigned.

struct DumpProto {
  std::size_t linedefined = 0;
  std::vector<std::uint32_t> code;
  std::vector<std::pair<int, int>> ups;  // instack, idx
  std::vector<DumpProto> protos;
};

class DumpReader {
 public:
  explicit DumpReader(const std::string& b) : b_(b) {}
  bool read(DumpProto& top) {
    static const char kHeader[] = "\x1bLua\x54\x00\x19\x93\r\n\x1a\n\x04\x08\x08";
    if (b_.size() < 15 + 16 + 1 || std::memcmp(b_.data(), kHeader, 15) != 0) return false;
    lua_Integer i;
    lua_Number n;
    std::memcpy(&i, b_.data() + 15, 8);
    std::memcpy(&n, b_.data() + 23, 8);
    if (i != 0x5678 || n != 370.5) return false;
    pos_ = 15 + 16 + 1;  // header, then the main function's upvalue count
    return function(top, 0) && pos_ == b_.size();
  }

 private:
  const std::string& b_;
  std::size_t pos_ = 0;
  bool ok_ = true;
  int byte() {
    if (pos_ >= b_.size()) { ok_ = false; return 0; }
    return static_cast<unsigned char>(b_[pos_++]);
  }
  std::size_t size() {  // MSB-first groups of 7 bits, the last with 0x80
    std::size_t x = 0;
    for (int k = 0; k < 10; ++k) {
      int c = byte();
      x = (x << 7) | static_cast<std::size_t>(c & 0x7f);
      if (c & 0x80) return x;
    }
    ok_ = false;
    return 0;
  }
  void skip(std::size_t n) {
    if (n > b_.size() - pos_) { ok_ = false; pos_ = b_.size(); } else pos_ += n;
  }
  void string() {
    std::size_t n = size();
    if (n) skip(n - 1);
  }
  bool function(DumpProto& f, int depth) {
    if (depth > 200) return false;
    string();                    // source
    f.linedefined = size();
    size();                      // lastlinedefined
    byte(); byte(); byte();      // numparams, is_vararg, maxstacksize
    std::size_t nc = size();
    if (!ok_ || nc > (b_.size() - pos_) / 4) return false;
    f.code.resize(nc);
    if (nc) std::memcpy(f.code.data(), b_.data() + pos_, nc * 4);
    pos_ += nc * 4;
    std::size_t nk = size();
    for (std::size_t k = 0; ok_ && k < nk; ++k) {
      switch (byte()) {
        case 0: case 1: case 17: break;       // nil, false, true
        case 3: case 19: skip(8); break;      // integer, float
        case 4: case 20: string(); break;     // short, long string
        default: return false;
      }
    }
    std::size_t nu = size();
    for (std::size_t k = 0; ok_ && k < nu; ++k) {
      int instack = byte(), idx = byte();
      byte();  // kind
      f.ups.emplace_back(instack, idx);
    }
    std::size_t np = size();
    if (!ok_ || np > b_.size()) return false;
    f.protos.resize(np);
    for (std::size_t k = 0; k < np; ++k)
      if (!function(f.protos[k], depth + 1)) return false;
    std::size_t nl = size();  // stripped: all debug vectors are empty
    std::size_t na = size();
    std::size_t nv = size();
    std::size_t nn = size();
    return ok_ && nl == 0 && na == 0 && nv == 0 && nn == 0;
  }
};

constexpr unsigned kOpSetUpval = 10;  // OP_SETUPVAL in Lua 5.4's lopcodes.h

// Marks in `written` (indexed by the top function's upvalue number - 1) the
// upvalues proto `f` assigns; `map` gives, for each of f's upvalues, the top
// function's upvalue it is (or -1: a local of an enclosing function).
void mark_written(const DumpProto& f, const std::vector<int>& map, std::vector<bool>& written) {
  for (std::uint32_t ins : f.code) {
    if ((ins & 0x7f) != kOpSetUpval) continue;
    std::size_t b = (ins >> 16) & 0xff;
    if (b < map.size() && map[b] >= 0 && static_cast<std::size_t>(map[b]) < written.size()) written[map[b]] = true;
  }
  for (const DumpProto& q : f.protos) {
    std::vector<int> qmap;
    for (auto [instack, idx] : q.ups)
      qmap.push_back(instack ? -1 : (static_cast<std::size_t>(idx) < map.size() ? map[idx] : -1));
    mark_written(q, qmap, written);
  }
}

int dump_writer(lua_State*, const void* p, std::size_t n, void* ud) {
  static_cast<std::string*>(ud)->append(static_cast<const char*>(p), n);
  return 0;
}

// The upvalues (1-based index - 1) the Lua function at `fn` or its nested
// closures assign; false when the bytecode could not be read.
bool written_upvalues(lua_State* L, int fn, int nups, std::vector<bool>& written) {
  std::string bytes;
  lua_pushvalue(L, fn);
  int rc = lua_dump(L, dump_writer, &bytes, 1);
  lua_pop(L, 1);
  DumpProto top;
  if (rc != 0 || !DumpReader(bytes).read(top) || static_cast<int>(top.ups.size()) != nups) return false;
  written.assign(static_cast<std::size_t>(nups), false);
  std::vector<int> map(static_cast<std::size_t>(nups));
  for (int k = 0; k < nups; ++k) map[static_cast<std::size_t>(k)] = k;
  mark_written(top, map, written);
  return true;
}

// Start-up check of the reader on a chunk whose answer is known: upvalue 2
// (`b`, assigned in a nested closure) and 3 (`c`) are assigned, 1 (`a`) not.
bool dump_reader_works(lua_State* L) {
  static const char kProbe[] =
      "local a, b, c = {}, 0, 0\n"
      "return function() local x = a; local function g() b = b + 1 end; g(); c = 'k' .. 1.5; return x end\n";
  int top = lua_gettop(L);
  bool good = false;
  if (luaL_loadbufferx(L, kProbe, sizeof kProbe - 1, "=probe", "t") == LUA_OK && lua_pcall(L, 0, 1, 0) == LUA_OK &&
      lua_isfunction(L, -1)) {
    int n = 0;
    while (lua_getupvalue(L, -1, n + 1)) {
      lua_pop(L, 1);
      ++n;
    }
    std::vector<bool> w;
    good = n == 3 && written_upvalues(L, lua_gettop(L), n, w) && !w[0] && w[1] && w[2];
  }
  lua_settop(L, top);
  return good;
}

bool dump_reader_ok(lua_State* L) {
  static const bool ok = dump_reader_works(L);  // a property of the Lua library: checked once
  return ok;
}

constexpr unsigned kOpTbc = 55;  // OP_TBC in Lua 5.4's lopcodes.h: `local x <close>`

// The line of the first function of `f` that declares a to-be-closed
// variable (its `function` line; 1 for the chunk itself), or 0.
std::size_t tbc_line(const DumpProto& f) {
  for (std::uint32_t ins : f.code)
    if ((ins & 0x7f) == kOpTbc) return f.linedefined ? f.linedefined : 1;
  for (const DumpProto& q : f.protos)
    if (std::size_t l = tbc_line(q)) return l;
  return 0;
}

// The compiled function on top of the stack: 0 none, >0 the line of a
// to-be-closed variable, -1 the bytecode could not be read.
long compiled_tbc(lua_State* L) {
  std::string bytes;
  int rc = lua_dump(L, dump_writer, &bytes, 1);
  DumpProto top;
  if (rc != 0 || !DumpReader(bytes).read(top)) return -1;
  return static_cast<long>(tbc_line(top));
}

// Start-up check: a chunk with `<close>` (spelled the way the source scan
// misses) has OP_TBC, one without has none.
bool tbc_reader_works(lua_State* L) {
  static const char kWith[] = "local x <--[[c]]close> = nil\nreturn x\n";
  static const char kWithout[] = "local x <const> = nil\nfor k in pairs({}) do end\nreturn x\n";
  int top = lua_gettop(L);
  bool good = luaL_loadbufferx(L, kWith, sizeof kWith - 1, "=probe", "t") == LUA_OK && compiled_tbc(L) == 1;
  lua_settop(L, top);
  good = good && luaL_loadbufferx(L, kWithout, sizeof kWithout - 1, "=probe", "t") == LUA_OK && compiled_tbc(L) == 0;
  lua_settop(L, top);
  return good;
}

void walk_table(lua_State* L, int t, int visited, int snap, int depth, std::vector<int>* upvalue_index);

// Freezes the table upvalues of the Lua function at `fn` and records every
// upvalue cell in `snap` (fn, value, ...; the upvalue's index goes to
// `upvalue_index`).
void walk_function(lua_State* L, int fn, int visited, int snap, int depth, std::vector<int>* upvalue_index) {
  fn = lua_absindex(L, fn);
  if (depth > kMaxFreezeDepth || lua_iscfunction(L, fn)) return;
  lua_pushvalue(L, fn);
  if (lua_rawget(L, visited) != LUA_TNIL) {
    lua_pop(L, 1);
    return;
  }
  lua_pop(L, 1);
  lua_pushvalue(L, fn);
  lua_pushboolean(L, 1);
  lua_rawset(L, visited);
  if (is_engine_function(L, fn)) return;
  luaL_checkstack(L, 16, "walk");
  int nups = 0;
  while (lua_getupvalue(L, fn, nups + 1)) {
    lua_pop(L, 1);
    ++nups;
  }
  std::vector<bool> written;
  const bool known = dump_reader_ok(L) && written_upvalues(L, fn, nups, written);
  for (int i = 1;; ++i) {
    const int base = lua_gettop(L);
    const char* name = lua_getupvalue(L, fn, i);
    if (!name) break;
    if (std::strcmp(name, "_ENV") == 0) {  // the pack's globals: walk, never freeze (already sealed)
      if (lua_getmetatable(L, -1)) {
        lua_getfield(L, -1, "__index");
        if (lua_type(L, -1) == LUA_TTABLE) walk_table(L, -1, visited, snap, depth + 1, upvalue_index);
        lua_pop(L, 2);
      }
      lua_settop(L, base);
      continue;
    }
    if (lua_type(L, -1) == LUA_TTABLE) {
      if (!proxy_meta(L, -1)) {
        lua_newtable(L);
        freeze_rec(L, -2, -1, false, 0);  // stack: v, visited2, proxy
        lua_remove(L, -2);
        lua_pushvalue(L, -1);
        lua_setupvalue(L, fn, i);  // the function now sees the read-only proxy
      } else {
        lua_pop(L, 1);  // proxy_meta pushed the metatable
      }
      walk_table(L, -1, visited, snap, depth + 1, upvalue_index);
    } else if (lua_type(L, -1) == LUA_TFUNCTION) {
      walk_function(L, -1, visited, snap, depth + 1, upvalue_index);
    }
    // record fn and value (the index goes to upvalue_index) of a cell code
    // can assign; closures of one module share their cells: each cell is
    // recorded once
    const bool assignable = !known || written[static_cast<std::size_t>(i - 1)];
    lua_pushlightuserdata(L, lua_upvalueid(L, fn, i));
    if (assignable && lua_rawget(L, visited) == LUA_TNIL) {
      lua_pushlightuserdata(L, lua_upvalueid(L, fn, i));
      lua_pushboolean(L, 1);
      lua_rawset(L, visited);
      lua_Integer n = static_cast<lua_Integer>(lua_rawlen(L, snap));
      lua_pushvalue(L, fn);
      lua_rawseti(L, snap, n + 1);
      lua_getupvalue(L, fn, i);
      lua_rawseti(L, snap, n + 2);
      upvalue_index->push_back(i);
    }
    lua_settop(L, base);
  }
}

void walk_table(lua_State* L, int t, int visited, int snap, int depth, std::vector<int>* upvalue_index) {
  t = lua_absindex(L, t);
  if (depth > kMaxFreezeDepth) return;
  luaL_checkstack(L, 16, "walk");
  lua_pushvalue(L, t);
  if (lua_rawget(L, visited) != LUA_TNIL) {
    lua_pop(L, 1);
    return;
  }
  lua_pop(L, 1);
  lua_pushvalue(L, t);
  lua_pushboolean(L, 1);
  lua_rawset(L, visited);
  int data = t;
  if (int m = proxy_meta(L, t)) {
    lua_getfield(L, m, "__index");
    if (lua_type(L, -1) != LUA_TTABLE) {
      lua_pop(L, 2);
      return;
    }
    data = lua_gettop(L);
  }
  lua_pushnil(L);
  while (lua_next(L, data)) {
    if (lua_type(L, -1) == LUA_TFUNCTION) walk_function(L, -1, visited, snap, depth + 1, upvalue_index);
    else if (lua_type(L, -1) == LUA_TTABLE) walk_table(L, -1, visited, snap, depth + 1, upvalue_index);
    lua_pop(L, 1);
  }
  if (data != t) lua_pop(L, 2);
}

}  // namespace

void LuaHost::seal_pack_upvalues(int pack_index, const std::string& pack) {
  lua_State* L = L_;
  int top = lua_gettop(L);
  pack_index = lua_absindex(L, pack_index);
  sealed_packs_.insert(pack);
  if (snapshot_ref_ == LUA_NOREF) {
    lua_newtable(L);
    snapshot_ref_ = luaL_ref(L, LUA_REGISTRYINDEX);
  }
  lua_rawgeti(L, LUA_REGISTRYINDEX, snapshot_ref_);
  int snap = lua_gettop(L);
  lua_getfield(L, LUA_REGISTRYINDEX, "cfp.walked");
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, "cfp.walked");
  }
  int visited = lua_gettop(L);
  // rule checks and the decision
  lua_pushliteral(L, "rules");
  if (lua_rawget(L, pack_index) == LUA_TTABLE) {
    lua_Integer n = static_cast<lua_Integer>(lua_rawlen(L, -1));
    for (lua_Integer i = 1; i <= n; ++i) {
      if (lua_rawgeti(L, -1, i) == LUA_TTABLE) {
        lua_pushliteral(L, "check");
        if (lua_rawget(L, -2) == LUA_TFUNCTION) walk_function(L, -1, visited, snap, 0, &snapshot_index_);
        lua_pop(L, 1);
      }
      lua_pop(L, 1);
    }
  }
  lua_pop(L, 1);
  lua_pushliteral(L, "decide");
  if (lua_rawget(L, pack_index) == LUA_TFUNCTION) walk_function(L, -1, visited, snap, 0, &snapshot_index_);
  lua_pop(L, 1);
  // globals the pack defined and the library they reach
  lua_pushliteral(L, "env");
  if (lua_rawget(L, pack_index) == LUA_TTABLE && lua_getmetatable(L, -1)) {
    lua_getfield(L, -1, "__index");
    if (lua_type(L, -1) == LUA_TTABLE) walk_table(L, -1, visited, snap, 0, &snapshot_index_);
  }
  lua_settop(L, top);
}

void LuaHost::restore_upvalues() {
  if (snapshot_ref_ == LUA_NOREF || snapshot_index_.empty()) return;
  lua_State* L = L_;
  luaL_checkstack(L, 8, "restore");
  lua_rawgeti(L, LUA_REGISTRYINDEX, snapshot_ref_);
  const int snap = lua_gettop(L);
  lua_Integer slot = 1;
  for (int idx : snapshot_index_) {
    lua_rawgeti(L, snap, slot++);  // the function
    lua_rawgeti(L, snap, slot++);  // the upvalue's value after loading
    lua_setupvalue(L, -2, idx);
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

namespace {
// push_json runs in a protected call: building the tables can run out of
// memory, and a Lua error outside a protected call aborts the process.
template <class J>
int push_json_protected(lua_State* L) {
  const J* j = static_cast<const J*>(lua_touserdata(L, 1));
  lua_settop(L, 0);
  push_json_impl(L, *j);
  return 1;
}

template <class J>
void push_json_checked(lua_State* L, const J& j) {
  luaL_checkstack(L, 4, "push_json");
  lua_pushcfunction(L, push_json_protected<J>);
  lua_pushlightuserdata(L, const_cast<J*>(&j));
  int rc = lua_pcall(L, 1, 1, 0);
  if (rc != LUA_OK) {
    std::string msg = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "error";
    lua_pop(L, 1);
    throw PackError("engine", "", rc == LUA_ERRMEM ? "memory" : "runtime",
                    "cannot hand the data to Lua: " + (rc == LUA_ERRMEM ? std::string("memory budget exceeded") : msg));
  }
}
}  // namespace

namespace {
// t[key] pushed without metamethods; for a read-only proxy, from its data
// table. `push_key` pushes the key.
template <class PushKey>
int raw_field_impl(lua_State* L, int t, PushKey push_key) {
  t = lua_absindex(L, t);
  if (lua_type(L, t) != LUA_TTABLE) {
    lua_pushnil(L);
    return LUA_TNIL;
  }
  if (int m = proxy_meta(L, t)) {
    push_proxy_data(L, m);  // the data table
    push_key();
    int type = lua_rawget(L, -2);
    lua_replace(L, m);  // value where the metatable was
    lua_settop(L, m);
    return type;
  }
  push_key();
  return lua_rawget(L, t);
}
}  // namespace

int raw_field(lua_State* L, int t, const char* key) {
  return raw_field_impl(L, t, [&] { lua_pushstring(L, key); });
}

int raw_field(lua_State* L, int t, FieldKey k) {
  return raw_field_impl(L, t, [&] { push_field_key(L, k); });
}

void LuaHost::push_json(const nlohmann::json& j) { push_json_checked(L_, j); }
void LuaHost::push_json(const cfp::json& j) { push_json_checked(L_, j); }

void LuaHost::push_frozen(int index, bool strict) {
  index = lua_absindex(L_, index);
  lua_newtable(L_);
  int visited = lua_gettop(L_);
  freeze_rec(L_, index, visited, strict, 0);
  lua_remove(L_, visited);
}

namespace {

struct OutCtx {
  lua_State* L;
  std::size_t budget;
  std::size_t used = 0;
  const std::string* pack;
  std::string_view rule;  // names the rule in errors when no finding's `rule` is noted
  // the `rule` of the finding being converted, if any: a view of the Lua
  // string, held by the finding table, which stays on the stack while it is
  // converted (open_table .. close_table)
  std::string_view finding_rule;
};

[[noreturn]] void out_error(OutCtx& c, const std::string& what) {
  throw PackError(*c.pack, std::string(c.finding_rule.empty() ? c.rule : c.finding_rule), "output", what);
}

// Whether the plain table at `idx`, of length n > 0, has only integer keys,
// n of them: the test open_table makes on the sorted keys for an array
// (n > 0, as many keys as n, every key an integer), made in one pass
// without reading or sorting the keys. Any other key (even one a table
// cannot be reported with) answers false, and the sorted path decides.
bool integer_keys_only(lua_State* L, int idx, lua_Integer n) {
  lua_Integer count = 0;
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    if (!lua_isinteger(L, -2) || ++count > n) {
      lua_pop(L, 2);
      return false;
    }
    lua_pop(L, 1);
  }
  return count == n;
}

// The keys of the table at `idx` in output order: a read-only proxy's in
// their stored order (its data table is pushed and becomes `data`), a plain
// table's sorted. Shared by to_json_rec and write_json_rec. A plain table
// that integer_keys_only finds to be an array gives no keys and sets
// `plain_array` (its keys would be 1..n sorted, and are not used then).
// `keys` is the caller's scratch (key_scratch), filled here.
void output_keys(OutCtx& c, int idx, int& data, bool& plain_array, std::vector<Key>& keys) {
  lua_State* L = c.L;
  keys.clear();
  plain_array = false;
  if (int m = proxy_meta(L, idx)) {
    push_proxy_data(L, m);
    data = lua_gettop(L);
    push_proxy_keys(L, m);
    lua_Integer nk = static_cast<lua_Integer>(lua_rawlen(L, -1));
    for (lua_Integer i = 1; i <= nk; ++i) {
      lua_rawgeti(L, -1, i);
      keys.push_back(read_key(L, -1));
      lua_pop(L, 1);
    }
  } else {
    const lua_Integer n = static_cast<lua_Integer>(lua_rawlen(L, idx));
    if (n > 0 && integer_keys_only(L, idx, n)) {
      if (static_cast<std::size_t>(n) > c.budget) out_error(c, "result too large");
      plain_array = true;
      return;
    }
    const char* bad = nullptr;
    sorted_keys_into(L, idx, keys, &bad);
    if (bad) out_error(c, std::string("a result table is keyed by a ") + bad + " value: only string, number and boolean keys can be reported");
  }
  if (keys.size() > c.budget) out_error(c, "result too large");
}

// The key lists of the tables being written, one per depth: a table's keys
// are in use while its values (one level deeper) are written, and the
// storage is reused from table to table instead of a new vector (malloc and
// free) per table written. A deque: growing it moves no list a caller holds.
// Per thread (each evaluator state lives on one thread; a conversion runs to
// its end before another starts).
std::vector<Key>& key_scratch(int depth) {
  thread_local std::deque<std::vector<Key>> scratch;
  while (scratch.size() <= static_cast<std::size_t>(depth)) scratch.emplace_back();
  return scratch[static_cast<std::size_t>(depth)];
}

// The member name a key is written under (nlohmann object keys are text).
std::string key_name(const Key& k) {
  if (k.rank == 1) return std::string(k.s);
  if (k.rank == 0 && k.is_int) return std::to_string(k.i);
  if (k.rank == 0) {  // as the number is written as a value: 1e-07, 2e-07 (never "%f": both were "0.000000")
    std::string s;
    if (std::isfinite(k.d)) put_double(s, k.d);
    else s = k.d > 0 ? "inf" : k.d < 0 ? "-inf" : "nan";
    return s;
  }
  return k.b ? "true" : "false";
}

// A table being written out (to_json_rec and write_json_rec): its keys in
// output order, the table holding its values, whether it is an array. A
// finding's `rule` is noted so that errors name it; close_table() restores
// the stack and the noted rule.
struct OutTable {
  int top = 0;
  int data = 0;
  std::string_view saved_rule;
  const std::vector<Key>& keys;  // key_scratch(depth); empty for a plain table found to be an array (plain_array)
  lua_Integer n = 0;
  bool is_array = false;
};

OutTable open_table(OutCtx& c, int idx, int depth) {
  lua_State* L = c.L;
  luaL_checkstack(L, 10, "output");
  std::vector<Key>& keys = key_scratch(depth);
  keys.clear();
  OutTable t{0, 0, {}, keys};
  t.top = lua_gettop(L);
  t.data = idx;
  t.saved_rule = c.finding_rule;
  lua_pushliteral(L, "rule");
  if (lua_rawget(L, idx) == LUA_TSTRING) c.finding_rule = std::string_view(lua_tostring(L, -1));  // up to a NUL, as before
  lua_pop(L, 1);
  bool plain_array = false;
  output_keys(c, idx, t.data, plain_array, keys);
  t.n = static_cast<lua_Integer>(lua_rawlen(L, t.data));
  if (plain_array) {
    t.is_array = true;
    return t;
  }
  t.is_array = t.n > 0 && static_cast<std::size_t>(t.n) == t.keys.size();
  for (std::size_t i = 0; t.is_array && i < t.keys.size(); ++i)
    if (!t.keys[i].is_int || t.keys[i].rank != 0) t.is_array = false;
  return t;
}

void close_table(OutCtx& c, OutTable& t) {
  lua_settop(c.L, t.top);
  c.finding_rule = t.saved_rule;
}

// Every value written out: the depth and size limits; returns idx made absolute.
int enter_value(OutCtx& c, int idx, int depth) {
  if (depth > kMaxOutputDepth) out_error(c, "result nested too deeply (cycle?)");
  if (++c.used > c.budget) out_error(c, "result too large");
  return lua_absindex(c.L, idx);
}

cfp::json to_json_rec(OutCtx& c, int idx, int depth) {
  lua_State* L = c.L;
  idx = enter_value(c, idx, depth);
  switch (lua_type(L, idx)) {
    case LUA_TNIL:
      return nullptr;
    case LUA_TBOOLEAN:
      return static_cast<bool>(lua_toboolean(L, idx));
    case LUA_TNUMBER: {
      if (lua_isinteger(L, idx)) return static_cast<std::int64_t>(lua_tointeger(L, idx));
      double d = lua_tonumber(L, idx);
      if (!std::isfinite(d)) return nullptr;
      if (d == std::floor(d) && std::fabs(d) < 9007199254740992.0) return static_cast<std::int64_t>(d);
      return d;
    }
    case LUA_TSTRING: {
      std::size_t len;
      const char* s = lua_tolstring(L, idx, &len);
      c.used += len / 16;
      if (c.used > c.budget) out_error(c, "result too large");
      return utf8_clean(s, len);
    }
    case LUA_TTABLE: {
      OutTable t = open_table(c, idx, depth);
      cfp::json out = t.is_array ? cfp::json::array() : cfp::json::object();
      if (t.is_array) {
        for (lua_Integer i = 1; i <= t.n; ++i) {
          lua_rawgeti(L, t.data, i);
          out.push_back(to_json_rec(c, -1, depth + 1));
          lua_pop(L, 1);
        }
      } else {
        // Appended, not inserted: ordered_json's operator[] scans for an
        // equal key (quadratic in the number of keys). Names made from
        // numbers and booleans can repeat ("1" from 1 and "1"): the first
        // one keeps its place with the last one's value.
        auto& obj = out.get_ref<cfp::json::object_t&>();
        bool all_strings = true;
        for (const Key& k : t.keys)
          if (k.rank != 1) all_strings = false;
        std::unordered_map<std::string, std::size_t> where;
        for (const Key& k : t.keys) {
          push_key(L, k);
          lua_rawget(L, t.data);
          cfp::json v = to_json_rec(c, -1, depth + 1);
          lua_pop(L, 1);
          std::string name = key_name(k);
          if (!all_strings) {
            auto [it, fresh] = where.emplace(name, obj.size());
            if (!fresh) {
              (obj.begin() + static_cast<std::ptrdiff_t>(it->second))->second = std::move(v);
              continue;
            }
          }
          obj.cfp::json::object_t::Container::emplace_back(std::move(name), std::move(v));
        }
      }
      close_table(c, t);
      return out;
    }
    default:
      out_error(c, std::string("result contains a ") + luaL_typename(L, idx) +
                       " value (only nil, booleans, numbers, strings and tables can be reported)");
  }
}

// to_json_rec written as text (the result writer of evaluate_text): the same
// walk, budget, limits and errors, and the bytes nlohmann's dump gives for
// to_json_rec's value. Keep the two in step.
JsonKind write_json_rec(OutCtx& c, int idx, int depth, std::string& out) {
  lua_State* L = c.L;
  idx = enter_value(c, idx, depth);
  switch (lua_type(L, idx)) {
    case LUA_TNIL:
      out += "null";
      return JsonKind::null;
    case LUA_TBOOLEAN:
      out += lua_toboolean(L, idx) ? "true" : "false";
      return JsonKind::boolean;
    case LUA_TNUMBER: {
      if (lua_isinteger(L, idx)) {
        put_int(out, lua_tointeger(L, idx));
        return JsonKind::number;
      }
      double d = lua_tonumber(L, idx);
      if (!std::isfinite(d)) {
        out += "null";
        return JsonKind::null;
      }
      if (d == std::floor(d) && std::fabs(d) < 9007199254740992.0) put_int(out, static_cast<std::int64_t>(d));
      else put_double(out, d);
      return JsonKind::number;
    }
    case LUA_TSTRING: {
      std::size_t len;
      const char* s = lua_tolstring(L, idx, &len);
      c.used += len / 16;
      if (c.used > c.budget) out_error(c, "result too large");
      if (!put_valid_string(out, {s, len})) put_valid_string(out, utf8_clean(s, len));  // cleaned: valid
      return JsonKind::string;
    }
    case LUA_TTABLE: {
      OutTable t = open_table(c, idx, depth);
      const std::vector<Key>& keys = t.keys;
      const int data = t.data;
      const lua_Integer n = t.n;
      const bool is_array = t.is_array;
      bool all_strings = true;
      for (const Key& k : keys)
        if (k.rank != 1) all_strings = false;
      if (is_array) {
        out.push_back('[');
        for (lua_Integer i = 1; i <= n; ++i) {
          if (i > 1) out.push_back(',');
          lua_rawgeti(L, data, i);
          write_json_rec(c, -1, depth + 1, out);
          lua_pop(L, 1);
        }
        out.push_back(']');
      } else if (all_strings) {  // distinct names: written as they come
        out.push_back('{');
        for (std::size_t i = 0; i < keys.size(); ++i) {
          if (i) out.push_back(',');
          put_string(out, keys[i].s);
          out.push_back(':');
          push_key(L, keys[i]);
          lua_rawget(L, data);
          write_json_rec(c, -1, depth + 1, out);
          lua_pop(L, 1);
        }
        out.push_back('}');
      } else {
        // Names made from numbers and booleans can repeat ("1" from 1 and
        // "1", "0.000000" from 1e-7 and 2e-7, ...): to_json_rec's ordered
        // object keeps the first one's place with the last one's value.
        std::vector<std::pair<std::string, std::string>> members;
        std::unordered_map<std::string, std::size_t> where;
        for (const Key& k : keys) {
          std::string text;
          push_key(L, k);
          lua_rawget(L, data);
          write_json_rec(c, -1, depth + 1, text);
          lua_pop(L, 1);
          std::string name = key_name(k);
          auto [it, fresh] = where.emplace(name, members.size());
          if (fresh) members.emplace_back(std::move(name), std::move(text));
          else members[it->second].second = std::move(text);
        }
        out.push_back('{');
        for (std::size_t i = 0; i < members.size(); ++i) {
          if (i) out.push_back(',');
          put_string(out, members[i].first);
          out.push_back(':');
          out += members[i].second;
        }
        out.push_back('}');
      }
      close_table(c, t);
      return is_array ? JsonKind::array : JsonKind::object;
    }
    default:
      out_error(c, std::string("result contains a ") + luaL_typename(L, idx) +
                       " value (only nil, booleans, numbers, strings and tables can be reported)");
  }
}

}  // namespace

JsonKind LuaHost::write_json(int index, const std::string& pack, std::string_view rule, std::string& out) const {
  OutCtx c{L_, limits_.max_output_bytes / 8, 0, &pack, rule, {}};
  int top = lua_gettop(L_);
  JsonKind k = write_json_rec(c, index, 0, out);
  lua_settop(L_, top);
  return k;
}

cfp::json LuaHost::to_json(int index, const std::string& pack, const std::string& rule) const {
  OutCtx c{L_, limits_.max_output_bytes / 8, 0, &pack, rule, {}};
  int top = lua_gettop(L_);
  cfp::json j = to_json_rec(c, index, 0);
  lua_settop(L_, top);
  return j;
}

}  // namespace cfp::detail

// Private: one sandboxed Lua state with budgets, and the conversions between
// JSON and read-only Lua tables.
#pragma once

#include <chrono>
#include <csignal>
#include <iterator>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <lua.hpp>
#include <nlohmann/json.hpp>

#include "cfpcheck/cfpcheck.hpp"

namespace cfp::detail {

/// Small-block allocator of one Lua state: blocks of up to kMax bytes come
/// from per-size free lists carved out of 64 KiB slabs and go back to their
/// list when Lua frees them; the slabs are released when the state is
/// destroyed. Lua allocates and frees hundreds of thousands of small
/// objects per case (tables, strings, closures); this replaces malloc's
/// general path with a pop and a push. One state per thread: no locking.
class SmallBlocks {
 public:
  static constexpr std::size_t kGranule = 16;
  static constexpr std::size_t kMax = 256;
  SmallBlocks() = default;
  SmallBlocks(const SmallBlocks&) = delete;
  SmallBlocks& operator=(const SmallBlocks&) = delete;
  ~SmallBlocks();
  /// A block of at least n (1..kMax) bytes, or nullptr when memory is out.
  void* get(std::size_t n);
  /// Returns a block got for n bytes.
  void put(void* p, std::size_t n);
  /// Takes ownership of a malloc'ed block of at least n bytes (a shrink
  /// that could not get a block keeps its memory this way).
  void adopt(void* p, std::size_t n);

 private:
  static std::size_t cls(std::size_t n) { return (n - 1) / kGranule; }
  void* free_[kMax / kGranule] = {};
  std::vector<void*> owned_;  // slabs and adopted blocks
  char* cur_ = nullptr;
  std::size_t left_ = 0;
};

/// What a value written by LuaHost::write_json became (the JSON type).
enum class JsonKind { null, boolean, number, string, array, object };

/// Budget shared by the allocator and the hook of one state.
struct Budget {
  std::size_t used = 0;         ///< bytes held by the state
  std::size_t peak = 0;
  std::size_t limit = 0;        ///< allocation fails above this
  std::size_t state_limit = 0;  ///< limit outside an evaluation
  std::uint64_t instructions = 0;
  std::uint64_t max_instructions = 0;  ///< 0 = no instruction budget now
  std::chrono::steady_clock::time_point deadline{};
  bool timed = false;
  const char* tripped = nullptr;  ///< "budget" / "deadline" once exceeded
  lua_State* L = nullptr;         ///< the main thread (the allocator arms the hook on it)
  SmallBlocks small;              ///< small blocks (not used in sanitizer builds)
  // The unhooked run (lua_host.cpp, "The instruction budget without a trap
  // per instruction"):
  bool unhooked = false;  ///< no count hook yet: the VM instructions run are bounded by the time
  bool bounded = false;   ///< `instructions` holds a time bound, not an exact count
  std::chrono::steady_clock::time_point started{};
  volatile std::sig_atomic_t armed = 0;  ///< the timer's signal may switch this run to counting
  volatile std::sig_atomic_t fired = 0;  ///< the timer's signal came (set by its handler)
};

/// Pushes t[key] for the table at `t` without running any metamethod: a
/// read-only proxy's data field, else the raw field; returns its Lua type.
/// Result conversion runs outside any protected call, so it must never run
/// rule code (an `__index` function on a result table could raise or loop).
int raw_field(lua_State* L, int t, const char* key);

/// Field names the hot path (the per-rule loop, the result writer) reads and
/// writes. Each state keeps them as Lua strings in its registry, so that C
/// code pushes a key with one integer lookup instead of interning a C string
/// (hashing, then strcmp against the string cache) on every access. The
/// first 14 are a finding's keys in the order the per-rule loop sets them.
enum class FieldKey : int {
  rule, slug, topic, clause, status, title, decisive, scope, party, severity, effect, message, evidence, values,
  id, fixed, fixed_metrics, check, zh, en, metrics, index_, applicable, applicability, verdict, action, native,
  grade, grade_status, decided_by, findings, newindex_, len_, pairs_, metatable_,
  count_
};
inline constexpr const char* kKeyNames[] = {
    "rule", "slug", "topic", "clause", "status", "title", "decisive", "scope", "party", "severity", "effect",
    "message", "evidence", "values", "id", "fixed", "fixed_metrics", "check", "zh", "en", "metrics", "__index",
    "applicable", "applicability", "verdict", "action", "native", "grade", "grade_status", "decided_by", "findings",
    "__newindex", "__len", "__pairs", "__metatable"};
static_assert(std::size(kKeyNames) == static_cast<std::size_t>(FieldKey::count_));

/// Pushes the key string `k` (the state's registry copy; no allocation).
inline void push_field_key(lua_State* L, FieldKey k) {
  const int* refs = *static_cast<const int* const*>(lua_getextraspace(L));
  lua_rawgeti(L, LUA_REGISTRYINDEX, refs[static_cast<int>(k)]);
}

/// raw_field with a pre-pushed key: the same value and type.
int raw_field(lua_State* L, int t, FieldKey k);

// ---- the sandbox's base library (sandbox_lib.cpp) ----
/// How charged_call prices a wrapped library function (its second upvalue).
enum ChargeKind { kChargeResults = 0, kChargeSort = 1, kChargeInsert = 2, kChargeRemove = 3, kChargeLen = 4, kChargeBytes = 5 };
int safe_rep(lua_State* L);
int charged_call(lua_State* L);
int safe_setmetatable(lua_State* L);
int safe_getmetatable(lua_State* L);
int safe_pairs(lua_State* L);
int safe_next(lua_State* L);
int safe_tostring(lua_State* L);
int safe_format(lua_State* L);
/// Copies the listed fields of the table at `src` into a new table (pushed).
void copy_fields(lua_State* L, int src, std::initializer_list<const char*> names);
/// tbl[name] = a C closure of `wrapper` over the old tbl[name] (and `kind`).
void wrap_field(lua_State* L, int tbl, const char* name, lua_CFunction wrapper);
void wrap_kind(lua_State* L, int tbl, const char* name, lua_CFunction wrapper, int kind);

// ---- read-only proxies (lua_host.cpp), used by the sandbox's pairs/next ----
/// The metatable index of the read-only proxy at `idx` (pushed), or 0.
int proxy_meta(lua_State* L, int idx);
/// Pushes the data table of the proxy whose metatable is at `m`.
void push_proxy_data(lua_State* L, int m);
/// Pushes a new read-only proxy over the data table at `data`, whose keys in
/// iteration order are the list at `keys` (len >= 0: a JSON array of that
/// length, nulls kept as holes): the layout of every read-only table the
/// engine makes (push_json, the fast case loader, freeze).
void push_proxy(lua_State* L, int data, int keys, lua_Integer len);
/// `#proxy` for the proxy whose metatable is at `m` and data table at `data`.
lua_Integer proxy_length(lua_State* L, int m, int data);
/// Pushes the sorted keys of the proxy whose metatable is at `m`.
void push_proxy_keys(lua_State* L, int m);

/// Pushes host.run_rules (run_rules.cpp): the per-rule loop of the prelude's
/// API.run, a C closure with the FieldKey strings and the status, severity,
/// effect and party names as its upvalues.
void push_run_rules(lua_State* L);
int l_result_ctor(lua_State* L);  // host.result_ctor (run_rules.cpp)

/// Charges `units` instructions of work done in C to the running evaluation
/// and checks its deadline; raises the budget's Lua error once exceeded.
/// Does nothing outside an evaluation.
void charge(lua_State* L, std::uint64_t units);

/// Sets find, match, gmatch and gsub of the string table at `string_table`
/// to the sandbox's matcher (lua_pattern.cpp): Lua 5.4 pattern semantics,
/// every step charged to the budget and the deadline.
void set_pattern_functions(lua_State* L, int string_table);

class LuaHost {
 public:
  explicit LuaHost(const Limits& limits);
  ~LuaHost();
  LuaHost(const LuaHost&) = delete;
  LuaHost& operator=(const LuaHost&) = delete;

  lua_State* L() const { return L_; }

  /// Closes the state now (the destructor does it otherwise); afterwards
  /// budget().used is what the allocator still holds: 0.
  void close();
  Budget& budget() { return budget_; }

  /// Compiles text (never binary) with its chunk name; leaves the function on
  /// the stack. Throws PackError(kind "syntax") naming file and line.
  void load_chunk(const SourceFile& src, const std::string& pack);

  /// Sets the first upvalue (_ENV) of the function at `fn_index` to the table on top.
  void set_env(int fn_index);

  /// Calls the function below `nargs` arguments in protected mode under the
  /// evaluation budgets (instructions, deadline, memory). On error throws
  /// PackError with the rule the engine's `current` table names.
  /// `rerunnable`: the call has no effect but its results (the facts of a
  /// case, a pack's run), so it may start without the count hook and be run
  /// again counted (lua_host.cpp, "The instruction budget without a trap per
  /// instruction"). Loading code registers rules: always counted.
  void call(int nargs, int nresults, const std::string& pack, bool budgeted, bool rerunnable = false);

  /// Pushes a JSON value as read-only Lua data (objects iterate in document order).
  void push_json(const nlohmann::json& j);
  void push_json(const cfp::json& j);

  /// Converts the Lua value at `index` to JSON (for results); keys of plain
  /// tables are sorted. Throws PackError(kind "output") on cycles or size.
  cfp::json to_json(int index, const std::string& pack, const std::string& rule) const;

  /// The same conversion written straight as JSON text: appends to `out`
  /// exactly what to_json(...).dump(-1, ' ', false, replace) would give, and
  /// throws the same PackErrors (on an error `out` holds a partial value).
  JsonKind write_json(int index, const std::string& pack, std::string_view rule, std::string& out) const;

  /// Deep read-only copy of the table at `index` (pushed). strict: reading a
  /// missing key is an error (used for pack parameters).
  void push_frozen(int index, bool strict);

  /// Registry reference to the `current` table the prelude updates.
  void set_current_ref(int ref) { current_ref_ = ref; }
  std::string current_rule() const;

  void begin_evaluation(const std::string& pack = {}, bool counted = false);
  void end_evaluation();
  /// Around result conversion (outside protected calls): the memory cap is
  /// raised by a fixed reserve, so a rule that filled the state cannot make
  /// the conversion fail.
  void begin_conversion();
  void end_conversion();

  /// Reads a manifest's optional `limits = { instructions = N, memory_mb = N,
  /// deadline_ms = N }` (table at `index`) for `pack`. A pack can only lower
  /// the run's limits (the run's values are ceilings). Throws PackError
  /// (kind "manifest") on unknown keys or bad values. call() applies it by
  /// itself to the result of a budgeted call that returns the pack's manifest.
  void read_pack_limits(int index, const std::string& pack);

  /// Freezes the tables a pack's code keeps in upvalues (module `local`
  /// tables of rule, decide and library functions) and records every upvalue,
  /// so that each evaluation starts from the state the pack had after
  /// loading. call() does this by itself the first time a pack object
  /// (a table with `rules` and `by_stage`) is passed to a budgeted call.
  void seal_pack_upvalues(int pack_index, const std::string& pack);

  /// Number of upvalues recorded by seal_pack_upvalues (for tests).
  int sealed_upvalues() const { return static_cast<int>(snapshot_index_.size()); }

  /// Number of budgeted calls run again counted from the start (for tests).
  int counted_reruns() const { return counted_reruns_; }

  /// Profiling (EvalOptions::profile): while a map is set, prof_tick(id)
  /// adds the time since the previous tick to the previous id; the prelude
  /// ticks before every rule (it reads `current.profile`).
  void set_profile(std::map<std::string, RuleCost>* p);
  void prof_tick(const char* id);

  /// Output text of read-only tables (frozen rule titles and fixed messages,
  /// which never change): cached_text appends the text cached for the table
  /// at `index` and returns true, or returns false when the table is not
  /// read-only or has no text yet; cache_text records it. The cache holds its
  /// tables weakly and is bounded.
  bool cached_text(int index, std::string& out);
  void cache_text(int index, std::string_view text);

 private:
  lua_State* L_ = nullptr;
  Budget budget_;
  // The per-thread timer of the unhooked run (POSIX, signal to this thread).
  void* timer_ = nullptr;  ///< timer_t, created on first use
  long timer_tid_ = 0;     ///< the thread it signals
  bool arm_timer(std::chrono::nanoseconds after);
  void disarm_timer();
  bool counted_rerun_needed() const;
  int counted_reruns_ = 0;
  Limits limits_;
  int current_ref_ = LUA_NOREF;
  struct PackLimits {
    std::uint64_t instructions = 0;
    std::size_t eval_memory_bytes = 0;
    int deadline_ms = -1;
  };
  std::map<std::string, PackLimits> pack_limits_;
  std::set<std::string> sealed_packs_;
  int snapshot_ref_ = LUA_NOREF;  // registry: list of {fn, index, value}
  std::vector<int> snapshot_index_;  // upvalue index of each recorded cell (snap holds fn, value)
  std::map<std::string, RuleCost>* profile_ = nullptr;
  int text_cache_ref_ = LUA_NOREF;  // registry: weak-keyed table, read-only table -> its output text
  std::size_t text_cache_n_ = 0;
  int key_refs_[static_cast<int>(FieldKey::count_)] = {};  // registry refs of kKeyNames; the state's extra space points here
  std::string prof_last_;
  std::chrono::steady_clock::time_point prof_t_{};
  void open_sandbox();
  void restore_upvalues();
};

}  // namespace cfp::detail

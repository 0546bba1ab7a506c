// cfpcheck public API.
//
// Three objects:
//   * Catalog   — the rule packs, shared library and reference data read from
//                 disk once and checked. Immutable; share one across threads.
//   * Evaluator — one Lua state with every pack compiled, bound to one thread.
//                 evaluate() turns a loaded case into a cfpresult/1 document.
//   * load_case — parses and type-checks a case file (cfpcase/1).
//
// Errors: CaseRejected (bad input, exit code 2), PackError (a rule pack failed:
// syntax, sandbox violation, budget; exit code 3).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace cfp {

using json = nlohmann::ordered_json;

/// Engine name and version recorded in every result.
const char* engine_name();
const char* engine_version();

/// Resource limits. Defaults are safe for production use; every one can be
/// changed per run (CLI flags) and the evaluation limits per pack (manifest
/// `limits`).
struct Limits {
  std::uint64_t instructions = 20'000'000;   ///< Lua VM instructions per pack evaluation
  std::size_t memory_bytes = 256u << 20;     ///< cap for one Lua state (all packs)
  std::size_t eval_memory_bytes = 64u << 20; ///< extra memory one pack evaluation may take
  int deadline_ms = 2000;                    ///< wall clock per pack evaluation
  std::size_t max_case_bytes = 8u << 20;     ///< case file size
  int max_depth = 64;                        ///< JSON nesting depth of a case
  std::size_t max_string_bytes = 1u << 20;   ///< one JSON string in a case
  std::size_t max_rule_file_bytes = 1u << 20;///< one Lua file of a pack
  std::size_t max_findings = 2000;           ///< findings one pack may return
  std::size_t max_output_bytes = 4u << 20;   ///< size of one pack's result
  /// Count every VM instruction from the start of each evaluation. Off (the
  /// default), an evaluation starts without the count hook and is counted,
  /// or run again counted, only when its time cannot rule out the budget
  /// (docs/security.md, "The instruction budget"); the outcome is the same.
  bool count_from_start = false;
};

/// One problem with a case file. `pointer` is an RFC 6901 JSON Pointer.
struct CaseIssue {
  std::string pointer;
  std::string expected;
  std::string found;
  std::string message;
  int line = 0;    ///< 1-based; 0 when unknown
  int column = 0;  ///< 1-based; 0 when unknown
  json to_json() const;
  std::string to_text() const;
};

/// The case was rejected before any rule ran.
class CaseRejected : public std::runtime_error {
 public:
  explicit CaseRejected(std::vector<CaseIssue> issues);
  const std::vector<CaseIssue>& issues() const { return issues_; }
  json to_json() const;
 private:
  std::vector<CaseIssue> issues_;
};

/// A rule pack failed to load or to evaluate.
class PackError : public std::runtime_error {
 public:
  PackError(std::string pack, std::string rule, std::string kind, std::string message);
  const std::string& pack() const { return pack_; }
  const std::string& rule() const { return rule_; }
  const std::string& kind() const { return kind_; }  ///< syntax, runtime, sandbox, budget, memory, deadline, output, manifest
  const std::string& file() const { return file_; }
  int line() const { return line_; }
  json to_json() const;
 private:
  std::string pack_, rule_, kind_, file_;
  int line_ = 0;
};

/// A case that passed format and type checks.
struct Case {
  json doc;             ///< the case as parsed (document order of keys kept)
  std::string sha256;   ///< of the file's bytes
  std::string id, stage, as_of;
  std::vector<std::string> schemes;  ///< the case's own `schemes`, if any
};

class Schema;  // the case schema (data/schema/cfpcase-1.schema.json)

/// Where the catalog's files are.
struct Paths {
  std::filesystem::path rules;  ///< folder with lib/ and one folder per pack
  std::filesystem::path data;   ///< folder with schema/, reference/, examples/
  /// Defaults: $CFPCHECK_RULES / $CFPCHECK_DATA, else ./rules and ./data, else
  /// the folders next to the executable's parent, else the source tree.
  static Paths discover(const std::filesystem::path& argv0);
};

struct RuleInfo {
  std::string id, slug, topic, clause, title_zh, title_en, file;
  int line = 0;
  std::vector<std::string> stages, params;
  std::string severity, effect, party;  ///< party: applicant or body (result-format.md)
  bool scope = false, info_only = false, decisive = false;
};

struct ParamInfo {
  std::string name, clause, doc;
  json value;
};

struct PackInfo {
  std::string id, version, effective, sha256;
  std::string dir;  ///< the pack's folder (absolute): its fixtures are dir/fixtures
  json document, issuer;  ///< {zh, en, ...}
  std::vector<ParamInfo> params;
  std::vector<RuleInfo> rules;
};

/// Source text of one Lua file, with the name errors cite.
struct SourceFile {
  std::string chunkname;  ///< the file as errors cite it: relative to the working folder when under it, else absolute
  std::string text;
  std::string key = {};   ///< rules/<pack>/<file>: the name the pack's sha256 covers (same wherever the folder is)
};

/// A field the case schema defines, as `cfpcheck test --coverage` lists it.
struct SchemaField {
  std::string path;           ///< "footprint.inventory[].amount"; "" for the case itself
  int parent = -1;            ///< index of the enclosing field
  std::string informational;  ///< the schema's reason no rule needs to read it, if any
};

/// Everything read from disk: immutable after load(), shared by all threads.
class Catalog {
 public:
  /// Reads and checks every pack under paths.rules (or only `only` if given).
  /// Throws PackError naming file and line on any problem.
  static std::shared_ptr<const Catalog> load(const Paths& paths, const Limits& limits = {},
                                             const std::vector<std::filesystem::path>& only = {});
  /// Only the case schema and reference data (for `validate`): no Lua.
  static std::shared_ptr<const Catalog> load_schema_only(const Paths& paths, const Limits& limits = {});
  const std::vector<PackInfo>& packs() const { return packs_; }
  const PackInfo* find_pack(std::string_view id) const;
  const RuleInfo* find_rule(std::string_view rule_id, const PackInfo** pack = nullptr) const;
  const Schema& schema() const { return *schema_; }
  /// Every field of the case schema, in a fixed order (EvalOptions::fields_read).
  std::vector<SchemaField> schema_fields() const;
  const Limits& limits() const { return limits_; }
  const Paths& paths() const { return paths_; }

  // Used by the Evaluator.
  struct PackSource {
    std::string id;
    SourceFile manifest;
    std::vector<SourceFile> modules;
  };
  const std::vector<SourceFile>& lib_sources() const { return lib_; }
  const std::vector<PackSource>& pack_sources() const { return sources_; }
  const json& reference() const { return reference_; }

  ~Catalog();

 private:
  friend class Evaluator;
  Catalog() = default;
  // The Lua state load() built to check the packs, kept for the first
  // Evaluator to adopt (so a one-shot run compiles the packs once, not twice).
  mutable std::mutex spare_m_;
  mutable void* spare_ = nullptr;
  mutable void (*spare_free_)(void*) = nullptr;
  Paths paths_;
  Limits limits_;
  std::vector<SourceFile> lib_;
  std::vector<PackSource> sources_;
  std::vector<PackInfo> packs_;
  json reference_;
  std::shared_ptr<Schema> schema_;
};

/// Parses and type-checks a case (cfpcase/1). Throws CaseRejected.
Case load_case(std::string_view text, const Catalog& catalog);
Case load_case_file(const std::filesystem::path& file, const Catalog& catalog);

/// The range of `as_of` a case may have (dates are YYYY-MM-DD, compared as text).
inline constexpr const char* kFirstAsOf = "2000-01-01";
inline constexpr const char* kLastAsOf = "2099-12-31";
/// Why the dates of a case cannot be evaluated ("" when they can): `as_of`
/// outside kFirstAsOf..kLastAsOf, or before `applied_on` (may be empty).
std::string case_dates_problem(std::string_view as_of, std::string_view applied_on);

/// Reads a regular file (a symlink to one is followed), at most `limit` + 1
/// bytes: a caller sees that it is larger than `limit` without reading
/// more. Returns false with `why` set for anything else (a device, a FIFO, a
/// folder, a missing or unreadable file).
bool read_regular_file(const std::filesystem::path& file, std::size_t limit, std::string& out, std::string& why);

/// Time spent in one rule (or engine step) over profiled evaluations.
struct RuleCost {
  std::uint64_t ns = 0;     ///< wall-clock nanoseconds, summed
  std::uint64_t calls = 0;  ///< times it ran
};

struct EvalOptions {
  std::vector<std::string> schemes;  ///< empty: the case's `schemes`, else every pack
  bool only_problems = false;        ///< drop `pass` and `info` findings from the output (still counted)
  /// When set, the time of every rule check, decision and engine step is
  /// added here, keyed by rule id ("lib/facts.build", "<pack>/decide",
  /// "engine/..." for C++ steps). Results are unchanged; costs a clock read
  /// per rule.
  std::map<std::string, RuleCost>* profile = nullptr;
  /// When set, every case field rule code reads is marked here, one entry
  /// per Catalog::schema_fields() (`cfpcheck test --coverage`). Slower.
  std::vector<char>* fields_read = nullptr;
};


/// What one evaluate_text() concluded, for summaries (batch, serve metrics).
struct EvalSummary {
  std::vector<std::pair<std::string, std::string>> verdicts;  ///< (scheme, verdict) in result order
  bool any_fail = false;                                      ///< some verdict is `fail`
};

/// One Lua state with every pack compiled. Not thread-safe: one per thread.
class Evaluator {
 public:
  explicit Evaluator(std::shared_ptr<const Catalog> catalog);
  ~Evaluator();
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;

  /// Evaluates one case against the selected packs; returns a cfpresult/1
  /// document. Throws PackError (the state is then rebuilt before next use).
  json evaluate(const Case& c, const EvalOptions& options = {});

  /// The hot path of `batch` and `serve`: load_case(text) + evaluate() +
  /// dump(), returning the result as one compact JSON line (no newline),
  /// byte-identical to evaluate(load_case(text, catalog), options).dump(-1, ' ',
  /// false, replace). Throws CaseRejected or PackError like those.
  /// `text_sha256`: sha256_hex(text) when the caller has it already (batch
  /// hashes each line on its reader thread, beside the evaluating worker);
  /// empty: computed here. It becomes the result's case.sha256 as given.
  std::string evaluate_text(std::string_view text, const EvalOptions& options = {}, EvalSummary* summary = nullptr,
                            std::string_view text_sha256 = {});

  /// Runs Lua library tests (tests/lib format); returns {passed, failed, messages}.
  json run_lib_tests(const SourceFile& file);

  /// Bytes held by the Lua state now (for leak tests).
  std::size_t lua_memory() const;

  const Catalog& catalog() const { return *catalog_; }

  struct State;  // opaque: the Lua state and compiled packs

 private:
  std::shared_ptr<const Catalog> catalog_;
  std::unique_ptr<State> state_;
  void rebuild();
};

/// Test runner for pack fixtures (`cfpcheck test`).
struct FixtureCase {
  std::string file;  ///< as shown to the officer
  int index = 0;     ///< 1-based position in the file
  std::string name;
  bool ok = true;
  std::string message;  ///< why it failed
};
struct FixtureReport {
  int passed = 0, failed = 0;
  std::vector<FixtureCase> cases;      ///< every fixture, in run order
  std::vector<std::string> failures;   ///< one message per failed check
  std::vector<std::string> coverage;   ///< rules lacking a failing or passing fixture
};
/// `fields_read`: see EvalOptions::fields_read (`test --coverage`).
/// `lang` ("en" or "zh"): the language of the findings' messages quoted in failures.
FixtureReport run_fixtures(Evaluator& ev, const PackInfo& pack, std::vector<char>* fields_read = nullptr,
                           const std::string& lang = "en");

/// SHA-256 of bytes, lower-case hex (with the CPU's SHA extensions when it has them).
std::string sha256_hex(std::string_view bytes);

}  // namespace cfp

// Micro-benchmarks of the evaluation hot path and its floors.
//
//   cfpbench [--benchmark_filter=...]
//
// Environment:
//   CFPBENCH_RULES   rules folder   (default: <source>/rules)
//   CFPBENCH_DATA    data folder    (default: <source>/data)
//   CFPBENCH_CASE    one case file  (default: data/examples/smelter-ingot-initial.json)
//   CFPBENCH_CORPUS  JSONL file of cases for the *_Corpus benchmarks (default: none, skipped)
//
// Per-case figures: "time" is per iteration = per case; items_per_second = cases/s.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "cfpcheck/cfpcheck.hpp"
#include "fast_case.hpp"
#include "lua_host.hpp"

#ifdef CFPBENCH_SIMDJSON
#include <simdjson.h>
#endif

namespace {

std::string env_or(const char* name, const std::string& def) {
  const char* v = std::getenv(name);
  return v && *v ? v : def;
}

std::string slurp(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct World {
  std::shared_ptr<const cfp::Catalog> catalog;
  std::string one;                  // the single case's text
  std::vector<std::string> corpus;  // JSONL lines
  World() {
    cfp::Paths p;
    p.rules = env_or("CFPBENCH_RULES", std::string(CFPCHECK_SOURCE_DIR) + "/rules");
    p.data = env_or("CFPBENCH_DATA", std::string(CFPCHECK_SOURCE_DIR) + "/data");
    catalog = cfp::Catalog::load(p);
    one = slurp(env_or("CFPBENCH_CASE", std::string(CFPCHECK_SOURCE_DIR) + "/data/examples/smelter-ingot-initial.json"));
    if (const char* c = std::getenv("CFPBENCH_CORPUS"); c && *c) {
      std::ifstream in(c);
      std::string line;
      while (std::getline(in, line))
        if (!line.empty()) corpus.push_back(line);
    }
  }
};

World& world() {
  static World w;
  return w;
}

// Iterates over the single case or the corpus.
struct Input {
  const std::vector<std::string>* list = nullptr;
  const std::string* one = nullptr;
  std::size_t i = 0;
  const std::string& next() {
    if (one) return *one;
    const std::string& s = (*list)[i];
    if (++i == list->size()) i = 0;
    return s;
  }
};

bool input_for(benchmark::State& st, bool corpus, Input& in) {
  World& w = world();
  if (corpus) {
    if (w.corpus.empty()) {
      st.SkipWithError("CFPBENCH_CORPUS not set");
      return false;
    }
    in.list = &w.corpus;
  } else {
    in.one = &w.one;
  }
  return true;
}

// ---- floors -------------------------------------------------------------------

void ParseNlohmann(benchmark::State& st, bool corpus) {
  Input in;
  if (!input_for(st, corpus, in)) return;
  for (auto _ : st) {
    auto j = nlohmann::json::parse(in.next());
    benchmark::DoNotOptimize(j);
  }
  st.SetItemsProcessed(st.iterations());
}

#ifdef CFPBENCH_SIMDJSON
void ParseSimdjson(benchmark::State& st, bool corpus) {
  Input in;
  if (!input_for(st, corpus, in)) return;
  simdjson::dom::parser parser;
  for (auto _ : st) {
    const std::string& s = in.next();
    auto doc = parser.parse(s.data(), s.size());
    benchmark::DoNotOptimize(doc);
  }
  st.SetItemsProcessed(st.iterations());
}
#endif

// Parsed, checked and built into the read-only Lua tables rules see: the hot
// path's loader (simdjson + compiled schema checks + SHA-256 + tables).
void ParseIntoLua(benchmark::State& st, bool corpus) {
  Input in;
  if (!input_for(st, corpus, in)) return;
  cfp::detail::LuaHost host(world().catalog->limits());
  cfp::detail::FastCase fc(*world().catalog, host);
  lua_State* L = host.L();
  lua_gc(L, LUA_GCGEN, 0, 0);
  std::size_t declined = 0;
  for (auto _ : st) {
    cfp::Case meta;
    if (!fc.load(in.next(), meta)) ++declined;
    lua_settop(L, 0);
  }
  st.SetItemsProcessed(st.iterations());
  st.counters["declined"] = benchmark::Counter(static_cast<double>(declined));
}

// The classic way into Lua: nlohmann DOM + LuaHost::push_json (no checks).
void ParseIntoLuaClassic(benchmark::State& st, bool corpus) {
  Input in;
  if (!input_for(st, corpus, in)) return;
  cfp::detail::LuaHost host(world().catalog->limits());
  lua_State* L = host.L();
  lua_gc(L, LUA_GCGEN, 0, 0);
  for (auto _ : st) {
    auto j = cfp::json::parse(in.next());
    host.push_json(j);
    lua_settop(L, 0);
  }
  st.SetItemsProcessed(st.iterations());
}

// ---- the engine -------------------------------------------------------------------

void LoadCase(benchmark::State& st, bool corpus) {
  Input in;
  if (!input_for(st, corpus, in)) return;
  for (auto _ : st) {
    auto c = cfp::load_case(in.next(), *world().catalog);
    benchmark::DoNotOptimize(c);
  }
  st.SetItemsProcessed(st.iterations());
}

// What `batch` does per line: load, evaluate all five packs, write one result line.
void EvalLine(benchmark::State& st, bool corpus, bool only_problems) {
  Input in;
  if (!input_for(st, corpus, in)) return;
  cfp::Evaluator ev(world().catalog);
  cfp::EvalOptions opt;
  opt.only_problems = only_problems;
  std::size_t bytes = 0;
  for (auto _ : st) {
    std::string line = ev.evaluate_text(in.next(), opt);
    bytes += line.size();
  }
  st.SetItemsProcessed(st.iterations());
  st.counters["out_bytes_per_case"] = benchmark::Counter(static_cast<double>(bytes) / st.iterations());
}

// The classic API: load_case + evaluate() (a json DOM) + dump().
void EvalDom(benchmark::State& st, bool corpus) {
  Input in;
  if (!input_for(st, corpus, in)) return;
  cfp::Evaluator ev(world().catalog);
  cfp::EvalOptions opt;
  opt.only_problems = true;
  for (auto _ : st) {
    auto c = cfp::load_case(in.next(), *world().catalog);
    std::string line = ev.evaluate(c, opt).dump();
    benchmark::DoNotOptimize(line);
  }
  st.SetItemsProcessed(st.iterations());
}

}  // namespace

BENCHMARK_CAPTURE(ParseNlohmann, smelter, false)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(ParseNlohmann, corpus, true)->Unit(benchmark::kMicrosecond);
#ifdef CFPBENCH_SIMDJSON
BENCHMARK_CAPTURE(ParseSimdjson, smelter, false)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(ParseSimdjson, corpus, true)->Unit(benchmark::kMicrosecond);
#endif
BENCHMARK_CAPTURE(ParseIntoLua, smelter, false)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(ParseIntoLua, corpus, true)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(ParseIntoLuaClassic, smelter, false)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(LoadCase, smelter, false)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(LoadCase, corpus, true)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(EvalDom, smelter, false)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(EvalLine, smelter_problems, false, true)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(EvalLine, smelter_all, false, false)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(EvalLine, corpus_problems, true, true)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(EvalLine, smelter_problems_2threads, false, true)->Unit(benchmark::kMicrosecond)->Threads(2)->UseRealTime();

// Per scheme: where the time of the Lua packs goes (each includes loading the
// case and lib.facts.build; CGC-PV10 on the smelter case is out of scope, so it
// is roughly that fixed part).
void EvalScheme(benchmark::State& st, std::string scheme) {
  Input in;
  if (!input_for(st, false, in)) return;
  cfp::Evaluator ev(world().catalog);
  cfp::EvalOptions opt;
  opt.only_problems = true;
  opt.schemes = {scheme};
  for (auto _ : st) {
    std::string line = ev.evaluate_text(in.next(), opt);
    benchmark::DoNotOptimize(line);
  }
  st.SetItemsProcessed(st.iterations());
}

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  for (const auto& p : world().catalog->packs())
    benchmark::RegisterBenchmark(("EvalScheme/smelter/" + p.id).c_str(), EvalScheme, p.id)->Unit(benchmark::kMicrosecond);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

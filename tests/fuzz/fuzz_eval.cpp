// libFuzzer target: full evaluation of generated cases against the real packs
// (rules/). The input is either a whole case file (seeds: data/examples/) or,
// when it is not a loadable case, a mutation program applied to one of the
// examples: each 4-byte group picks a leaf (or container) of the example and
// replaces it with a value derived from the bytes. This keeps most inputs
// valid so that the rules, not only the loader, are exercised.
//
// Crashes, sanitizer reports, hangs and exceptions other than CaseRejected /
// PackError are bugs. PackErrors on valid input are rule-pack bugs: they are
// printed once each (set CFPFUZZ_STRICT=1 to abort on them).
#include <cstdint>
#include <cstdlib>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "cfpcheck/cfpcheck.hpp"

namespace {

using njson = nlohmann::json;

struct World {
  std::shared_ptr<const cfp::Catalog> cat;
  std::unique_ptr<cfp::Evaluator> ev;
  std::vector<njson> bases;
  std::vector<std::vector<njson::json_pointer>> ptrs;  // every value of each base
  std::set<std::string> seen_errors;
  bool strict = false;
};

void collect(const njson& j, const njson::json_pointer& at, std::vector<njson::json_pointer>& out) {
  out.push_back(at);
  if (j.is_object())
    for (auto it = j.begin(); it != j.end(); ++it) collect(it.value(), at / it.key(), out);
  else if (j.is_array())
    for (std::size_t i = 0; i < j.size(); ++i) collect(j[i], at / i, out);
}

World& world() {
  static World w = [] {
    World w;
    const char* src = std::getenv("CFPCHECK_SOURCE") ? std::getenv("CFPCHECK_SOURCE") : CFPCHECK_SOURCE_DIR;
    cfp::Paths p;
    p.rules = std::string(src) + "/rules";
    p.data = std::string(src) + "/data";
    w.cat = cfp::Catalog::load(p);
    w.ev = std::make_unique<cfp::Evaluator>(w.cat);
    for (const char* name : {"caster-billet-gla.json", "hydro-smelter-application.json", "smelter-ingot-initial.json"}) {
      std::ifstream in(std::string(src) + "/data/examples/" + name);
      w.bases.push_back(njson::parse(in));
      w.ptrs.emplace_back();
      collect(w.bases.back(), njson::json_pointer(), w.ptrs.back());
    }
    w.strict = std::getenv("CFPFUZZ_STRICT") != nullptr;
    return w;
  }();
  return w;
}

njson value_from(std::uint8_t kind, std::uint8_t a, std::uint8_t b, const njson& old) {
  static const char* strings[] = {"", "application", "initial", "recertification", "surveillance", "change",
                                  "2026-02-30", "2026-01-01", "1900-01-01", "9999-12-31", "not-a-date",
                                  "NTE-GLA", "CNCA-CFP-15", "t", "kg", "MWh", "ISO 14067", "国家", "x\u0000y",
                                  "reasonable", "limited", "manufacturer", "steel", "aluminium", "AR5", "AR6"};
  switch (kind % 12) {
    case 0: return nullptr;
    case 1: return (a & 1) != 0;
    case 2: return static_cast<int>(a) - 128;
    case 3: return (static_cast<double>(a) - 128.0) * std::pow(10.0, static_cast<int>(b % 24) - 12);
    case 4: return strings[a % (sizeof strings / sizeof *strings)];
    case 5: return njson::array();
    case 6: return njson::object();
    case 7: return old.is_number() ? njson(old.get<double>() * (b % 2 ? -1 : 10)) : njson(0);
    case 8: return old.is_number() ? njson(0) : njson(1e308);
    case 9: {  // a list of copies of a scalar (copies of containers could grow exponentially)
      njson arr = njson::array();
      if (!old.is_structured())
        for (int i = 0; i < a % 6; ++i) arr.push_back(old);
      return arr;
    }
    case 10: return std::int64_t(1) << (a % 63);
    default: return old.is_string() ? njson(old.get<std::string>() + std::string(a % 5, 'x')) : njson("x");
  }
}

void evaluate(World& w, std::string_view text) {
  cfp::Case c;
  try {
    c = cfp::load_case(text, *w.cat);
  } catch (const cfp::CaseRejected&) {
    return;
  }
  try {
    cfp::json r = w.ev->evaluate(c);
    (void)r.dump();
  } catch (const cfp::CaseRejected&) {
  } catch (const cfp::PackError& e) {
    std::string key = e.pack() + "|" + e.rule() + "|" + e.kind();
    if (w.seen_errors.insert(key).second) std::fprintf(stderr, "PACK ERROR (valid case): %s\n", e.what());
    if (w.strict) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  World& w = world();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (size > 0 && data[0] == '{') {
    evaluate(w, text);
    return 0;
  }
  if (size < 1) return 0;
  std::size_t bi = data[0] % w.bases.size();
  njson doc = w.bases[bi];
  const auto& ptrs = w.ptrs[bi];
  for (std::size_t i = 1; i + 4 <= size && i < 1 + 4 * 16; i += 4) {
    std::size_t pi = (static_cast<std::size_t>(data[i]) << 8 | data[i + 1]) % ptrs.size();
    const auto& ptr = ptrs[pi];
    if (ptr.empty() || !doc.contains(ptr)) continue;
    njson& slot = doc[ptr];
    std::uint8_t kind = data[i + 2];
    if (kind % 16 == 15 && !ptr.parent_pointer().empty() && doc[ptr.parent_pointer()].is_object()) {
      doc[ptr.parent_pointer()].erase(ptr.back());  // remove a member
      continue;
    }
    slot = value_from(kind, data[i + 3], data[i + 2] >> 4, slot);
  }
  std::string text2 = doc.dump();
  if (const char* out = std::getenv("CFPFUZZ_DUMP")) std::ofstream(out, std::ios::binary) << text2;
  evaluate(w, text2);
  return 0;
}

// The hot path of case loading: simdjson → checks → read-only Lua tables.
// See fast_case.hpp for the contract (decline on any doubt; load_case decides).
#include "fast_case.hpp"

#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <new>
#include <regex>
#include <unordered_map>
#include <vector>

#include <simdjson.h>

#include "schema.hpp"

namespace cfp::detail {

namespace sj = simdjson::dom;

// ---- SHA-256 with the x86 SHA extensions --------------------------------------------------

namespace {

alignas(16) const std::uint32_t kK[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

__attribute__((target("sha,sse4.1"))) void sha_ni_blocks(std::uint32_t st[8], const unsigned char* p, std::size_t n) {
  const __m128i MASK = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i tmp = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&st[0]));
  __m128i s1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&st[4]));
  tmp = _mm_shuffle_epi32(tmp, 0xB1);
  s1 = _mm_shuffle_epi32(s1, 0x1B);
  __m128i s0 = _mm_alignr_epi8(tmp, s1, 8);
  s1 = _mm_blend_epi16(s1, tmp, 0xF0);
  for (; n; --n, p += 64) {
    const __m128i abef = s0, cdgh = s1;
    __m128i w[4];
    for (int g = 0; g < 16; ++g) {
      if (g < 4) w[g] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * g)), MASK);
      __m128i msg = _mm_add_epi32(w[g & 3], _mm_load_si128(reinterpret_cast<const __m128i*>(&kK[4 * g])));
      s1 = _mm_sha256rnds2_epu32(s1, s0, msg);
      if (g >= 3 && g <= 14) {
        __m128i t = _mm_alignr_epi8(w[g & 3], w[(g + 3) & 3], 4);
        w[(g + 1) & 3] = _mm_sha256msg2_epu32(_mm_add_epi32(w[(g + 1) & 3], t), w[g & 3]);
      }
      msg = _mm_shuffle_epi32(msg, 0x0E);
      s0 = _mm_sha256rnds2_epu32(s0, s1, msg);
      if (g >= 1 && g <= 12) w[(g + 3) & 3] = _mm_sha256msg1_epu32(w[(g + 3) & 3], w[g & 3]);
    }
    s0 = _mm_add_epi32(s0, abef);
    s1 = _mm_add_epi32(s1, cdgh);
  }
  tmp = _mm_shuffle_epi32(s0, 0x1B);
  s1 = _mm_shuffle_epi32(s1, 0xB1);
  s0 = _mm_blend_epi16(tmp, s1, 0xF0);
  s1 = _mm_alignr_epi8(s1, tmp, 8);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(&st[0]), s0);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(&st[4]), s1);
}

bool have_sha_ni() {
  static const bool yes = [] {
#if defined(__clang__) && __clang_major__ < 15
    return false;  // clang 14 does not know the "sha" feature name; the portable SHA-256 is used
#else
    __builtin_cpu_init();
    return __builtin_cpu_supports("sha") && __builtin_cpu_supports("sse4.1");
#endif
  }();
  return yes;
}

}  // namespace

std::string sha256_hex_fast(std::string_view bytes) {
  if (!have_sha_ni()) return sha256_hex_portable(bytes);
  std::uint32_t st[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t full = bytes.size() / 64;
  sha_ni_blocks(st, p, full);
  unsigned char tail[128] = {};
  std::size_t rest = bytes.size() - full * 64;
  if (rest) std::memcpy(tail, p + full * 64, rest);
  tail[rest] = 0x80;
  std::size_t tail_len = rest + 9 <= 64 ? 64 : 128;
  std::uint64_t bits = static_cast<std::uint64_t>(bytes.size()) * 8;
  for (int i = 0; i < 8; ++i) tail[tail_len - 1 - i] = static_cast<unsigned char>(bits >> (8 * i));
  sha_ni_blocks(st, tail, tail_len / 64);
  static const char* hex = "0123456789abcdef";
  std::string out(64, '0');
  for (int i = 0; i < 8; ++i)
    for (int b = 0; b < 4; ++b) {
      unsigned v = (st[i] >> (24 - 8 * b)) & 0xff;
      out[i * 8 + b * 2] = hex[v >> 4];
      out[i * 8 + b * 2 + 1] = hex[v & 15];
    }
  return out;
}

// ---- the compiled schema ---------------------------------------------------------------------

namespace {

enum TypeBit : unsigned {
  kNull = 1, kBool = 2, kInt = 4, kFloat = 8, kString = 16, kArray = 32, kObject = 64,
  kAny = 127,
};

struct Scalar {  // a const/enum value
  enum K { Null, Bool, Num, Str } k = Null;
  bool b = false;
  double d = 0;
  std::string s;
};

struct SvHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

struct Node {
  unsigned types = kAny;
  bool has_allowed = false;
  std::vector<Scalar> allowed;
  bool date = false;
  std::size_t min_len = 0, max_len = std::numeric_limits<std::size_t>::max();
  const std::regex* pattern = nullptr;
  bool has_min = false, has_max = false;
  double min = 0, max = 0;
  std::vector<std::string> required;
  std::unordered_map<std::string, int, SvHash, std::equal_to<>> props;  // as compiled
  int items = -1;
  // props again, as an open-addressing table on key_hash (made by
  // index_props): the walk hashes each key once, for this lookup and for its
  // duplicate test
  struct Slot {
    std::uint64_t hash = 0;
    std::string name;
    int node = -1;  // -1: an empty slot
  };
  std::vector<Slot> slots;
  std::size_t mask = 0;
  void index_props();
  int find(std::string_view key, std::uint64_t h) const {
    if (slots.empty()) return -1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {  // never full: at least twice as many slots as props
      const Slot& sl = slots[i];
      if (sl.node < 0) return -1;
      if (sl.hash == h && sl.name.size() == key.size() && std::memcmp(sl.name.data(), key.data(), key.size()) == 0)
        return sl.node;
    }
  }
};

// A cheap hash of an object key: its length and (at most) its first and last
// 8 bytes. Keys that share these collide, which only costs a string compare:
// every lookup and duplicate test compares the strings on equal hashes.
std::uint64_t key_hash(std::string_view k) {
  const std::size_t n = k.size();
  std::uint64_t a = 0, b = 0;
  if (n >= 8) {
    std::memcpy(&a, k.data(), 8);
    std::memcpy(&b, k.data() + n - 8, 8);
  } else if (n >= 4) {
    std::uint32_t x, y;
    std::memcpy(&x, k.data(), 4);
    std::memcpy(&y, k.data() + n - 4, 4);
    a = x, b = y;
  } else if (n > 0) {
    a = static_cast<unsigned char>(k[0]) | static_cast<std::uint64_t>(static_cast<unsigned char>(k[n / 2])) << 8 |
        static_cast<std::uint64_t>(static_cast<unsigned char>(k[n - 1])) << 16;
  }
  std::uint64_t h = (a ^ n) * 0x9E3779B97F4A7C15ULL;
  h = (h ^ (h >> 29) ^ b) * 0xBF58476D1CE4E5B9ULL;
  return h ^ (h >> 32);
}

void Node::index_props() {
  if (props.empty()) return;
  std::size_t size = 4;
  while (size < 2 * props.size()) size *= 2;
  slots.assign(size, Slot{});
  mask = size - 1;
  for (const auto& [name, idx] : props) {
    const std::uint64_t h = key_hash(name);
    std::size_t i = h & mask;
    while (slots[i].node >= 0) i = (i + 1) & mask;
    slots[i] = Slot{h, name, idx};
  }
}

unsigned type_bits(const std::string& t) {
  if (t == "null") return kNull;
  if (t == "boolean") return kBool;
  if (t == "integer") return kInt;
  if (t == "number") return kInt | kFloat;
  if (t == "string") return kString;
  if (t == "array") return kArray;
  if (t == "object") return kObject;
  return 0;
}

// Compiles nlohmann schema nodes into a flat vector; throws std::runtime_error
// on anything it does not model (then the fast path is disabled).
class SchemaCompiler {
 public:
  SchemaCompiler(const nlohmann::json& root, std::vector<Node>& out, std::map<std::string, std::regex>& re)
      : root_(root), out_(out), re_(re) {}
  int compile(const nlohmann::json& s0) {
    const nlohmann::json* s = &s0;
    for (int guard = 0; s->is_object() && s->contains("$ref"); ++guard) {
      if (guard > 16) throw std::runtime_error("$ref chain");
      std::string ref = (*s)["$ref"].get<std::string>();
      if (ref.rfind("#/$defs/", 0) != 0) throw std::runtime_error("$ref");
      s = &root_.at("$defs").at(ref.substr(8));
    }
    if (auto it = memo_.find(s); it != memo_.end()) return it->second;
    int idx = static_cast<int>(out_.size());
    out_.emplace_back();
    memo_[s] = idx;
    if (!s->is_object()) return idx;
    Node n;
    for (const auto& [k, v] : s->items()) {
      if (k == "type") {
        n.types = 0;
        if (v.is_string()) n.types = type_bits(v.get<std::string>());
        else for (const auto& t : v) n.types |= type_bits(t.get<std::string>());
        if (!n.types) throw std::runtime_error("type");
      } else if (k == "const" || k == "enum") {
        n.has_allowed = true;
        auto add = [&](const nlohmann::json& e) {
          Scalar x;
          if (e.is_null()) x.k = Scalar::Null;
          else if (e.is_boolean()) x.k = Scalar::Bool, x.b = e.get<bool>();
          else if (e.is_number()) {
            x.k = Scalar::Num, x.d = e.get<double>();
            if (std::fabs(x.d) > 9007199254740992.0) throw std::runtime_error("big number in enum");
          } else if (e.is_string()) x.k = Scalar::Str, x.s = e.get<std::string>();
          else throw std::runtime_error("structured enum");
          n.allowed.push_back(std::move(x));
        };
        if (k == "const") add(v);
        else for (const auto& e : v) add(e);
        if (k == "const" && s->contains("enum")) throw std::runtime_error("const and enum");
      } else if (k == "format") {
        n.date = v == "date";
      } else if (k == "minLength") {
        n.min_len = v.get<std::size_t>();
      } else if (k == "maxLength") {
        n.max_len = v.get<std::size_t>();
      } else if (k == "pattern") {
        auto p = v.get<std::string>();
        n.pattern = &re_.emplace(p, std::regex(p, std::regex::ECMAScript)).first->second;
      } else if (k == "minimum") {
        n.has_min = true, n.min = v.get<double>();
      } else if (k == "maximum") {
        n.has_max = true, n.max = v.get<double>();
      } else if (k == "required") {
        for (const auto& r : v) n.required.push_back(r.get<std::string>());
      } else if (k == "properties" || k == "items" || k == "$defs") {
        // below
      } else if (k == "additionalProperties") {
        if (!(v.is_boolean() && v.get<bool>())) throw std::runtime_error("additionalProperties");
      } else if (k == "$schema" || k == "$id" || k == "$comment" || k == "title" || k == "description" ||
                 k == "examples" || k == "default" || k == "x-cfp-informational" || k == "x-cfp-decisive") {
      } else {
        throw std::runtime_error("keyword " + k);
      }
    }
    if (auto it = s->find("properties"); it != s->end())
      for (const auto& [name, sub] : it->items()) n.props[name] = compile(sub);
    if (auto it = s->find("items"); it != s->end()) n.items = compile(*it);
    out_[idx] = std::move(n);
    return idx;
  }

 private:
  const nlohmann::json& root_;
  std::vector<Node>& out_;
  std::map<std::string, std::regex>& re_;
  std::map<const nlohmann::json*, int> memo_;
};

// schema.cpp's is_date on a string_view (no allocation): YYYY-MM-DD, a real date.
bool date_ok(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  auto num = [&](int a, int n) {
    int v = 0;
    for (int i = a; i < a + n; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  int y = num(0, 4), m = num(5, 2), d = num(8, 2);
  if (m < 1 || m > 12 || d < 1) return false;
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int max = days[m - 1];
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) max = 29;
  return d <= max;
}

constexpr std::int64_t kMaxExactInt = 9007199254740992;  // 2^53: the loader rejects larger integers

}  // namespace

// ---- the loader -------------------------------------------------------------------------------

struct FastCase::Impl {
  const Catalog& cat;
  LuaHost& host;
  lua_State* L;
  bool ok = false;
  std::vector<Node> nodes;
  std::map<std::string, std::regex> regexes;
  sj::parser parser;
  int array_keys_ref = LUA_NOREF;  // registry: n -> {1..n} for n <= 64, shared by arrays (never visible to rules)
  // per load
  std::size_t values = 0;
  bool zero_float = false;
  // Objects with the same keys in the same order share one keys table (the
  // key strings come from it), across cases too: the tables are immutable
  // (values are keyed by its strings, ro_pairs reads it) and never visible
  // to rules, so sharing changes no result. The cache is bounded: it is
  // emptied before a case when it holds more than kMaxKeySets sets or
  // kMaxKeyBytes bytes of keys (one case may take it over the bounds, as
  // the per-case cache it replaces did).
  struct KeySet {
    std::vector<std::string> keys;
    int slot;  // index in the registry table key_cache_ref
  };
  static constexpr int kMaxKeySets = 4096;
  static constexpr std::size_t kMaxKeyBytes = 1u << 20;
  std::unordered_multimap<std::uint64_t, KeySet> key_sets;
  int key_cache_ref = LUA_NOREF;  // registry: slot -> keys table
  std::size_t key_bytes = 0;      // of the cached sets
  bool key_cache_reset = true;    // empty it before the next case (first use, or a failed build)
  std::vector<std::vector<std::string_view>> scratch;  // per depth, reused
  std::vector<std::vector<std::pair<std::uint64_t, std::string_view>>> scan_scratch;  // scan's, per depth
  std::vector<std::string_view>& scratch_at(int depth) {
    auto& v = scratch.at(static_cast<std::size_t>(depth));
    v.clear();
    return v;
  }
  int cache_idx = 0, next_slot = 0;
  const CaseShape* shape = nullptr;  // attach while building (load's `shape`)
  int meta_cache_idx = 0;

  Impl(const Catalog& c, LuaHost& h) : cat(c), host(h), L(h.L()) {
    try {
      std::ifstream in(cat.paths().data / "schema" / "cfpcase-1.schema.json");
      if (!in) return;
      nlohmann::json root = nlohmann::json::parse(in);
      SchemaCompiler(root, nodes, regexes).compile(root);
      for (Node& n : nodes) n.index_props();
    } catch (const std::exception&) {
      return;
    }
    // one scratch vector per nesting level, made now: push() holds references
    // into it while recursing, so it must never reallocate (scan() keeps
    // depth below max_depth)
    scratch.resize(static_cast<std::size_t>(std::max(cat.limits().max_depth, 1)) + 4);
    scan_scratch.resize(scratch.size());
    lua_newtable(L);
    array_keys_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_newtable(L);
    key_cache_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    ok = true;
  }

  // ---- checks (true = plainly valid) ----

  // One walk for both tests: the loader's limits and the Prescan rules,
  // conservatively (true = well inside), on every value; and the compiled
  // schema on the values it describes (`node` >= 0; -1 below a field the
  // schema does not describe, where only the limits apply). Any false
  // declines the case, so the order of the tests does not matter.
  bool scan(sj::element e, int depth, int node) {
    const Limits& lim = cat.limits();
    if (++values > 500'000) return false;
    using T = sj::element_type;
    const T t = e.type();
    const Node* n = node >= 0 ? &nodes[static_cast<std::size_t>(node)] : nullptr;
    if (n && !schema_scalar(*n, e, t)) return false;
    switch (t) {
      case T::ARRAY: {
        if (depth + 2 >= lim.max_depth) return false;
        const int child = n ? n->items : -1;
        for (auto v : e.get_array())
          if (!scan(v, depth + 1, child)) return false;
        return true;
      }
      case T::OBJECT: {
        if (depth + 2 >= lim.max_depth) return false;
        sj::object o = e.get_object();
        if (n)
          for (const auto& r : n->required)
            if (o.at_key(r).error()) return false;
        auto& keys = scan_scratch.at(static_cast<std::size_t>(depth));  // scan(depth + 1) uses the next one
        keys.clear();
        for (auto f : o) {
          if (f.key.size() > lim.max_string_bytes) return false;
          const std::uint64_t h = key_hash(f.key);
          if (!scan(f.value, depth + 1, n ? n->find(f.key, h) : -1)) return false;
          keys.push_back({h, f.key});
        }
        // a key twice: equal hashes, then equal strings
        if (keys.size() <= 12) {
          for (std::size_t i = 1; i < keys.size(); ++i)
            for (std::size_t j = 0; j < i; ++j)
              if (keys[i].first == keys[j].first && keys[i].second == keys[j].second) return false;
        } else if (keys.size() <= 256) {
          // a set of the key hashes (open addressing, at least twice as many
          // slots as keys): a key meets every earlier key of its hash
          std::uint16_t set[512];  // key index + 1; 0: empty
          std::size_t size = 32;
          while (size < 2 * keys.size()) size *= 2;
          std::fill_n(set, size, std::uint16_t{0});
          for (std::size_t i = 0; i < keys.size(); ++i) {
            std::size_t k = keys[i].first & (size - 1);
            for (; set[k]; k = (k + 1) & (size - 1)) {
              const auto& other = keys[set[k] - 1u];
              if (other.first == keys[i].first && other.second == keys[i].second) return false;
            }
            set[k] = static_cast<std::uint16_t>(i + 1);
          }
        } else {
          // by hash only (cheap); equal neighbours, rare, are then sorted
          // by string too, so that duplicates among equal hashes meet
          auto by_hash = [](const auto& x, const auto& y) { return x.first < y.first; };
          std::sort(keys.begin(), keys.end(), by_hash);
          auto same_hash = [](const auto& x, const auto& y) { return x.first == y.first; };
          if (std::adjacent_find(keys.begin(), keys.end(), same_hash) != keys.end()) {
            std::sort(keys.begin(), keys.end());
            if (std::adjacent_find(keys.begin(), keys.end()) != keys.end()) return false;
          }
        }
        return true;
      }
      case T::STRING:
        return std::string_view(e.get_string()).size() <= lim.max_string_bytes;
      case T::INT64: {  // integer compares: a double would round 2^53+1 down
        std::int64_t v = e.get_int64();
        return v < kMaxExactInt && v > -kMaxExactInt;
      }
      case T::UINT64:
        return false;  // beyond int64, so beyond 2^53
      case T::DOUBLE: {
        double d = e.get_double();
        if (!std::isfinite(d)) return false;
        if (d == 0) zero_float = true;
        return true;
      }
      default:
        return true;
    }
  }

  // The schema's tests of node `n` on `e` but what is below it (required
  // keys and the children are scan's): type, const/enum, and the string and
  // number constraints.
  bool schema_scalar(const Node& n, sj::element e, sj::element_type t) {
    using T = sj::element_type;
    unsigned bit = 0;
    switch (t) {
      case T::NULL_VALUE: bit = kNull; break;
      case T::BOOL: bit = kBool; break;
      case T::INT64: case T::UINT64: bit = kInt; break;
      case T::DOUBLE: bit = kFloat; break;
      case T::STRING: bit = kString; break;
      case T::ARRAY: bit = kArray; break;
      case T::OBJECT: bit = kObject; break;
    }
    if (!(n.types & bit)) return false;
    std::string_view s;  // the string, read once
    if (bit == kString) s = e.get_string();
    if (n.has_allowed) {
      bool any = false;
      for (const Scalar& a : n.allowed) {
        switch (a.k) {
          case Scalar::Null: any = bit == kNull; break;
          case Scalar::Bool: any = bit == kBool && bool(e.get_bool()) == a.b; break;
          case Scalar::Num: any = (bit == kInt || bit == kFloat) && number(e) == a.d; break;
          case Scalar::Str: any = bit == kString && s.size() == a.s.size() && s == a.s; break;
        }
        if (any) break;
      }
      if (!any) return false;
    }
    if (bit == kString) {
      if (n.date && !date_ok(s)) return false;
      if (s.size() < n.min_len || s.size() > n.max_len) return false;
      if (n.pattern && !std::regex_search(s.begin(), s.end(), *n.pattern)) return false;
    } else if (bit == kInt || bit == kFloat) {
      double d = number(e);
      if (n.has_min && d < n.min) return false;
      if (n.has_max && d > n.max) return false;
    }
    return true;
  }

  static double number(sj::element e) {
    switch (e.type()) {
      case sj::element_type::INT64: return static_cast<double>(int64_t(e.get_int64()));
      case sj::element_type::UINT64: return static_cast<double>(uint64_t(e.get_uint64()));
      default: return double(e.get_double());
    }
  }

  // ---- building the read-only tables (push_proxy: LuaHost::push_json's layout) ----

  // Pushes {1..n}; shared across cases for n up to 64 (the cache stays tiny
  // whatever arrays hostile input brings), built afresh above.
  void array_keys(int n) {
    if (n > 64) {
      lua_createtable(L, n, 0);
      for (int i = 1; i <= n; ++i) {
        lua_pushinteger(L, i);
        lua_rawseti(L, -2, i);
      }
      return;
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, array_keys_ref);
    if (lua_rawgeti(L, -1, n) == LUA_TNIL) {
      lua_pop(L, 1);
      lua_createtable(L, n, 0);
      for (int i = 1; i <= n; ++i) {
        lua_pushinteger(L, i);
        lua_rawseti(L, -2, i);
      }
      lua_pushvalue(L, -1);
      lua_rawseti(L, -3, n);
    }
    lua_remove(L, -2);
  }

  // ---- the case shape, attached while building (attach_case_shape's attach()) ----

  // attach() gives a data table of shape node `sn` (>= 0) its strict
  // metatable, then visits the table values: an element of an array node
  // gets the node's items, any other value the shape child of its (string)
  // key; a negative shape (undefined, or anything goes) is not attached, nor
  // is anything below depth 200. shape_items/shape_child/attach_meta are the
  // same decisions, made while pushing.
  int shape_items(int sn) const {
    const ShapeNode& n = shape->nodes()[static_cast<std::size_t>(sn)];
    return n.array ? n.items : -1;  // attach: integer keys of a non-array node give -1
  }
  int shape_child(int sn, std::string_view key) const {
    const ShapeNode& n = shape->nodes()[static_cast<std::size_t>(sn)];
    if (n.array) return n.items;
    int c = shape->child(sn, key);
    return c >= 0 ? c : -1;
  }
  void attach_meta(int data, int sn, int depth) {
    if (sn < 0 || depth > 200) return;
    push_shape_data_meta(L, *shape, sn, meta_cache_idx);
    lua_setmetatable(L, data);
  }

  // `sn`: the case-shape node to attach, or -1 (none)
  void push(sj::element e, int depth, int sn) {
    switch (e.type()) {
      case sj::element_type::NULL_VALUE: lua_pushnil(L); return;
      case sj::element_type::BOOL: lua_pushboolean(L, bool(e.get_bool())); return;
      case sj::element_type::INT64: lua_pushinteger(L, static_cast<lua_Integer>(int64_t(e.get_int64()))); return;
      case sj::element_type::UINT64: {
        std::uint64_t u = e.get_uint64();
        if (u <= static_cast<std::uint64_t>(std::numeric_limits<lua_Integer>::max()))
          lua_pushinteger(L, static_cast<lua_Integer>(u));
        else
          lua_pushnumber(L, static_cast<lua_Number>(u));
        return;
      }
      case sj::element_type::DOUBLE: lua_pushnumber(L, double(e.get_double())); return;
      case sj::element_type::STRING: {
        std::string_view s = e.get_string();
        lua_pushlstring(L, s.data(), s.size());
        return;
      }
      case sj::element_type::ARRAY: {
        luaL_checkstack(L, 8, "json too deep");
        sj::array a = e.get_array();
        const int n = static_cast<int>(a.size());
        lua_createtable(L, n, 0);
        int data = lua_gettop(L);
        int i = 0;
        // the elements' shape, as attach() finds it for integer keys
        const int child = sn >= 0 ? shape_items(sn) : -1;
        for (auto v : a) {
          ++i;
          push(v, depth + 1, child);
          lua_rawseti(L, data, i);
        }
        attach_meta(data, sn, depth);
        array_keys(n);
        push_proxy(L, data, data + 1, n);  // the engine's read-only layout (lua_host.cpp)
        lua_replace(L, data);
        lua_settop(L, data);
        return;
      }
      case sj::element_type::OBJECT: {
        luaL_checkstack(L, 8, "json too deep");
        sj::object o = e.get_object();
        // pass 1: the key list and its hash; objects with the same keys in
        // the same order share one keys table (the key strings come from it)
        std::uint64_t h = 1469598103934665603ULL;
        auto& keys = scratch_at(depth);
        for (auto f : o) {
          if (f.value.is_null()) continue;
          keys.push_back(f.key);
          h = (h ^ key_hash(f.key)) * 1099511628211ULL;  // order matters: xor, then multiply
        }
        int slot = 0;
        auto range = key_sets.equal_range(h);
        for (auto it = range.first; it != range.second && !slot; ++it)
          if (std::equal(it->second.keys.begin(), it->second.keys.end(), keys.begin(), keys.end(),
                         [](const std::string& a, std::string_view b) { return a == b; }))
            slot = it->second.slot;
        const int base = lua_gettop(L);
        if (slot) {
          lua_rawgeti(L, cache_idx, slot);
        } else {
          lua_createtable(L, static_cast<int>(keys.size()), 0);
          for (std::size_t k = 0; k < keys.size(); ++k) {
            lua_pushlstring(L, keys[k].data(), keys[k].size());
            lua_rawseti(L, -2, static_cast<lua_Integer>(k + 1));
          }
          slot = ++next_slot;
          lua_pushvalue(L, -1);
          lua_rawseti(L, cache_idx, slot);
          // in C++ after the Lua slot is set: an entry always names a table
          KeySet ks{std::vector<std::string>(keys.begin(), keys.end()), slot};
          for (std::string_view k : keys) key_bytes += k.size();
          key_sets.emplace(h, std::move(ks));
        }
        const int ktab = base + 1;
        // pass 2: the values, keyed by the strings of the keys table
        lua_createtable(L, 0, static_cast<int>(keys.size()));
        const int data = base + 2;
        lua_Integer i = 0;
        for (auto f : o) {
          if (f.value.is_null()) continue;
          lua_rawgeti(L, ktab, ++i);
          // a container's shape, as attach() finds it for a string key
          // (attach only descends into table values)
          int child = -1;
          if (sn >= 0 && (f.value.is_object() || f.value.is_array())) child = shape_child(sn, f.key);
          push(f.value, depth + 1, child);
          lua_rawset(L, data);
        }
        attach_meta(data, sn, depth);
        push_proxy(L, data, ktab, -1);  // at base + 3
        lua_replace(L, base + 1);
        lua_settop(L, base + 1);
        return;
      }
    }
    lua_pushnil(L);
  }

  bool load(std::string_view text, Case& meta, const CaseShape* with_shape, std::string_view sha256) {
    if (!ok) return false;
    const Limits& lim = cat.limits();
    if (text.size() > lim.max_case_bytes) return false;
    sj::element root;
    if (parser.parse(text.data(), text.size()).get(root)) return false;  // the loader reports the error
    if (!root.is_object()) return false;
    host.prof_tick("engine/case plain+check");
    values = 0;
    zero_float = false;
    if (nodes.empty() || !scan(root, 0, 0)) return false;
    // "1e-400" parses as 0 here but the loader rejects it: with a zero float
    // and any negative exponent in the text, let the loader decide.
    if (zero_float && (text.find("e-") != std::string_view::npos || text.find("E-") != std::string_view::npos))
      return false;
    sj::object o = root.get_object();
    std::string_view fmt;
    if (o["format"].get(fmt) || fmt != "cfpcase/1") return false;
    std::string_view id, stage, as_of;
    if (o["case_id"].get(id) || o["stage"].get(stage) || o["as_of"].get(as_of)) return false;
    {
      std::string_view applied;
      if (root.at_pointer("/eligibility/application_dates/applied_on").get(applied)) applied = {};
      if (!case_dates_problem(as_of, applied).empty()) return false;  // the loader reports it
    }
    meta.id.assign(id);
    meta.stage.assign(stage);
    meta.as_of.assign(as_of);
    meta.schemes.clear();
    sj::array schemes;
    if (!o["schemes"].get(schemes))
      for (auto s : schemes) {
        std::string_view v;
        if (!s.get(v)) meta.schemes.emplace_back(v);
      }
    host.prof_tick("engine/case sha");
    if (sha256.empty()) meta.sha256 = sha256_hex_fast(text);
    else meta.sha256.assign(sha256);  // the caller hashed `text` (evaluate_text)
    shape = with_shape;
    host.prof_tick("engine/case push");
    // build, in a protected call: a case too big for the state's memory is a
    // pack error (as in LuaHost::push_json), not a Lua panic
    luaL_checkstack(L, 4, "case");
    lua_pushcfunction(L, build_protected);
    lua_pushlightuserdata(L, this);
    lua_pushlightuserdata(L, &root);
    const int rc = lua_pcall(L, 2, 1, 0);
    if (rc != LUA_OK) {
      key_cache_reset = true;
      std::string msg = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "error";
      lua_pop(L, 1);
      throw PackError("engine", "", rc == LUA_ERRMEM ? "memory" : "runtime",
                      "cannot hand the data to Lua: " + (rc == LUA_ERRMEM ? std::string("memory budget exceeded") : msg));
    }
    return true;
  }

  // lua_pcall'ed by load(): arguments this Impl and the root element.
  static int build_protected(lua_State* L) {
    auto* self = static_cast<Impl*>(lua_touserdata(L, 1));
    const auto* root = static_cast<const sj::element*>(lua_touserdata(L, 2));
    lua_settop(L, 0);
    if (self->key_cache_reset || self->next_slot > kMaxKeySets || self->key_bytes > kMaxKeyBytes) {
      self->key_sets.clear();  // first, so that no entry outlives its table if what follows fails
      self->next_slot = 0;
      self->key_bytes = 0;
      lua_newtable(L);
      lua_rawseti(L, LUA_REGISTRYINDEX, self->key_cache_ref);
      self->key_cache_reset = false;
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, self->key_cache_ref);
    self->cache_idx = lua_gettop(L);
    self->meta_cache_idx = 0;
    if (self->shape) {
      begin_shape_attach(L);
      self->meta_cache_idx = lua_gettop(L);
    }
    bool failed = false;
    try {
      self->push(*root, 0, self->shape ? 0 : -1);
    } catch (const std::bad_alloc&) {  // the key-set cache; Lua's own errors (its C++ exceptions) pass through
      failed = true;
    }
    if (failed) return luaL_error(L, "not enough memory for the key cache");
    lua_replace(L, self->cache_idx);  // the case, at 1
    lua_settop(L, 1);
    return 1;
  }
};

FastCase::FastCase(const Catalog& catalog, LuaHost& host) : impl_(std::make_unique<Impl>(catalog, host)) {}
FastCase::~FastCase() = default;
bool FastCase::load(std::string_view text, Case& meta, const CaseShape* shape, std::string_view sha256) {
  return impl_->load(text, meta, shape, sha256);
}
bool FastCase::enabled() const { return impl_->ok; }

}  // namespace cfp::detail

// The cfpresult/1 text of evaluate_text, written straight from the Lua result
// tables: the bytes convert_result + dump() give, without building the
// nlohmann document first (see result_writer.hpp).
#include "result_writer.hpp"

#include <array>
#include <charconv>

namespace cfp::detail {

namespace {

// Length of the well-formed UTF-8 sequence that starts at p (n bytes left),
// or 0: overlong forms, surrogates, code points above U+10FFFF and cut
// sequences are rejected, as nlohmann's decoder (and utf8_clean) reject them.
int utf8_seq(const unsigned char* p, std::size_t n) {
  auto cont = [&](std::size_t i, unsigned char lo, unsigned char hi) { return i < n && p[i] >= lo && p[i] <= hi; };
  const unsigned char c = p[0];
  if (c >= 0xC2 && c <= 0xDF) return cont(1, 0x80, 0xBF) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF)
    return cont(1, c == 0xE0 ? 0xA0 : 0x80, c == 0xED ? 0x9F : 0xBF) && cont(2, 0x80, 0xBF) ? 3 : 0;
  if (c >= 0xF0 && c <= 0xF4)
    return cont(1, c == 0xF0 ? 0x90 : 0x80, c == 0xF4 ? 0x8F : 0xBF) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4
                                                                                                                    : 0;
  return 0;
}

// The bytes put_valid_string must look at: controls, '"', '\\' and non-ASCII.
constexpr auto kSpecial = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
  return t;
}();

}  // namespace

bool put_valid_string(std::string& out, std::string_view s) {
  const std::size_t start = out.size();
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  out.push_back('"');
  std::size_t done = 0;  // bytes of s appended so far
  for (std::size_t k = 0;;) {
    while (k < n && !kSpecial[p[k]]) ++k;  // plain ASCII
    if (k == n) break;
    const unsigned char c = p[k];
    if (c >= 0x80) {  // multi-byte characters are copied as they are
      int len = utf8_seq(p + k, n - k);
      if (len == 0) {
        out.resize(start);
        return false;
      }
      k += static_cast<std::size_t>(len);
      continue;
    }
    out.append(s.data() + done, k - done);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {  // other control characters: \u00xx, lower-case hex
        static const char hex[] = "0123456789abcdef";
        const char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        out.append(u, 6);
      }
    }
    done = ++k;
  }
  out.append(s.data() + done, n - done);
  out.push_back('"');
  return true;
}

void put_string(std::string& out, std::string_view s) {
  // Invalid UTF-8 only comes from text a rule made (string.sub cutting a
  // character, ...): nlohmann's own replacement then decides the bytes.
  if (!put_valid_string(out, s)) out += json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace);
}

void put_int(std::string& out, std::int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void put_double(std::string& out, double v) {
  char buf[64];  // the size of nlohmann's number buffer
  char* end = nlohmann::detail::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

void FindingCounts::add(std::string_view status, std::string_view severity, std::string_view party) {
  if (status == "pass") ++n[0];
  else if (status == "fail" && party == "body") ++n[8];
  else if (status == "fail") {
    ++n[1];
    if (severity == "serious") ++n[2];
    else if (severity == "general") ++n[3];
    else if (severity == "observation") ++n[4];
  } else if (status == "insufficient_data") ++n[5];
  else if (status == "not_applicable") ++n[6];
  else if (status == "info") ++n[7];
}

lua_Integer findings_length(lua_State* L, int ft, const std::string& pack, const Limits& limits) {
  const lua_Integer n = static_cast<lua_Integer>(lua_rawlen(L, ft));
  if (n > static_cast<lua_Integer>(limits.max_findings))
    throw PackError(pack, "", "output", "more findings than the limit (" + std::to_string(limits.max_findings) + ")");
  return n;
}

void write_result_head(std::string& out, const Case& c) {
  out += R"({"format":"cfpresult/1","engine":{"name":)";
  put_string(out, engine_name());
  out += R"(,"version":)";
  put_string(out, engine_version());
  out += R"(},"case":{"id":)";
  put_string(out, c.id);
  out += R"(,"sha256":)";
  put_string(out, c.sha256);
  out += R"(,"stage":)";
  put_string(out, c.stage);
  out += R"(,"as_of":)";
  put_string(out, c.as_of);
  out += R"(},"results":[)";
}

namespace {

// The value at `i` if it is a string (numbers are not coerced), else null.
void write_string_at(std::string& out, lua_State* L, int i) {
  if (lua_type(L, i) == LUA_TSTRING) {
    std::size_t n;
    const char* p = lua_tolstring(L, i, &n);
    put_string(out, {p, n});
  } else {
    out += "null";
  }
}

std::string_view string_at(lua_State* L, int i) {
  std::size_t n = 0;
  const char* p = lua_type(L, i) == LUA_TSTRING ? lua_tolstring(L, i, &n) : "";
  return {p, n};
}

// A table whose fields are read through raw_field: `t`, or, when `data`,
// the table raw_field would read them from (pushed by push_field_source),
// where a plain rawget gives raw_field's value and type.
struct Fields {
  int t;
  bool data = false;
};

int get_field(lua_State* L, Fields f, FieldKey key) {
  if (!f.data) return raw_field(L, f.t, key);
  push_field_key(L, key);
  return lua_rawget(L, f.t);
}

// Pushes the table raw_field reads the fields of the table at `t` from: a
// read-only proxy's data table, else `t` itself. A finding's dozen fields
// then cost one proxy test instead of one each.
Fields push_field_source(lua_State* L, int t) {
  t = lua_absindex(L, t);
  if (int m = proxy_meta(L, t)) {  // pushed the metatable
    push_proxy_data(L, m);
    lua_replace(L, m);
  } else {
    lua_pushvalue(L, t);
  }
  // raw_field reads a non-table as nil fields: keep reading through it then
  return lua_type(L, -1) == LUA_TTABLE ? Fields{lua_gettop(L), true} : Fields{t, false};
}

// t[key] as a string, or null (convert_result's field_string).
void write_field_string(std::string& out, lua_State* L, Fields t, FieldKey key) {
  get_field(L, t, key);
  write_string_at(out, L, -1);
  lua_pop(L, 1);
}

// t[key] converted generically, null when nil (field_json).
JsonKind write_field_json(std::string& out, LuaHost& h, Fields t, FieldKey key, const std::string& pack,
                          std::string_view rule) {
  lua_State* L = h.L();
  JsonKind k = JsonKind::null;
  if (get_field(L, t, key) == LUA_TNIL) out += "null";
  else k = h.write_json(-1, pack, rule, out);
  lua_pop(L, 1);
  return k;
}

// t[key] = { zh, en } as a bilingual object; `absent` when it is not a table
// (field_bilingual gives null, which some fields replace).
void write_field_bilingual(std::string& out, LuaHost& h, Fields t, FieldKey key, const std::string& pack,
                           std::string_view rule, const char* absent) {
  lua_State* L = h.L();
  if (get_field(L, t, key) == LUA_TTABLE) {
    int b = lua_gettop(L);
    if (!h.cached_text(b, out)) {  // a rule's (read-only) title: its text is made once per state
      const std::size_t start = out.size();
      out += R"({"zh":)";
      write_field_json(out, h, {b}, FieldKey::zh, pack, rule);
      out += R"(,"en":)";
      write_field_json(out, h, {b}, FieldKey::en, pack, rule);
      out.push_back('}');
      h.cache_text(b, std::string_view(out).substr(start));
    }
  } else {
    out += absent;
  }
  lua_pop(L, 1);
}

constexpr const char* kNoText = R"({"zh":null,"en":null})";

}  // namespace

// Mirrors convert_result (evaluator.cpp) field by field, in the same order,
// so that conversions fail the same way; values that convert_result replaces
// after converting them (decided_by that is not a list, ...) are written,
// then taken back.
std::string write_scheme_result(std::string& out, LuaHost& h, int rt, const PackInfo& p, const Limits& limits,
                                const EvalOptions& options) {
  lua_State* L = h.L();
  const std::string& id = p.id;
  const std::string where = id + "/result";
  out += R"({"scheme":)";
  put_string(out, id);
  out += R"(,"pack":{"id":)";
  put_string(out, id);
  out += R"(,"version":)";
  put_string(out, p.version);
  out += R"(,"sha256":)";
  put_string(out, p.sha256);
  out += R"(},"applicable":)";
  raw_field(L, rt, FieldKey::applicable);
  out += lua_isboolean(L, -1) ? (lua_toboolean(L, -1) ? "true" : "false") : "null";
  lua_pop(L, 1);
  out += R"(,"applicability":)";
  write_field_bilingual(out, h, {rt}, FieldKey::applicability, id, where, "null");
  out += R"(,"verdict":)";
  raw_field(L, rt, FieldKey::verdict);
  std::string verdict(string_at(L, -1));
  write_string_at(out, L, -1);
  lua_pop(L, 1);
  out += R"(,"action":)";
  write_field_string(out, L, {rt}, FieldKey::action);
  out += R"(,"native":)";
  write_field_bilingual(out, h, {rt}, FieldKey::native, id, where, "null");
  out += R"(,"grade":)";
  write_field_json(out, h, {rt}, FieldKey::grade, id, where);
  out += R"(,"grade_status":)";
  write_field_string(out, L, {rt}, FieldKey::grade_status);
  out += R"(,"decided_by":)";
  std::size_t start = out.size();
  if (write_field_json(out, h, {rt}, FieldKey::decided_by, id, where) != JsonKind::array) {
    out.resize(start);
    out += "[]";
  }
  out += R"(,"metrics":)";
  start = out.size();
  if (write_field_json(out, h, {rt}, FieldKey::metrics, id, where) != JsonKind::object) {
    out.resize(start);
    out += "{}";
  }

  out += R"(,"findings":[)";
  bool first = true;
  FindingCounts counts;
  if (raw_field(L, rt, FieldKey::findings) == LUA_TTABLE) {
    int ft = lua_gettop(L);
    const lua_Integer n = findings_length(L, ft, id, limits);
    for (lua_Integer i = 1; i <= n; ++i) {
      if (lua_rawgeti(L, ft, i) != LUA_TTABLE) {
        lua_pop(L, 1);
        continue;
      }
      const int f = lua_gettop(L);
      const Fields fs = push_field_source(L, f);  // at f + 1
      // status, rule, severity and party stay on the stack while the finding is written
      get_field(L, fs, FieldKey::status);
      const int status_i = f + 2, rule_i = f + 3, severity_i = f + 4, party_i = f + 5;
      const std::string_view st = string_at(L, status_i);
      if (options.only_problems && (st == "pass" || st == "info")) {
        counts.add(st, {}, {});  // counted by status alone (severity and party count only for fail)
        lua_settop(L, f - 1);
        continue;
      }
      get_field(L, fs, FieldKey::rule);
      get_field(L, fs, FieldKey::severity);
      get_field(L, fs, FieldKey::party);
      counts.add(st, string_at(L, severity_i), string_at(L, party_i));
      // (a view: the finding's rule string stays on the stack while it is written)
      const std::string_view rid = lua_type(L, rule_i) == LUA_TSTRING ? string_at(L, rule_i) : std::string_view(where);
      if (!first) out.push_back(',');
      first = false;
      out += R"({"rule":)";
      write_string_at(out, L, rule_i);
      out += R"(,"clause":)";
      write_field_string(out, L, fs, FieldKey::clause);
      out += R"(,"topic":)";
      write_field_string(out, L, fs, FieldKey::topic);
      out += R"(,"status":)";
      write_string_at(out, L, status_i);
      out += R"(,"severity":)";
      write_string_at(out, L, severity_i);
      out += R"(,"effect":)";
      write_field_string(out, L, fs, FieldKey::effect);
      out += R"(,"party":)";
      write_string_at(out, L, party_i);
      out += R"(,"title":)";
      write_field_bilingual(out, h, fs, FieldKey::title, id, rid, kNoText);
      out += R"(,"message":)";
      write_field_bilingual(out, h, fs, FieldKey::message, id, rid, kNoText);
      out += R"(,"evidence":)";  // a list; one value becomes a list of one
      start = out.size();
      JsonKind ev = write_field_json(out, h, fs, FieldKey::evidence, id, rid);
      if (ev == JsonKind::null || ev == JsonKind::object) {
        out.resize(start);
        out += "[]";
      } else if (ev != JsonKind::array) {
        out.insert(start, 1, '[');
        out.push_back(']');
      }
      out += R"(,"values":)";
      start = out.size();
      JsonKind vals = write_field_json(out, h, fs, FieldKey::values, id, rid);
      if (vals == JsonKind::null || (vals == JsonKind::array && out.size() - start == 2)) {  // null or []
        out.resize(start);
        out += "{}";
      }
      out.push_back('}');
      lua_settop(L, f - 1);
    }
  }
  lua_pop(L, 1);
  out += R"(],"counts":{)";
  for (std::size_t k = 0; k < std::size(FindingCounts::kNames); ++k) {
    if (k) out.push_back(',');
    out.push_back('"');
    out += FindingCounts::kNames[k];
    out += "\":";
    put_int(out, counts.n[k]);
  }
  out += "}}";
  return verdict;
}

}  // namespace cfp::detail

#include "schema.hpp"

#include "case_shape.hpp"

#include <fstream>
#include <set>

namespace cfp {

using njson = cfp::json;  // ordered, like the case documents it checks

std::string pointer_append(const std::string& ptr, const std::string& token) {
  std::string out = ptr + "/";
  for (char ch : token) {
    if (ch == '~') out += "~0";
    else if (ch == '/') out += "~1";
    else out += ch;
  }
  return out;
}

bool is_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  int y = std::stoi(s.substr(0, 4)), m = std::stoi(s.substr(5, 2)), d = std::stoi(s.substr(8, 2));
  if (m < 1 || m > 12 || d < 1) return false;
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int max = days[m - 1];
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) max = 29;
  return d <= max;
}

namespace {

const std::set<std::string> kKeywords = {
    "$schema", "$id", "$defs", "$ref", "$comment", "title", "description", "type", "properties", "required",
    "items", "enum", "const", "format", "minimum", "maximum", "minLength", "maxLength", "pattern",
    "additionalProperties", "examples", "default", "x-cfp-informational", "x-cfp-decisive"};

void audit(const njson& root, const njson& s, const std::string& where) {
  if (!s.is_object()) return;
  for (const auto& [k, v] : s.items()) {
    if (!kKeywords.count(k))
      throw PackError("data", "", "manifest", "case schema uses unsupported keyword '" + k + "' at " + where);
    if (k == "properties" || k == "$defs") {
      for (const auto& [name, sub] : v.items()) audit(root, sub, where + "/" + k + "/" + name);
    } else if (k == "items") {
      audit(root, v, where + "/items");
    } else if (k == "x-cfp-informational" && !(v.is_string() && !v.get<std::string>().empty())) {
      throw PackError("data", "", "manifest",
                      "case schema: x-cfp-informational at " + where + " must be the reason no rule needs the field");
    } else if (k == "x-cfp-decisive") {
      // at a $ref: fields of the referenced definition that are decisive here
      // although the definition marks them informational (case_shape.cpp)
      bool ok = v.is_array() && !v.empty() && s.contains("$ref") && s["$ref"].is_string();
      std::string def;
      if (ok) {
        const std::string ref = s["$ref"].get<std::string>();
        ok = ref.rfind("#/$defs/", 0) == 0 && root.contains("$defs") && root["$defs"].contains(ref.substr(8));
        if (ok) def = ref.substr(8);
      }
      for (const auto& name : ok ? v : njson::array()) {
        const njson* field = nullptr;
        if (name.is_string()) {
          const auto& d = root["$defs"][def];
          if (d.contains("properties") && d["properties"].contains(name.get<std::string>()))
            field = &d["properties"][name.get<std::string>()];
        }
        if (field == nullptr || !field->contains("x-cfp-informational")) ok = false;
      }
      if (!ok)
        throw PackError("data", "", "manifest",
                        "case schema: x-cfp-decisive at " + where +
                            " must sit beside a $ref and list fields the referenced definition marks x-cfp-informational");
    } else if (k == "additionalProperties" && !(v.is_boolean() && v.get<bool>())) {
      throw PackError("data", "", "manifest", "case schema: additionalProperties must be true (unknown fields are kept)");
    }
  }
}

std::string type_name(const cfp::json& v) {
  switch (v.type()) {
    case cfp::json::value_t::null: return "null";
    case cfp::json::value_t::boolean: return "boolean";
    case cfp::json::value_t::number_integer:
    case cfp::json::value_t::number_unsigned: return "integer";
    case cfp::json::value_t::number_float: return "number";
    case cfp::json::value_t::string: return "string";
    case cfp::json::value_t::array: return "array";
    case cfp::json::value_t::object: return "object";
    default: return "value";
  }
}

bool type_matches(const std::string& t, const cfp::json& v) {
  if (t == "null") return v.is_null();
  if (t == "boolean") return v.is_boolean();
  if (t == "integer") return v.is_number_integer();
  if (t == "number") return v.is_number();
  if (t == "string") return v.is_string();
  if (t == "array") return v.is_array();
  if (t == "object") return v.is_object();
  return false;
}

std::string shown(const cfp::json& v) {
  std::string s = v.dump(-1, ' ', false, cfp::json::error_handler_t::replace);
  if (s.size() > 60) {
    std::size_t cut = 57;  // never inside a UTF-8 sequence (continuation bytes are 10xxxxxx)
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    s = s.substr(0, cut) + "...";
  }
  return s;
}

}  // namespace

Schema Schema::from_json(njson schema) {
  audit(schema, schema, "#");
  Schema s;
  s.root_ = std::move(schema);
  s.shape_ = std::make_shared<detail::CaseShape>(s.root_);
  s.patterns_ = std::make_shared<std::map<std::string, std::regex>>();
  // compile every pattern once
  std::function<void(const njson&)> collect = [&](const njson& n) {
    if (n.is_object()) {
      if (n.contains("pattern") && n["pattern"].is_string()) {
        auto p = n["pattern"].get<std::string>();
        s.patterns_->emplace(p, std::regex(p, std::regex::ECMAScript));
      }
      for (const auto& [k, v] : n.items()) collect(v);
    } else if (n.is_array()) {
      for (const auto& v : n) collect(v);
    }
  };
  collect(s.root_);
  return s;
}

Schema Schema::load(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw PackError("data", "", "manifest", "case schema not found: " + file.string());
  try {
    return from_json(njson::parse(in));
  } catch (const njson::exception& e) {
    throw PackError("data", "", "manifest", file.string() + ": " + e.what());
  }
}

const njson& Schema::resolve(const njson& s) const {
  const njson* cur = &s;
  for (int guard = 0; guard < 16 && cur->is_object() && cur->contains("$ref"); ++guard) {
    std::string ref = (*cur)["$ref"].get<std::string>();
    const std::string prefix = "#/$defs/";
    if (ref.rfind(prefix, 0) != 0) throw PackError("data", "", "manifest", "case schema: unsupported $ref " + ref);
    cur = &root_["$defs"].at(ref.substr(prefix.size()));
  }
  return *cur;
}

void Schema::validate(const cfp::json& doc, std::vector<CaseIssue>& issues) const { check(root_, doc, "", issues, 0); }

void Schema::check(const njson& schema, const cfp::json& v, const std::string& ptr, std::vector<CaseIssue>& out,
                   int depth) const {
  if (depth > 200) return;
  const njson& s = resolve(schema);
  if (!s.is_object()) return;
  auto issue = [&](std::string expected, std::string found, std::string msg) {
    out.push_back(CaseIssue{ptr.empty() ? "" : ptr, std::move(expected), std::move(found), std::move(msg), 0, 0});
  };
  if (auto it = s.find("type"); it != s.end()) {
    bool ok = false;
    std::string expected;
    if (it->is_string()) {
      ok = type_matches(it->get<std::string>(), v);
      expected = it->get<std::string>();
    } else {
      for (const auto& t : *it) {
        ok = ok || type_matches(t.get<std::string>(), v);
        if (t != "null") expected += (expected.empty() ? "" : " or ") + t.get<std::string>();
      }
      bool nullable = std::find(it->begin(), it->end(), "null") != it->end();
      if (nullable) expected += " (or null)";
    }
    if (!ok) {
      issue(expected, type_name(v), "expected " + expected + ", found " + type_name(v));
      return;  // deeper checks would only repeat the problem
    }
  }
  if (auto it = s.find("const"); it != s.end() && v != *it) {
    issue(it->dump(), shown(v), "must be " + it->dump());
    return;
  }
  if (auto it = s.find("enum"); it != s.end()) {
    if (std::find(it->begin(), it->end(), v) == it->end()) {
      std::string list;
      for (const auto& e : *it)
        if (!e.is_null()) list += (list.empty() ? "" : ", ") + e.dump();
      issue("one of " + list, shown(v), "not an allowed value; expected one of " + list);
      return;
    }
  }
  if (v.is_string()) {
    const auto& str = v.get_ref<const std::string&>();
    if (auto it = s.find("format"); it != s.end() && *it == "date" && !is_date(str))
      issue("date YYYY-MM-DD", shown(v), "not a calendar date in the form YYYY-MM-DD");
    if (auto it = s.find("minLength"); it != s.end() && str.size() < it->get<std::size_t>())
      issue("string of at least " + it->dump() + " characters", shown(v), "string too short");
    if (auto it = s.find("maxLength"); it != s.end() && str.size() > it->get<std::size_t>())
      issue("string of at most " + it->dump() + " characters", "string of " + std::to_string(str.size()), "string too long");
    if (auto it = s.find("pattern"); it != s.end()) {
      const auto& re = patterns_->at(it->get<std::string>());
      if (!std::regex_search(str, re)) issue("string matching " + it->dump(), shown(v), "does not match the required pattern");
    }
  }
  if (v.is_number()) {
    double d = v.get<double>();
    if (auto it = s.find("minimum"); it != s.end() && d < it->get<double>())
      issue("number ≥ " + it->dump(), shown(v), "below the minimum " + it->dump());
    if (auto it = s.find("maximum"); it != s.end() && d > it->get<double>())
      issue("number ≤ " + it->dump(), shown(v), "above the maximum " + it->dump());
  }
  if (v.is_object()) {
    if (auto it = s.find("required"); it != s.end()) {
      for (const auto& r : *it) {
        const auto& name = r.get_ref<const std::string&>();
        if (!v.contains(name)) {
          out.push_back(CaseIssue{pointer_append(ptr, name), "a value", "nothing", "required field is missing", 0, 0});
        }
      }
    }
    if (auto it = s.find("properties"); it != s.end()) {
      for (const auto& [k, sub] : it->items()) {
        auto f = v.find(k);
        if (f != v.end()) check(sub, *f, pointer_append(ptr, k), out, depth + 1);
      }
    }
  }
  if (v.is_array()) {
    if (auto it = s.find("items"); it != s.end()) {
      std::size_t i = 0;
      for (const auto& e : v) check(*it, e, ptr + "/" + std::to_string(i++), out, depth + 1);
    }
  }
}

}  // namespace cfp

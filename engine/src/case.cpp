// Case loading: size, syntax (line and column), duplicate keys, depth, the
// cfpcase/1 header, then every type problem against the schema.
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "cfpcheck/cfpcheck.hpp"
#include "schema.hpp"

namespace cfp {

using njson = cfp::json;  // ordered: case objects keep their document order

// ---- errors -------------------------------------------------------------------

cfp::json CaseIssue::to_json() const {
  cfp::json j;
  j["pointer"] = pointer;
  j["expected"] = expected;
  j["found"] = found;
  j["message"] = message;
  if (line > 0) {
    j["line"] = line;
    j["column"] = column;
  }
  return j;
}

std::string CaseIssue::to_text() const {
  std::string s;
  if (line > 0) s += "line " + std::to_string(line) + ", column " + std::to_string(column) + ": ";
  if (!pointer.empty()) s += pointer + ": ";
  else if (line == 0) s += "(document): ";
  s += message;
  if (!expected.empty() && message.find("expected") == std::string::npos)
    s += " (expected " + expected + (found.empty() ? "" : ", found " + found) + ")";
  return s;
}

static std::string summarize(const std::vector<CaseIssue>& issues) {
  std::string s = "case rejected: ";
  s += std::to_string(issues.size()) + (issues.size() == 1 ? " problem" : " problems");
  if (!issues.empty()) s += "; first: " + issues.front().to_text();
  return s;
}

CaseRejected::CaseRejected(std::vector<CaseIssue> issues)
    : std::runtime_error(summarize(issues)), issues_(std::move(issues)) {}

cfp::json CaseRejected::to_json() const {
  cfp::json j;
  j["kind"] = "case";
  j["message"] = what();
  j["issues"] = cfp::json::array();
  for (const auto& i : issues_) j["issues"].push_back(i.to_json());
  return j;
}

static std::pair<std::string, int> split_location(const std::string& msg) {
  // Lua messages start with "file:line:"
  auto c1 = msg.find(':');
  if (c1 == std::string::npos) return {"", 0};
  auto c2 = msg.find(':', c1 + 1);
  if (c2 == std::string::npos) return {"", 0};
  std::string num = msg.substr(c1 + 1, c2 - c1 - 1);
  if (num.empty() || num.find_first_not_of("0123456789") != std::string::npos) return {"", 0};
  return {msg.substr(0, c1), std::stoi(num)};
}

PackError::PackError(std::string pack, std::string rule, std::string kind, std::string message)
    : std::runtime_error([&] {
        std::string s = "pack " + pack;
        if (!rule.empty()) s += ", rule " + rule;
        s += ": " + kind + " error: " + message;
        return s;
      }()),
      pack_(std::move(pack)),
      rule_(std::move(rule)),
      kind_(std::move(kind)) {
  auto [file, line] = split_location(message);
  file_ = file;
  line_ = line;
}

cfp::json PackError::to_json() const {
  cfp::json j;
  j["kind"] = "pack";
  j["pack"] = pack_;
  j["rule"] = rule_.empty() ? cfp::json(nullptr) : cfp::json(rule_);
  j["error"] = kind_;
  j["file"] = file_.empty() ? cfp::json(nullptr) : cfp::json(file_);
  j["line"] = line_ > 0 ? cfp::json(line_) : cfp::json(nullptr);
  j["message"] = what();
  return j;
}

// ---- loading ----------------------------------------------------------------------

namespace {

std::pair<int, int> line_col(std::string_view text, std::size_t byte) {
  int line = 1, col = 1;
  if (byte > text.size()) byte = text.size();
  for (std::size_t i = 0; i < byte; ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++col;  // count characters, not UTF-8 continuation bytes
    }
  }
  return {line, col};
}

std::string clean_parse_message(const std::string& what) {
  // "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error while parsing value - ..."
  auto p = what.find("error while parsing");
  std::string s = p == std::string::npos ? what : what.substr(p - 7);
  auto q = s.find(": ");
  if (s.rfind("syntax ", 0) == 0 && q != std::string::npos) return s;
  return s;
}

// nlohmann reports the byte after the offending token; officers want the
// position where the token starts (e.g. a missing comma before "as_of").
std::size_t token_start(std::string_view text, std::size_t end) {
  if (end == 0 || end > text.size()) return end;
  std::size_t i = end - 1;
  if (text[i] == '"') {
    while (i > 0) {
      --i;
      if (text[i] == '"') {
        std::size_t bs = 0;
        while (i >= bs + 1 && text[i - bs - 1] == '\\') ++bs;
        if (bs % 2 == 0) return i;
      }
    }
    return i;
  }
  auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+'; };
  if (!word(text[i])) return i;
  while (i > 0 && word(text[i - 1])) --i;
  return i;
}

}  // namespace

Case load_case(std::string_view text, const Catalog& catalog) {
  const Limits& lim = catalog.limits();
  if (text.size() > lim.max_case_bytes)
    throw CaseRejected({CaseIssue{"", "at most " + std::to_string(lim.max_case_bytes) + " bytes",
                                  std::to_string(text.size()) + " bytes", "case file too large", 0, 0}});
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    throw CaseRejected({CaseIssue{"", "a JSON object", "an empty file", "empty case file", 0, 0}});

  // Parse with a callback enforcing depth, string length and unique keys.
  std::vector<std::set<std::string>> keys;
  std::vector<std::string> path;  // pointer tokens of the open containers
  std::vector<long> index;        // next array index per open container (-1: object)
  std::vector<CaseIssue> issues;
  std::string pending_key;
  auto ptr_now = [&](const std::string* last) {
    std::string p;
    for (const auto& t : path) p = pointer_append(p, t);
    if (last) p = pointer_append(p, *last);
    return p;
  };
  njson doc;
  try {
    doc = njson::parse(
        text.begin(), text.end(),
        [&](int depth, njson::parse_event_t ev, njson& parsed) -> bool {
          using E = njson::parse_event_t;
          auto enter_value = [&]() -> std::string {
            if (!index.empty() && index.back() >= 0) return std::to_string(index.back()++);
            return pending_key;
          };
          switch (ev) {
            case E::object_start:
            case E::array_start: {
              if (depth >= lim.max_depth) {
                throw CaseRejected({CaseIssue{ptr_now(nullptr), "nesting depth at most " + std::to_string(lim.max_depth),
                                              "deeper", "JSON nested too deeply", 0, 0}});
              }
              std::string tok = keys.empty() && path.empty() && index.empty() ? std::string() : enter_value();
              if (!(keys.empty() && index.empty())) path.push_back(tok);
              index.push_back(ev == E::array_start ? 0 : -1);
              keys.emplace_back();
              break;
            }
            case E::object_end:
            case E::array_end:
              keys.pop_back();
              index.pop_back();
              if (!path.empty()) path.pop_back();
              break;
            case E::key: {
              pending_key = parsed.get<std::string>();
              if (!keys.back().insert(pending_key).second) {
                issues.push_back(CaseIssue{ptr_now(&pending_key), "unique keys", "duplicate key",
                                           "duplicate key '" + pending_key + "' (duplicate keys are rejected)", 0, 0});
              }
              break;
            }
            case E::value: {
              std::string tok = enter_value();
              if (parsed.is_string() && parsed.get_ref<const std::string&>().size() > lim.max_string_bytes) {
                issues.push_back(CaseIssue{ptr_now(&tok), "a string of at most " + std::to_string(lim.max_string_bytes) + " bytes",
                                           std::to_string(parsed.get_ref<const std::string&>().size()) + " bytes",
                                           "string too long", 0, 0});
              }
              break;
            }
          }
          return true;
        });
  } catch (const njson::parse_error& e) {
    auto [line, col] = line_col(text, token_start(text, e.byte));
    std::string msg = e.what();
    auto p = msg.find(": ");
    msg = p == std::string::npos ? msg : msg.substr(p + 2);
    throw CaseRejected({CaseIssue{"", "valid JSON", "", "JSON syntax error: " + msg, line, col}});
  } catch (const njson::out_of_range& e) {
    throw CaseRejected({CaseIssue{"", "a number in range", "", std::string("number out of range: ") + e.what(), 0, 0}});
  }
  if (!issues.empty()) throw CaseRejected(std::move(issues));

  if (!doc.is_object())
    throw CaseRejected({CaseIssue{"", "object", doc.is_array() ? "array" : "scalar", "a case file is one JSON object", 0, 0}});
  auto fmt = doc.find("format");
  if (fmt == doc.end())
    throw CaseRejected({CaseIssue{"/format", "\"cfpcase/1\"", "nothing", "missing `format`: a case file starts with \"format\": \"cfpcase/1\"", 0, 0}});
  if (*fmt != "cfpcase/1")
    throw CaseRejected({CaseIssue{"/format", "\"cfpcase/1\"", fmt->dump(), "not a cfpcase/1 file", 0, 0}});

  catalog.schema().validate(doc, issues);
  if (!issues.empty()) throw CaseRejected(std::move(issues));

  Case c;
  c.sha256 = sha256_hex(text);
  c.id = doc["case_id"].get<std::string>();
  c.stage = doc["stage"].get<std::string>();
  c.as_of = doc["as_of"].get<std::string>();
  if (auto s = doc.find("schemes"); s != doc.end() && s->is_array())
    for (const auto& x : *s)
      if (x.is_string()) c.schemes.push_back(x.get<std::string>());
  c.doc = std::move(doc);
  return c;
}

Case load_case_file(const std::filesystem::path& file, const Catalog& catalog) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw CaseRejected({CaseIssue{"", "a readable file", file.string(), "cannot read case file " + file.string(), 0, 0}});
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return load_case(text, catalog);
}

}  // namespace cfp

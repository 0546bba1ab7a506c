// Case loading: size, syntax (line and column), duplicate keys, depth, the
// cfpcase/1 header, then every type problem against the schema.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <limits>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "cfpcheck/cfpcheck.hpp"
#include "schema.hpp"

namespace cfp {

using njson = cfp::json;  // ordered: case objects keep their document order

// ---- errors -------------------------------------------------------------------

namespace {
// Messages quote case text (a value cut at 60 bytes may end inside a UTF-8
// sequence; a file may not be UTF-8 at all). JSON output must stay valid
// UTF-8, so every invalid or truncated sequence becomes U+FFFD.
std::string utf8_clean(const std::string& in) {
  std::string out;
  out.reserve(in.size());
  const auto* s = reinterpret_cast<const unsigned char*>(in.data());
  const std::size_t n = in.size();
  for (std::size_t k = 0; k < n;) {
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
      out.append(in, k, static_cast<std::size_t>(len));
      k += static_cast<std::size_t>(len);
    } else {
      out += "\xEF\xBF\xBD";
      ++k;
    }
  }
  return out;
}
}  // namespace

cfp::json CaseIssue::to_json() const {
  cfp::json j;
  j["pointer"] = utf8_clean(pointer);
  j["expected"] = utf8_clean(expected);
  j["found"] = utf8_clean(found);
  j["message"] = utf8_clean(message);
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
  return utf8_clean(s);
}

static std::string summarize(const std::vector<CaseIssue>& issues) {
  std::string s = "case rejected: ";
  s += std::to_string(issues.size()) + (issues.size() == 1 ? " problem" : " problems");
  if (!issues.empty()) s += "; first: " + issues.front().to_text();
  return s;
}

CaseRejected::CaseRejected(std::vector<CaseIssue> issues)
    : std::runtime_error(utf8_clean(summarize(issues))), issues_(std::move(issues)) {}

cfp::json CaseRejected::to_json() const {
  cfp::json j;
  j["kind"] = "case";
  j["message"] = utf8_clean(what());
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
    // a line ends at LF, CR LF or a lone CR (old Mac files)
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
      ++line;
      col = 1;
    } else if (text[i] == '\r') {
      // the CR of CR LF: the LF ends the line
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++col;  // count characters, not UTF-8 continuation bytes
    }
  }
  return {line, col};
}

// The non-ASCII character the parser stopped at (its byte offset and a
// description), if the byte it reports is part of one.
std::optional<std::pair<std::size_t, std::string>> non_ascii_at(std::string_view text, std::size_t byte) {
  if (byte == 0 || byte > text.size()) return std::nullopt;
  std::size_t i = byte - 1, lead = std::string_view::npos;
  for (std::size_t back = 0; back < 4; ++back) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) break;
    if (c >= 0xC0) { lead = i; break; }
    if (i == 0) break;
    --i;
  }
  if (lead == std::string_view::npos) return std::nullopt;
  unsigned char c = static_cast<unsigned char>(text[lead]);
  int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
  if (lead + static_cast<std::size_t>(n) > text.size()) return std::nullopt;
  std::uint32_t cp = n == 2 ? (c & 0x1Fu) : n == 3 ? (c & 0x0Fu) : (c & 0x07u);
  for (int k = 1; k < n; ++k) {
    unsigned char d = static_cast<unsigned char>(text[lead + static_cast<std::size_t>(k)]);
    if ((d & 0xC0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (d & 0x3Fu);
  }
  struct Twin { std::uint32_t cp; const char* name; const char* ascii; };
  static const Twin twins[] = {
      {0xFF0C, "FULLWIDTH COMMA", ","},       {0x3001, "IDEOGRAPHIC COMMA", ","},
      {0xFF1A, "FULLWIDTH COLON", ":"},       {0x201C, "LEFT DOUBLE QUOTATION MARK", "\""},
      {0x201D, "RIGHT DOUBLE QUOTATION MARK", "\""}, {0xFF02, "FULLWIDTH QUOTATION MARK", "\""},
      {0xFF5B, "FULLWIDTH LEFT CURLY BRACKET", "{"}, {0xFF5D, "FULLWIDTH RIGHT CURLY BRACKET", "}"},
      {0xFF3B, "FULLWIDTH LEFT SQUARE BRACKET", "["}, {0xFF3D, "FULLWIDTH RIGHT SQUARE BRACKET", "]"},
      {0x3000, "IDEOGRAPHIC SPACE", " "},     {0xFF1B, "FULLWIDTH SEMICOLON", ","},
      {0x00A0, "NO-BREAK SPACE", " "},        {0xFEFF, "ZERO WIDTH NO-BREAK SPACE (BOM)", " "}};
  char hex[16];
  std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(cp));
  std::string what = std::string("unexpected character ") + hex + " '" + std::string(text.substr(lead, static_cast<std::size_t>(n))) + "'";
  for (const auto& t : twins)
    if (t.cp == cp) {
      what += std::string(" (") + t.name + "): JSON needs the ASCII '" + t.ascii + "' here (a Chinese input method types the full-width one)";
      return std::make_pair(lead, what);
    }
  what += ": outside a string, JSON allows only ASCII punctuation, digits, true, false and null";
  return std::make_pair(lead, what);
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

// ---- strict pre-scan -----------------------------------------------------------
// nlohmann/json accepts (or silently converts) several things a case file must
// not contain: duplicate keys (the last one wins), integers beyond 2^53 (they
// become doubles or unsigned values that Lua rounds), 1e400 (an exception
// without a position). This single pass over the bytes checks, with line and
// column: the UTF-8 encoding, a BOM, the nesting depth, string lengths, the
// number of values, duplicate keys, NaN/Infinity, number range and exactness,
// and trailing content. It is iterative (no recursion on nesting). Syntax
// errors it does not classify are left to nlohmann's parser, which reports
// them with a position.

constexpr std::size_t kMaxValues = 1'000'000;            // JSON values in one case

class Prescan {
 public:
  Prescan(std::string_view t, const Limits& l) : t_(t), lim_(l) {}

  // Locate mode, for issues found after parsing (schema types, required
  // fields, dates): the byte offset of the value at JSON Pointer `want` in a
  // text that already passed run(), or of the innermost value on its path
  // that exists (a missing field: the object that lacks it).
  std::size_t locate(const std::string& want) {
    want_ = &want;
    found_ = 0;
    value_seq();
    return found_;
  }

  // Throws CaseRejected on the first problem found; returns normally when the
  // text is clean or has a syntax error for the parser to report.
  void run() {
    if (t_.size() >= 3 && static_cast<unsigned char>(t_[0]) == 0xEF && static_cast<unsigned char>(t_[1]) == 0xBB &&
        static_cast<unsigned char>(t_[2]) == 0xBF)
      fail(0, "", "UTF-8 without a byte order mark", "a BOM (EF BB BF)",
           "the file starts with a byte order mark (BOM); save it as UTF-8 without BOM");
    check_utf8();
    if (!value_seq()) return;  // syntax error: the parser reports it
    skip_ws();
    if (i_ < t_.size())
      fail(i_, "", "end of file", describe_at(i_), "unexpected content after the JSON document (trailing garbage)");
  }

 private:
  std::string_view t_;
  const Limits& lim_;
  std::size_t i_ = 0;
  std::size_t values_ = 0;
  struct Frame {
    bool object;
    long index = 0;
    std::set<std::string> keys;
    std::string token;          // pointer token of this container in its parent
    std::string token_pending;  // objects: the key of the value being read
  };
  std::vector<Frame> stack_;
  const std::string* want_ = nullptr;  // locate mode
  std::size_t found_ = 0;

  [[noreturn]] void fail(std::size_t at, std::string pointer, std::string expected, std::string found, std::string msg) {
    auto [line, col] = line_col(t_, at);
    throw CaseRejected({CaseIssue{std::move(pointer), std::move(expected), std::move(found), std::move(msg), line, col}});
  }

  std::string describe_at(std::size_t at) const {
    std::string s(t_.substr(at, 12));
    for (char& ch : s)
      if (static_cast<unsigned char>(ch) < 0x20 || static_cast<unsigned char>(ch) >= 0x80) ch = '?';
    return "'" + s + (t_.size() - at > 12 ? "...'" : "'");
  }

  std::string pointer(const std::string* last = nullptr) const {
    std::string p;
    for (std::size_t k = 1; k < stack_.size(); ++k) p = pointer_append(p, stack_[k].token);
    if (last) p = pointer_append(p, *last);
    return p;
  }

  void check_utf8() {
    const auto* s = reinterpret_cast<const unsigned char*>(t_.data());
    const std::size_t n = t_.size();
    for (std::size_t k = 0; k < n;) {
      unsigned char c = s[k];
      if (c < 0x80) { ++k; continue; }
      int len = 0;
      unsigned cp = 0;
      if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
      else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
      else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
      bool ok = len > 0 && k + len <= n;
      for (int m = 1; ok && m < len; ++m) {
        if ((s[k + m] & 0xC0) != 0x80) ok = false;
        else cp = (cp << 6) | (s[k + m] & 0x3F);
      }
      if (ok && len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ok = false;  // overlong, surrogate
      if (ok && len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ok = false;
      if (!ok) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", c);
        fail(k, "", "UTF-8 text", std::string("byte ") + hex, std::string("invalid UTF-8 (byte ") + hex + "); case files are UTF-8");
      }
      k += static_cast<std::size_t>(len);
    }
  }

  void skip_ws() {
    while (i_ < t_.size() && (t_[i_] == ' ' || t_[i_] == '\t' || t_[i_] == '\n' || t_[i_] == '\r')) ++i_;
  }

  // The token for the value about to start in the current container.
  std::string enter_token() {
    if (stack_.empty()) return {};
    Frame& f = stack_.back();
    if (!f.object) return std::to_string(f.index++);
    return f.token_pending;
  }

  bool count_value(std::size_t at, const std::string& ptr) {
    if (++values_ > kMaxValues)
      fail(at, ptr, "at most " + std::to_string(kMaxValues) + " JSON values", "more", "case file has too many values");
    return true;
  }

  // Reads a JSON string at i_ (on the opening quote). Returns false on a
  // syntax problem. `decoded` receives the value when asked (keys).
  bool string(std::string* decoded, std::size_t& raw_len) {
    std::size_t start = ++i_;
    while (i_ < t_.size()) {
      char c = t_[i_];
      if (c == '"') {
        raw_len = i_ - start;
        ++i_;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) return false;
      if (c == '\\') {
        if (i_ + 1 >= t_.size()) return false;
        char e = t_[i_ + 1];
        if (e == 'u') {
          if (i_ + 6 > t_.size()) return false;
          unsigned cp = 0;
          for (int k = 2; k < 6; ++k) {
            char h = t_[i_ + k];
            if (!std::isxdigit(static_cast<unsigned char>(h))) return false;
            cp = cp * 16 + static_cast<unsigned>(std::isdigit(static_cast<unsigned char>(h)) ? h - '0' : (std::tolower(h) - 'a' + 10));
          }
          i_ += 6;
          if (cp >= 0xD800 && cp <= 0xDBFF) {  // high surrogate: a low one must follow
            if (i_ + 6 > t_.size() || t_[i_] != '\\' || t_[i_ + 1] != 'u') return false;
            unsigned lo = 0;
            for (int k = 2; k < 6; ++k) {
              char h = t_[i_ + k];
              if (!std::isxdigit(static_cast<unsigned char>(h))) return false;
              lo = lo * 16 + static_cast<unsigned>(std::isdigit(static_cast<unsigned char>(h)) ? h - '0' : (std::tolower(h) - 'a' + 10));
            }
            if (lo < 0xDC00 || lo > 0xDFFF) return false;
            i_ += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return false;
          }
          if (decoded) append_utf8(*decoded, cp);
          continue;
        }
        static const std::string_view simple = "\"\\/bfnrt";
        static const char out[] = "\"\\/\b\f\n\r\t";
        auto pos = simple.find(e);
        if (pos == std::string_view::npos) return false;
        if (decoded) decoded->push_back(out[pos]);
        i_ += 2;
        continue;
      }
      if (decoded) decoded->push_back(c);
      ++i_;
    }
    return false;
  }

  static void append_utf8(std::string& s, unsigned cp) {
    if (cp < 0x80) s.push_back(static_cast<char>(cp));
    else if (cp < 0x800) { s.push_back(static_cast<char>(0xC0 | (cp >> 6))); s.push_back(static_cast<char>(0x80 | (cp & 0x3F))); }
    else if (cp < 0x10000) {
      s.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      s.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      s.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  static bool beyond_2_53(const std::string& tok) {
    std::string_view digits(tok);
    if (!digits.empty() && digits[0] == '-') digits.remove_prefix(1);
    constexpr std::string_view max = "9007199254740992";
    if (digits.size() != max.size()) return digits.size() > max.size();
    return digits > max;
  }

  bool number(const std::string& ptr) {
    std::size_t start = i_;
    if (t_[i_] == '-') ++i_;
    if (i_ < t_.size() && (t_.substr(i_, 8) == "Infinity" || t_.substr(i_, 3) == "inf"))
      fail(start, ptr, "a finite number", "Infinity", "Infinity is not a JSON number");
    if (i_ >= t_.size() || !std::isdigit(static_cast<unsigned char>(t_[i_]))) return false;
    if (t_[i_] == '0' && i_ + 1 < t_.size() && std::isdigit(static_cast<unsigned char>(t_[i_ + 1]))) return false;
    while (i_ < t_.size() && std::isdigit(static_cast<unsigned char>(t_[i_]))) ++i_;
    bool is_float = false;
    if (i_ < t_.size() && t_[i_] == '.') {
      is_float = true;
      ++i_;
      if (i_ >= t_.size() || !std::isdigit(static_cast<unsigned char>(t_[i_]))) return false;
      while (i_ < t_.size() && std::isdigit(static_cast<unsigned char>(t_[i_]))) ++i_;
    }
    if (i_ < t_.size() && (t_[i_] == 'e' || t_[i_] == 'E')) {
      is_float = true;
      ++i_;
      if (i_ < t_.size() && (t_[i_] == '+' || t_[i_] == '-')) ++i_;
      if (i_ >= t_.size() || !std::isdigit(static_cast<unsigned char>(t_[i_]))) return false;
      while (i_ < t_.size() && std::isdigit(static_cast<unsigned char>(t_[i_]))) ++i_;
    }
    std::string tok(t_.substr(start, i_ - start));
    errno = 0;
    double d = std::strtod(tok.c_str(), nullptr);
    if (!std::isfinite(d))
      fail(start, ptr, "a number within ±1.7976931348623157e308", tok, "number out of range: " + tok);
    if (is_float) {
      bool nonzero_mantissa = false;
      for (char c : tok) {
        if (c == 'e' || c == 'E') break;
        if (c >= '1' && c <= '9') nonzero_mantissa = true;
      }
      if (d == 0 && nonzero_mantissa)
        fail(start, ptr, "a number that is not rounded to 0", tok, "number too small to represent (it would become 0): " + tok);
    } else if (beyond_2_53(tok)) {
      fail(start, ptr, "an integer within ±9007199254740992 (2^53)", tok,
           "integer " + tok + " cannot be represented exactly (beyond 2^53); it would be rounded. "
           "Write it as a string if it is an identifier");
    }
    return true;
  }

  // Scans one complete value (iteratively). Returns false on a syntax problem.
  bool value_seq() {
    skip_ws();
    if (i_ >= t_.size()) return false;
    for (;;) {
      // at the start of a value
      skip_ws();
      if (i_ >= t_.size()) return false;
      std::string tok = enter_token();
      std::string ptr = stack_.empty() ? std::string() : pointer(&tok);
      if (want_ && want_->compare(0, ptr.size(), ptr) == 0 && (want_->size() == ptr.size() || (*want_)[ptr.size()] == '/'))
        found_ = i_;  // on the path to the wanted value: the deepest one is visited last
      count_value(i_, ptr);
      char c = t_[i_];
      if (c == '{' || c == '[') {
        if (static_cast<int>(stack_.size()) >= lim_.max_depth)
          fail(i_, ptr, "nesting depth at most " + std::to_string(lim_.max_depth), "deeper",
               "JSON nested too deeply (more than " + std::to_string(lim_.max_depth) + " levels)");
        stack_.push_back(Frame{c == '{', 0, {}, tok, {}});
        ++i_;
        skip_ws();
        if (i_ < t_.size() && t_[i_] == (c == '{' ? '}' : ']')) {
          ++i_;
          stack_.pop_back();
        } else if (c == '{') {
          if (!key()) return false;
          continue;
        } else {
          continue;
        }
      } else if (c == '"') {
        std::size_t len = 0;
        std::size_t at = i_;
        if (!string(nullptr, len)) return false;
        if (len > lim_.max_string_bytes)
          fail(at, ptr, "a string of at most " + std::to_string(lim_.max_string_bytes) + " bytes",
               std::to_string(len) + " bytes", "string too long");
      } else if (c == '-' || std::isdigit(static_cast<unsigned char>(c)) || c == 'I' || c == 'i') {
        if (c == 'I' || c == 'i') {
          if (t_.substr(i_, 8) == "Infinity" || t_.substr(i_, 3) == "inf")
            fail(i_, ptr, "a finite number", "Infinity", "Infinity is not a JSON number");
          return false;
        }
        if (!number(ptr)) return false;
      } else if (c == 'N' || c == 'n') {
        if (t_.substr(i_, 3) == "NaN" || t_.substr(i_, 3) == "nan")
          fail(i_, ptr, "a number", "NaN", "NaN is not a JSON number");
        if (t_.substr(i_, 4) != "null") return false;
        i_ += 4;
      } else if (t_.substr(i_, 4) == "true") {
        i_ += 4;
      } else if (t_.substr(i_, 5) == "false") {
        i_ += 5;
      } else {
        return false;
      }
      // after a value: close containers or move to the next element
      for (;;) {
        if (stack_.empty()) return true;
        skip_ws();
        if (i_ >= t_.size()) return false;
        Frame& f = stack_.back();
        char d = t_[i_];
        if (d == ',') {
          ++i_;
          if (f.object && !key()) return false;
          break;
        }
        if (d == (f.object ? '}' : ']')) {
          ++i_;
          stack_.pop_back();
          continue;
        }
        return false;
      }
    }
  }

  // Reads `"key" :` in the current object; checks for duplicates.
  bool key() {
    skip_ws();
    if (i_ >= t_.size() || t_[i_] != '"') return false;
    std::size_t at = i_, len = 0;
    std::string k;
    if (!string(&k, len)) return false;
    if (len > lim_.max_string_bytes) return false;
    skip_ws();
    if (i_ >= t_.size() || t_[i_] != ':') return false;
    ++i_;
    Frame& f = stack_.back();
    if (!f.keys.insert(k).second)
      fail(at, pointer(&k), "unique keys", "duplicate key",
           "duplicate key '" + k + "' (duplicate keys are rejected: which value was meant is unknown)");
    f.token_pending = k;
    return true;
  }
};

// Builds the ordered document in linear time. nlohmann's own parser inserts
// each member of an ordered_json object with a linear scan for an equal key
// (quadratic: one object of 160 000 keys took 17 s); the pre-scan has
// already rejected duplicate keys, so members are appended as they come.
class LinearDom {
 public:
  explicit LinearDom(njson& root) : root_(root) {}
  bool null() { return put(nullptr); }
  bool boolean(bool v) { return put(v); }
  bool number_integer(njson::number_integer_t v) { return put(v); }
  bool number_unsigned(njson::number_unsigned_t v) { return put(v); }
  bool number_float(njson::number_float_t v, const std::string&) { return put(v); }
  bool string(njson::string_t& v) { return put(std::move(v)); }
  bool binary(njson::binary_t& v) { return put(njson::binary(std::move(v))); }
  bool start_object(std::size_t) {
    njson* v = place(njson::value_t::object);
    stack_.push_back(v);
    return true;
  }
  bool key(njson::string_t& k) {
    auto& obj = stack_.back()->get_ref<njson::object_t&>();
    obj.njson::object_t::Container::emplace_back(std::move(k), nullptr);
    member_ = &obj.back().second;
    return true;
  }
  bool end_object() {
    stack_.pop_back();
    return true;
  }
  bool start_array(std::size_t) {
    njson* v = place(njson::value_t::array);
    stack_.push_back(v);
    return true;
  }
  bool end_array() {
    stack_.pop_back();
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) {
    error_position = position;
    error_message = ex.what();
    return false;
  }
  std::size_t error_position = 0;
  std::string error_message;

 private:
  njson& root_;
  std::vector<njson*> stack_;
  njson* member_ = nullptr;
  template <class V>
  bool put(V&& v) {
    place(njson(std::forward<V>(v)));
    return true;
  }
  njson* place(njson v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    njson* top = stack_.back();
    if (top->is_array()) {
      auto& arr = top->get_ref<njson::array_t&>();
      arr.push_back(std::move(v));
      return &arr.back();
    }
    *member_ = std::move(v);
    return member_;
  }
};

}  // namespace

std::string case_dates_problem(std::string_view as_of, std::string_view applied_on) {
  if (as_of < kFirstAsOf || as_of > kLastAsOf)
    return "as_of " + std::string(as_of) + " is outside " + kFirstAsOf + " .. " + kLastAsOf +
           " (the evaluation date of a case under rules in force today)";
  if (!applied_on.empty() && applied_on > as_of)
    return "as_of " + std::string(as_of) + " is before the application date " + std::string(applied_on) +
           " (eligibility.application_dates.applied_on): a case is evaluated on or after it is applied for";
  return {};
}

// Gives every issue that names a pointer but no position the line and column
// of its value (or of the object that lacks it).
static void place_issues(std::string_view text, const Limits& lim, std::vector<CaseIssue>& issues) {
  for (auto& is : issues) {
    if (is.line > 0) continue;
    auto [line, col] = line_col(text, Prescan(text, lim).locate(is.pointer));
    is.line = line;
    is.column = col;
  }
}

// One issue, placed, as the exception to throw.
static CaseRejected placed(std::string_view text, const Limits& lim, CaseIssue is) {
  std::vector<CaseIssue> v{std::move(is)};
  place_issues(text, lim, v);
  return CaseRejected(std::move(v));
}

Case load_case(std::string_view text, const Catalog& catalog) {
  const Limits& lim = catalog.limits();
  if (text.size() > lim.max_case_bytes)
    throw CaseRejected({CaseIssue{"", "at most " + std::to_string(lim.max_case_bytes) + " bytes",
                                  std::to_string(text.size()) + " bytes", "case file too large", 0, 0}});
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    throw CaseRejected({CaseIssue{"", "a JSON object", "an empty file", "empty case file", 0, 0}});

  Prescan(text, lim).run();

  std::vector<CaseIssue> issues;
  njson doc;
  LinearDom dom(doc);
  bool parsed = false;
  try {
    parsed = njson::sax_parse(text.begin(), text.end(), &dom);
  } catch (const njson::exception& e) {
    throw CaseRejected({CaseIssue{"", "valid JSON", "", std::string("JSON error: ") + e.what(), 0, 0}});
  }
  if (!parsed) {
    // A non-ASCII character where JSON wants punctuation (a full-width comma
    // typed with a Chinese input method): name it, and its ASCII twin.
    if (auto bad = non_ascii_at(text, dom.error_position)) {
      auto [bline, bcol] = line_col(text, bad->first);
      throw CaseRejected({CaseIssue{"", "valid JSON", bad->second, "JSON syntax error: " + bad->second, bline, bcol}});
    }
    auto [line, col] = line_col(text, token_start(text, dom.error_position));
    std::string msg = dom.error_message;
    auto p = msg.find(": ");
    msg = p == std::string::npos ? msg : msg.substr(p + 2);
    throw CaseRejected({CaseIssue{"", "valid JSON", "", "JSON syntax error: " + msg, line, col}});
  }

  if (!doc.is_object())
    throw CaseRejected({CaseIssue{"", "object", doc.is_array() ? "array" : "scalar", "a case file is one JSON object", 0, 0}});
  auto fmt = doc.find("format");
  if (fmt == doc.end())
    throw placed(text, lim, CaseIssue{"/format", "\"cfpcase/1\"", "nothing", "missing `format`: a case file starts with \"format\": \"cfpcase/1\"", 0, 0});
  if (*fmt != "cfpcase/1")
    throw placed(text, lim, CaseIssue{"/format", "\"cfpcase/1\"", fmt->dump(), "not a cfpcase/1 file", 0, 0});

  catalog.schema().validate(doc, issues);
  if (!issues.empty()) {
    place_issues(text, lim, issues);
    throw CaseRejected(std::move(issues));
  }
  {
    // Dates the schema's "date" format cannot judge: an evaluation date
    // outside the range any rule document covers, and one before the
    // application it evaluates (every "within N months" would be negative).
    const std::string as_of = doc["as_of"].get<std::string>();
    std::string applied;
    if (auto e = doc.find("eligibility"); e != doc.end() && e->is_object())
      if (auto a = e->find("application_dates"); a != e->end() && a->is_object())
        if (auto p = a->find("applied_on"); p != a->end() && p->is_string()) applied = p->get<std::string>();
    if (std::string why = case_dates_problem(as_of, applied); !why.empty()) {
      const bool range = applied.empty() || as_of < kFirstAsOf || as_of > kLastAsOf;
      throw placed(text, lim, CaseIssue{range ? "/as_of" : "/eligibility/application_dates/applied_on",
                                    range ? std::string("a date from ") + kFirstAsOf + " to " + kLastAsOf : "a date on or before as_of (" + as_of + ")",
                                    range ? as_of : applied, why, 0, 0});
    }
  }

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

bool read_regular_file(const std::filesystem::path& file, std::size_t limit, std::string& out, std::string& why) {
  out.clear();
  // O_NONBLOCK: opening a FIFO must not wait for a writer
  int fd = ::open(file.c_str(), O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    why = std::string("cannot open: ") + std::strerror(errno);
    return false;
  }
  struct stat st{};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    why = "not a regular file";
    return false;
  }
  const std::size_t want = limit == std::numeric_limits<std::size_t>::max() ? limit : limit + 1;
  std::size_t expect = std::min<std::size_t>(static_cast<std::size_t>(st.st_size), want);
  out.reserve(expect);
  char buf[1 << 16];
  while (out.size() < want) {
    ssize_t n = ::read(fd, buf, std::min(sizeof buf, want - out.size()));
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      why = std::string("cannot read: ") + std::strerror(errno);
      ::close(fd);
      return false;
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return true;
}

Case load_case_file(const std::filesystem::path& file, const Catalog& catalog) {
  std::string text, why;
  if (!read_regular_file(file, catalog.limits().max_case_bytes, text, why))
    throw CaseRejected({CaseIssue{"", "a readable regular file", file.string(),
                                  "cannot read case file " + file.string() + ": " + why, 0, 0}});
  return load_case(text, catalog);
}

}  // namespace cfp

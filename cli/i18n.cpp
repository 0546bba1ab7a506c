// Messages of the command line in English or Simplified Chinese (cli/i18n.hpp).
// The engine speaks English; its messages are rewritten here phrase by phrase
// with a table of patterns (English → Chinese). Terms follow docs/glossary.md.
#include "i18n.hpp"

#include <cstdlib>
#include <functional>
#include <regex>

namespace po = boost::program_options;

namespace cfpcli {
namespace {

std::string g_lang = "en";

struct Rule {
  std::regex re;
  std::function<std::string(const std::smatch&)> to;
};

Rule P(const char* re, const char* fmt) {
  std::string f = fmt;
  return Rule{std::regex(re), [f](const std::smatch& m) { return m.format(f); }};
}
Rule P(const char* re, std::function<std::string(const std::smatch&)> to) { return Rule{std::regex(re), std::move(to)}; }

std::string replace_all(const std::string& s, const Rule& r) {
  std::string out;
  auto begin = s.cbegin();
  std::smatch m;
  auto flags = std::regex_constants::match_default;
  while (begin != s.cend() && std::regex_search(begin, s.cend(), m, r.re, flags)) {
    out.append(begin, m[0].first);
    out += r.to(m);
    begin = m[0].second;
    if (m[0].length() == 0) out += *begin++;
    flags = std::regex_constants::match_prev_avail;
  }
  out.append(begin, s.cend());
  return out;
}

// Type names and small value phrases, inside `expected ...` / `found ...`.
std::string types(std::string s) {
  static const std::vector<Rule> rules = {
      P(R"(\s?\(or null\))", "（或 null）"),
      P(R"(\bstring\b)", "字符串"),
      P(R"(\binteger\b)", "整数"),
      P(R"(\bnumber\b)", "数值"),
      P(R"(\bobject\b)", "对象"),
      P(R"(\barray\b)", "数组"),
      P(R"(\bboolean\b)", "布尔值"),
      P(R"(\bscalar\b)", "标量"),
      P(R"( or )", " 或 "),
  };
  for (const auto& r : rules) s = replace_all(s, r);
  return s;
}

std::string tr_engine_text(const std::string& s);

// The `expected` and `found` parts of a case problem.
std::string tr_value_phrase(const std::string& s) {
  static const std::vector<Rule> rules = {
      P(R"(^a value$)", "一个值"),
      P(R"(^nothing$)", "无（缺失）"),
      P(R"(^one of (.+)$)", "以下之一：$1"),
      P(R"(^date YYYY-MM-DD$)", "YYYY-MM-DD 格式的日期"),
      P(R"(^string of at least (\d+) characters$)", "至少 $1 个字符的字符串"),
      P(R"(^string of at most (\d+) characters$)", "至多 $1 个字符的字符串"),
      P(R"(^string of (\d+)$)", "长度为 $1 的字符串"),
      P(R"(^string matching (.+)$)", "符合 $1 的字符串"),
      P(R"(^number (≥|≤) (.+)$)", "$1 $2 的数值"),
      P(R"(^valid JSON$)", "合法的 JSON"),
      P(R"(^a JSON object$)", "一个 JSON 对象"),
      P(R"(^an empty file$)", "空文件"),
      P(R"(^an empty line$)", "空行"),
      P(R"(^one case \(a JSON object\) per line$)", "每行一个案例（一个 JSON 对象）"),
      P(R"(^at most (\d+) bytes$)", "至多 $1 字节"),
      P(R"(^(\d+) bytes$)", "$1 字节"),
      P(R"(^a readable regular file$)", "可读的普通文件"),
      P(R"(^an installed scheme \((.*)\)$)", "已安装的认证方案（$1）"),
      P(R"(^a date from (\S+) to (\S+)$)", "$1 至 $2 之间的日期"),
      P(R"(^a date on or before as_of \((.*)\)$)", "不晚于 as_of（$1）的日期"),
      P(R"(^UTF-8 without a byte order mark$)", "不带字节顺序标记（BOM）的 UTF-8"),
      P(R"(^a BOM \(EF BB BF\)$)", "BOM（EF BB BF）"),
      P(R"(^end of file$)", "文件结束"),
      P(R"(^UTF-8 text$)", "UTF-8 文本"),
      P(R"(^byte (\S+)$)", "字节 $1"),
      P(R"(^at most (\d+) JSON values$)", "至多 $1 个 JSON 值"),
      P(R"(^more$)", "更多"),
      P(R"(^deeper$)", "更深"),
      P(R"(^a finite number$)", "有限的数值"),
      P(R"(^a number within (.+)$)", "$1 以内的数值"),
      P(R"(^a number that is not rounded to 0$)", "不会被舍入为 0 的数值"),
      P(R"(^an integer within (\S+) \(2\^53\)$)", "$1（2^53）以内的整数"),
      P(R"(^nesting depth at most (\d+)$)", "嵌套深度至多 $1 层"),
      P(R"(^a string of at most (\d+) bytes$)", "至多 $1 字节的字符串"),
      P(R"(^unique keys$)", "不重复的键"),
      P(R"(^duplicate key$)", "重复的键"),
      P(R"(^a number$)", "数值"),
  };
  for (const auto& r : rules) {
    std::smatch m;
    if (std::regex_search(s, m, r.re)) return r.to(m);
  }
  return types(s);
}

// Phrases of the engine's messages, applied in order anywhere in a message.
const std::vector<Rule>& engine_rules() {
  static const std::vector<Rule> rules = {
      // ---- case validation (engine/src/case.cpp, schema.cpp) -----------------------
      P(R"(^case rejected: (\d+) problems?; first: )", "案例未通过校验：$1 个问题；第一个："),
      P(R"(\bcase rejected: )", "案例未通过校验："),
      P(R"(required field is missing)", "缺少必填字段"),
      P(R"(not an allowed value; expected one of (.+)$)", "不是允许的取值；应为以下之一：$1"),
      P(R"(^expected (.+), found (\S+)$)",
        [](const std::smatch& m) { return "类型不符：应为" + types(m[1]) + "，实为" + types(m[2]); }),
      P(R"(^must be (.+)$)", "必须为 $1"),
      P(R"(not a calendar date in the form YYYY-MM-DD)", "不是有效的日期（格式应为 YYYY-MM-DD）"),
      P(R"(^string too short$)", "字符串过短"),
      P(R"(^string too long$)", "字符串过长"),
      P(R"(does not match the required pattern)", "不符合规定的格式"),
      P(R"(below the minimum (\S+))", "小于最小值 $1"),
      P(R"(above the maximum (\S+))", "大于最大值 $1"),
      P(R"(^case file too large$)", "案例文件过大"),
      P(R"(^empty case file$)", "案例文件为空"),
      P(R"(^empty input line: no case to evaluate$)", "空行：没有可评价的案例"),
      P(R"(^JSON error: )", "JSON 错误："),
      P(R"(JSON syntax error: )", "JSON 语法错误："),
      P(R"(syntax error while parsing (object key|object separator|object|array|value) - )",
        [](const std::smatch& m) {
          const std::string w = m[1];
          const char* zh = w == "object" ? "对象" : w == "array" ? "数组" : w == "object key" ? "对象的键" :
                           w == "object separator" ? "键值分隔符" : "值";
          return std::string("解析") + zh + "时出错：";
        }),
      P(R"(unexpected (string literal|number literal|end of input|'[^']*'|\w+ literal); expected (.+)$)",
        [](const std::smatch& m) {
          auto tok = [](std::string t) {
            if (t == "string literal") return std::string("字符串");
            if (t == "number literal") return std::string("数值");
            if (t == "end of input") return std::string("输入结束");
            if (t.size() > 8 && t.substr(t.size() - 8) == " literal") return t.substr(0, t.size() - 8);
            return t;
          };
          std::string exp = m[2];
          exp = std::regex_replace(exp, std::regex(" or "), " 或 ");
          exp = std::regex_replace(exp, std::regex("string literal"), "字符串");
          exp = std::regex_replace(exp, std::regex("end of input"), "输入结束");
          return "意外的" + tok(m[1]) + "；此处应为 " + exp;
        }),
      P(R"(invalid literal; last read: )", "无效的字面量；最后读到："),
      P(R"(invalid string: )", "无效的字符串："),
      P(R"(invalid number; expected digit after )", "无效的数值；此后应为数字："),
      P(R"(^a case file is one JSON object$)", "案例文件必须是一个 JSON 对象"),
      P(R"(^missing `format`: a case file starts with "format": "cfpcase/1"$)",
        "缺少 `format`：案例文件以 \"format\": \"cfpcase/1\" 开头"),
      P(R"(^not a cfpcase/1 file$)", "不是 cfpcase/1 格式的文件"),
      P(R"(as_of (\S+) is outside (\S+) \.\. (\S+) \(the evaluation date of a case under rules in force today\))",
        "as_of $1 不在 $2 至 $3 之间（案例的评价日须在现行规则的适用期内）"),
      P(R"(as_of (\S+) is before the application date (\S+) \(eligibility\.application_dates\.applied_on\): a case is evaluated on or after it is applied for)",
        "as_of $1 早于申请日期 $2（eligibility.application_dates.applied_on）：案例只能在申请日当天或之后评价"),
      P(R"(^cannot read case file (.+): cannot open: )", "无法读取案例文件 $1：无法打开："),
      P(R"(^cannot read case file (.+): not a regular file$)", "无法读取案例文件 $1：不是普通文件"),
      P(R"(^cannot read case file (.+): cannot read: )", "无法读取案例文件 $1：读取失败："),
      P(R"(^unknown scheme '([^']*)'$)", "未知的认证方案 '$1'"),
      P(R"(the file starts with a byte order mark \(BOM\); save it as UTF-8 without BOM)",
        "文件以字节顺序标记（BOM）开头；请另存为不带 BOM 的 UTF-8"),
      P(R"(unexpected content after the JSON document \(trailing garbage\))", "JSON 文档结束后还有多余内容"),
      P(R"(invalid UTF-8 \(byte (\S+)\); case files are UTF-8)", "无效的 UTF-8（字节 $1）；案例文件须为 UTF-8 编码"),
      P(R"(case file has too many values)", "案例文件中的值过多"),
      P(R"((Infinity|NaN) is not a JSON number)", "$1 不是合法的 JSON 数值"),
      P(R"(number out of range: )", "数值超出范围："),
      P(R"(number too small to represent \(it would become 0\): )", "数值太小，无法表示（会变成 0）："),
      P(R"(integer (\S+) cannot be represented exactly \(beyond 2\^53\); it would be rounded\. Write it as a string if it is an identifier)",
        "整数 $1 无法精确表示（超出 2^53），会被舍入；如果它是编号，请写成字符串"),
      P(R"(JSON nested too deeply \(more than (\d+) levels\))", "JSON 嵌套过深（超过 $1 层）"),
      P(R"(duplicate key '(.*)' \(duplicate keys are rejected: which value was meant is unknown\))",
        "重复的键 '$1'（无法确定应取哪个值，重复的键一律拒收）"),
      P(R"(unexpected character (U\+[0-9A-F]+) '([^']*)' \(([A-Z0-9 ()-]+)\): JSON needs the ASCII '(.)' here \(a Chinese input method types the full-width one\))",
        "意外的字符 $1 '$2'（$3）：此处 JSON 需要 ASCII 的 '$4'（中文输入法打出的是全角字符）"),
      P(R"(unexpected character (U\+[0-9A-F]+) '([^']*)': outside a string, JSON allows only ASCII punctuation, digits, true, false and null)",
        "意外的字符 $1 '$2'：字符串之外，JSON 只允许 ASCII 标点、数字以及 true、false 和 null"),

      // ---- rule packs (engine/lua/prelude.lua, lua_host.cpp, evaluator.cpp) ----------
      P(R"(unknown key (`[^`]*`) in (.+?) \(did you mean (`[^`]*`)\?\))",
        [](const std::smatch& m) { return m[2].str() + " 中的未知键 " + m[1].str() + "（是否应为 " + m[3].str() + "？）"; }),
      P(R"(unknown key (`[^`]*`) in (.+?) \(allowed: ([^)]*)\))",
        [](const std::smatch& m) { return m[2].str() + " 中的未知键 " + m[1].str() + "（可用的键：" + m[3].str() + "）"; }),
      P(R"(unknown key (\S+) \(did you mean (`[^`]*`)\?\))", "未知键 $1（是否应为 $2？）"),
      P(R"(unknown key (\S+) \(allowed: ([^)]*)\))", "未知键 $1（可用的键：$2）"),
      P(R"(case field (`[^`]*`) is not in the case schema: (the case|`[^`]*`) has no field (`[^`]*`) \()",
        [](const std::smatch& m) {
          std::string where = m[2] == "the case" ? std::string("案例顶层") : m[2].str();
          return "案例字段 " + m[1].str() + " 不在案例格式定义中：" + where + " 没有字段 " + m[3].str() + "（";
        }),
      P(R"((`[^`]*`) is not a field of (the case|`[^`]*`) in the case schema \()",
        [](const std::smatch& m) {
          std::string where = m[2] == "the case" ? std::string("案例顶层") : m[2].str();
          return m[1].str() + " 不是案例格式定义中 " + where + " 的字段（";
        }),
      P(R"((`[^`]*`) is not an array index \(JSON Pointers count from 0\) at )", "$1 不是数组下标（JSON Pointer 从 0 计数），位置："),
      P(R"(did you mean (`[^`]*`)\?)", "是否应为 $1？"),
      P(R"(the schema defines: )", "格式定义中的字段："),
      P(R"(evidence pointer ("[^"]*"|\S+): )", "依据指针 $1："),
      P(R"(not a JSON Pointer \(it must start with '/', e\.g\. ("[^"]*")\))", "不是 JSON Pointer（须以 '/' 开头，例如 $1）"),
      P(R"(not a JSON Pointer \('~' must be written ~0, '/' inside a name ~1\))", "不是 JSON Pointer（名称中的 '~' 须写作 ~0，'/' 须写作 ~1）"),
      P(R"(`evidence` must be a JSON Pointer or a list of them, not a (\w+))", "`evidence` 须为 JSON Pointer 或其列表，而不是 $1"),
      P(R"('([^']*)' is not available to rule code \(sandbox\))", "规则代码不能使用 '$1'（沙箱限制）"),
      P(R"(to-be-closed variables \(<close>\) are not available to rule code \(sandbox\))", "规则代码不能使用待关闭变量（<close>）（沙箱限制）"),
      P(R"(the compiled chunk could not be checked \(sandbox\))", "编译后的代码块无法检查（沙箱限制）"),
      P(R"(binary chunks are not accepted \(text only\))", "不接受二进制代码块（只接受文本）"),
      P(R"(file larger than the rule-file limit \((\d+) bytes\))", "文件超出规则文件大小上限（$1 字节）"),
      P(R"(larger than the rule-file limit \((\d+) bytes\))", "超出规则文件大小上限（$1 字节）"),
      P(R"(undefined global '([^']*)')", "未定义的全局变量 '$1'"),
      P(R"(cannot assign global '([^']*)': globals are fixed once the pack has loaded)",
        "不能给全局变量 '$1' 赋值：规则包加载后全局变量即固定"),
      P(R"(undefined parameter '([^']*)' \(not in the pack's manifest; did you mean (`[^`]*`)\?\))",
        "未定义的参数 '$1'（规则包清单中没有；是否应为 $2？）"),
      P(R"(evaluation stopped: instruction budget exceeded)", "评价已中止：超出指令预算"),
      P(R"(evaluation stopped: wall-clock deadline exceeded)", "评价已中止：超出时限"),
      P(R"(memory budget exceeded)", "超出内存上限"),
      P(R"(more findings than the limit \((\d+)\))", "检查结果数超过上限（$1）"),
      P(R"(check returned (\w+); it must return pass\{\}, fail\{\}, insufficient\{\}, na\{\} or info\{\})",
        "check 返回了 $1；须返回 pass{}、fail{}、insufficient{}、na{} 或 info{}"),
      P(R"(check returned a table without a status; build results with pass\{\}, fail\{\}, \.\.\.)",
        "check 返回的表没有 status；请用 pass{}、fail{} 等构造结果"),
      P(R"(`status` is set by the constructor; leave it out)", "`status` 由构造函数设定，请删去"),
      P(R"(rule '([^']*)' names parameter '([^']*)' that pack\.lua does not define)", "规则 '$1' 引用了 pack.lua 未定义的参数 '$2'"),
      P(R"(rule '([^']*)' needs a `(\w+)` (string|function))",
        [](const std::smatch& m) { return "规则 '" + m[1].str() + "' 需要 `" + m[2].str() + "`（" + (m[3] == "string" ? "字符串" : "函数") + "）"; }),
      P(R"(duplicate rule slug '([^']*)')", "重复的规则 slug '$1'"),
      P(R"(unknown stage '([^']*)')", "未知的阶段 '$1'"),
      P(R"(unknown severity '([^']*)')", "未知的严重度 '$1'"),
      P(R"(unknown effect '([^']*)')", "未知的 effect '$1'"),
      P(R"(unknown party '([^']*)')", "未知的责任方 '$1'"),
      P(R"(needs a bilingual title \{ zh = \.\.\., en = \.\.\. \})", "需要中英文标题 { zh = ..., en = ... }"),
      P(R"(must return a table)", "须返回一个表"),
      P(R"(module not found: )", "找不到模块："),
      P(R"(rules folder not found: )", "找不到规则文件夹："),
      P(R"((\S+) not found$)", "找不到 $1"),
      P(R"(rule ([A-Za-z0-9][A-Za-z0-9_./-]*/[A-Za-z0-9_./-]+): )", "规则 $1："),
      P(R"(rule '([^']*)': )", "规则 '$1'："),
      // Lua's own messages, the frequent ones
      P(R"(attempt to index a (\w+) value)", "试图索引 $1 值"),
      P(R"(attempt to perform arithmetic on a (\w+) value)", "试图对 $1 值做算术运算"),
      P(R"(attempt to call a (\w+) value)", "试图调用 $1 值"),
      P(R"(attempt to concatenate a (\w+) value)", "试图连接 $1 值"),
      P(R"(attempt to compare (.+?) with (\S+))", "试图比较 $1 与 $2"),
      P(R"( \((field|local|global|upvalue|method|constant) '([^']*)'\))",
        [](const std::smatch& m) {
          const std::string k = m[1];
          const char* w = k == "field" ? "字段" : k == "local" ? "局部变量" : k == "global" ? "全局变量" :
                          k == "upvalue" ? "上值" : k == "method" ? "方法" : "常量";
          return std::string("（") + w + " '" + m[2].str() + "'）";
        }),
      P(R"(('[^']*'|<\w+>) expected near ('[^']*'|<\w+>))", "$2 附近应为 $1"),
      P(R"(('[^']*'|<\w+>) expected \(to close ('[^']*') at line (\d+)\) near ('[^']*'|<\w+>))",
        "$4 附近应为 $1（以结束第 $3 行的 $2）"),
      P(R"(unexpected symbol near )", "意外的符号，位于 "),
      P(R"(unfinished string near )", "字符串未结束，位于 "),
      P(R"(stack overflow)", "栈溢出"),

      // ---- fixtures (engine/src/fixtures.cpp) -----------------------------------------
      P(R"(: no finding \(rule not run at this stage\?\))", "：没有检查结果（该规则在此阶段不运行？）"),
      P(R"(: expected no finding)", "：不应有检查结果"),
      P(R"(expected a number near (\S+), got )", "应为接近 $1 的数值，实为 "),
      P(R"(expected (.+?) ± (\S+), got )", "应为 $1 ± $2，实为 "),
      P(R"(expected (.+?), got )", "应为 $1，实为 "),
      P(R"((^|\n\s*)metric )", "$1指标 "),
      P(R"(base case not found: )", "找不到基础案例："),
      P(R"(needs `base` or `case`)", "需要 `base` 或 `case`"),
      P(R"(expects a finding of unknown rule '([^']*)')", "期望了未知规则 '$1' 的检查结果"),
      P(R"(: not valid JSON: )", "：不是合法的 JSON："),
      P(R"(a fixture must be a JSON object)", "测试用例须为 JSON 对象"),
      P(R"(`expect` must be an object)", "`expect` 须为对象"),
      P(R"(fixture error: )", "测试用例错误："),
      P(R"( has no fixture expecting )", " 缺少期望以下状态的测试用例："),
      P(R"(\bthe fixture\b)", "测试用例"),
      // brackets opened in Chinese close in Chinese
      P(R"(？\))", "？）"),
      P(R"((格式定义中的字段：[^)]*)\))", "$1）"),
  };
  return rules;
}

std::string tr_engine_text(const std::string& s) {
  std::string out = s;
  for (const auto& r : engine_rules()) out = replace_all(out, r);
  return out;
}

}  // namespace

std::string message_lang_from(const std::vector<std::string>& args) {
  std::string given;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--") break;
    if (args[i] == "--lang" && i + 1 < args.size()) given = args[i + 1];
    else if (args[i].rfind("--lang=", 0) == 0) given = args[i].substr(7);
  }
  if (given == "zh" || given == "en") return given;
  for (const char* v : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* l = std::getenv(v);
    if (!l || !*l) continue;
    return std::string(l).rfind("zh", 0) == 0 ? "zh" : "en";
  }
  return "en";
}

void set_message_lang(const std::string& lang) { g_lang = lang == "zh" ? "zh" : "en"; }
const std::string& message_lang() { return g_lang; }
bool zh() { return g_lang == "zh"; }

std::string subst(std::string_view tmpl, std::initializer_list<std::string> args) {
  std::string out;
  const std::vector<std::string> a(args);
  for (std::size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] == '{' && i + 2 < tmpl.size() && tmpl[i + 2] == '}' && tmpl[i + 1] >= '0' && tmpl[i + 1] <= '9') {
      const std::size_t k = static_cast<std::size_t>(tmpl[i + 1] - '0');
      if (k < a.size()) {
        out += a[k];
        i += 2;
        continue;
      }
    }
    out += tmpl[i];
  }
  return out;
}

std::string tr_engine(const std::string& english) { return zh() ? tr_engine_text(english) : english; }

std::string issue_text(const cfp::CaseIssue& i) {
  if (!zh()) return i.to_text();
  std::string s;
  if (i.line > 0) s += "第 " + std::to_string(i.line) + " 行第 " + std::to_string(i.column) + " 列：";
  if (!i.pointer.empty()) s += i.pointer + "：";
  else if (i.line == 0) s += "（整个文件）：";
  s += tr_engine_text(i.message);
  // a space between Chinese and a following Latin word, value or quote
  auto cjk_join = [](const char* head, const std::string& v) {
    const bool latin = !v.empty() && static_cast<unsigned char>(v[0]) < 0x80;
    return std::string(head) + (latin ? " " : "") + v;
  };
  const bool missing = i.expected == "a value" && i.found == "nothing";
  if (!i.expected.empty() && !missing && i.message.find("expected") == std::string::npos)
    s += "（" + cjk_join("应为", tr_value_phrase(i.expected)) +
         (i.found.empty() ? "" : "，" + cjk_join("实为", tr_value_phrase(i.found))) + "）";
  return s;
}

std::string case_rejected_text(const cfp::CaseRejected& e, const std::string& file, bool nothing_written) {
  const std::size_t n = e.issues().size();
  std::string s;
  if (zh()) {
    s = "cfpcheck: " + file + "：案例未通过校验（" + std::to_string(n) + " 个问题）" + (nothing_written ? "；未生成报告" : "") + "\n";
  } else {
    s = "cfpcheck: " + file + ": case rejected (" + std::to_string(n) + (n == 1 ? " problem" : " problems") + ")" +
        (nothing_written ? "; no report written" : "") + "\n";
  }
  for (const auto& i : e.issues()) s += "  " + issue_text(i) + "\n";
  return s;
}

std::string pack_error_kind(const std::string& kind) {
  if (!zh()) return kind;
  static const std::vector<std::pair<const char*, const char*>> kinds = {
      {"syntax", "语法错误"},       {"runtime", "运行错误"},   {"sandbox", "沙箱违规"},
      {"budget", "超出指令预算"},   {"memory", "超出内存上限"}, {"deadline", "超出时限"},
      {"output", "输出错误"},       {"manifest", "清单错误"}};
  for (const auto& [en, z] : kinds)
    if (kind == en) return z;
  return kind;
}

std::string pack_error_what(const cfp::PackError& e) {
  const std::string what = e.what();
  if (!zh()) return what;
  // "pack P[, rule R]: K error: MESSAGE" (engine/src/case.cpp)
  std::string head = "pack " + e.pack() + (e.rule().empty() ? "" : ", rule " + e.rule()) + ": " + e.kind() + " error: ";
  if (what.rfind(head, 0) != 0) return tr_engine_text(what);
  const std::string kind = pack_error_kind(e.kind()), msg = tr_engine_text(what.substr(head.size()));
  return "规则包 " + e.pack() + (e.rule().empty() ? "" : "，规则 " + e.rule()) + "：" + kind + (msg == kind ? "" : "：" + msg);
}

std::string option_error(const std::exception& e) {
  if (!zh()) return e.what();
  if (auto* u = dynamic_cast<const po::unknown_option*>(&e)) return "未知选项 '" + u->get_option_name() + "'";
  if (auto* a = dynamic_cast<const po::ambiguous_option*>(&e)) return "选项 '" + a->get_option_name() + "' 有歧义";
  if (auto* v = dynamic_cast<const po::invalid_option_value*>(&e))
    return "选项 '" + v->get_option_name() + "' 的取值无效";
  if (auto* v = dynamic_cast<const po::validation_error*>(&e)) {
    if (v->kind() == po::validation_error::invalid_option_value) return "选项 '" + v->get_option_name() + "' 的取值无效";
    if (v->kind() == po::validation_error::at_least_one_value_required) return "选项 '" + v->get_option_name() + "' 需要一个取值";
    return "选项 '" + v->get_option_name() + "' 有误";
  }
  if (auto* b = dynamic_cast<const po::invalid_command_line_syntax*>(&e)) {
    if (b->kind() == po::invalid_syntax::missing_parameter) return "选项 '" + b->get_option_name() + "' 缺少取值";
    return "选项 '" + b->get_option_name() + "' 的写法有误";
  }
  if (auto* m = dynamic_cast<const po::multiple_occurrences*>(&e)) return "选项 '" + m->get_option_name() + "' 只能给一次";
  if (dynamic_cast<const po::too_many_positional_options_error*>(&e)) return "参数过多";
  return e.what();
}

po::options_description options_box() {
  if (zh()) return po::options_description("选项", 4096, 2048);
  return po::options_description("options");
}

}  // namespace cfpcli

// Data-driven pack tests: rules/<pack>/fixtures/*.json (see docs/rule-authoring.md).
#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>

#include "cfpcheck/cfpcheck.hpp"

namespace cfp {

namespace fs = std::filesystem;
using njson = nlohmann::json;

namespace {

bool numbers_match(double actual, double expected, double tol) {
  if (tol > 0) return std::fabs(actual - expected) <= tol;
  double scale = std::max(1.0, std::fabs(expected));
  return std::fabs(actual - expected) <= 1e-9 * scale;
}

// Compares an expected value (from the fixture) with the actual one.
// {"approx": x, "tol": t} compares numbers within t.
bool matches(const cfp::json& actual, const njson& expected, std::string& why) {
  if (expected.is_object() && expected.contains("approx")) {
    double tol = expected.value("tol", 1e-9);
    if (!actual.is_number()) { why = "expected a number near " + expected["approx"].dump() + ", got " + actual.dump(); return false; }
    if (!numbers_match(actual.get<double>(), expected["approx"].get<double>(), tol)) {
      why = "expected " + expected["approx"].dump() + " ± " + std::to_string(tol) + ", got " + actual.dump();
      return false;
    }
    return true;
  }
  if (expected.is_number() && actual.is_number()) {
    if (!numbers_match(actual.get<double>(), expected.get<double>(), 0)) {
      why = "expected " + expected.dump() + ", got " + actual.dump();
      return false;
    }
    return true;
  }
  if (expected.is_object() && actual.is_object()) {
    for (const auto& [k, v] : expected.items()) {
      auto it = actual.find(k);
      cfp::json a = it == actual.end() ? cfp::json(nullptr) : *it;
      if (!matches(a, v, why)) { why = k + ": " + why; return false; }
    }
    return true;
  }
  if (expected.is_array() && actual.is_array()) {
    if (expected.size() != actual.size()) { why = "expected " + expected.dump() + ", got " + actual.dump(); return false; }
    for (std::size_t i = 0; i < expected.size(); ++i)
      if (!matches(actual[i], expected[i], why)) { why = "[" + std::to_string(i) + "] " + why; return false; }
    return true;
  }
  if (njson::parse(actual.dump()) != expected) {
    why = "expected " + expected.dump() + ", got " + actual.dump();
    return false;
  }
  return true;
}

// Statuses as fixtures may spell them: the constructor names are accepted too.
std::string canonical_status(std::string s) {
  if (s == "insufficient") return "insufficient_data";
  if (s == "na") return "not_applicable";
  return s;
}

std::string status_word(const njson& e) {
  if (e.is_string()) return canonical_status(e.get<std::string>());
  if (e.is_object() && e.contains("status")) return canonical_status(e["status"].get<std::string>());
  return {};
}

// The file as an officer finds it (relative to the working folder when below it).
std::string shown_path(const fs::path& p) {
  std::error_code ec;
  fs::path rel = p.lexically_relative(fs::current_path(ec));
  if (!ec && !rel.empty() && *rel.begin() != "..") return rel.generic_string();
  return p.generic_string();
}

// 1-based line of the first `"key"` at or after byte `from` (0 if absent).
int line_of(const std::string& text, const std::string& key, std::size_t from) {
  std::size_t at = text.find("\"" + key + "\"", from);
  if (at == std::string::npos) return 0;
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

std::string nearest_of(const std::string& word, const std::set<std::string>& names) {
  std::string best;
  std::size_t bd = static_cast<std::size_t>(-1);
  for (const auto& n : names) {
    // edit distance
    std::vector<std::size_t> prev(n.size() + 1), cur(n.size() + 1);
    for (std::size_t j = 0; j <= n.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= word.size(); ++i) {
      cur[0] = i;
      for (std::size_t j = 1; j <= n.size(); ++j)
        cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (word[i - 1] == n[j - 1] ? 0 : 1)});
      std::swap(prev, cur);
    }
    if (prev[n.size()] < bd) bd = prev[n.size()], best = n;
  }
  if (!best.empty() && bd <= std::max<std::size_t>(2, best.size() / 3)) return "did you mean `" + best + "`?";
  std::string all;
  for (const auto& n : names) all += (all.empty() ? "" : ", ") + n;
  return "allowed: " + all;
}

const std::set<std::string> kFixtureKeys = {"name", "base", "case", "patch", "merge", "expect", "note"};
// expect: these, or any key of the scheme's result (verdict, action, grade, ...)
const std::set<std::string> kExpectKeys = {"findings", "metrics", "absent", "rejected", "applicable", "verdict", "action",
                                           "grade", "native", "decided_by"};
// an expected finding: these, or any key of the finding
const std::set<std::string> kFindingKeys = {"status", "severity", "effect", "values", "message", "evidence", "party",
                                            "clause", "topic", "title", "decisive", "scope"};

}  // namespace

FixtureReport run_fixtures(Evaluator& ev, const PackInfo& pack, std::vector<char>* fields_read, const std::string& lang) {
  const char* msg_lang = lang == "zh" ? "zh" : "en";
  FixtureReport rep;
  const Catalog& cat = ev.catalog();
  // the pack's own fixtures, always (a copy of a pack is tested with its copy's)
  fs::path dir = fs::path(pack.dir) / "fixtures";
  std::vector<fs::path> files;
  if (fs::is_directory(dir))
    for (const auto& e : fs::directory_iterator(dir))
      if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());

  std::map<std::string, std::set<std::string>> seen;  // rule id -> statuses expected
  auto rule_id = [&](const std::string& key) -> std::string {
    for (const auto& r : pack.rules)
      if (r.slug == key || r.id == key) return r.id;
    return {};
  };

  for (const auto& file : files) {
    njson list;
    std::string text;
    const std::string shown = shown_path(file);
    try {
      std::ifstream in(file, std::ios::binary);
      text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      list = njson::parse(text);
    } catch (const json::exception& e) {
      rep.failed++;
      rep.failures.push_back(shown + ": not valid JSON: " + e.what());
      continue;
    }
    if (list.is_object()) list = njson::array({list});
    int n = 0;
    for (const auto& fx : list) {
      ++n;
      const std::string fxname =
          fx.is_object() && fx.contains("name") && fx["name"].is_string() ? fx["name"].get<std::string>() : "";
      std::string name = file.filename().string() + " #" + std::to_string(n) + " " + fxname;
      // one entry per fixture (junit output), whichever way the body ends
      struct Record {
        FixtureReport& rep;
        int failed0;
        FixtureCase c;
        ~Record() {
          c.ok = rep.failed == failed0;
          if (!c.ok && !rep.failures.empty()) c.message = rep.failures.back();
          rep.cases.push_back(std::move(c));
        }
      } record{rep, rep.failed, {shown, n, fxname, true, ""}};
      auto fail = [&](const std::string& msg) {
        rep.failed++;
        rep.failures.push_back(name + ": " + msg);
      };
      // unknown keys: a misspelt `verdcit` must not check nothing and pass
      std::size_t from = 0;
      if (fx.contains("name") && fx["name"].is_string()) {
        std::size_t at = text.find(njson(fx["name"]).dump());
        if (at != std::string::npos) from = at;
      }
      std::vector<std::string> key_problems;
      auto unknown = [&](const std::string& k, const std::string& where, const std::set<std::string>& names) {
        int line = line_of(text, k, from);
        key_problems.push_back(shown + ":" + std::to_string(line) + ": unknown key `" + k + "` in " + where + " (" +
                               nearest_of(k, names) + ")");
      };
      if (!fx.is_object()) {
        fail(shown + ": a fixture must be a JSON object");
        continue;
      }
      for (const auto& [k, v] : fx.items())
        if (!kFixtureKeys.count(k)) unknown(k, "the fixture", kFixtureKeys);
      if (fx.contains("expect") && !fx["expect"].is_object()) key_problems.push_back(shown + ": `expect` must be an object");
      if (!key_problems.empty()) {
        std::string all;
        for (const auto& p : key_problems) all += "\n    " + p;
        fail(all);
        continue;
      }
      try {
        njson doc;
        if (fx.contains("case")) {
          doc = fx["case"];
        } else if (fx.contains("base")) {
          fs::path base = cat.paths().data / "examples" / fx["base"].get<std::string>();
          std::ifstream in(base);
          if (!in) { fail("base case not found: " + base.string()); continue; }
          doc = njson::parse(in);
        } else {
          fail("needs `base` or `case`");
          continue;
        }
        if (fx.contains("patch")) doc = doc.patch(fx["patch"]);
        if (fx.contains("merge")) doc.merge_patch(fx["merge"]);
        const njson& exp = fx.contains("expect") ? fx["expect"] : njson::object();

        // note which rules this fixture claims to fail / pass
        if (exp.contains("findings"))
          for (const auto& [key, e] : exp["findings"].items()) {
            std::string id = rule_id(key);
            if (id.empty()) { fail("expects a finding of unknown rule '" + key + "'"); continue; }
            seen[id].insert(status_word(e));
          }

        Case c;
        try {
          c = load_case(doc.dump(), cat);
        } catch (const CaseRejected& e) {
          if (exp.contains("rejected")) { rep.passed++; continue; }
          fail(std::string("case rejected: ") + e.what());
          continue;
        }
        EvalOptions opt;
        opt.schemes = {pack.id};
        opt.fields_read = fields_read;
        cfp::json res = ev.evaluate(c, opt);
        const cfp::json& r = res["results"][0];
        std::vector<std::string> problems;
        std::string why;
        // every key of `expect` is checked or is an error
        for (const auto& [k, v] : exp.items()) {
          if (k == "findings" || k == "metrics" || k == "absent" || k == "rejected") continue;
          if (kExpectKeys.count(k) || r.contains(k)) {
            if (!matches(r.contains(k) ? r[k] : cfp::json(nullptr), v, why)) problems.push_back(k + ": " + why);
            continue;
          }
          std::set<std::string> names = kExpectKeys;
          for (const auto& [rk, rv] : r.items()) if (rk != "findings") names.insert(rk);
          unknown(k, "expect", names);
        }
        if (exp.contains("findings") && exp["findings"].is_object())
          for (const auto& [fk, fe] : exp["findings"].items()) {
            if (!fe.is_object()) continue;
            for (const auto& [k, v] : fe.items()) {
              bool known = kFindingKeys.count(k) > 0;
              for (const auto& f : r["findings"]) known = known || f.contains(k);
              if (!known) unknown(k, "expect.findings." + fk, kFindingKeys);
            }
          }
        for (const auto& p : key_problems) problems.push_back(p);
        if (exp.contains("metrics"))
          for (const auto& [k, v] : exp["metrics"].items()) {
            auto it = r["metrics"].find(k);
            cfp::json a = it == r["metrics"].end() ? cfp::json(nullptr) : *it;
            if (!matches(a, v, why)) problems.push_back("metric " + k + ": " + why);
          }
        std::map<std::string, const cfp::json*> by_id;
        for (const auto& f : r["findings"]) by_id[f["rule"].get<std::string>()] = &f;
        if (exp.contains("findings"))
          for (const auto& [key, e] : exp["findings"].items()) {
            std::string id = rule_id(key);
            auto it = by_id.find(id);
            if (it == by_id.end()) { problems.push_back(key + ": no finding (rule not run at this stage?)"); continue; }
            const cfp::json& f = *it->second;
            if (e.is_string()) {
              if (f["status"] != status_word(e)) problems.push_back(key + ": expected " + e.get<std::string>() + ", got " +
                                                       f["status"].get<std::string>() + " — " + f["message"][msg_lang].dump());
            } else if (!matches(f, e, why)) {
              problems.push_back(key + ": " + why + " — " + f["message"][msg_lang].dump());
            }
          }
        if (exp.contains("absent"))
          for (const auto& key : exp["absent"])
            if (by_id.count(rule_id(key.get<std::string>()))) problems.push_back(key.get<std::string>() + ": expected no finding");
        if (problems.empty()) {
          rep.passed++;
        } else {
          std::string all;
          for (const auto& p : problems) all += "\n    " + p;
          fail(all);
        }
      } catch (const PackError& e) {
        fail(e.what());
      } catch (const std::exception& e) {
        fail(std::string("fixture error: ") + e.what());
      }
    }
  }

  // every rule needs a fixture that fails it and one that passes it
  for (const auto& r : pack.rules) {
    const auto& s = seen[r.id];
    std::vector<std::string> missing;
    if (r.info_only) {
      if (!s.count("info")) missing.push_back("info");
    } else if (r.scope) {
      if (!s.count("not_applicable")) missing.push_back("not_applicable");
      if (!s.count("pass")) missing.push_back("pass");
    } else {
      if (!s.count("fail")) missing.push_back("fail");
      if (!s.count("pass")) missing.push_back("pass");
    }
    if (!missing.empty()) {
      std::string m;
      for (const auto& x : missing) m += (m.empty() ? "" : ", ") + x;
      rep.coverage.push_back(r.id + " has no fixture expecting " + m);
    }
  }
  return rep;
}

}  // namespace cfp

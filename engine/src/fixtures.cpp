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

}  // namespace

FixtureReport run_fixtures(Evaluator& ev, const PackInfo& pack) {
  FixtureReport rep;
  const Catalog& cat = ev.catalog();
  fs::path dir = cat.paths().rules.parent_path() / pack.dir / "fixtures";
  if (!fs::is_directory(dir)) dir = cat.paths().rules / pack.id / "fixtures";
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
    try {
      std::ifstream in(file);
      list = njson::parse(in);
    } catch (const json::exception& e) {
      rep.failed++;
      rep.failures.push_back(file.string() + ": not valid JSON: " + e.what());
      continue;
    }
    if (list.is_object()) list = njson::array({list});
    int n = 0;
    for (const auto& fx : list) {
      ++n;
      std::string name = file.filename().string() + " #" + std::to_string(n) + " " + fx.value("name", "");
      auto fail = [&](const std::string& msg) {
        rep.failed++;
        rep.failures.push_back(name + ": " + msg);
      };
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
        cfp::json res = ev.evaluate(c, opt);
        const cfp::json& r = res["results"][0];
        std::vector<std::string> problems;
        std::string why;
        for (const char* k : {"applicable", "verdict", "action", "grade", "grade_status", "native", "decided_by", "counts"}) {
          if (exp.contains(k) && !matches(r[k], exp[k], why)) problems.push_back(std::string(k) + ": " + why);
        }
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
                                                       f["status"].get<std::string>() + " — " + f["message"]["en"].dump());
            } else if (!matches(f, e, why)) {
              problems.push_back(key + ": " + why + " — " + f["message"]["en"].dump());
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

// Private: a small JSON Schema validator for the keyword subset the case
// schema uses (data/schema/cfpcase-1.schema.json is the single source of the
// case format's types: editors and the engine read the same file).
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cfpcheck/cfpcheck.hpp"

namespace cfp {

namespace detail { class CaseShape; }

class Schema {
 public:
  /// Loads and checks the schema (only supported keywords). Throws PackError.
  static Schema load(const std::filesystem::path& file);
  static Schema from_json(cfp::json schema);

  /// Appends every problem found in `doc` (pointer, expected, found).
  void validate(const cfp::json& doc, std::vector<CaseIssue>& issues) const;

  /// The fields the schema defines, for rule code (case_shape.hpp).
  const detail::CaseShape& shape() const { return *shape_; }
  const cfp::json& root() const { return root_; }

 private:
  cfp::json root_;
  std::shared_ptr<const detail::CaseShape> shape_;
  std::shared_ptr<std::map<std::string, std::regex>> patterns_;
  void check(const cfp::json& s, const cfp::json& v, const std::string& ptr,
             std::vector<CaseIssue>& out, int depth) const;
  const cfp::json& resolve(const cfp::json& s) const;
};

/// Appends an RFC 6901 escaped token to a pointer.
std::string pointer_append(const std::string& ptr, const std::string& token);

/// True for a real calendar date written YYYY-MM-DD.
bool is_date(const std::string& s);

}  // namespace cfp

// libFuzzer target: the case loader (cfpcase/1) on arbitrary bytes.
// Every input must either load or be rejected with CaseRejected; anything else
// (a crash, a sanitizer report, another exception, a hang) is a bug.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "cfpcheck/cfpcheck.hpp"

namespace {
const cfp::Catalog& catalog() {
  static std::shared_ptr<const cfp::Catalog> cat = [] {
    cfp::Paths p;
    const char* src = std::getenv("CFPCHECK_SOURCE") ? std::getenv("CFPCHECK_SOURCE") : CFPCHECK_SOURCE_DIR;
    p.rules = std::string(src) + "/rules";
    p.data = std::string(src) + "/data";
    return cfp::Catalog::load_schema_only(p);
  }();
  return *cat;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    cfp::Case c = cfp::load_case(text, catalog());
    // An accepted case must survive what the engine does with it next.
    std::string again = c.doc.dump();
    (void)cfp::load_case(again, catalog());
  } catch (const cfp::CaseRejected& e) {
    (void)e.to_json().dump();  // messages must be printable (valid UTF-8)
  }
  return 0;
}

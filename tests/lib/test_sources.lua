-- Tests of lib.sources: interpretations.md "Factor sources ranked per scheme"
-- (CNCA-CFP-15 5.5.3.4(2) b) e); CICC 6.2 2); CGC-PV10 8.1).
local s = lib.sources
local function F(kind, extra)
  local t = { value = 1, unit = "tCO2e/t", source_kind = kind, source = "stated source", conservative = true }
  if extra then for k, v in pairs(extra) do t[k] = v end end
  return t
end

test("table rows", function()
  -- kind → cnca, cicc, cgc, exactly as the table
  local rows = {
    { "measured", nil, 1, "real" }, { "mass_balance", nil, 1, "real" },
    { "verified_report", 2, 2, "real" },
    { "regional", 1, 3, "database" }, { "national", 1, 4, "database" },
    { "literature", 4, 4, "database" },
    { "foreign", 5, 5, "database" }, { "international", 5, 5, "database" },
  }
  for _, r in ipairs(rows) do
    local x = s.rank(F(r[1]))
    eq(x.cnca, r[2], r[1] .. " cnca"); eq(x.cicc, r[3], r[1] .. " cicc"); eq(x.cgc, r[4], r[1] .. " cgc")
    eq(x.known, true)
  end
end)

test("supplier: CNCA 2 only when verified, else 4", function()
  local x = s.rank(F("supplier", { source = "supplier declaration" }))
  eq(x.cnca, 4); eq(x.cicc, 2); eq(x.cgc, "real"); eq(x.supplier_verified, false)
  x = s.rank(F("supplier", { verified = true, source = "supplier declaration" }))
  eq(x.cnca, 2); eq(x.supplier_verified, true)
  x = s.rank(F("supplier", { source = "供应商经第三方核查的碳足迹报告" }))
  eq(x.cnca, 2, "source text says 第三方核查")
end)

test("supplier verification: the case field first; the words never turn a negation into verified", function()
  local st, how = s.supplier_verification(F("supplier", { source = "未经第三方验证的供应商数据" }))
  eq(st, "not_third_party", "未经第三方验证 is a negation"); eq(how, "words")
  eq(s.rank(F("supplier", { source = "未经第三方验证的供应商数据" })).cnca, 4, "negated text ranks 4")
  eq(s.rank(F("supplier", { source = "supplier data, not verified by a third party" })).cnca, 4)
  eq(s.rank(F("supplier", { source = "unverified third-party figure" })).cnca, 4)
  st, how = s.supplier_verification(F("supplier", { source = "供应商经第三方核查的碳足迹报告" }))
  eq(st, "third_party"); eq(how, "words")
  st, how = s.supplier_verification(F("supplier", { verification = { by = "third_party", report_id = "R-1" }, source = "未经验证" }))
  eq(st, "third_party", "the field wins over the words"); eq(how, "field")
  st, how = s.supplier_verification(F("supplier", { verification = { by = "supplier" }, source = "第三方核查" }))
  eq(st, "not_third_party", "verified by the supplier itself is not third-party"); eq(how, "field")
  eq(s.rank(F("supplier", { verification = { by = "none" }, source = "第三方核查" })).cnca, 4)
  st = s.supplier_verification(F("supplier", { source = "supplier declaration" }))
  eq(st, "unknown")
  st = s.supplier_verification(F("supplier", { source = "未提供" }))
  eq(st, "unknown", "a negation without verification words says nothing about a verification")
end)

test("commercial_db: domestic 4 or foreign 5 for CICC", function()
  local x = s.rank(F("commercial_db", { region = "CN", source = "CPCD aluminium fluoride" }))
  eq(x.cnca, 3); eq(x.cicc, 4); eq(x.origin, "domestic"); eq(x.foreign, false)
  x = s.rank(F("commercial_db", { region = "云南" }))
  eq(x.cicc, 4, "a Chinese province is domestic")
  x = s.rank(F("commercial_db", { region = "GLO", source = "ecoinvent 3.9" }))
  eq(x.cicc, 5); eq(x.origin, "foreign"); eq(x.foreign, true); eq(x.foreign_for_domestic, true)
  x = s.rank(F("commercial_db", { source = "ecoinvent 3.9 market for pitch" }))
  eq(x.cicc, 5, "no region: the source names a foreign database"); eq(x.origin, "foreign")
  x = s.rank(F("commercial_db", { source = "CLCD 0.9" }))
  eq(x.cicc, 4); eq(x.origin, "domestic")
  x = s.rank(F("commercial_db", { source = "some database" }))
  eq(x.cicc, 5, "unknown origin ranked as foreign"); eq(x.origin, "unknown"); eq(x.foreign, false)
end)

test("flags: conservative, source stated, foreign for domestic, applicability", function()
  local x = s.rank(F("literature", { conservative = false, source = "" }))
  eq(x.conservative, false); eq(x.source_stated, false)
  x = s.rank({ value = 1, unit = "tCO2e/t", source_kind = "literature" })
  eq(x.conservative, false); eq(x.source_stated, false)
  x = s.rank(F("foreign"), { process = "anode_production" })
  eq(x.foreign, true); eq(x.foreign_for_domestic, true); eq(x.applicability_noted, false)
  x = s.rank(F("foreign", { applicability = "same prebake technology, EU average" }), {})
  eq(x.applicability_noted, true)
  x = s.rank(F("international"), { supplier_country = "AU" })
  eq(x.foreign_for_domestic, false, "supplier abroad: not a domestic process")
  x = s.rank(F("national"))
  eq(x.foreign, false); eq(x.foreign_for_domestic, false)
end)

test("unknown source kind", function()
  local x = s.rank(F("guess"))
  eq(x.known, false); eq(x.cnca, nil); eq(x.cicc, nil); eq(x.cgc, nil)
  x = s.rank({ value = 1, unit = "tCO2e/t" })
  eq(x.known, false); eq(x.source_stated, false); eq(x.conservative, false)
end)

-- Tests of lib.mandays: interpretations.md "Man-days"; seeds 001 5.3.2/5.4.3/5.5.2/6.3,
-- 000 7.5.2/7.6.3/7.7.3/8.3, 002 10.4.2.3/10.5.2, 004 Annex A, 003 7.3.3.
local md = lib.mandays

test("CNCA/WPRZ document review: 2 for one unit, never above 4", function()
  eq(md.cnca_doc_review(1), { min = 2, max = 2 })
  eq(md.cnca_doc_review(3), { min = 2, max = 4 })
  eq(md.cnca_doc_review(10), { min = 2, max = 4 })
  eq(md.cnca_doc_review(0), nil)
end)

test("CNCA/WPRZ onsite and verification per site", function()
  -- 1 unit: 4 + 1×0 = 4; typical max 4 + 2×0 = 4
  eq(md.cnca_site(1), { units = 1, min = 4, typical_max = 4 })
  -- 3 units: 4 + 1×2 = 6; 4 + 2×2 = 8
  eq(md.cnca_site(3), { units = 3, min = 6, typical_max = 8 })
  -- two sites: S1 2 units (5, 6), S2 1 unit (4, 4) → 9, 10
  local t = md.cnca_total({ S1 = 2, S2 = 1 }, { "S1", "S2" })
  eq(t.min, 9); eq(t.typical_max, 10); eq(t.site_keys, { "S1", "S2" }); eq(t.sites.S1.min, 5)
  local t2 = md.cnca_total({ B = 1, A = 1 })
  eq(t2.site_keys, { "A", "B" }, "sorted when no order is given"); eq(t2.min, 8)
end)

test("surveillance ≥ 50 % of initial onsite + verification", function()
  -- 0.5 × (4 + 4) = 4; 0.5 × (5 + 4) = 4.5
  eq(md.surveillance_min(4, 4), 4); eq(md.surveillance_min(5, 4), 4.5)
  eq(md.surveillance_min(nil, 4), nil)
end)

test("CGC onsite by BOM items (x = 400 → 1.5)", function()
  eq(md.cgc_onsite(1), 1); eq(md.cgc_onsite(50), 1); eq(md.cgc_onsite(100), 1)
  eq(md.cgc_onsite(101), 1.5); eq(md.cgc_onsite(200), 1.5); eq(md.cgc_onsite(400), 1.5)
  eq(md.cgc_onsite(401), 2); eq(md.cgc_onsite(5000), 2)
  eq(md.cgc_onsite(nil), nil)
end)

test("CGC verification by BOM items", function()
  eq(md.cgc_verification(200), 1); eq(md.cgc_verification(201), 2); eq(md.cgc_verification(12), 1)
  eq(md.cgc_verification(500, true), 0, "prior verification accepted: no onsite verification")
end)

test("CICC Annex A: row sums and stated totals", function()
  local r = md.cicc(28)
  -- 1–30: rows 1–2, 1–2, 2 → row sum 4–6; stated 2–6
  eq(r.row_min, 4); eq(r.row_max, 6); eq(r.stated_min, 2); eq(r.stated_max, 6); eq(r.by_case, false)
  eq(md.cicc(30).stated_max, 6); eq(md.cicc(1).row_min, 4)
  r = md.cicc(31)
  -- 31–100: 2–3, 2–3, 2 → 6–8; stated 4–8
  eq(r.row_min, 6); eq(r.row_max, 8); eq(r.stated_min, 4); eq(r.stated_max, 8)
  eq(md.cicc(100).stated_min, 4)
  eq(md.cicc(101).by_case, true)
  eq(md.cicc(0), nil); eq(md.cicc(nil), nil)
end)

test("CICC reduction at most 30 %", function()
  -- standard 6: 70 % = 4.2
  eq(md.cicc_reduction_ok(4.2, 6), true); eq(md.cicc_reduction_ok(4, 6), false)
end)

test("NTE 4 normally", function() eq(md.nte_onsite(), 4) end)

test("facts from counts", function()
  local f = md.facts({ unit_count = 2, units_by_site = { S1 = 2 }, unit_site_keys = { "S1" }, bom = 34, sources = 28,
                       initial_onsite = 4, initial_verification = 4 })
  eq(f.cnca.doc_review, { min = 2, max = 4 }); eq(f.cnca.onsite_min, 5); eq(f.cnca.verification_min, 5)
  eq(f.cnca.onsite_typical_max, 6); eq(f.cnca.surveillance_min, 4)
  -- BOM 34 → 1 day onsite and 1 day verification per unit, × 2 units
  eq(f.cgc.onsite_per_unit, 1); eq(f.cgc.onsite_min, 2); eq(f.cgc.verification_min, 2)
  eq(f.cicc.stated_min, 2); eq(f.nte.onsite, 4)
  local e = md.facts({ unit_count = 0, units_by_site = {}, unit_site_keys = {} })
  eq(e.cnca.onsite_min, nil); eq(e.cnca.doc_review, nil); eq(e.cgc.onsite_min, nil); eq(e.cicc, nil)
end)

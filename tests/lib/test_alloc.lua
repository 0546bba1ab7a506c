-- Tests of lib.alloc: WPRZ-CFP-01 7.7.4.5; interpretations.md "Allocation".
local al = lib.alloc

test("P1.0 conversion factor", function()
  -- 2 × 78.00 / 101.96 = 156 / 101.96 = 1.5300117693…
  near(al.P10_FACTOR, 1.5300117693213, 1e-12)
  near(al.p10(100000), 153001.17693213, 1e-6)
end)

-- Hand example: P1 = 100 000 t alumina, P2 = 10 000 t hydroxide,
-- Ec = 30 000 t, Er = 70 000 t CO2e.
-- P1.0 = 100 000 × 156 / 101.96 = 153 001.1769 t
-- alumina   = 30 000 + 70 000 × 153 001.1769 / 163 001.1769 = 30 000 + 65 705.5525 = 95 705.5525
-- hydroxide = 70 000 × 10 000 / 163 001.1769 = 4 294.4475
-- sum = 100 000 = Ec + Er
-- (python3: p10=100000*2*78.00/101.96; 30000+70000*p10/(p10+10000) = 95705.55248020409;
--  70000*10000/(p10+10000) = 4294.447519795903)
test("split", function()
  local a, h = al.split(100000, 10000, 30000, 70000)
  near(a, 95705.55248020409, 1e-6); near(h, 4294.447519795903, 1e-6)
  near(a + h, 100000, 1e-6)
end)

test("applicant's amounts recomputed within tolerance", function()
  -- tolerance max(0.5, 0.1 % × 100 000 = 100) = 100 t
  local r = al.alumina({ alumina_t = 100000, hydroxide_t = 10000, calcination_tco2e = 30000, other_tco2e = 70000,
                         allocated_alumina_tco2e = 95706, allocated_hydroxide_tco2e = 4294 })
  near(r.p10, 153001.17693213, 1e-6)
  near(r.expected_alumina_t, 95705.55248020409, 1e-6); near(r.expected_hydroxide_t, 4294.447519795903, 1e-6)
  near(r.tolerance_t, 100, 1e-9)
  near(r.diff_alumina_t, 95706 - 95705.55248020409, 1e-6)
  eq(r.alumina_ok, true); eq(r.hydroxide_ok, true); eq(r.balance_ok, true); eq(r.ok, true)
  near(r.balance_diff_t, 0, 1e-9)
  eq(r.missing, nil)
end)

test("Er split by plain mass without the P1.0 conversion is caught", function()
  -- wrong: hydroxide = 70 000 × 10 000 / 110 000 = 6 363.64; alumina = 30 000 + 63 636.36 = 93 636.36
  -- differences ≈ 2 069 t > 100 t tolerance; the sum still balances
  local r = al.alumina({ alumina_t = 100000, hydroxide_t = 10000, calcination_tco2e = 30000, other_tco2e = 70000,
                         allocated_alumina_tco2e = 93636.36, allocated_hydroxide_tco2e = 6363.64 })
  eq(r.alumina_ok, false); eq(r.hydroxide_ok, false); eq(r.balance_ok, true); eq(r.ok, false)
end)

test("Ec allocated to both co-products breaks the balance", function()
  -- stated 95 705.55 + 4 294.45 + 5 000 extra = 105 000 ≠ 100 000
  local r = al.alumina({ alumina_t = 100000, hydroxide_t = 10000, calcination_tco2e = 30000, other_tco2e = 70000,
                         allocated_alumina_tco2e = 95705.55, allocated_hydroxide_tco2e = 9294.45 })
  eq(r.alumina_ok, true); eq(r.hydroxide_ok, false); eq(r.balance_ok, false)
  near(r.balance_diff_t, 5000, 1e-6)
end)

test("missing fields are listed", function()
  local r = al.alumina({ alumina_t = 100000, calcination_tco2e = 30000 })
  eq(r.missing, { "hydroxide_t", "other_tco2e", "allocated_alumina_tco2e", "allocated_hydroxide_tco2e" })
  eq(r.expected_alumina_t, nil); eq(r.ok, nil)
end)

test("small totals use the absolute tolerance", function()
  -- Ec + Er = 100 → 0.1 % = 0.1 < 0.5 → tolerance 0.5
  local r = al.alumina({ alumina_t = 10, hydroxide_t = 0, calcination_tco2e = 40, other_tco2e = 60,
                         allocated_alumina_tco2e = 100, allocated_hydroxide_tco2e = 0 })
  near(r.tolerance_t, 0.5, 0); eq(r.ok, true)
  -- P2 = 0: alumina = 40 + 60 × 1 = 100, hydroxide 0
  near(r.expected_alumina_t, 100, 1e-9); near(r.expected_hydroxide_t, 0, 0)
end)

test("generic allocation facts", function()
  local f = al.facts(nil)
  eq(f.present, false); eq(f.alumina, nil)
  f = al.facts({ used = true, method = "physical", alternatives = true, sensitivity_analysis = false })
  eq(f.present, true); eq(f.used, true); eq(f.method, "physical"); eq(f.needs_sensitivity, true); eq(f.alumina, nil)
  f = al.facts({ used = false })
  eq(f.needs_sensitivity, false)
  f = al.facts({ used = true, method = "subdivision", alumina_t = 1 })
  ok(f.alumina ~= nil, "alumina case detected"); eq(f.alumina.ptrs.alumina_t, "/footprint/allocation/alumina_t")
end)

test("balance exactly at the tolerance is within it (exact decimals, not binary sums)", function()
  -- Ec + Er = 114.8 + 2.6 = 117.4 → tolerance max(0.5, 0.1174) = 0.5;
  -- stated 86.7 + 31.2 = 117.9: off by exactly 0.5 → within.
  -- (binary floating point: 86.7 + 31.2 − (114.8 + 2.6) = 0.5000000000000142 > 0.5)
  local r = al.alumina({ alumina_t = 10, hydroxide_t = 1, calcination_tco2e = 114.8, other_tco2e = 2.6,
                         allocated_alumina_tco2e = 86.7, allocated_hydroxide_tco2e = 31.2 })
  eq(r.balance_ok, true); near(r.balance_diff_t, 0.5, 0); near(r.tolerance_t, 0.5, 0)
  -- 0.1 t further is outside
  r = al.alumina({ alumina_t = 10, hydroxide_t = 1, calcination_tco2e = 114.8, other_tco2e = 2.6,
                   allocated_alumina_tco2e = 86.8, allocated_hydroxide_tco2e = 31.2 })
  eq(r.balance_ok, false)
end)

test("hydroxide share exactly at the tolerance is within it", function()
  -- P1 = 101.96, P2 = 156 → X = 101.96 × 156 = Y/2: Er splits in half exactly.
  -- Ec = 0, Er = 200 → expected alumina 100, hydroxide 100; tolerance 0.5.
  local base = { alumina_t = 101.96, hydroxide_t = 156, calcination_tco2e = 0, other_tco2e = 200 }
  local function with(sa, sh)
    local t = {}
    for k, v in pairs(base) do t[k] = v end
    t.allocated_alumina_tco2e, t.allocated_hydroxide_tco2e = sa, sh
    return al.alumina(t)
  end
  local r = with(99.5, 100.5)
  eq(r.alumina_ok, true); eq(r.hydroxide_ok, true); eq(r.balance_ok, true)
  r = with(99.4, 100.6)
  eq(r.alumina_ok, false); eq(r.hydroxide_ok, false); eq(r.balance_ok, true)
end)

test("a pack's own tolerance (percent of Ec + Er, tonnes)", function()
  -- Ec + Er = 100 000; 0.05 % → 50 t; floor 0.5 t
  local a = { alumina_t = 100000, hydroxide_t = 10000, calcination_tco2e = 30000, other_tco2e = 70000,
              allocated_alumina_tco2e = 95755.55, allocated_hydroxide_tco2e = 4244.45 }
  -- alumina off by +49.9975 (95 705.5525 expected), hydroxide by −49.9975, balance 0
  eq(al.alumina(a, 0.0005, 0.5).ok, true)
  eq(al.alumina(a, 0.0004, 0.5).ok, false)
end)

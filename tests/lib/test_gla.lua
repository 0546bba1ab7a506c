-- Tests of lib.gla (NTE-GLA 6.2; interpretations.md "NTE-GLA shares and code").
-- Expected values worked out by hand from formulas (1)–(3) and GB/T 8170.
local gla = lib.gla

local function G(a, b, c, aux)
  return { recycled_t = a, green_primary_t = b, other_primary_t = c, excluded_auxiliaries_t = aux }
end

test("Example 2 read as ω_a=40, ω_b=48, ω_c=12 (caster example feeds)", function()
  local r = gla.compute(G(40000, 48000, 12000, 900))
  ok(r.ok, "ok")
  eq(r.total_t, 88000 + 12000, "auxiliaries excluded from the total")
  eq(r.omega_a_pct, 40); eq(r.omega_b_pct, 48); eq(r.omega_c_pct, 12)
  eq(r.grade, "normal"); eq(r.code, "N-GLA40.48")
  eq(math.type(r.omega_a_pct), "integer", "shares are integers")
end)

test("Example 1: U-GLA100.0 (all recycled)", function()
  local r = gla.compute(G(250, 0, 0))
  eq(r.code, "U-GLA100.0"); eq(r.grade, "ultra"); eq(r.omega_c_pct, 0)
end)

test("hydro smelter: all green-power primary → U-GLA0.100", function()
  local r = gla.compute(G(0, 500000, 0, 0))
  eq(r.code, "U-GLA0.100"); eq(r.omega_a_pct, 0); eq(r.omega_b_pct, 100)
end)

test("10 / 59.5 / 30.5: 59.5 → 60, 30.5 → 30 (half to even) → Normal", function()
  local r = gla.compute(G(10, 59.5, 30.5))
  eq(r.omega_a_pct, 10); eq(r.omega_b_pct, 60); eq(r.omega_c_pct, 30)
  eq(r.grade, "normal"); eq(r.code, "N-GLA10.60")
end)

test("25 / 43.5 / 31.5: 43.5 → 44, 31.5 → 32 > 30 → no grade", function()
  local r = gla.compute(G(25, 43.5, 31.5))
  ok(r.ok)
  eq(r.omega_a_pct, 25); eq(r.omega_b_pct, 44); eq(r.omega_c_pct, 32)
  eq(r.grade, nil); eq(r.code, nil); eq(r.qualifies, false)
end)

test("30.51 rounds up to 31 (5 followed by non-zero digits) → no grade", function()
  local r = gla.compute(G(0, 69.49, 30.51))
  eq(r.omega_c_pct, 31); eq(r.omega_b_pct, 69); eq(r.grade, nil)
end)

test("binary noise of decimal inputs: 0.305 of 1 is the tie 30.5 → 30", function()
  local r = gla.compute(G(0.1, 0.595, 0.305))
  eq(r.omega_c_pct, 30); eq(r.omega_b_pct, 60); eq(r.omega_a_pct, 10)
  eq(r.code, "N-GLA10.60")
end)

test("tiny class C: Normal even when ω_c rounds to 0 (Ultra only when m_c = 0)", function()
  local r = gla.compute(G(600, 399, 1))   -- ω_c = 0.1 → 0
  eq(r.omega_c_pct, 0); eq(r.grade, "normal"); eq(r.code, "N-GLA60.40")
end)

test("limit parameter: ω_c ≤ max on the rounded value", function()
  local r = gla.compute(G(0, 70, 30))
  eq(r.grade, "normal")
  r = gla.compute(G(0, 70, 30), { omega_c_max_pct = 29 })
  eq(r.grade, nil); eq(r.omega_c_max_pct, 29)
end)

test("input errors: absent, missing, negative, zero total", function()
  local r = gla.compute(nil)
  eq(r.ok, false); eq(r.error.code, "gla.absent"); eq(r.error.ptr, "/gla")
  r = gla.compute({ recycled_t = 1, green_primary_t = 2 })
  eq(r.error.code, "gla.missing"); eq(r.error.ptr, "/gla/other_primary_t")
  r = gla.compute(G(10, -1, 5))
  eq(r.error.code, "gla.negative"); eq(r.error.ptr, "/gla/green_primary_t")
  r = gla.compute(G(0, 0, 0))
  eq(r.error.code, "gla.total_zero"); eq(r.code, nil); eq(r.ok, false)
  r = gla.compute(G(1, "2", 3))
  eq(r.error.code, "gla.not_number")
end)

test("code and parse_code", function()
  eq(gla.code("N-GLA", 40, 48), "N-GLA40.48")
  eq(gla.code("U-GLA", 100, 0), "U-GLA100.0")
  local p, a, b = gla.parse_code("N-GLA40.48")
  eq(p, "N-GLA"); eq(a, 40); eq(b, 48)
  eq(gla.parse_code("N-GLA40"), nil)
  eq(gla.parse_code("X-GLA1.2"), nil)
end)

test("second-share option (Example 2 literal reading) and for_case", function()
  local r = gla.compute(G(40, 48, 12), { second = "omega_c" })
  eq(r.code, "N-GLA40.12")
  local c = { gla = G(40, 48, 12) }
  eq(gla.for_case(c, {}).code, "N-GLA40.48")
  eq(gla.for_case(c, { gla = { omega_c_max_pct = 30, code = "from-facts" } }).code, "from-facts")
  eq(gla.for_case(c, { gla = { omega_c_max_pct = 25, code = "from-facts" } }).code, "N-GLA40.48")
end)

test("round_pct agrees with lib.num.round (GB/T 8170) on and off ties", function()
  local xs = { 0, 0.4, 0.5, 0.6, 1.5, 2.5, 12, 29.4999999, 29.5, 30.5, 30.5000001, 31.5, 47.99999999, 99.5, 100 }
  for _, x in ipairs(xs) do
    eq(gla.round_pct(x), lib.num.round(x, 0), "x = " .. tostring(x))
  end
  eq(math.type(gla.round_pct(47.2)), "integer")
end)

test("shares on decimal values: 1.22 / 2.78 of 4 t is the tie 30.5 → 30; 30.5001 % is not a tie", function()
  -- 1.22 × 100 / 4 = 30.5 exactly; in binary 1.22 × 100 / 4 = 30.500000000000004
  local r = gla.compute(G(1.22, 2.78, 0))
  eq(r.omega_a_pct, 30, "tie → even 30"); eq(r.omega_b_pct, 70, "69.5 → even 70")
  -- class C 3.05 of 10 t: 30.5 % exactly → 30 ≤ 30 → Normal
  r = gla.compute(G(4.3, 2.65, 3.05))
  eq(r.omega_c_pct, 30); eq(r.grade, "normal")
  -- 0.0000001 t more of class C: 30.500000... % but above the half → 31 → no grade
  r = gla.compute(G(4.3, 2.65, 3.0500001))
  eq(r.omega_c_pct, 31); eq(r.grade, nil)
end)

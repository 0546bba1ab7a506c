-- Tests of lib.num (GB/T 8170 rounding) and lib.util.
-- Expected values are worked out by hand from GB/T 8170-2008 as summarised in
-- spec/domain-facts.md and spec/interpretations.md "Rounding":
-- below 5 drop, above 5 up, 5 followed by non-zero digits up, exactly 5 to
-- the even neighbour, once (never stepwise), negatives by absolute value,
-- on the decimal text of the value.

local num, util = lib.num, lib.util

test("interpretations.md examples", function()
  eq(num.round(30.5, 0), 30, "30.5: exactly 5, 0 is even → 30")
  eq(num.round(31.5, 0), 32, "31.5: exactly 5, 1 is odd → 32")
  eq(num.round(30.51, 0), 31, "30.51: 5 followed by 1 → up")
  eq(num.round(2.675, 2), 2.68, "2.675 is 2.67499... in binary, but its decimal text ends in an exact 5 after odd 7 → 2.68")
  eq(num.round_str(2.675, 2), "2.68")
end)

test("GB/T 8170 examples", function()
  eq(num.round(12.1498, 1), 12.1, "4 after the kept digit: drop")
  eq(num.round(12.1498, 0), 12, "rounded once: 12.1498 → 12, not 12.15 → 12.2 → 12")
  eq(num.round(10.5002, 0), 11, "5 followed by 002 → up")
  eq(num.round(1.050, 1), 1.0, "1.05 → exactly 5 after 0 (even) → 1.0")
  eq(num.round(0.35, 1), 0.4, "0.35 → exactly 5 after 3 (odd) → 0.4")
  eq(num.round(2500, -3), 2000, "thousands: 2.5 → 2")
  eq(num.round(3500, -3), 4000, "thousands: 3.5 → 4")
  eq(num.round(355, -1), 360, "tens: 35.5 → 36")
  eq(num.round(325, -1), 320, "tens: 32.5 → 32")
  eq(num.round(-355, -1), -360, "negative by absolute value")
  eq(num.round(-325, -1), -320)
  eq(num.round(-0.0365, 3), -0.036, "−0.0365: exactly 5 after 6 → −0.036")
  eq(num.round(1268, -2), 1300, "hundreds: 12.68 → 13")
end)

test("ties and near-ties", function()
  eq(num.round(0.5, 0), 0)
  eq(num.round(1.5, 0), 2)
  eq(num.round(2.5, 0), 2)
  eq(num.round(-2.5, 0), -2)
  eq(num.round(-3.5, 0), -4)
  eq(num.round(-30.51, 0), -31)
  eq(num.round(2.665, 2), 2.66, "6 even")
  eq(num.round(2.685, 2), 2.68, "8 even")
  eq(num.round(1.005, 2), 1.0, "0 even (binary value 1.00499...)")
  eq(num.round(0.04999, 1), 0.0)
  eq(num.round(1250, -2), 1200)
  eq(num.round(1350, -2), 1400)
  eq(num.round(14203, -3), 14000)
  eq(num.round(14500.1, -3), 15000)
  eq(num.round(9.5, 0), 10, "carry into a new digit")
  eq(num.round(99.96, 1), 100.0)
  eq(num.round(0.1 + 0.2, 1), 0.3, "0.30000000000000004 → 0.3")
  eq(num.round(40 / 60 * 100, 0), 67, "66.666... → 67")
  eq(num.round(48, 0), 48)
  eq(num.round(7, 2), 7)
end)

test("result types", function()
  eq(math.type(num.round(40.4, 0)), "integer", "digits ≤ 0 → integer, so codes print N-GLA40.48")
  eq(math.type(num.round(1250, -2)), "integer")
  eq(math.type(num.round(2.675, 2)), "float")
  eq(tostring(num.round(39.6, 0)), "40")
  eq(num.round(-0.4, 0), 0)
  eq(tostring(num.round(-0.4, 0)), "0", "no -0")
end)

test("round_str", function()
  eq(num.round_str(2, 2), "2.00")
  eq(num.round_str(-0.004, 2), "0.00", "never -0.00")
  eq(num.round_str(0.125, 2), "0.12")
  eq(num.round_str(0.135, 2), "0.14")
  eq(num.round_str(12.5, 0), "12")
  eq(num.round_str(1e-7, 3), "0.000")
  eq(num.round_str(-1.25, 1), "-1.2")
  eq(num.round_str(1250, -2), "1200")
  eq(num.round_str(14.2, 3), "14.200")
end)

test("decimal_string", function()
  eq(num.decimal_string(2.675), "2.675")
  eq(num.decimal_string(0.1 + 0.2), "0.30000000000000004", "needs %.17g")
  eq(num.decimal_string(1e-05), "0.00001")
  eq(num.decimal_string(14203.0), "14203")
  eq(num.decimal_string(14203), "14203")
  eq(num.decimal_string(-0.0), "0")
  eq(num.decimal_string(-12.5), "-12.5")
  eq(num.decimal_string(1.5e20), "150000000000000000000")
  local neg, d, e = num.decimal_parts(-14200)
  eq({ neg, d, e }, { true, "142", 2 })
end)

test("round_step", function()
  eq(num.round_step(3310, 200), 3400, "16.55 steps → 17")
  eq(num.round_step(1.37, 0.1), 1.4, "13.7 steps → 14")
  eq(num.round_step(37, 2), 36, "18.5 steps: tie → 18 (even)")
  eq(num.round_step(0.35, 0.1), 0.4, "3.5 steps: tie → 4")
  eq(num.round_step(0.25, 0.5), 0, "0.5 step: tie → 0")
  eq(num.round_step(0.75, 0.5), 1, "1.5 steps: tie → 2 → 1.0")
  eq(num.round_step(12.25, 0.5), 12, "24.5 steps → 24")
  eq(num.round_step(47, 5), 45, "9.4 → 9")
  eq(num.round_step(47.5, 5), 50, "9.5 → 10")
  eq(num.round_step(1.15, 0.2), 1.2, "5.75 → 6")
  eq(num.round_step(1.1, 0.2), 1.2, "5.5 → 6 (even)")
  eq(num.round_step(1.3, 0.2), 1.2, "6.5 → 6 (even)")
  eq(num.round_step(975, 50), 1000, "19.5 → 20")
  eq(num.round_step(925, 50), 900, "18.5 → 18")
  eq(num.round_step(230, 20), 240, "11.5 → 12")
  eq(num.round_step(210, 20), 200, "10.5 → 10")
  eq(num.round_step(-37, 2), -36)
  eq(num.round_step(14203, 1000), 14000)
  eq(math.type(num.round_step(14203, 1000)), "integer")
  eq(num.round_step(0.0184, 0.001), 0.018)
end)

test("shift and checks", function()
  eq(num.shift(0.018, 3), 18)
  eq(num.shift(14000, -3), 14)
  ok(num.is_number(1.5)); ok(not num.is_number(0 / 0)); ok(not num.is_number("1"))
  raises(function() num.round("1", 0) end, "number expected")
  raises(function() num.round(1, 0.5) end, "digits must be an integer")
  raises(function() num.round_step(1, 0) end, "step must be")
  local nan = 0 / 0
  ok(num.round(nan, 0) ~= num.round(nan, 0), "NaN passes through")
end)

-- lib.util -------------------------------------------------------------

test("util: sorted iteration and lists", function()
  eq(util.sorted_keys({ b = 1, a = 2, [2] = 0, [1] = 0 }), { 1, 2, "a", "b" })
  local seen = {}
  for k, v in util.spairs({ z = 1, y = 2, x = 3 }) do seen[#seen + 1] = k .. v end
  eq(seen, { "x3", "y2", "z1" })
  eq(util.count({ a = 1, b = 2, 3 }), 3)
  eq(util.count(nil), 0)
  ok(util.contains({ "a", "b" }, "b")); ok(not util.contains(nil, "b"))
  eq(util.index_of({ "a", "b" }, "b"), 2)
  eq(util.list_of({ b = "B", a = "A" }), { "A", "B" })
  eq(util.keys_set({ "x", "y" }), { x = true, y = true })
  eq(util.map({ 1, 2, 3 }, function(v) if v ~= 2 then return v * 10 end end), { 10, 30 })
  eq(util.filter({ 1, 2, 3, 4 }, function(v) return v % 2 == 0 end), { 2, 4 })
  eq(util.sum({ 1, 2.5, "x", 3 }), 6.5, "non-numbers skipped: 1 + 2.5 + 3")
  eq(util.sum({ { v = 1 }, { v = 2 } }, function(e) return e.v end), 3)
  eq(util.get({ a = { b = { c = 5 } } }, "a", "b", "c"), 5)
  eq(util.get({ a = 1 }, "a", "b"), nil)
  eq(util.msg("中", "en"), { zh = "中", en = "en" })
  eq(util.join({ 1, 2.5, "x" }), "1, 2.5, x")
end)

test("util: JSON Pointer (RFC 6901)", function()
  eq(util.ptr("footprint", "inventory", 3, "factor"), "/footprint/inventory/3/factor")
  eq(util.ptr("documents", "a/b~c"), "/documents/a~1b~0c", "~ → ~0 first, then / → ~1")
  eq(util.ptr("x", "~1"), "/x/~01")
  eq(util.ptr(), "")
  eq(util.ptr(""), "/")
  eq(util.ptr("a", 2.0), "/a/2")
  eq(util.ptr_index("/units", 1), "/units/0")
  eq(util.ptr_join("/sites/0", "id"), "/sites/0/id")
end)

test("util: fmt_num", function()
  eq(util.fmt_num(30.0), "30")
  eq(util.fmt_num(30), "30")
  eq(util.fmt_num(14.2), "14.2")
  eq(util.fmt_num(0.1 + 0.2), "0.3")
  eq(util.fmt_num(1 / 3), "0.333333")
  eq(util.fmt_num(1 / 3, 2), "0.33")
  eq(util.fmt_num(-0.0000001), "0")
  eq(util.fmt_num(-2.50), "-2.5")
  eq(util.fmt_num("x"), "x")
  eq(util.fmt_num(-0.0), "0"); eq(util.fmt_num(100.0), "100"); eq(util.fmt_num(-42.0), "-42")
  eq(util.fmt_num(2^53), "9007199254740992"); eq(util.fmt_num(1e20), "100000000000000000000")
  eq(util.fmt_num(1e21), "1e+21"); eq(util.fmt_num(0.5, 0), "0"); eq(util.fmt_num(2.5, 0), "2")
  eq(util.fmt_num(10.05, 1), "10.1"); eq(util.fmt_num(-0.04, 1), "0"); eq(util.fmt_num(1.10, 3), "1.1")
end)

-- Decimal-exact values at a limit (requirements "Numbers at a limit").
-- Each expected value is worked by hand on the decimal numbers as written.

local function permutations(list)
  local out = {}
  local function perm(a, k)
    if k == 0 then out[#out + 1] = { table.unpack(a) }; return end
    for i = 1, k do
      a[i], a[k] = a[k], a[i]
      perm(a, k - 1)
      a[i], a[k] = a[k], a[i]
    end
  end
  perm({ table.unpack(list) }, #list)
  return out
end

test("num.sum: 0.8+0.8+0.8+0.8+0.9+0.9 is exactly 5 in all 720 orders", function()
  local perms = permutations({ 0.8, 0.8, 0.8, 0.8, 0.9, 0.9 })
  eq(#perms, 720)
  local float_differs = false
  for i = 1, #perms do
    local p = perms[i]
    local s = num.sum(p)
    eq(num.cmp(s, 5), 0, "order " .. i)
    eq(num.dec_string(s), "5")
    local f = 0
    for j = 1, #p do f = f + p[j] end
    if f ~= 5 then float_differs = true end
  end
  ok(float_differs, "binary summation gives 5.000000000000001 in some order (the bug this guards)")
end)

test("num.sum: CGC ¶26 0.1 + 3.2 + 0.2 t of 70 t", function()
  local s = num.sum({ 0.1, 3.2, 0.2 })
  eq(num.dec_string(s), "3.5")
  -- 3.5 / 70 × 100 = 5 exactly: (3.5 − 0) ... compared as 3.5 × 100 vs 5 × 70
  eq(num.cmp(num.mul(s, 100), num.mul(5, 70)), 0)
  eq(num.dec_string(num.sum({})), "0")
  eq(num.dec_string(num.sum({ 1, "x", 2.5 })), "3.5", "non-numbers skipped")
  eq(num.dec_string(num.sum({ 1e20, 1e-20, -1e20 })), "0.00000000000000000001", "slow path: no absorption")
  eq(num.dec_string(num.sum({ 0.1, 0.2 })), "0.3")
  eq(num.dec_string(num.sum({ { v = 0.7 }, { v = 0.1 } }, function(e) return e.v end)), "0.8")
end)

test("num.cmp on decimal values", function()
  eq(num.cmp(0.1 + 0.2, 0.3), 1, "0.30000000000000004 is a different double, above 0.3")
  eq(num.cmp(num.add(0.1, 0.2), 0.3), 0, "the decimal sum is 0.3")
  eq(num.cmp("5.00", 5), 0)
  eq(num.cmp(-1, 2), -1); eq(num.cmp(2, 2), 0); eq(num.cmp(2.5, "2.4999999999999999999"), 1)
  ok(num.le(num.sum({ 0.9, 0.9, 0.8, 0.8, 0.8, 0.8 }), 5))
  ok(not num.gt(num.sum({ 0.9, 0.9, 0.8, 0.8, 0.8, 0.8 }), 5))
  raises(function() num.cmp("abc", 1) end, "not a decimal text")
  raises(function() num.cmp(0 / 0, 1) end, "not a finite number")
end)

test("num.ratio_pct: deviation 1.785 vs 1.7 and 10.5 vs 10 are both exactly 5 %", function()
  local r1 = num.ratio_pct(1.785, 1.7, true)
  local r2 = num.ratio_pct(10.5, 10, true)
  eq(num.cmp(r1, 5), 0, "(1.785 − 1.7) × 100 = 8.5 = 5 × 1.7")
  eq(num.cmp(r2, 5), 0, "(10.5 − 10) × 100 = 50 = 5 × 10")
  ok(num.ge(r1, 5) and num.ge(r2, 5), "both at the materiality 5 %: material")
  ok((1.785 - 1.7) / 1.7 * 100 < 5, "the float quotient is 4.99999… (the bug this guards)")
  eq(num.text(r1, 2, 5), "5")
  eq(num.text(r2, 2, 5), "5")
  eq(num.cmp(num.ratio_pct(1.7849, 1.7, true), 5), -1)
  eq(num.cmp(num.ratio_pct(1.7851, 1.7, true), 5), 1)
  eq(num.cmp(num.ratio_pct(1.615, 1.7, true), 5), 0, "−5 % in absolute value")
  eq(num.cmp(num.ratio_pct(1.615, 1.7), -5), 0, "signed: −5 %")
end)

test("num.ratio_pct: CGC ±10.00 % are classed alike", function()
  local up, down = num.ratio_pct(11, 10), num.ratio_pct(9, 10)
  eq(num.cmp(up, 10), 0, "+10.00 %")
  eq(num.cmp(down, -10), 0, "−10.00 %")
  eq(num.cmp(num.ratio_pct(11, 10, true), 10), 0)
  eq(num.cmp(num.ratio_pct(9, 10, true), 10), 0)
  -- values whose float quotient misses 10 %: 4.4 / 4.0 and 0.9 / 1 − 1
  eq(num.cmp(num.ratio_pct(4.4, 4), 10), 0, "(4.4 − 4) × 100 = 40 = 10 × 4")
  eq(num.cmp(num.ratio_pct(12.43, 11.3), 10), 0, "(12.43 − 11.3) × 100 = 113 = 10 × 11.3")
  eq(num.cmp(num.ratio_pct(10.17, 11.3, true), 10), 0, "|10.17 − 11.3| × 100 = 113")
  eq(num.text(num.ratio_pct(10.17, 11.3), 2, -10), "-10")
  eq(num.cmp(num.ratio_pct(12.4299, 11.3), 10), -1)
end)

test("num.ratio_pct: base 0 and negative base", function()
  raises(function() num.ratio_pct(1, 0) end, "base b is 0")
  eq(num.cmp(num.ratio_pct(-11, -10), 10), 0, "(−11 − −10) / −10 × 100 = +10")
end)

test("num.text: never contradicts its comparison", function()
  eq(num.text(num.sum({ 0.8, 0.8, 0.8, 0.8, 0.9, 0.9 })), "5")
  eq(num.text(4.99999, 2, 5), "4.99999", "rounds to 5.00 at 2 decimals: more decimals")
  eq(num.text(5.000001, 2, 5), "5.000001")
  eq(num.text(5, 2, 5), "5")
  eq(num.text(12.345, 2), "12.34", "GB/T 8170 tie to even")
  eq(num.text(12.355, 2), "12.36")
  eq(num.text(3.10, 2), "3.1", "trailing zeros dropped")
  eq(num.text(num.ratio_pct(1, 3), 2), "-66.67")
  eq(num.text(num.ratio_pct(1, 3), 2, -66.67), "-66.667")
  eq(num.text(num.ratio_pct(4.377, 4.0), 2), "9.42", "0.377 / 4 × 100 = 9.425 exactly: a tie, to the even 9.42")
end)

test("num.dec, dec_string, tonumber", function()
  eq(num.dec_string(0.1), "0.1")
  eq(num.dec_string("1e-3"), "0.001")
  eq(num.dec_string(num.mul(1785, 0.001)), "1.785")
  eq(num.tonumber(num.mul(1785, 0.001)), 1.785)
  eq(math.type(num.tonumber(num.sum({ 2.5, 2.5 }))), "integer")
  eq(num.dec_string(num.sub(11.33, 11.3)), "0.03")
  eq(num.dec_string(-0.0), "0")
  eq(num.dec_string(123456789012345678), "123456789012345678", "integer subtype: exact")
  eq(num.dec_string(1.5e300 * 0 + 1e-300), "0." .. string.rep("0", 299) .. "1")
  ok(num.is_dec(num.dec(1))); ok(not num.is_dec(1))
end)

-- a small deterministic generator (the sandbox has no randomseed)
local seed = 12345
local function rand(lo, hi)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return lo + seed % (hi - lo + 1)
end

test("num.ratio_pct and num.text agree with integer arithmetic on 3000 random cases", function()
  -- a = ia / 1000, b = ib / 1000: |a − b| / b × 100 against L is |ia − ib| × 100 against L × ib
  for n = 1, 3000 do
    local ib = rand(1, 20000)
    local L = rand(1, 20)
    -- half of the cases exactly at the limit: ia = ib × (100 ± L) / 100 when whole
    local ia
    if n % 2 == 0 and (ib * L) % 100 == 0 then
      ia = ib + (n % 4 == 0 and 1 or -1) * (ib * L // 100)
    else
      ia = rand(1, 40000)
    end
    local a, b = ia / 1000, ib / 1000
    local lhs, rhs = math.abs(ia - ib) * 100, L * ib
    local want = lhs < rhs and -1 or (lhs > rhs and 1 or 0)
    local r = num.ratio_pct(a, b, true)
    eq(num.cmp(r, L), want, ia .. "/" .. ib .. " vs " .. L)
    local t = num.text(r, 2, L)
    eq(num.cmp(t, L), want, "text " .. t .. " of " .. ia .. "/" .. ib .. " vs " .. L)
  end
end)

test("num.sum agrees with integer arithmetic in any order (random shares with 1–3 decimals)", function()
  for n = 1, 500 do
    local list, isum = {}, 0
    for i = 1, rand(1, 12) do
      local v = rand(0, 99999)
      isum = isum + v
      list[i] = v / 1000
    end
    local s = num.sum(list)
    eq(num.cmp(s, isum / 1000), 0)
    eq(num.dec_string(s), num.dec_string(isum / 1000))
    -- reversed order: the same decimal
    local rev = {}
    for i = #list, 1, -1 do rev[#rev + 1] = list[i] end
    eq(num.cmp(num.sum(rev), s), 0)
  end
end)

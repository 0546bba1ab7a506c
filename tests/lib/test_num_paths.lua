-- Tests of lib.num's fast paths against its exact (digit or limb) paths, at
-- the boundaries where a fast path stops: values near 2^53 and 10^15 (the
-- largest integers and scaled decimals a double holds exactly), 10^14 (two
-- limbs of 10^7), many decimals (scaled stops at 9), ±0, exponents of ten
-- from 1e-300 to 1e308, Lua integers next to the same floats, and the
-- 64-bit limits of num.sum (9 × 10^17) and of the products (9 × 10^18).
--
-- How a slow path is reached through the public functions:
--   * an exact decimal argument (num.dec(x)) is rounded and printed on its
--     digits (no binary shortcut): num.text(num.dec(x), d) is the exact
--     GB/T 8170 text that num.text(x, d) must equal;
--   * a decimal text (num.decimal_string(x)) is parsed digit by digit;
--   * a factor of three limbs (BIG, 21 digits) makes every product, sum and
--     comparison go through the limb arithmetic, and multiplying by BIG
--     keeps sums (distributive) and order (BIG > 0);
--   * an exact decimal in a list makes num.sum add term by term.

local num = lib.num

local BIG = num.dec("100000000000000000001")

local V = {
  0, 0.0, -0.0, 1, 1.0, 5, 5.0, 0.1, 0.7, 0.35, 1.005, 2.675, 2.5, 11.368060105999998, 0.30000000000000004,
  9007199254740991, 9007199254740992, 9007199254740993, 2.0 ^ 53, 2.0 ^ 53 + 2, 2.0 ^ 53 - 1,
  99999999999999, 100000000000000, 99999999999999.9, 9999999999999.99, 999999999999999.0, 1e15, 1e15 + 2,
  123456789012345.0, 12345678901234.5, 0.123456789, 0.1234567891, 1e-9, 1.5e-9, 1e-10, 999999999.5, 1e9,
  9999999, 10000000, 10000001, 1e22, 1e23, 1e-300, 1.5e300, 5e-324, 1.7976931348623157e308,
  math.maxinteger, math.mininteger, 900000000000000000, 899999999999999936, 899999999999999935,
  3000000000, 3000000001, 3037000499.97, 0.001, 101.96, 4503599627370495.5,
}
do -- and their negatives
  local n = #V
  for i = 1, n do V[#V + 1] = -V[i] end
end

local function show(x)
  if type(x) == "number" then return math.type(x) .. " " .. string.format("%.17g", x) end
  return tostring(x)
end

test("exact text of a number: the scaled path is the decimal-text path", function()
  for _, v in ipairs(V) do
    local t = num.text(v)
    eq(t, num.decimal_string(v), show(v))
    eq(t, num.dec_string(num.decimal_string(v)), show(v))
    eq(num.dec_string(v), num.dec_string(num.dec(num.decimal_string(v))), show(v))
  end
end)

test("rounded text of a number: the binary shortcut is the rounding on digits", function()
  for _, v in ipairs(V) do
    local dv = num.dec(v)
    for d = -3, 13, 2 do
      eq(num.text(v, d), num.text(dv, d), show(v) .. " at " .. d)
    end
  end
  -- ties and near-ties written in the case, at the digits where they are ties
  for _, c in ipairs({ { 2.675, 2 }, { 1.005, 2 }, { 0.35, 1 }, { 2.5, 0 }, { 0.125, 2 }, { 1250, -2 }, { 999999999.5, 0 },
                       { 0.0000000005, 9 }, { 123456.00005, 4 } }) do
    eq(num.text(c[1], c[2]), num.text(num.dec(c[1]), c[2]), show(c[1]))
    eq(num.text(-c[1], c[2]), num.text(num.dec(-c[1]), c[2]), show(-c[1]))
  end
end)

test("text with a limit: the float comparison of a short text is the exact one", function()
  local L = { 0, 2.68, 11.37, 1e15, 9007199254740993, 0.30000000000000004 }
  for _, v in ipairs(V) do
    if math.abs(v) < 1e300 and v >= 0 then
      for _, l in ipairs(L) do
        for d = 1, 2 do   -- 2.675 at 1 and 2 decimals: 2.7 and 2.68
          eq(num.text(v, d, l), num.text(v, d, num.dec(l)), show(v) .. " at " .. d .. " against " .. show(l))
        end
      end
    end
  end
  -- texts of 16 characters and more next to the limit (compared exactly)
  eq(num.text(-9223372036854775807, -1, -2.0 ^ 63), num.text(-9223372036854775807, -1, num.dec(-2.0 ^ 63)))
  for _, c in ipairs({ { 0x1.0cccccccccccdp+53, 0x1p+53, 0x1.4000000000005p+2, 6 },
                       { 0x1.a9a02d27fd476p+52, 0x1.955b98b85eeeap+52, 0x1.4000000000005p+2, 4 },
                       { -0x1.0ccccccccccc6p+53, -0x1.ffffffffffff2p+52, 0x1.400000000000ep+2, 4 } }) do
    local r = num.ratio_pct(c[1], c[2])
    eq(num.text(r, c[4], c[3]), num.text(r, c[4], num.dec(c[3])), show(c[1]) .. " / " .. show(c[2]))
  end
  -- a ratio's text against a limit (the float comparison of its text)
  for _, c in ipairs({ { 1.785, 1.7, 5 }, { 10.5, 10, 5 }, { 2, 10, 20 }, { 1.0000000000001, 1, 0.00000000001 } }) do
    local r = num.ratio_pct(c[1], c[2])
    eq(num.text(r, 2, c[3]), num.text(r, 2, num.dec(c[3])))
  end
end)

-- the pairs of values below 10^300 (so that a product stays a double)
local W = {}
for _, v in ipairs(V) do
  if math.abs(v) < 1e150 then W[#W + 1] = v end
end

test("sums, differences, products, comparisons: 64-bit paths = limb arithmetic", function()
  for i = 1, #W, 4 do
    local a = W[i]
    local aB = num.mul(a, BIG)
    for j = 2, #W, 11 do
      local b = W[j]
      local bB = num.mul(b, BIG)
      local what = show(a) .. ", " .. show(b)
      eq(num.dec_string(num.mul(num.add(a, b), BIG)), num.dec_string(num.add(aB, bB)), "add " .. what)
      eq(num.dec_string(num.mul(num.sub(a, b), BIG)), num.dec_string(num.sub(aB, bB)), "sub " .. what)
      eq(num.dec_string(num.mul(num.mul(a, b), BIG)), num.dec_string(num.mul(aB, b)), "mul " .. what)
      local c = num.cmp(aB, bB)
      eq(num.cmp(num.dec(a), b), c, "cmp dec/number " .. what)
      eq(num.cmp(a, num.dec(b)), c, "cmp number/dec " .. what)
      eq(num.cmp(num.dec(a), num.dec(b)), c, "cmp dec/dec " .. what)
      eq(num.cmp(a, b), c, "cmp numbers " .. what)
    end
  end
end)

test("num.sum: the 64-bit sum is the term-by-term sum, at its limits", function()
  local lists = {
    { 899999999999999935, 1 }, { 899999999999999936, 1 }, { 900000000000000000, -1 }, { -899999999999999935, -1 },
    { 450000000000000000, 450000000000000000 }, { 449999999999999999, 450000000000000000 },
    { 2.0 ^ 53, 1 }, { 9007199254740993, 0.5 }, { 0.1, 100000000000000 }, { 0.123456789, 899999999 },
    { 0.000000001, 900000000 }, { 0.000000001, 899999999 }, { 0.1234567891, 1 }, { 1e15, 0.5 }, { 999999999999999.0, 0.5 },
    { math.maxinteger, 1 }, { math.mininteger, 1 }, { -0.0, 0.0, 0 }, { 0.25, -0.25, 0.5 }, { 1e-300, 1 },
    { 0.4, 0.3, 0 }, { 1500, 2200 }, { 2, 4, 4 }, { 0.8, 0.8, 0.8, 0.8, 0.9, 0.9 },
  }
  for _, w in ipairs(W) do lists[#lists + 1] = { w, 0.5, -w, 3 } end
  for _, l in ipairs(lists) do
    local slow = { num.dec(0) }   -- an exact decimal: term by term
    for i = 1, #l do slow[i + 1] = l[i] end
    local what = {}
    for i = 1, #l do what[i] = show(l[i]) end
    eq(num.dec_string(num.sum(l)), num.dec_string(num.sum(slow)), table.concat(what, " + "))
  end
end)

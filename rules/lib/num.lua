-- num: GB/T 8170-2008 rounding ("四舍六入五成双") done on the decimal
-- representation of a number.
--
-- docs/interpretations.md "Rounding (GB/T 8170)" and docs/domain-facts.md
-- "GB/T 8170-2008 rounding":
--   * below 5 drop; above 5 round up; 5 followed by non-zero digits round up;
--     exactly 5 round to the even neighbour; round once, never in steps;
--   * negative numbers are rounded by their absolute value;
--   * the digits rounded are those of the number as written in decimal, so
--     2.675 (stored in binary as 2.67499999...) rounds to 2.68 at two decimals.
--
-- How: a double is turned into the shortest decimal string that reads back
-- as the same double (%.15g, else %.16g, else %.17g) - the way the value was
-- written in the case file - and that digit string is rounded exactly, with
-- integer digit arithmetic. No binary floating-point step is involved.
-- Reference: docs/library.md, section "num".

local num = {}

local type, tonumber, tostring, error = type, tonumber, tostring, error
local format, sub, byte, rep, match, gsub, reverse = string.format, string.sub, string.byte, string.rep, string.match, string.gsub, string.reverse
local math_type, tointeger, huge = math.type, math.tointeger, math.huge
local concat = table.concat

local ZERO = byte("0")

local function check_number(x, fname)
  if type(x) ~= "number" then
    error("num." .. fname .. ": number expected, got " .. type(x), 3)
  end
end

-- x − x is 0 for every finite number (integer or float) and NaN for NaN
-- and ±inf (inf − inf is NaN), and NaN == 0 is false: so `x - x == 0` is
-- the finiteness test, written inline where it is hot (one subtraction and
-- one comparison instead of a call).
local function finite(x)
  return x - x == 0
end

--- num.is_number(x) → true for a finite Lua number (not NaN, not ±inf).
function num.is_number(x)
  return type(x) == "number" and x - x == 0     -- finite (see finite)
end

-- Split the text of a number ("-1.2345e-05", "2.675", "14203") into
-- (negative, digits, exp) with |value| = digits × 10^exp, digits without
-- leading or trailing zeros ("0" for zero, then exp = 0).
local function split_text(s)
  local neg = false
  if sub(s, 1, 1) == "-" then neg = true; s = sub(s, 2) end
  local mant, e = match(s, "^([%d%.]+)[eE]([%+%-]?%d+)$")
  if not mant then mant, e = s, "0" end
  local exp = tonumber(e)
  local ip, fp = match(mant, "^(%d*)%.(%d*)$")
  local digits
  if ip then
    digits = ip .. fp
    exp = exp - #fp
  else
    digits = mant
  end
  digits = gsub(digits, "^0+", "")
  if digits == "" then return false, "0", 0 end
  local trail = match(digits, "0+$")
  if trail then
    digits = sub(digits, 1, #digits - #trail)
    exp = exp + #trail
  end
  return neg, digits, exp
end

--- num.decimal_parts(x) → negative (bool), digits (string), exp (integer)
-- with |x| = digits × 10^exp, taken from the shortest of %.15g / %.16g /
-- %.17g that reads back as x (the number as it was written). digits has no
-- leading or trailing zeros; zero gives (false, "0", 0).
--   num.decimal_parts(2.675)  → false, "2675", -3
--   num.decimal_parts(-14200) → true, "142", 2
function num.decimal_parts(x)
  check_number(x, "decimal_parts")
  if not finite(x) then error("num.decimal_parts: not a finite number", 2) end
  if math_type(x) == "integer" then
    return split_text(format("%d", x))
  end
  if x == 0 then return false, "0", 0 end
  local s = format("%.15g", x)
  if tonumber(s) ~= x then
    s = format("%.16g", x)
    if tonumber(s) ~= x then s = format("%.17g", x) end
  end
  return split_text(s)
end
local decimal_parts = num.decimal_parts

-- Plain (positional) decimal text of digits × 10^exp, no sign.
local function plain(digits, exp)
  if digits == "0" then return "0" end
  if exp >= 0 then return digits .. rep("0", exp) end
  local n = #digits
  if n > -exp then
    return sub(digits, 1, n + exp) .. "." .. sub(digits, n + exp + 1)
  end
  return "0." .. rep("0", -exp - n) .. digits
end

--- num.decimal_string(x) → the shortest decimal text that reads back as x
-- (%.15g, else %.16g, else %.17g), written positionally without an
-- exponent: 2.675 → "2.675"; 1e-05 → "0.00001"; 14203.0 → "14203";
-- -0.0 → "0". This is the text GB/T 8170 rounding works on.
function num.decimal_string(x)
  check_number(x, "decimal_string")
  if x ~= x then return "NaN" end
  if x == huge then return "Infinity" end
  if x == -huge then return "-Infinity" end
  local neg, digits, exp = decimal_parts(x)
  local s = plain(digits, exp)
  if neg and s ~= "0" then s = "-" .. s end
  return s
end

-- Long division of a decimal digit string by a small positive integer m.
-- Returns quotient digit string (may have leading zeros) and remainder.
local function divmod(digits, m)
  local out, r = {}, 0
  for i = 1, #digits do
    r = r * 10 + (byte(digits, i) - ZERO)
    local q = r // m
    out[i] = q
    r = r - q * m
  end
  return concat(out), r
end

-- Digit string + 1.
local function incr(digits)
  local i = #digits
  while i >= 1 and sub(digits, i, i) == "9" do i = i - 1 end
  if i == 0 then return "1" .. rep("0", #digits) end
  return sub(digits, 1, i - 1) .. tostring(byte(digits, i) - ZERO + 1) .. rep("0", #digits - i)
end

-- Digit string × small positive integer m.
local function mul(digits, m)
  if m == 1 then return digits end
  local out, carry = {}, 0
  for i = #digits, 1, -1 do
    local v = (byte(digits, i) - ZERO) * m + carry
    out[#out + 1] = v % 10
    carry = v // 10
  end
  local s = reverse(concat(out))
  if carry > 0 then s = tostring(carry) .. s end
  return s
end

local function strip_zeros(digits)
  digits = gsub(digits, "^0+", "")
  if digits == "" then return "0" end
  return digits
end

-- Core: the nearest integer K to |x| / (m × 10^q), ties to the even K, done
-- on the decimal digits of x. Returns negative (bool) and K as a digit string.
local function nearest_multiple_parts(neg, digits, exp, m, q)
  if digits == "0" then return false, "0" end
  local Q, r, frac_digits
  if exp >= q then
    -- |x| / 10^q is an integer: digits followed by (exp - q) zeros.
    Q, r = divmod(digits .. rep("0", exp - q), m)
    Q = strip_zeros(Q)
    -- fraction of the quotient is r / m: compare with 1/2.
    local twice = 2 * r
    if twice > m or (twice == m and (byte(Q, #Q) - ZERO) % 2 == 1) then
      Q = incr(Q)
    end
    return neg, strip_zeros(Q)
  end
  -- |x| / 10^q = digits / 10^j with j = q - exp > 0 fractional digits.
  local j = q - exp
  Q, r = divmod(digits, m)
  if #Q < j + 1 then Q = rep("0", j + 1 - #Q) .. Q end
  local int_part = sub(Q, 1, #Q - j)
  frac_digits = sub(Q, #Q - j + 1)
  -- fraction = 0.frac_digits + r / (m × 10^j)  (the last term < 10^-j)
  local d1 = byte(frac_digits, 1) - ZERO
  local up
  if d1 > 5 then
    up = true
  elseif d1 < 5 then
    up = false
  else
    local rest_nonzero = match(sub(frac_digits, 2), "[1-9]") ~= nil
    if rest_nonzero or r > 0 then
      up = true                                  -- 5 followed by non-zero: up
    else
      up = (byte(int_part, #int_part) - ZERO) % 2 == 1   -- exactly 5: to even
    end
  end
  if up then int_part = incr(int_part) end
  return neg, strip_zeros(int_part)
end

local function nearest_multiple(x, m, q)
  local neg, digits, exp = decimal_parts(x)
  return nearest_multiple_parts(neg, digits, exp, m, q)
end

-- Number from sign, digit string and exponent; an integer when exp ≥ 0 and
-- it fits, else the double nearest to the decimal value.
local function make_number(neg, digits, exp)
  if digits == "0" then return exp >= 0 and 0 or 0.0 end
  local v = tonumber(digits .. "e" .. exp)
  if exp >= 0 then
    local i = tointeger(v)
    if i and #digits + exp <= 18 then v = i end
  end
  if neg then v = -v end
  return v
end

-- Fast path. y = |x| × 10^digits (or |x| / step) computed in binary differs
-- from the exact scaled decimal value by less than 3 units in the last place,
-- i.e. by less than 1e-6 while y < 1e9. When y's fractional part is then more
-- than 1e-6 away from one half, the decimal rounding cannot differ from the
-- binary one and the digit arithmetic is skipped. Ties and near-ties (2.675)
-- and large values always take the exact path.
local POW10, IPOW10 = {}, {}
for i = 0, 22 do POW10[i] = tonumber("1e" .. i) end
for i = 0, 18 do IPOW10[i] = tointeger(POW10[i]) end
local floor = math.floor

local function fast_nearest(y)
  if y >= 1e9 then return nil end
  local fl = floor(y)
  local fr = y - fl
  if fr > 0.499999 and fr < 0.500001 then return nil end
  if fr > 0.5 then fl = fl + 1 end
  return tointeger(fl)
end

local function fast_K(ax, digits)
  if digits >= 0 then
    if digits > 22 then return nil end
    return fast_nearest(ax * POW10[digits])
  end
  if digits < -9 then return nil end
  return fast_nearest(ax / POW10[-digits])
end

local function check_digits(digits, fname)
  if math_type(digits) ~= "integer" then
    if type(digits) == "number" and tointeger(digits) then return tointeger(digits) end
    error("num." .. fname .. ": digits must be an integer", 3)
  end
  return digits
end

--- num.round(x, digits) → x rounded per GB/T 8170 to `digits` decimals
-- (digits = 0: to an integer; 2: hundredths; -1: tens; -3: thousands).
-- With digits ≤ 0 the result is a Lua integer (so it prints "40", not
-- "40.0"); with digits > 0 a float. NaN/±inf are returned unchanged.
-- interpretations.md "Rounding"; NTE-GLA 6.2 "计算结果表示到个位".
--   num.round(30.5, 0) → 30     num.round(31.5, 0) → 32
--   num.round(30.51, 0) → 31    num.round(2.675, 2) → 2.68
--   num.round(-2.5, 0) → -2     num.round(1250, -2) → 1200
function num.round(x, digits)
  -- (the checks are called only to convert or raise: the same errors)
  if type(x) ~= "number" then check_number(x, "round") end
  digits = digits or 0
  if math_type(digits) ~= "integer" then digits = check_digits(digits, "round") end
  if x - x ~= 0 then return x end               -- not finite
  local ax = x < 0 and -x or x
  local k = fast_K(ax, digits)
  if k then
    if k == 0 then return digits <= 0 and 0 or 0.0 end
    local v
    if digits <= 0 then v = k * IPOW10[-digits] else v = k / POW10[digits] end
    return x < 0 and -v or v
  end
  local neg, K = nearest_multiple(x, 1, -digits)
  return make_number(neg, K, -digits)
end

--- num.round_str(x, digits) → the GB/T 8170 rounded value as text with
-- exactly `digits` decimals (digits ≤ 0: an integer text). "-0" is never
-- produced. num.round_str(2.675, 2) → "2.68"; num.round_str(2, 2) → "2.00";
-- num.round_str(-0.004, 2) → "0.00"; num.round_str(1250, -2) → "1200".
function num.round_str(x, digits)
  if type(x) ~= "number" then check_number(x, "round_str") end
  digits = digits or 0
  if math_type(digits) ~= "integer" then digits = check_digits(digits, "round_str") end
  if not finite(x) then return num.decimal_string(x) end
  local neg, K
  local k = fast_K(x < 0 and -x or x, digits)
  if k then neg, K = x < 0, format("%d", k)
  else neg, K = nearest_multiple(x, 1, -digits) end
  local s
  if digits <= 0 then
    s = K == "0" and "0" or (K .. rep("0", -digits))
  else
    if #K < digits + 1 then K = rep("0", digits + 1 - #K) .. K end
    s = sub(K, 1, #K - digits) .. "." .. sub(K, #K - digits + 1)
  end
  if neg and match(s, "[1-9]") then s = "-" .. s end
  return s
end

--- num.round_step(x, step) → the multiple of `step` nearest to x, ties to
-- the even multiple, computed on decimal digits (so 0.35 with step 0.1 is
-- an exact tie → 0.4, and 37 with step 2 → 36). step > 0, e.g. 0.1, 0.2,
-- 0.5, 1, 2, 5, 20, 50, 1000. Used by lib.label (CICC 10.6) and for
-- "rounded to the nearest 0.5" style readings. Negative x by absolute value.
-- Result: a Lua integer when step is a whole number (and it fits), else the
-- double nearest to the exact decimal multiple.
--   num.round_step(3310, 200) → 3400   num.round_step(1.37, 0.1) → 1.4
--   num.round_step(37, 2) → 36         num.round_step(0.25, 0.5) → 0.0
function num.round_step(x, step)
  check_number(x, "round_step")
  check_number(step, "round_step")
  if not (finite(step) and step > 0) then error("num.round_step: step must be a positive finite number", 2) end
  if not finite(x) then return x end
  local _, sdigits, sexp = decimal_parts(step)
  if #sdigits > 17 then error("num.round_step: step has too many digits", 2) end
  local m = tointeger(tonumber(sdigits))
  local ax = x < 0 and -x or x
  local k = fast_nearest(ax / step)
  if k and m < 1e6 and sexp >= -22 and sexp <= 9 and ax < 1e15 and step < 1e15 then
    -- exact multiple k × m × 10^sexp (k × m < 1e15 is exact)
    local km = k * m
    local v
    if km == 0 then return sexp >= 0 and 0 or 0.0 end
    if sexp >= 0 then v = km * IPOW10[sexp] else v = km / POW10[-sexp] end
    return x < 0 and -v or v
  end
  local neg, K = nearest_multiple(x, m, sexp)
  return make_number(neg, mul(K, m), sexp)
end

--- num.shift(x, n) → x × 10^n computed on the decimal digits (no binary
-- error): num.shift(0.018, 3) → 18 (not 18.000000000000004). An integer
-- when the result is whole and n ≥ 0 would keep it whole.
function num.shift(x, n)
  check_number(x, "shift")
  if not finite(x) then return x end
  local neg, digits, exp = decimal_parts(x)
  return make_number(neg, digits, exp + n)
end

-- ===========================================================================
-- Decimal-exact values and comparisons at a limit
-- ===========================================================================
-- requirements "Numbers at a limit"; docs/library.md "num — comparing with a
-- limit".
--
-- The value of a number is its decimal value: the shortest decimal text that
-- reads back as the same double (decimal_parts above). A number read from a
-- JSON case file is, once printed that way, the number as it was written
-- (0.8 is 0.8, not 0.8000000000000000444…); a pack parameter written 5 is 5.
-- Sums, differences and products are then made on those decimal values with
-- exact integer arithmetic, and a ratio (a − b) / b × 100 is never divided:
-- it is compared with a limit L by cross-multiplying, (a − b) × 100 against
-- L × |b|. So 0.8 + 0.8 + 0.8 + 0.8 + 0.9 + 0.9 is exactly 5 in every order,
-- and (1.785 − 1.7) / 1.7 × 100 is exactly 5.
--
-- Representation: an exact decimal ("dec") is a table
--   { isdec = true, s = sign (−1, 0, 1), n = magnitude, e = exponent }
-- with value s × n × 10^e, n a natural number held as base-10^7 limbs (least
-- significant first, no high zero limb; {} is zero). Range: any finite double
-- (about 10^−324 to 10^308) and any sum or product of such values; there is
-- no rounding anywhere, only memory (a few limbs per 7 digits).
--
-- Cost: comparing two plain numbers is one float comparison (the decimal
-- value is a monotonic function of the double: a < b as doubles ⇔ their
-- decimal values compare the same way). A number whose decimal value has at
-- most 15 significant digits and 9 decimals (every share, mass and footprint
-- in practice) is scaled to an integer with three float operations, no
-- string; only other numbers go through the decimal text. Sums, products
-- and comparisons of decimals whose magnitudes have at most 14 digits (two
-- limbs) are single 64-bit integer operations (small_aligned, dmul, small_of:
-- the bounds that keep them exact are stated there). A ratio is decided
-- on floats when the float result is farther from the limit than a proven
-- error bound (see num.ratio_pct), and exactly otherwise.

local LB <const> = 10000000         -- limb base 10^7
local LB2 <const> = 100000000000000  -- LB^2 = 10^14
local LPOW = { [0] = 1, 10, 100, 1000, 10000, 100000, 1000000 }
local abs = math.abs
local mininteger = math.mininteger

-- i ≥ 0, a Lua integer (below 2^63 < 10^21: at most three limbs)
local function nat_from_int(i)
  if i < LB then
    if i == 0 then return {} end
    return { i }
  end
  if i < LB2 then return { i % LB, i // LB } end
  return { i % LB, i // LB % LB, i // LB2 }
end

local function nat_from_digits(d)   -- decimal digit string
  local t, k = {}, 0
  for i = #d, 1, -7 do
    local j = i - 6
    if j < 1 then j = 1 end
    k = k + 1
    t[k] = tointeger(tonumber(sub(d, j, i)))
  end
  while k > 0 and t[k] == 0 do t[k] = nil; k = k - 1 end
  return t
end

local function nat_cmp(a, b)
  local na, nb = #a, #b
  if na ~= nb then return na < nb and -1 or 1 end
  for i = na, 1, -1 do
    local x, y = a[i], b[i]
    if x ~= y then return x < y and -1 or 1 end
  end
  return 0
end

local function nat_add(a, b)
  local r, carry = {}, 0
  local n = #a > #b and #a or #b
  for i = 1, n do
    local v = (a[i] or 0) + (b[i] or 0) + carry
    if v >= LB then r[i] = v - LB; carry = 1 else r[i] = v; carry = 0 end
  end
  if carry > 0 then r[n + 1] = carry end
  return r
end

local function nat_sub(a, b)        -- a ≥ b
  local r, borrow, n = {}, 0, #a
  for i = 1, n do
    local v = a[i] - (b[i] or 0) - borrow
    if v < 0 then r[i] = v + LB; borrow = 1 else r[i] = v; borrow = 0 end
  end
  while n > 0 and r[n] == 0 do r[n] = nil; n = n - 1 end
  return r
end

local function nat_mul_small(a, m)  -- 0 ≤ m ≤ 10^7
  local n = #a
  if m == 0 or n == 0 then return {} end
  local r, carry = {}, 0
  for i = 1, n do
    local v = a[i] * m + carry
    r[i] = v % LB; carry = v // LB
  end
  while carry > 0 do n = n + 1; r[n] = carry % LB; carry = carry // LB end
  return r
end

local function nat_mul(a, b)
  local na, nb = #a, #b
  if na == 0 or nb == 0 then return {} end
  local r = {}
  for i = 1, na + nb do r[i] = 0 end
  for i = 1, na do
    local ai, carry = a[i], 0
    if ai ~= 0 then
      for j = 1, nb do
        local k = i + j - 1
        local v = r[k] + ai * b[j] + carry
        r[k] = v % LB; carry = v // LB
      end
      local k = i + nb
      while carry > 0 do
        local v = r[k] + carry
        r[k] = v % LB; carry = v // LB; k = k + 1
      end
    end
  end
  local k = na + nb
  while k > 0 and r[k] == 0 do r[k] = nil; k = k - 1 end
  return r
end

local function nat_shift10(a, p)    -- a × 10^p, p ≥ 0
  if p == 0 or #a == 0 then return a end
  local q, rr = p // 7, p % 7
  local r = a
  if rr > 0 then r = nat_mul_small(a, LPOW[rr]) end
  if q > 0 then
    local t = {}
    for i = 1, q do t[i] = 0 end
    for i = 1, #r do t[q + i] = r[i] end
    r = t
  end
  return r
end

local function nat_digits(a)        -- decimal digit string ("0" for zero)
  local k = #a
  if k == 0 then return "0" end
  local parts = { format("%d", a[k]) }
  for i = k - 1, 1, -1 do parts[#parts + 1] = format("%07d", a[i]) end
  return concat(parts)
end

-- a ÷ b (b ≠ 0) → quotient, remainder, by decimal long division; two
-- naturals of at most two limbs (below 10^14) by one integer division.
local function nat_divmod(a, b)
  local na, nb = #a, #b
  if na <= 2 and nb <= 2 then
    local A, B = (a[1] or 0) + (a[2] or 0) * LB, b[1] + (b[2] or 0) * LB
    if math_type(A) == "integer" and math_type(B) == "integer" then
      local q = A // B
      return nat_from_int(q), nat_from_int(A - q * B)
    end
  end
  local digits = nat_digits(a)
  local q, r = {}, {}
  for i = 1, #digits do
    r = nat_mul_small(r, 10)
    local d = byte(digits, i) - ZERO
    if d > 0 then r = nat_add(r, { d }) end
    local c = 0
    while nat_cmp(r, b) >= 0 do r = nat_sub(r, b); c = c + 1 end
    q[i] = c
  end
  return nat_from_digits(concat(q)), r
end

local EMPTY_NAT = {}
local function mkdec(sign, n, e)
  if #n == 0 then return { isdec = true, s = 0, n = EMPTY_NAT, e = 0 } end
  return { isdec = true, s = sign, n = n, e = e }
end
local DZERO = mkdec(0, EMPTY_NAT, 0)

-- scaled(x) → m, k with decimal value of x = m / 10^k (m a Lua integer,
-- 0 ≤ k ≤ 9, |m| < 10^15 for a float), or nil. Valid because a decimal of
-- at most 15 significant digits that reads back as x is the only one in x's
-- rounding interval, i.e. the text decimal_parts gives.
-- The smallest such k is taken. p runs through 1, 10, ..., 10^9, each exact
-- (every power of ten up to 10^22 is a double), so p is the double 10^k;
-- (y + 0.5) // 1 is floor(y + 0.5) (a float floor division by 1 is floor);
-- a float x ≥ 10^15 stops at k = 0 (y = x). scaled_float is the part for
-- a float.
local function scaled_float(x)
  local ax = x < 0 and -x or x
  local p = 1.0
  for k = 0, 9 do
    local y = ax * p
    if y >= 1e15 then return nil end
    local m = (y + 0.5) // 1
    if m / p == ax then
      m = tointeger(m)
      return x < 0 and -m or m, k
    end
    p = p * 10
  end
  return nil
end
local function scaled(x)
  if math_type(x) == "integer" then
    if x == mininteger then return nil end
    return x, 0
  end
  return scaled_float(x)
end

-- The exact text (plain, as num.text / decimal_string write it) of the
-- number m / 10^k that scaled returns. As k is the smallest, m has no
-- trailing zero when k > 0 (else k − 1 would do); so the digits of |m| are
-- those decimal_parts gives, with k decimals.
local function scaled_text(m, k)
  local s = format("%d", m < 0 and -m or m)
  if k > 0 then
    local n = #s
    if n > k then s = sub(s, 1, n - k) .. "." .. sub(s, n - k + 1)
    else s = "0." .. rep("0", k - n) .. s end
  end
  if m < 0 then s = "-" .. s end
  return s
end

local function dec_of_number(x)
  local m, k = scaled(x)
  if m then
    if m == 0 then return DZERO end
    if m < 0 then return { isdec = true, s = -1, n = nat_from_int(-m), e = -k } end
    return { isdec = true, s = 1, n = nat_from_int(m), e = -k }
  end
  local neg, digits, exp = decimal_parts(x)
  return mkdec(neg and -1 or 1, nat_from_digits(digits), exp)
end

local function dec_of(x, fname)
  local t = type(x)
  if t == "number" then
    if x - x ~= 0 then error("num." .. fname .. ": not a finite number", 3) end   -- not finite
    return dec_of_number(x)
  end
  if t == "table" and x.isdec then return x end
  if t == "string" then
    if not (match(x, "^%-?%d+%.?%d*$") or match(x, "^%-?%d*%.?%d+$") or match(x, "^%-?%d*%.?%d*[eE][%+%-]?%d+$"))
       or tonumber(x) == nil then
      error("num." .. fname .. ": not a decimal text: " .. x, 3)
    end
    local neg, digits, exp = split_text(x)
    return mkdec(neg and -1 or 1, nat_from_digits(digits), exp)
  end
  error("num." .. fname .. ": number, decimal text or exact decimal expected, got " .. t, 3)
end

local function align(a, b)
  local ae, be = a.e, b.e
  if ae == be then return a.n, b.n, ae end
  if ae > be then return nat_shift10(a.n, ae - be), b.n, be end
  return a.n, nat_shift10(b.n, be - ae), ae
end

-- Fast path of dadd and dcmp (small_aligned): the magnitudes of two nonzero
-- decimals as Lua integers at the smaller exponent e, when both have at most
-- two limbs (below 10^14) and the shifted one stays below 10^18; nil
-- otherwise. Then x + y < 2 × 10^18 < 2^63: every integer operation on them
-- is exact, and nat_from_int gives the limbs nat_add / nat_sub give (a
-- natural number has one limb form: no high zero limb), at the exponent
-- align gives. align_ints does it for two magnitudes below 10^14 given as
-- integers.
local function align_ints(x, ae, y, be)
  if ae == be then return x, y, ae end
  if ae > be then
    local d = ae - be
    if d > 18 or x >= IPOW10[18 - d] then return nil end
    return x * IPOW10[d], y, be
  end
  local d = be - ae
  if d > 18 or y >= IPOW10[18 - d] then return nil end
  return x, y * IPOW10[d], ae
end
local function small_aligned(an, ae, bn, be)
  if an[3] ~= nil or bn[3] ~= nil then return nil end
  return align_ints(an[1] + (an[2] or 0) * LB, ae, bn[1] + (bn[2] or 0) * LB, be)
end

-- The exact decimal value of x (type t) as sign, magnitude and exponent,
-- value = sign × magnitude × 10^exponent, when the magnitude is below 10^14:
-- a number (the value dec_of gives it: scaled) or an exact decimal of at
-- most two limbs. nil for anything else (then dec_of decides, or raises).
local function small_of(x, t)
  if t == "number" then
    if x - x ~= 0 then return nil end          -- not finite
    local m, k = scaled(x)
    if m == nil or m >= LB2 or m <= -LB2 then return nil end
    if m < 0 then return -1, -m, -k end
    if m == 0 then return 0, 0, 0 end
    return 1, m, -k
  end
  if t == "table" and x.isdec then
    local n = x.n
    if n[3] ~= nil then return nil end
    return x.s, (n[1] or 0) + (n[2] or 0) * LB, x.e
  end
  return nil
end

local function dadd(a, b)
  local as, bs = a.s, b.s
  if as == 0 then return b end
  if bs == 0 then return a end
  local x, y, e = small_aligned(a.n, a.e, b.n, b.e)
  if x then
    if as == bs then return { isdec = true, s = as, n = nat_from_int(x + y), e = e } end
    if x == y then return DZERO end
    if x > y then return { isdec = true, s = as, n = nat_from_int(x - y), e = e } end
    return { isdec = true, s = bs, n = nat_from_int(y - x), e = e }
  end
  x, y, e = align(a, b)
  if a.s == b.s then return mkdec(a.s, nat_add(x, y), e) end
  local c = nat_cmp(x, y)
  if c == 0 then return DZERO end
  if c > 0 then return mkdec(a.s, nat_sub(x, y), e) end
  return mkdec(b.s, nat_sub(y, x), e)
end
local function dneg(a) if a.s == 0 then return a end return mkdec(-a.s, a.n, a.e) end
local function dabs(a) if a.s >= 0 then return a end return mkdec(1, a.n, a.e) end
local function dmul(a, b)
  local as, bs = a.s, b.s
  if as == 0 or bs == 0 then return DZERO end
  local an, bn = a.n, b.n
  -- fast: two naturals of at most two limbs whose product is below 9 × 10^18
  -- (the float product is within a relative 2^−53 of the exact one, so the
  -- exact product is below 2^63): one exact integer product, the natural
  -- nat_mul gives
  if an[3] == nil and bn[3] == nil then
    local x, y = an[1] + (an[2] or 0) * LB, bn[1] + (bn[2] or 0) * LB
    if (x + 0.0) * y < 9e18 then
      return { isdec = true, s = as * bs, n = nat_from_int(x * y), e = a.e + b.e }
    end
  end
  return mkdec(as * bs, nat_mul(an, bn), a.e + b.e)
end
local function dcmp(a, b)
  local as, bs = a.s, b.s
  if as ~= bs then return as < bs and -1 or 1 end
  if as == 0 then return 0 end
  local c
  local x, y = small_aligned(a.n, a.e, b.n, b.e)
  if x then
    c = x < y and -1 or (x > y and 1 or 0)
  else
    x, y = align(a, b)
    c = nat_cmp(x, y)
  end
  return as > 0 and c or -c
end

-- decimal parts (neg, digits without leading/trailing zeros, exp) of a dec
local function dec_parts(a)
  if a.s == 0 then return false, "0", 0 end
  local d = nat_digits(a.n)
  local e = a.e
  local trail = match(d, "0+$")
  if trail then d = sub(d, 1, #d - #trail); e = e + #trail end
  return a.s < 0, d, e
end

--- num.dec(x) → the exact decimal value of x: a number (its shortest
-- round-trip decimal), a decimal text ("5", "-0.25", "1e-3") or an exact
-- decimal (returned as is). num.dec(0.1) is exactly 1/10.
function num.dec(x) return dec_of(x, "dec") end

--- num.is_dec(x) → true for an exact decimal made by this module.
function num.is_dec(x) return type(x) == "table" and x.isdec == true end

--- num.add(a, b), num.sub(a, b), num.mul(a, b) → exact decimal of a + b,
-- a − b, a × b (arguments: numbers, decimal texts or exact decimals).
function num.add(a, b) return dadd(dec_of(a, "add"), dec_of(b, "add")) end
function num.sub(a, b) return dadd(dec_of(a, "sub"), dneg(dec_of(b, "sub"))) end
function num.mul(a, b) return dmul(dec_of(a, "mul"), dec_of(b, "mul")) end
function num.abs(a) return dabs(dec_of(a, "abs")) end
function num.neg(a) return dneg(dec_of(a, "neg")) end

--- num.sum(list [, fn]) → exact decimal Σ of the elements (or of fn(e, i)),
-- non-numbers skipped (like util.sum); empty → 0. The same in any order.
-- Fast path: when every term scales to an integer (≤ 15 digits, ≤ 9
-- decimals) the sum is one 64-bit integer sum at the finest scale.
local LIM <const> = 9e17
function num.sum(list, fn)
  local n = list and #list or 0
  -- fast path: one 64-bit integer at the finest scale K, rescaled as finer
  -- terms come (no table, no string)
  local total, K, fast = 0, 0, true
  for i = 1, n do
    local v = list[i]
    if fn then v = fn(v, i) end
    local mt = math_type(v)            -- nil for anything but a number
    if mt then
      -- m, k = scaled(v), its two cases written out
      local m, k
      if mt == "integer" then
        if v == mininteger then fast = false; break end
        m, k = v, 0
      else
        if v - v ~= 0 then error("num.sum: not a finite number", 2) end   -- not finite
        m, k = scaled_float(v)
        if m == nil then fast = false; break end
      end
      if k > K then
        local p = POW10[k - K]
        if (total < 0 and -total or total) * p >= LIM then fast = false; break end
        total = total * IPOW10[k - K]; K = k
      end
      if k == K then
        -- the general step below with p = 1.0 and IPOW10[0] = 1 (|m| + 0.0
        -- is |m| × 1.0: the same float)
        if (m < 0 and -m or m) + 0.0 >= LIM then fast = false; break end
        total = total + m
      else
        local p = POW10[K - k]
        if (m < 0 and -m or m) * p >= LIM then fast = false; break end
        total = total + m * IPOW10[K - k]
      end
      if total >= LIM or total <= -LIM then fast = false; break end
    elseif type(v) == "table" and v.isdec then
      fast = false; break
    end
  end
  if fast then
    if total == 0 then return DZERO end
    if total < 0 then return { isdec = true, s = -1, n = nat_from_int(-total), e = -K } end
    return { isdec = true, s = 1, n = nat_from_int(total), e = -K }
  end
  local acc = DZERO
  for i = 1, n do
    local v = list[i]
    if fn then v = fn(v, i) end
    if type(v) == "number" or (type(v) == "table" and v.isdec) then acc = dadd(acc, dec_of(v, "sum")) end
  end
  return acc
end

--- num.dec_string(x) → the exact decimal text of x (a number, text or
-- exact decimal), positional, no exponent: num.dec_string(num.sum{0.8, 0.9})
-- → "1.7".
function num.dec_string(x)
  local neg, digits, exp = dec_parts(dec_of(x, "dec_string"))
  local s = plain(digits, exp)
  if neg and s ~= "0" then s = "-" .. s end
  return s
end

-- ---------------------------------------------------------------------------
-- Ratios in percent, compared without dividing.

--- num.ratio_pct(a, b [, absolute]) → the ratio (a − b) / b × 100 (with
-- absolute: |a − b| / |b| × 100), kept as an exact fraction for num.cmp and
-- num.text; b must not be 0. Deviation of a declared value a from a
-- recomputed value b: num.ratio_pct(a, b, true); increase of cur over
-- prev: num.ratio_pct(cur, prev).
-- Fast path: r.f is the float result. Its distance from the exact value is
-- at most u × (100 (|a| + |b|) / |b| × 1.01 + 5 |r.f|) with u = 2^−53
-- (a, b are each within u of their decimal value; three float operations);
-- r.margin is 10^−12 × (100 (|a| + |b|) / |b| + |r.f|), over 4000 times that
-- bound. num.cmp decides on floats only when r.f is farther from the limit
-- than r.margin + 10^−12 |limit|, else on the exact fraction.
local function as_float(x, fname)
  local t = type(x)
  if t == "number" then
    if x - x ~= 0 then error("num." .. fname .. ": not a finite number", 3) end   -- not finite
    return x
  end
  local d = x
  if not (t == "table" and x.isdec) then d = dec_of(x, fname) end
  local n, e = d.n, d.e
  if d.s == 0 then return 0.0 end
  -- fast: an integer below 10^14 over an exact power of ten → the nearest double
  if #n <= 2 and e <= 0 and e >= -22 then
    local v = (n[1] + (n[2] or 0) * LB) / POW10[-e]
    return d.s < 0 and -v or v
  end
  local neg, digits, exp = dec_parts(d)
  local v = tonumber(digits .. "e" .. exp)
  return neg and -v or v
end

function num.ratio_pct(a, b, absolute)
  local fa, fb = as_float(a, "ratio_pct"), as_float(b, "ratio_pct")
  if fb == 0 then error("num.ratio_pct: the base b is 0", 2) end
  local f = (fa - fb) / fb * 100
  if absolute and f < 0 then f = -f end
  local afb = fb < 0 and -fb or fb
  local margin = 1e-12 * (100 * ((fa < 0 and -fa or fa) + afb) / afb + (f < 0 and -f or f))
  return { isratio = true, a = a, b = b, absolute = absolute and true or false, f = f, margin = margin }
end

--- num.share_pct(part, whole) → the ratio part / whole × 100 (whole ≠ 0),
-- e.g. an omitted mass as a percentage of the product mass. Same use and
-- fast path as num.ratio_pct (the float result is within 5u |f|).
function num.share_pct(part, whole)
  local fa, fb = as_float(part, "share_pct"), as_float(whole, "share_pct")
  if fb == 0 then error("num.share_pct: the whole is 0", 2) end
  local f = fa / fb * 100
  return { isratio = true, a = part, b = whole, share = true, f = f, margin = 1e-12 * (f < 0 and -f or f) }
end

-- exact numerator N (dec, signed) and denominator D (dec, > 0) of a ratio
local HUNDRED = mkdec(1, { 100 }, 0)
local function ratio_exact(r)
  local N, D = r.N, r.D
  if N then return N, D end
  local A, B = dec_of(r.a, "ratio_pct"), dec_of(r.b, "ratio_pct")
  if r.share then
    N = dmul(A, HUNDRED)
  else
    N = dmul(dadd(A, dneg(B)), HUNDRED)
  end
  if B.s < 0 then N = dneg(N) end
  if r.absolute then N = dabs(N) end
  D = dabs(B)
  r.N, r.D = N, D
  return N, D
end

--- num.is_ratio(x) → true for a ratio made by num.ratio_pct.
function num.is_ratio(x) return type(x) == "table" and x.isratio == true end

local function cmp_ratio(r, y)
  local fy = as_float(y, "cmp")
  local diff = r.f - fy
  local m = r.margin + 1e-12 * (fy < 0 and -fy or fy)
  if diff > m then return 1 end
  if diff < -m then return -1 end
  -- the exact comparison, remembered for the last y (a ratio is compared
  -- with the same limit twice: num.text(r, d, limit), then num.gt(r, limit));
  -- ratio_exact has made r.N, r.D by then (values never change)
  if y == r.cmp_y and r.cmp_y ~= nil then return r.cmp_c end
  local N, D = ratio_exact(r)
  local c = dcmp(N, dmul(dec_of(y, "cmp"), D))
  r.cmp_y, r.cmp_c = y, c
  return c
end

--- num.cmp(a, b) → −1, 0 or 1 as the decimal value of a is below, equal
-- to or above that of b. a, b: numbers, decimal texts, exact decimals, or
-- one ratio (num.ratio_pct) against a number or decimal. Two plain numbers
-- compare as floats (exact, see above).
function num.cmp(a, b)
  local ta, tb = type(a), type(b)
  if ta == "number" and tb == "number" then
    if a - a ~= 0 or b - b ~= 0 then error("num.cmp: not a finite number", 2) end   -- not finite
    if a < b then return -1 elseif a > b then return 1 else return 0 end
  end
  if ta == "table" and a.isratio then
    if tb == "table" and b.isratio then error("num.cmp: two ratios", 2) end
    return cmp_ratio(a, b)
  end
  if tb == "table" and b.isratio then return -cmp_ratio(b, a) end
  -- dcmp(dec_of(a), dec_of(b)) on integers, without making the decimals,
  -- when both values have at most 14 digits (small_of, align_ints)
  local sa, xa, ea = small_of(a, ta)
  if sa then
    local sb, xb, eb = small_of(b, tb)
    if sb then
      if sa ~= sb then return sa < sb and -1 or 1 end
      if sa == 0 then return 0 end
      local x, y = align_ints(xa, ea, xb, eb)
      if x then
        local c = x < y and -1 or (x > y and 1 or 0)
        return sa > 0 and c or -c
      end
    end
  end
  return dcmp(dec_of(a, "cmp"), dec_of(b, "cmp"))
end
local cmp = num.cmp
function num.eq(a, b) return cmp(a, b) == 0 end
function num.lt(a, b) return cmp(a, b) < 0 end
function num.le(a, b) return cmp(a, b) <= 0 end
function num.gt(a, b) return cmp(a, b) > 0 end
function num.ge(a, b) return cmp(a, b) >= 0 end

--- num.tonumber(x) → the double nearest to x (number, text, exact decimal),
-- or for a ratio its float result cut to 12 significant digits (5.1, not
-- 5.1000000000000005). For metrics and values; decisions use num.cmp and
-- messages num.text.
function num.tonumber(x)
  local t = type(x)
  if t == "number" then return x end
  if t == "table" and x.isratio then
    local v = tonumber(format("%.12g", x.f))
    if v == floor(v) and v > -1e15 and v < 1e15 then return tointeger(v) end
    return v
  end
  local v = as_float(x, "tonumber")
  if v == floor(v) and v > -9007199254740992 and v < 9007199254740992 then
    local i = tointeger(v)
    if i then return i end
  end
  return v
end

-- ---------------------------------------------------------------------------
-- Text for messages.

-- Text of |v| × 10^d truncated to an integer (digit string K) plus what was
-- cut off (half: −1 below one half, 0 exactly one half, 1 above; nonzero:
-- anything cut), rounded by `mode` ("nearest" GB/T 8170, "floor", "ceil"),
-- written with d decimals, trailing zeros dropped.
-- The text of the rounded integer K (digit string) with d decimals.
local function layout(neg, K, d)
  K = strip_zeros(K)
  local s
  if d <= 0 then
    s = K == "0" and "0" or (K .. rep("0", -d))
  else
    if #K < d + 1 then K = rep("0", d + 1 - #K) .. K end
    s = sub(K, 1, #K - d) .. "." .. sub(K, #K - d + 1)
    s = gsub(s, "0+$", "")
    s = gsub(s, "%.$", "")
  end
  if neg and match(s, "[1-9]") then s = "-" .. s end
  return s
end

local function finish(neg, K, half, nonzero, d, mode)
  local up
  if mode == "nearest" then
    up = half > 0 or (half == 0 and (byte(K, #K) - ZERO) % 2 == 1)
  elseif mode == "floor" then
    up = neg and nonzero
  else
    up = (not neg) and nonzero
  end
  if up then K = incr(K) end
  return layout(neg, K, d)
end

local function round_dec_text(x, d, mode)
  local neg, digits, exp = dec_parts(x)
  if digits == "0" then return "0" end
  local sh = exp + d
  if sh >= 0 then return finish(neg, digits .. rep("0", sh), -1, false, d, mode) end
  local j = -sh
  local K, rest
  if #digits > j then K, rest = sub(digits, 1, #digits - j), sub(digits, #digits - j + 1)
  else K, rest = "0", rep("0", j - #digits) .. digits end
  local c1 = byte(rest, 1) - ZERO
  local half
  if c1 > 5 then half = 1
  elseif c1 < 5 then half = -1
  else half = match(sub(rest, 2), "[1-9]") and 1 or 0 end
  return finish(neg, K, half, true, d, mode)
end

local function round_ratio_text(r, d, mode)
  local N, D = ratio_exact(r)
  if N.s == 0 then return "0" end
  local X, Y = N, D
  if d >= 0 then X = mkdec(N.s, nat_shift10(N.n, d), N.e) else Y = mkdec(1, nat_shift10(D.n, -d), D.e) end
  -- bring both to integers at one exponent
  local xn, yn = align(dabs(X), Y)
  local q, rem = nat_divmod(xn, yn)
  local half = nat_cmp(nat_mul_small(rem, 2), yn)
  return finish(N.s < 0, nat_digits(q), half, #rem > 0, d, mode)
end

local function text_at(x, d, mode)
  local t = type(x)
  if t == "table" and x.isratio then return round_ratio_text(x, d, mode) end
  -- a finite number to the nearest: the integer K of num.round / round_str
  -- (fast_K: GB/T 8170 on the decimal value, decided on the binary value
  -- when that is safe), laid out as round_dec_text lays out its K (not for
-- math.mininteger, whose negation is itself)
  if t == "number" and mode == "nearest" and x - x == 0 and x ~= mininteger then
    local k = fast_K(x < 0 and -x or x, d)
    if k then return layout(x < 0, format("%d", k), d) end
  end
  return round_dec_text(dec_of(x, "text"), d, mode)
end

-- A ratio rounded (nearest) to `digits` decimals from its float result,
-- when that is the exact rounding: the float is within r.margin / 4000 of
-- the exact value, so when r.margin × 10^digits < 10^−7 and the float's
-- scaled fraction is more than 0.001 from one half, the exact value rounds
-- to the same integer. nil otherwise (text_at then works exactly).
local function ratio_text_fast(x, digits)
  if digits < 0 or digits > 9 then return nil end
  local p = POW10[digits]
  local y = x.f * p
  local fr = y - floor(y)
  if x.margin * p < 1e-7 and (fr < 0.499 or fr > 0.501) then
    local s = num.round_str(x.f, digits)
    s = gsub(s, "(%.%d-)0+$", "%1"); s = gsub(s, "%.$", "")
    return s
  end
  return nil
end

--- num.text(x [, digits [, limit]]) → x as text for a message, trailing
-- zeros dropped: a number, decimal text, exact decimal or ratio, rounded
-- (GB/T 8170) to `digits` decimals, or exact when digits is nil (not for
-- a ratio: digits defaults to 2 there). With a limit, the text never
-- contradicts the comparison: when the rounded text compares with the
-- limit differently from x itself (4.9999 at 2 decimals is "5.00"), more
-- decimals are shown, up to digits + 12; past that the value is rounded
-- toward its own side of the limit. x exactly at the limit prints as the
-- limit. num.text(num.sum{0.8, 0.8, 0.8, 0.8, 0.9, 0.9}) → "5";
-- num.text(4.99999, 2, 5) → "4.99999".
function num.text(x, digits, limit)
  local isr = type(x) == "table" and x.isratio
  if digits == nil then
    if isr then digits = 2 else
      if type(x) == "number" then
        local m, k = scaled(x)   -- nil for a non-finite x (then dec_of raises)
        if m then return scaled_text(m, k) end
      end
      local neg, d, e = dec_parts(dec_of(x, "text"))
      local s = plain(d, e)
      if neg and s ~= "0" then s = "-" .. s end
      if limit == nil then return s end
      return s   -- exact: consistent with any comparison
    end
  end
  if math_type(digits) ~= "integer" then digits = check_digits(digits, "text") end
  local t = isr and ratio_text_fast(x, digits) or text_at(x, digits, "nearest")
  if limit == nil then return t end
  local c = cmp(x, limit)
  -- t is this module's own decimal text: read without the checks of a
  -- caller's text (dec_of), compared as cmp(t, limit) compares it
  local nl = type(limit) == "number"    -- finite: cmp has checked it
  local L = not nl and not (type(limit) == "table" and limit.isratio) and dec_of(limit, "cmp") or nil
  for d = digits, digits + 12 do
    if d > digits then t = isr and ratio_text_fast(x, d) or text_at(x, d, "nearest") end
    local ct
    if nl and #t <= 15 then
      -- t has at most 15 significant digits, and a decimal of at most 15
      -- significant digits is the only one in the rounding interval of the
      -- double nearest to it. So v = tonumber(t) equals limit exactly when
      -- limit's decimal value is t; and as rounding to the nearest double
      -- is monotonic, v < limit (v > limit) only when t is below (above)
      -- limit's decimal value: the float comparison is the exact one.
      local v = tonumber(t)
      ct = v < limit and -1 or (v > limit and 1 or 0)
    elseif nl or L then
      L = L or dec_of(limit, "cmp")
      local neg, dg, e = split_text(t)
      ct = dcmp(mkdec(neg and -1 or 1, nat_from_digits(dg), e), L)
    else
      ct = cmp(t, limit)
    end
    if ct == c then return t end
  end
  return text_at(x, digits + 12, c < 0 and "floor" or "ceil")
end

return num

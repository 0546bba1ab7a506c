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

local function finite(x)
  return x == x and x ~= huge and x ~= -huge
end

--- num.is_number(x) → true for a finite Lua number (not NaN, not ±inf).
function num.is_number(x)
  return type(x) == "number" and finite(x)
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
local function nearest_multiple(x, m, q)
  local neg, digits, exp = decimal_parts(x)
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
  check_number(x, "round")
  digits = check_digits(digits or 0, "round")
  if not finite(x) then return x end
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
  check_number(x, "round_str")
  digits = check_digits(digits or 0, "round_str")
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

return num

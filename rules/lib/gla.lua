-- lib.gla — green low-carbon aluminium feed shares, grade and type code.
--
-- Source: NTE 绿色低碳铝产品认证实施规则 (seed 003) 6.1, 6.2, formulas (1)–(3);
-- docs/interpretations.md "NTE-GLA shares and code" and "Rounding (GB/T 8170)".
--
--   ω_x = m_x / (m_a + m_b + m_c) × 100, each 计算结果表示到个位 → rounded to an
--   integer by GB/T 8170 (half to even on the decimal value, lib.num.round).
--   Auxiliaries (master alloys, additives, fluxes: gla.excluded_auxiliaries_t)
--   are not in the denominator.
--   Ultra (U-GLA) when m_c = 0 (仅添加 A 类和/或 B 类原料);
--   Normal (N-GLA) when the rounded ω_c ≤ ω_c,max (不大于 30 %, Civil Code Art. 1259);
--   otherwise no GLA grade.
--   Code = prefix .. ω_a .. "." .. ω_b, no padding: U-GLA100.0, N-GLA40.48, U-GLA0.100.
--   A zero or negative total, a negative or non-numeric amount is an input error.
--
-- Decimal values: each share is rounded on the exact decimal value of
-- m_x × 100 / (m_a + m_b + m_c) (lib.num: the masses as written, summed and
-- divided without binary error), so 30.5 % is a tie (→ 30) and 30.500001 % is
-- not. Fast path: the float share is within 10^−13 of the exact one (a sum of
-- three and one quotient), so a fractional part farther than 10^−4 from .5
-- decides with floats; only shares near a half are rounded exactly.
-- Pure functions, no state kept between cases.

local M = {}

M.DEFAULT_OMEGA_C_MAX_PCT = 30
M.PREFIX = { ultra = "U-GLA", normal = "N-GLA" }
M.TIE_TOLERANCE = 1e-11

local floor, abs, tointeger, fmt, HUGE = math.floor, math.abs, math.tointeger, string.format, math.huge

-- Percentage share m × 100 / total as a float (display; not rounded).
function M.share_pct(m, total)
  return m * 100 / total
end

-- GB/T 8170 rounding of the share m / (Σ parts) × 100 to an integer, on the
-- exact decimal value (lib.num). x is the float share (M.share_pct).
function M.round_share(m, parts, x)
  if x >= 0 then
    local fl = floor(x)
    local d = x - fl
    if d < 0.4999 then return tointeger(fl) or fl end
    if d > 0.5001 then return tointeger(fl + 1) or (fl + 1) end
  end
  local num = lib.num
  local r = tonumber(num.text(num.share_pct(m, num.sum(parts)), 0))
  return tointeger(r) or r
end

-- GB/T 8170 rounding of a number to an integer (lib.num, half to even on its
-- decimal value).
function M.round_pct(x)
  local r = lib.num.round(x, 0)
  return tointeger(r) or r
end

-- Type code: prefix .. ω_a .. "." .. ω_b (integers, no padding).
function M.code(prefix, a, b)
  return fmt("%s%d.%d", prefix, a, b)
end

-- Parse a code "U-GLA40.48" → prefix, ω_a, ω_b (integers); nil when malformed.
function M.parse_code(s)
  if type(s) ~= "string" then return nil end
  local p, a, b = s:match("^([UN]%-GLA)(%d+)%.(%d+)$")
  if not p then return nil end
  return p, tointeger(tonumber(a)), tointeger(tonumber(b))
end

-- Grade from the class-C mass and the rounded ω_c.
-- Returns "ultra", "normal" or nil (no GLA grade).
function M.grade(m_c, omega_c_pct, max_pct)
  if m_c == 0 then return "ultra" end
  if omega_c_pct <= (max_pct or M.DEFAULT_OMEGA_C_MAX_PCT) then return "normal" end
  return nil
end

local FIELDS = {
  { key = "recycled_t",       cls = "A", zh = "A 类再生铝原料投入量", en = "class A (recycled) feed" },
  { key = "green_primary_t",  cls = "B", zh = "B 类绿电铝原料投入量", en = "class B (green-power primary) feed" },
  { key = "other_primary_t",  cls = "C", zh = "C 类非绿电铝原料投入量", en = "class C (other primary) feed" },
}

-- pointers for the usual base "/gla" (constant; never modified)
local DEFAULT_PTRS = { recycled_t = "/gla/recycled_t", green_primary_t = "/gla/green_primary_t",
                       other_primary_t = "/gla/other_primary_t" }

local concat = table.concat

-- a usable feed amount: a finite number ≥ 0
local function valid(v)
  return type(v) == "number" and v >= 0 and v ~= HUGE
end

local function failed_result(maxc, second, ptrs, err, ma, mb, mc, total)
  return { ok = false, error = err, omega_c_max_pct = maxc, second = second, qualifies = false, ptrs = ptrs,
           m_a_t = ma, m_b_t = mb, m_c_t = mc, total_t = total }
end

local function problem(code, zh, en, ptr, ptrs)
  return { code = code, zh = zh, en = en, ptr = ptr, ptrs = ptrs or { ptr } }
end

-- compute(g [, opts]) with g = case.gla (may be nil).
-- opts: omega_c_max_pct (default 30), base_ptr (default "/gla"),
--       second ("omega_b" default, or "omega_c"): the share written after the
--       dot. 6.2 text says ω_b; Example 2 ("ω_c=48 %") is a defect read as ω_b
--       (interpretations.md); the option lets a pack parameter choose.
-- Returns a table:
--   ok (bool), error (problem or nil: code gla.absent / gla.missing /
--   gla.not_number / gla.negative / gla.total_zero, with zh, en, ptr, ptrs),
--   m_a_t, m_b_t, m_c_t, auxiliaries_t, total_t,
--   omega_a_exact, omega_b_exact, omega_c_exact (unrounded %),
--   omega_a_pct, omega_b_pct, omega_c_pct (integers, GB/T 8170),
--   omega_c_max_pct, grade ("ultra"/"normal"/nil), prefix (nil without grade),
--   code (nil without grade), qualifies (bool), ptrs (field → pointer).
function M.compute(g, opts)
  local base, maxc, second = "/gla", M.DEFAULT_OMEGA_C_MAX_PCT, "omega_b"
  if opts then
    base = opts.base_ptr or base
    maxc = opts.omega_c_max_pct or maxc
    second = opts.second or second
  end
  local ptrs = DEFAULT_PTRS
  if base ~= "/gla" then
    ptrs = { recycled_t = base .. "/recycled_t", green_primary_t = base .. "/green_primary_t",
             other_primary_t = base .. "/other_primary_t" }
  end
  if type(g) ~= "table" then
    return failed_result(maxc, second, ptrs, problem("gla.absent", "未提供绿色低碳铝原料数据 (gla)", "no GLA feed data (gla) stated", base))
  end
  local ma, mb, mc = g.recycled_t, g.green_primary_t, g.other_primary_t
  if not (valid(ma) and valid(mb) and valid(mc)) then
    local missing, bad, neg
    local vals = { ma, mb, mc }
    for i = 1, 3 do
      local v, p = vals[i], ptrs[FIELDS[i].key]
      if v == nil then
        missing = missing or {}; missing[#missing + 1] = p
      elseif type(v) ~= "number" or v ~= v or v == HUGE or v == -HUGE then
        bad = bad or {}; bad[#bad + 1] = p
      elseif v < 0 then
        neg = neg or {}; neg[#neg + 1] = p
      end
    end
    if missing then
      return failed_result(maxc, second, ptrs, problem("gla.missing", "原料投入量未填写：" .. concat(missing, ", "),
                            "feed amount not stated: " .. concat(missing, ", "), missing[1], missing))
    end
    if bad then
      return failed_result(maxc, second, ptrs, problem("gla.not_number", "原料投入量不是有限数值：" .. concat(bad, ", "),
                            "feed amount is not a finite number: " .. concat(bad, ", "), bad[1], bad))
    end
    return failed_result(maxc, second, ptrs, problem("gla.negative", "原料投入量为负值（输入错误）：" .. concat(neg, ", "),
                          "negative feed amount (input error): " .. concat(neg, ", "), neg[1], neg))
  end
  local total = ma + mb + mc
  if total <= 0 then
    return failed_result(maxc, second, ptrs, problem("gla.total_zero", "A、B、C 类原料投入量之和为 0（输入错误），无法计算百分比",
                          "the class A + B + C feed total is 0 (input error); shares cannot be computed",
                          base, { ptrs.recycled_t, ptrs.green_primary_t, ptrs.other_primary_t }), ma, mb, mc, total)
  end
  local share_pct, round_share = M.share_pct, M.round_share
  local xa, xb, xc = share_pct(ma, total), share_pct(mb, total), share_pct(mc, total)
  local parts = { ma, mb, mc }
  local a, b, cc = round_share(ma, parts, xa), round_share(mb, parts, xb), round_share(mc, parts, xc)
  local grade = M.grade(mc, cc, maxc)
  local prefix, code
  if grade then
    prefix = M.PREFIX[grade]
    code = M.code(prefix, a, second == "omega_c" and cc or b)
  end
  local aux = g.excluded_auxiliaries_t
  return {
    ok = true, omega_c_max_pct = maxc, second = second, ptrs = ptrs,
    m_a_t = ma, m_b_t = mb, m_c_t = mc, total_t = total,
    auxiliaries_t = type(aux) == "number" and aux or nil,
    omega_a_exact = xa, omega_b_exact = xb, omega_c_exact = xc,
    omega_a_pct = a, omega_b_pct = b, omega_c_pct = cc,
    grade = grade, qualifies = grade ~= nil, prefix = prefix, code = code,
  }
end

-- What the grade would be without the feed whose evidence (5.1) is missing:
-- unproven class-B (and, when `unproven_a`, class-A) tonnage is counted as
-- class C (原铝（非绿电铝原料）). `g` is a successful compute() result.
-- Returns a compute() result for the reduced feed (same options), or nil when
-- nothing is unproven.
function M.without_unproven(g, unproven_b, unproven_a)
  if not (g and g.ok) then return nil end
  local ma, mb, mc = g.m_a_t, g.m_b_t, g.m_c_t
  local moved = false
  if unproven_b and mb > 0 then mc = mc + mb; mb = 0; moved = true end
  if unproven_a and ma > 0 then mc = mc + ma; ma = 0; moved = true end
  if not moved then return nil end
  return M.compute({ recycled_t = ma, green_primary_t = mb, other_primary_t = mc },
                   { omega_c_max_pct = g.omega_c_max_pct, second = g.second })
end

-- The rounding an applicant may dispute, in words (GB/T 8170 四舍六入五成双 on
-- the decimal value, 6.2 计算结果表示到个位): for each share that is not a whole
-- number, "ω_b = 46.5 % → 46"; a share exactly at .5 adds "not 47" (half to
-- even, not half up); and when the three printed shares do not add to 100,
-- says so ("35.5/35.5/29 → 36 + 36 + 29 = 101"). Returns zh, en, or nil, nil
-- when every share is a whole number. `g` is a successful compute() result.
local SHARES = { { "ω_a", "omega_a_exact", "omega_a_pct" }, { "ω_b", "omega_b_exact", "omega_b_pct" },
                 { "ω_c", "omega_c_exact", "omega_c_pct" } }
function M.rounding_note(g)
  if not (g and g.ok) then return nil, nil end
  local fmt_num = lib.util.fmt_num
  local zh, en = {}, {}
  for i = 1, 3 do
    local name, xk, rk = SHARES[i][1], SHARES[i][2], SHARES[i][3]
    local x, r = g[xk], g[rk]
    if x ~= floor(x) then
      local tie = (x - floor(x)) == 0.5
      local up = tie and (floor(x) + 1 == r and floor(x) or floor(x) + 1) or nil
      zh[#zh + 1] = fmt("%s = %s %% → %d", name, fmt_num(x), r) .. (tie and fmt("（五成双，不是 %d）", up) or "")
      en[#en + 1] = fmt("%s = %s %% → %d", name, fmt_num(x), r) .. (tie and fmt(" (half to even, not %d)", up) or "")
    end
  end
  if #zh == 0 then return nil, nil end
  local z = "按 GB/T 8170 四舍六入五成双修约到个位：" .. concat(zh, "，")
  local e = "rounded to integers by GB/T 8170 (四舍六入五成双, half to even): " .. concat(en, ", ")
  local sum = g.omega_a_pct + g.omega_b_pct + g.omega_c_pct
  if sum ~= 100 then
    z = z .. fmt("；各自修约后 %d + %d + %d = %d，不等于 100（6.2 各份额分别修约，合计视为 100 %%）",
                 g.omega_a_pct, g.omega_b_pct, g.omega_c_pct, sum)
    e = e .. fmt("; rounded separately they print as %d + %d + %d = %d, not 100 (6.2 rounds each share on its own; the total is taken as 100 %%)",
                 g.omega_a_pct, g.omega_b_pct, g.omega_c_pct, sum)
  end
  return z, e
end

-- The GLA result for a case: the precomputed f.gla when the facts provide one
-- computed with the same options, else computed here (cheap: three divisions).
function M.for_case(c, f, omega_c_max_pct, second)
  local maxc = omega_c_max_pct or M.DEFAULT_OMEGA_C_MAX_PCT
  second = second or "omega_b"
  local fg = f and f.gla
  if type(fg) == "table" and fg.omega_c_max_pct == maxc and (fg.second or "omega_b") == second then
    return fg
  end
  return M.compute(c.gla, { omega_c_max_pct = maxc, second = second })
end

return M

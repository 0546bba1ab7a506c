-- quality: data-quality rating of an inventory line.
-- Clause: WPRZ-CFP-01 7.7.4.7 表 1 数据质量评估表 (seed 000), used also for
-- CNCA-CFP-15 5.5.3.7 ("赋值规则与 GB/T 44905-2024 中 6.3 保持一致"; 初级数据应满足
-- 好, 其他次级数据应满足一般). Exact reading: docs/interpretations.md "Data quality":
--
-- | rating      | technology | time        | geography | reliability          | completeness |
-- | good 好     | same       | ≤ 3 years   | same      | measured_or_verified | ≥ 95 %       |
-- | fair 一般   | similar    | 3–5 years   | similar   | partly_measured      | ≥ 80 %       |
-- | poor 极差   | different  | 5–10 years  | different | estimated            | ≥ 50 %       |
-- | unusable    |            | > 10 years  |           |                      | < 50 %       |
--
-- Boundaries: "≤ 3a" is good, so 3 < age ≤ 5 is fair, 5 < age ≤ 10 poor,
-- > 10 unusable ("older than 10 years ... is below poor"). Completeness ≥ 95
-- good ("basically complete" read as ≥ 95 %), ≥ 80 fair, ≥ 50 poor, < 50 unusable.
-- A line rates as its worst indicator. A missing or invalid indicator leaves the
-- line unrated (rating = nil) and is listed; `worst_known` still gives the worst
-- of the indicators that are stated.

local M = {}

M.RATINGS = { "good", "fair", "poor", "unusable" }
M.LEVEL = { good = 1, fair = 2, poor = 3, unusable = 4 }
M.ZH = { good = "好", fair = "一般", poor = "差", unusable = "不可用" }
M.INDICATORS = { "technology", "age_years", "geography", "reliability", "completeness_pct" }

-- thresholds, as values (interpretations.md "Data quality")
M.AGE_GOOD_MAX, M.AGE_FAIR_MAX, M.AGE_POOR_MAX = 3, 5, 10
M.COMPLETE_GOOD_MIN, M.COMPLETE_FAIR_MIN, M.COMPLETE_POOR_MIN = 95, 80, 50

local TECH = { same = "good", similar = "fair", different = "poor" }
local GEO = { same = "good", similar = "fair", different = "poor" }
local REL = { measured_or_verified = "good", partly_measured = "fair", estimated = "poor" }
local LEVEL = M.LEVEL
local RATING_OF_LEVEL = M.RATINGS

-- rate_age(years) -> rating or nil (nil for a non-number or negative age)
function M.rate_age(a)
  if type(a) ~= "number" or a ~= a or a < 0 then return nil end
  if a <= M.AGE_GOOD_MAX then return "good" end
  if a <= M.AGE_FAIR_MAX then return "fair" end
  if a <= M.AGE_POOR_MAX then return "poor" end
  return "unusable"
end

-- rate_completeness(pct) -> rating or nil
function M.rate_completeness(p)
  if type(p) ~= "number" or p ~= p or p < 0 or p > 100 then return nil end
  if p >= M.COMPLETE_GOOD_MIN then return "good" end
  if p >= M.COMPLETE_FAIR_MIN then return "fair" end
  if p >= M.COMPLETE_POOR_MIN then return "poor" end
  return "unusable"
end

function M.rate_technology(v) return v and TECH[v] or nil end
function M.rate_geography(v) return v and GEO[v] or nil end
function M.rate_reliability(v) return v and REL[v] or nil end

-- worse(a, b) -> the worse of two ratings (nil-safe)
function M.worse(a, b)
  if a == nil then return b end
  if b == nil then return a end
  return (LEVEL[a] >= LEVEL[b]) and a or b
end

local ALL_MISSING = { "technology", "age_years", "geography", "reliability", "completeness_pct" }

-- Every fully-rated combination (3 × 4 × 3 × 3 × 4 = 432) is built once at load
-- and shared: rating a complete line allocates nothing. Key: t*10000 + a*1000 +
-- g*100 + r*10 + c with the indicator levels 1..4.
local FULL = {}
for t = 1, 3 do for a = 1, 4 do for g = 1, 3 do for r = 1, 3 do for c = 1, 4 do
  local w = t
  if a > w then w = a end
  if g > w then w = g end
  if r > w then w = r end
  if c > w then w = c end
  FULL[t * 10000 + a * 1000 + g * 100 + r * 10 + c] = {
    present = true, technology = RATING_OF_LEVEL[t], time = RATING_OF_LEVEL[a], geography = RATING_OF_LEVEL[g],
    reliability = RATING_OF_LEVEL[r], completeness = RATING_OF_LEVEL[c],
    rating = RATING_OF_LEVEL[w], worst_known = RATING_OF_LEVEL[w], level = w,
  }
end end end end end

local type = type
local AG, AF, AP = M.AGE_GOOD_MAX, M.AGE_FAIR_MAX, M.AGE_POOR_MAX
local CG, CF, CP = M.COMPLETE_GOOD_MIN, M.COMPLETE_FAIR_MIN, M.COMPLETE_POOR_MIN

-- age and completeness levels of a number x ≥ 0 (0 ≤ x ≤ 100 for completeness)
local function age_level(x)
  if x <= AG then return 1 elseif x <= AF then return 2 elseif x <= AP then return 3 else return 4 end
end
local function complete_level(x)
  if x >= CG then return 1 elseif x >= CF then return 2 elseif x >= CP then return 3 else return 4 end
end
-- The same levels for the whole numbers 0..100, made at load by those
-- functions: the usual stated values are found by one table read (a float
-- with a whole value, 3.0, reads the entry of 3; anything else, 2.5, a
-- negative number, a string, nil, misses and takes the comparisons).
local AGE_OF_WHOLE, COMPLETE_OF_WHOLE = {}, {}
for x = 0, 100 do AGE_OF_WHOLE[x] = age_level(x); COMPLETE_OF_WHOLE[x] = complete_level(x) end

-- rate(q) -> Quality fact (docs/facts.md "Quality fact"). `q` is a line's
-- `quality` table (or nil). A complete rating is a shared read-only table; lists
-- are built only when something is missing or invalid.
function M.rate(q)
  if q == nil then
    return { present = false, missing = ALL_MISSING }
  end
  local tv, av, gv, rv, cv = q.technology, q.age_years, q.geography, q.reliability, q.completeness_pct
  -- the three word indicators by comparison (technology and geography: same 1,
  -- similar 2, different 3; reliability: measured_or_verified 1,
  -- partly_measured 2, estimated 3; any other value nil), not by a read
  -- through a lookup table (the library's tables are read-only proxies once
  -- the packs load). Age and completeness: a table read at a nil key gives nil.
  local t, g, r
  if tv == "same" then t = 1 elseif tv == "similar" then t = 2 elseif tv == "different" then t = 3 end
  local a = AGE_OF_WHOLE[av]
  if a == nil and type(av) == "number" and av >= 0 then a = age_level(av) end
  if gv == "same" then g = 1 elseif gv == "similar" then g = 2 elseif gv == "different" then g = 3 end
  if rv == "measured_or_verified" then r = 1 elseif rv == "partly_measured" then r = 2 elseif rv == "estimated" then r = 3 end
  local c = COMPLETE_OF_WHOLE[cv]
  if c == nil and type(cv) == "number" and cv >= 0 and cv <= 100 then c = complete_level(cv) end
  if t and a and g and r and c then
    return FULL[t * 10000 + a * 1000 + g * 100 + r * 10 + c]
  end
  -- something missing or invalid: a fresh table with the lists
  local worst = 0
  if t and t > worst then worst = t end
  if a and a > worst then worst = a end
  if g and g > worst then worst = g end
  if r and r > worst then worst = r end
  if c and c > worst then worst = c end
  local missing, invalid
  local function note(name, raw, lvl)
    if lvl then return end
    if raw == nil then missing = missing or {}; missing[#missing + 1] = name
    else invalid = invalid or {}; invalid[#invalid + 1] = name end
  end
  note("technology", tv, t); note("age_years", av, a); note("geography", gv, g)
  note("reliability", rv, r); note("completeness_pct", cv, c)
  return {
    present = true,
    technology = t and RATING_OF_LEVEL[t], time = a and RATING_OF_LEVEL[a], geography = g and RATING_OF_LEVEL[g],
    reliability = r and RATING_OF_LEVEL[r], completeness = c and RATING_OF_LEVEL[c],
    worst_known = worst > 0 and RATING_OF_LEVEL[worst] or nil,
    missing = missing, invalid = invalid,
  }
end

return M

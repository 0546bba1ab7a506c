-- alloc: allocation facts and the alumina / aluminium-hydroxide co-product check.
-- Clauses: CNCA-CFP-15 5.5.3.5 (原则上应尽量避免数据分配 … 依据 GB/T 44905-2024);
-- WPRZ-CFP-01 7.7.4.5 (细分法 / 扩展法 / 分配法; 几种备选分配程序时应通过敏感性分析;
-- 副产品氢氧化铝: 报告 P1, P2; 单独核算煅烧工序 E_c 与其他工序 E_r; P1 折算为 P1.0;
-- 按 P1.0 与 P2 的质量分摊 E_r).
-- Exact computation (docs/interpretations.md "Allocation"):
--   P1.0 = P1 × 2 × M(Al(OH)3) / M(Al2O3) = P1 × 2 × 78.00 / 101.96
--   alumina   = Ec + Er × P1.0 / (P1.0 + P2)
--   hydroxide =      Er × P2   / (P1.0 + P2)
--   alumina + hydroxide = Ec + Er
-- Tolerance for comparing with the applicant's allocated amounts (a value, not
-- in the documents): max(tol_abs, tol_rel × |Ec + Er|), by default
-- max(0.5 t, 0.1 %); the packs pass their own parameters
-- (`alloc_tolerance_t`, `alloc_tolerance_pct`).
-- The three comparisons are exact (lib.num): with X = P1 × 2 × 78.00 and
-- Y = X + P2 × 101.96 (both > 0 scaled by 101.96),
--   |alumina − Ec − Er × X / Y| ≤ tol   ⇔  |(alumina − Ec) × Y − Er × X| ≤ tol × Y
--   |hydroxide − Er × P2×101.96 / Y| ≤ tol  ⇔  |hydroxide × Y − Er × P2 × 101.96| ≤ tol × Y
--   |alumina + hydroxide − (Ec + Er)| ≤ tol
-- so a stated amount exactly at the tolerance is within it, whatever binary
-- floating point would make of the sums.

local M = {}

M.M_ALOH3 = 78.00      -- g/mol, Al(OH)3 (interpretations.md)
M.M_AL2O3 = 101.96     -- g/mol, Al2O3 (interpretations.md)
M.P10_FACTOR = 2 * M.M_ALOH3 / M.M_AL2O3   -- ≈ 1.5300
M.TOL_REL = 0.001      -- 0.1 % of Ec + Er
M.TOL_ABS_T = 0.5      -- tCO2e: half a tonne (applicants round to whole tonnes)

local BASE = "/footprint/allocation"
local PTR = {
  alumina_t = BASE .. "/alumina_t", hydroxide_t = BASE .. "/hydroxide_t",
  calcination_tco2e = BASE .. "/calcination_tco2e", other_tco2e = BASE .. "/other_tco2e",
  allocated_alumina_tco2e = BASE .. "/allocated_alumina_tco2e",
  allocated_hydroxide_tco2e = BASE .. "/allocated_hydroxide_tco2e",
}
M.PTR = PTR

local abs = math.abs
local N = lib.num
local function num(x) return type(x) == "number" and x or nil end
local TWO_ALOH3 = N.mul(2, M.M_ALOH3)   -- 156 exactly
local AL2O3 = N.dec(M.M_AL2O3)          -- 101.96 exactly
local DEFAULT_REL = N.dec(M.TOL_REL)

-- |x| ≤ y on exact decimals
local function within(x, y) return N.cmp(N.abs(x), y) <= 0 end

-- p10(p1) -> P1 expressed as aluminium hydroxide (t)
function M.p10(p1) return p1 * M.P10_FACTOR end

-- split(p1, p2, ec, er) -> alumina_t, hydroxide_t (tCO2e each), or nil when P1.0 + P2 = 0
function M.split(p1, p2, ec, er)
  local p10 = p1 * M.P10_FACTOR
  local d = p10 + p2
  if d <= 0 then return nil end
  return ec + er * p10 / d, er * p2 / d
end

-- alumina(a, tol_rel, tol_abs) -> table (docs/facts.md "Allocation" → alumina)
-- `a` is footprint.allocation; tolerances default to M.TOL_REL / M.TOL_ABS_T
-- (tol_rel: a fraction, a number or an exact decimal of lib.num).
function M.alumina(a, tol_rel, tol_abs)
  tol_rel, tol_abs = tol_rel or M.TOL_REL, tol_abs or M.TOL_ABS_T
  local p1, p2, ec, er = num(a.alumina_t), num(a.hydroxide_t), num(a.calcination_tco2e), num(a.other_tco2e)
  local sa, sh = num(a.allocated_alumina_tco2e), num(a.allocated_hydroxide_tco2e)
  local res = { p1 = p1, p2 = p2, ec = ec, er = er, stated_alumina_t = sa, stated_hydroxide_t = sh, ptrs = PTR }
  local missing
  local function need(name, v) if v == nil then missing = missing or {}; missing[#missing + 1] = name end end
  need("alumina_t", p1); need("hydroxide_t", p2); need("calcination_tco2e", ec); need("other_tco2e", er)
  need("allocated_alumina_tco2e", sa); need("allocated_hydroxide_tco2e", sh)
  res.missing = missing
  if p1 ~= nil then res.p10 = p1 * M.P10_FACTOR end
  if p1 == nil or p2 == nil or ec == nil or er == nil then return res end
  local ea, eh = M.split(p1, p2, ec, er)
  if ea == nil then return res end
  res.expected_alumina_t, res.expected_hydroxide_t = ea, eh
  local total = N.add(ec, er)
  local tol = N.abs(N.mul(tol_rel == M.TOL_REL and DEFAULT_REL or tol_rel, total))
  if N.cmp(tol, tol_abs) < 0 then tol = N.dec(tol_abs) end
  res.tolerance_t = N.tonumber(tol)
  local X = N.mul(p1, TWO_ALOH3)
  local Y = N.add(X, N.mul(p2, AL2O3))
  local tolY = N.mul(tol, Y)
  if sa ~= nil then
    res.diff_alumina_t = sa - ea
    res.alumina_ok = within(N.sub(N.mul(N.sub(sa, ec), Y), N.mul(er, X)), tolY)
  end
  if sh ~= nil then
    res.diff_hydroxide_t = sh - eh
    res.hydroxide_ok = within(N.sub(N.mul(sh, Y), N.mul(er, N.mul(p2, AL2O3))), tolY)
  end
  if sa ~= nil and sh ~= nil then
    local diff = N.sub(N.add(sa, sh), total)
    res.balance_diff_t = N.tonumber(diff)
    res.balance_ok = within(diff, tol)
    res.ok = res.alumina_ok and res.hydroxide_ok and res.balance_ok
  end
  return res
end

-- facts(a) -> `f.alloc` (docs/facts.md "Allocation"); `a` = footprint.allocation or nil
function M.facts(a)
  if a == nil then return { present = false, ptr = BASE, needs_sensitivity = false } end
  local alternatives, sensitivity = a.alternatives, a.sensitivity_analysis
  return {
    present = true, ptr = BASE, used = a.used, method = a.method,
    alternatives = alternatives, sensitivity_analysis = sensitivity,
    needs_sensitivity = alternatives == true and sensitivity ~= true,
    alumina = (a.alumina_t ~= nil or a.hydroxide_t ~= nil or a.calcination_tco2e ~= nil or a.other_tco2e ~= nil)
      and M.alumina(a) or nil,
  }
end

return M

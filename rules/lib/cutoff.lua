-- cutoff: totals of the flows left out of the footprint (footprint.cut_offs).
-- Clauses: CNCA-CFP-15 5.5.3.6 (取舍原则与 GB/T 44905-2024 保持一致; requirements.md:
-- no omitted flow > 1 %, omitted total ≤ 5 %, every omission reported, energy and
-- raw-material inputs never omitted); WPRZ-CFP-01 7.7.4.6 (1) 能源的所有输入均需列出,
-- (2) 原辅材料的所有输入均需列出, (4) 单项 ≤ 1 %, (5) 总和 ≤ 5 % 且应在报告中说明,
-- (6) 基础设施、设备、办公及生活设施的消耗和排放均忽略; CGC-PV10 8.2 (舍弃的输入或
-- 输出重量之和不得超过产品重量或全部废弃物的 5 %).
-- This module only sums and lists; each pack compares with its own limits.

local M = {}

M.SINGLE_LIMIT_PCT = 1   -- CNCA 5.5.3.6 / WPRZ 7.7.4.6 (4), used for `over_pct`

local PTRS = {}
for i = 1, 200 do PTRS[i] = "/footprint/cut_offs/" .. (i - 1) end
local function ptr_of(i) return PTRS[i] or ("/footprint/cut_offs/" .. (i - 1)) end

-- summarize(cut_offs, output_t, waste_mass_t) -> cut-off table (docs/facts.md "Cut-off").
-- `cut_offs` is `footprint.cut_offs` (may be nil); `output_t` the product output
-- in t (may be nil); `waste_mass_t` Σ waste lines in t (may be nil or 0).
-- Lists are built only when they get an element (else lib.util.EMPTY), and the
-- result is made by one constructor: the engine freezes the facts, and every
-- table and key costs that freeze.
function M.summarize(cut_offs, output_t, waste_mass_t)
  local EMPTY = lib.util.EMPTY
  if cut_offs == nil then
    return {
      present = false, items = EMPTY, count = 0,
      sum_share_pct = 0, share_missing = EMPTY, over_pct = EMPTY,
      mass_t = 0, mass_missing = EMPTY, unreported = EMPTY, energy_or_raw = EMPTY, infrastructure = EMPTY,
      infrastructure_excluded = false,
    }
  end
  local n = #cut_offs
  local items, max_share, max_ptr, sum, mass = {}, nil, nil, 0, 0
  local unreported, energy_or_raw, infrastructure, over_pct, share_missing, mass_missing
  local limit = M.SINGLE_LIMIT_PCT
  for i = 1, n do
    local co = cut_offs[i]
    local ptr = PTRS[i] or ptr_of(i)
    local share, m, cat, reported = co.share_pct, co.mass_t, co.category, co.reported
    items[i] = { i = i, ptr = ptr, flow = co.flow, process = co.process, category = cat,
                 share_pct = share, mass_t = m, reported = reported }
    if reported ~= true then unreported = unreported or {}; unreported[#unreported + 1] = ptr end
    if cat == "energy" or cat == "raw_material" then energy_or_raw = energy_or_raw or {}; energy_or_raw[#energy_or_raw + 1] = ptr end
    if cat == "infrastructure" then
      -- WPRZ 7.7.4.6 (6): excluded by rule; not part of the omitted totals
      infrastructure = infrastructure or {}; infrastructure[#infrastructure + 1] = ptr
    else
      if type(share) == "number" then
        sum = sum + share
        if max_share == nil or share > max_share then max_share, max_ptr = share, ptr end
        if share > limit then over_pct = over_pct or {}; over_pct[#over_pct + 1] = ptr end
      else
        share_missing = share_missing or {}; share_missing[#share_missing + 1] = ptr
      end
      if type(m) == "number" then mass = mass + m
      else mass_missing = mass_missing or {}; mass_missing[#mass_missing + 1] = ptr end
    end
  end
  return {
    present = true, items = n > 0 and items or EMPTY, count = n,
    max_share_pct = max_share, max_share_ptr = max_ptr,
    sum_share_pct = sum, share_missing = share_missing or EMPTY, over_pct = over_pct or EMPTY,
    mass_t = mass, mass_missing = mass_missing or EMPTY, unreported = unreported or EMPTY,
    energy_or_raw = energy_or_raw or EMPTY, infrastructure = infrastructure or EMPTY,
    infrastructure_excluded = infrastructure ~= nil,
    mass_pct_of_output = (type(output_t) == "number" and output_t > 0) and mass / output_t * 100 or nil,
    mass_pct_of_waste = (type(waste_mass_t) == "number" and waste_mass_t > 0) and mass / waste_mass_t * 100 or nil,
  }
end

return M

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
function M.summarize(cut_offs, output_t, waste_mass_t)
  local res = {
    present = cut_offs ~= nil, items = {}, count = 0,
    sum_share_pct = 0, share_missing = {}, over_pct = {},
    mass_t = 0, mass_missing = {}, unreported = {}, energy_or_raw = {}, infrastructure = {},
    infrastructure_excluded = false,
  }
  if cut_offs == nil then return res end
  local items, max_share, max_ptr, sum, mass = res.items, nil, nil, 0, 0
  for i, co in ipairs(cut_offs) do
    local ptr = ptr_of(i)
    local share, m, cat, reported = co.share_pct, co.mass_t, co.category, co.reported
    items[i] = { i = i, ptr = ptr, flow = co.flow, process = co.process, category = cat,
                 share_pct = share, mass_t = m, reported = reported }
    if reported ~= true then res.unreported[#res.unreported + 1] = ptr end
    if cat == "energy" or cat == "raw_material" then res.energy_or_raw[#res.energy_or_raw + 1] = ptr end
    if cat == "infrastructure" then
      -- WPRZ 7.7.4.6 (6): excluded by rule; not part of the omitted totals
      res.infrastructure[#res.infrastructure + 1] = ptr
      res.infrastructure_excluded = true
    else
      if type(share) == "number" then
        sum = sum + share
        if max_share == nil or share > max_share then max_share, max_ptr = share, ptr end
        if share > M.SINGLE_LIMIT_PCT then res.over_pct[#res.over_pct + 1] = ptr end
      else
        res.share_missing[#res.share_missing + 1] = ptr
      end
      if type(m) == "number" then mass = mass + m
      else res.mass_missing[#res.mass_missing + 1] = ptr end
    end
  end
  res.count = #items
  res.max_share_pct, res.max_share_ptr = max_share, max_ptr
  res.sum_share_pct, res.mass_t = sum, mass
  if type(output_t) == "number" and output_t > 0 then res.mass_pct_of_output = mass / output_t * 100 end
  if type(waste_mass_t) == "number" and waste_mass_t > 0 then res.mass_pct_of_waste = mass / waste_mass_t * 100 end
  return res
end

return M

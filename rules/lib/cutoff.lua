-- cutoff: totals of the flows left out of the footprint (footprint.cut_offs).
-- Clauses: CNCA-CFP-15 5.5.3.6 (取舍原则与 GB/T 44905-2024 保持一致; requirements.md:
-- no omitted flow > 1 %, omitted total ≤ 5 %, every omission reported, energy and
-- raw-material inputs never omitted); WPRZ-CFP-01 7.7.4.6 (1) 能源的所有输入均需列出,
-- (2) 原辅材料的所有输入均需列出, (4) 单项 ≤ 1 %, (5) 总和 ≤ 5 % 且应在报告中说明,
-- (6) 基础设施、设备、办公及生活设施的消耗和排放均忽略; CGC-PV10 8.2 ¶26 (所有舍弃的
-- 输入或输出数据（原辅材料、零部件、废弃物等）的重量之和不得超过产品重量或全部废弃物的 5 %).
--
-- This module only sums and lists; each pack compares with its own limits.
-- Every item counts in the totals: leaving infrastructure out is a reading of
-- WPRZ 7.7.4.6 (6), which that pack asks for by its own parameter
-- (cutoff_exclude_infrastructure → totals(co, { exclude_infrastructure = true })).
-- Sums are exact decimal sums (lib.num): 0.8 + 0.8 + 0.8 + 0.8 + 0.9 + 0.9 is
-- 5 in any order.

local M = {}

local num = lib.num
local type = type

M.SINGLE_LIMIT_PCT = 1   -- CNCA 5.5.3.6 / WPRZ 7.7.4.6 (4), used for `over_pct`

-- Categories that are inputs by nature (CGC ¶26 compares omitted inputs with
-- the product mass); an item of another category states `direction`.
M.INPUT_CATEGORIES = { raw_material = true, auxiliary = true, energy = true, infrastructure = true }

local ZERO = num.dec(0)
local SUMMARY_OPTS = { single_max_pct = M.SINGLE_LIMIT_PCT }
local num_sum, num_tonumber = num.sum, num.tonumber
local INPUT_CATEGORIES = M.INPUT_CATEGORIES

local PTRS = {}
for i = 1, 200 do PTRS[i] = "/footprint/cut_offs/" .. (i - 1) end
local function ptr_of(i) return PTRS[i] or ("/footprint/cut_offs/" .. (i - 1)) end

-- direction of an omitted item: "input", "output" or nil (not known)
local function direction(it)
  local d = it.direction
  if d == "input" or d == "output" then return d end
  if M.INPUT_CATEGORIES[it.category] then return "input" end
  return nil
end
M.direction = direction

--- cutoff.totals(co [, opts]) → the totals of the cut-off table `co`
-- (f.cutoff) over the items that count: every item, or with
-- opts.exclude_infrastructure every item but those of category
-- infrastructure. Fields:
--   sum_share      exact decimal Σ share_pct (lib.num); sum_share_pct its number
--   max_share_pct, max_share_ptr   largest single share_pct and its item
--   over_single    pointers of the items with share_pct > opts.single_max_pct (if given)
--   share_missing, mass_missing   pointers of counted items without share_pct / mass_t
--   mass, input_mass, output_mass  exact Σ mass_t (all / inputs / outputs, CGC ¶26)
--   direction_missing  pointers of counted items whose direction is unknown
--   excluded       pointers of the items left out (infrastructure), or {}
-- With opts.shares_only the mass fields (mass, mass_t, input_mass,
-- output_mass, mass_missing, direction_missing) are left out: a rule on the
-- shares alone does not pay for three exact mass sums.
function M.totals(co, opts)
  local EMPTY = lib.util.EMPTY
  local excl = opts ~= nil and opts.exclude_infrastructure == true
  local single = opts ~= nil and opts.single_max_pct or nil
  local shares_only = opts ~= nil and opts.shares_only == true
  local items = co.items or EMPTY
  local shares, masses, ins, outs = {}, {}, nil, nil
  local ns, nm = 0, 0
  local max_share, max_ptr
  local over_single, share_missing, mass_missing, dir_missing, excluded
  for i = 1, #items do
    local it = items[i]
    local cat = it.category
    if excl and cat == "infrastructure" then
      excluded = excluded or {}; excluded[#excluded + 1] = it.ptr
    else
      local share = it.share_pct
      if type(share) == "number" then
        ns = ns + 1; shares[ns] = share
        if max_share == nil or share > max_share then max_share, max_ptr = share, it.ptr end
        -- two stated numbers: the float order is the decimal order (lib.num)
        if single ~= nil and share > single then over_single = over_single or {}; over_single[#over_single + 1] = it.ptr end
      else
        share_missing = share_missing or {}; share_missing[#share_missing + 1] = it.ptr
      end
      if not shares_only then
        local m = it.mass_t
        local d = it.direction
        if d ~= "input" and d ~= "output" then d = INPUT_CATEGORIES[cat] and "input" or nil end
        if d == nil then dir_missing = dir_missing or {}; dir_missing[#dir_missing + 1] = it.ptr end
        if type(m) == "number" then
          nm = nm + 1; masses[nm] = m
          if d == "output" then outs = outs or {}; outs[#outs + 1] = m
          elseif d == "input" then ins = ins or {}; ins[#ins + 1] = m end
        else
          mass_missing = mass_missing or {}; mass_missing[#mass_missing + 1] = it.ptr
        end
      end
    end
  end
  local sum = num_sum(shares)
  if shares_only then
    return {
      sum_share = sum, sum_share_pct = num_tonumber(sum),
      max_share_pct = max_share, max_share_ptr = max_ptr,
      over_single = over_single or EMPTY, share_missing = share_missing or EMPTY,
      excluded = excluded or EMPTY,
    }
  end
  local mass = num_sum(masses)
  local zero = ZERO
  return {
    sum_share = sum, sum_share_pct = num_tonumber(sum),
    max_share_pct = max_share, max_share_ptr = max_ptr,
    over_single = over_single or EMPTY, share_missing = share_missing or EMPTY, mass_missing = mass_missing or EMPTY,
    mass = mass, mass_t = num_tonumber(mass), input_mass = ins and num_sum(ins) or zero, output_mass = outs and num_sum(outs) or zero,
    direction_missing = dir_missing or EMPTY, excluded = excluded or EMPTY,
  }
end

-- summarize(cut_offs, output_t, waste_mass_t) -> cut-off table (docs/facts.md "Cut-off").
-- `cut_offs` is `footprint.cut_offs` (may be nil); `output_t` the product output
-- in t (may be nil); `waste_mass_t` Σ waste lines in t (may be nil or 0).
-- Lists are built only when they get an element (else lib.util.EMPTY), and the
-- result is made by one constructor: the engine freezes the facts, and every
-- table and key costs that freeze. The totals count every item (M.totals).
function M.summarize(cut_offs, output_t, waste_mass_t)
  local EMPTY = lib.util.EMPTY
  if cut_offs == nil then
    return {
      present = false, items = EMPTY, count = 0,
      sum_share_pct = 0, share_missing = EMPTY, over_pct = EMPTY,
      mass_t = 0, mass_missing = EMPTY, unreported = EMPTY, energy_or_raw = EMPTY, infrastructure = EMPTY,
    }
  end
  local n = #cut_offs
  local items = {}
  local unreported, energy_or_raw, infrastructure
  for i = 1, n do
    local co = cut_offs[i]
    local ptr = PTRS[i] or ptr_of(i)
    local cat, reported = co.category, co.reported
    items[i] = { i = i, ptr = ptr, flow = co.flow, process = co.process, category = cat,
                 share_pct = co.share_pct, mass_t = co.mass_t, reported = reported, direction = co.direction }
    if reported ~= true then unreported = unreported or {}; unreported[#unreported + 1] = ptr end
    if cat == "energy" or cat == "raw_material" then energy_or_raw = energy_or_raw or {}; energy_or_raw[#energy_or_raw + 1] = ptr end
    if cat == "infrastructure" then infrastructure = infrastructure or {}; infrastructure[#infrastructure + 1] = ptr end
  end
  local t = M.totals({ items = items }, SUMMARY_OPTS)
  return {
    present = true, items = n > 0 and items or EMPTY, count = n,
    max_share_pct = t.max_share_pct, max_share_ptr = t.max_share_ptr,
    sum_share_pct = t.sum_share_pct, share_missing = #t.share_missing > 0 and t.share_missing or EMPTY,
    over_pct = #t.over_single > 0 and t.over_single or EMPTY,
    mass_t = t.mass_t, mass_missing = #t.mass_missing > 0 and t.mass_missing or EMPTY,
    unreported = unreported or EMPTY,
    energy_or_raw = energy_or_raw or EMPTY, infrastructure = infrastructure or EMPTY,
    -- display figures (float quotients); limits are compared with num.share_pct
    mass_pct_of_output = (type(output_t) == "number" and output_t > 0) and t.mass_t / output_t * 100 or nil,
    mass_pct_of_waste = (type(waste_mass_t) == "number" and waste_mass_t > 0) and t.mass_t / waste_mass_t * 100 or nil,
  }
end

return M

-- footprint: recomputation of the declared carbon footprint.
-- Spec: requirements.md "Shared computations — footprint recomputation"
-- (Σ line emissions ÷ output × declared unit; per process and per stage;
-- deviation of the declared value in %); case-format.md "footprint", "Line",
-- "Factor" (a removal line counts negative; a direct_emission line with a gas is
-- converted with the case's GWP set; a line with a factor is amount × factor with
-- unit conversion; a line with both is an error). Clauses served: CNCA-CFP-15
-- 5.5.4, WPRZ-CFP-01 7.7.5, CGC-PV10 9 and 10.5.2, CICC 6.2 1) 3) and 9.6.2.
--
-- Performance: one pass over the inventory; pointers and unit tables are
-- precomputed at load; strings are built only for problems.

local M = {}
local type, tostring, pairs, ipairs = type, tostring, pairs, ipairs

local units = lib.units
local quality = lib.quality
local sources = lib.sources
local UNIT, FACTOR = units.UNIT, units.FACTOR

-- GWP[set][gas] = number, from data/reference/gwp.json (domain-facts.md "GWP-100")
local GWP = {}
for set, s in pairs(REF.gwp.sets) do
  local t = {}
  for gas, g in pairs(s.gases) do t[gas] = g.value end
  GWP[set] = t
end
M.GWP = GWP

-- gwp_set(name) -> { CO2 = 1, CH4 = …, … } or nil
function M.gwp_set(name) return name and GWP[name] or nil end

-- Kinds that emit (case-format "Line" kind enum) and kinds that count zero.
M.EMITTING = { material = true, energy = true, transport = true, direct_emission = true, waste = true, removal = true }
M.ZERO = { intermediate = true, product = true, co_product = true, reference = true }
-- CNCA-CFP-15 5.5.3.3(1)(3): the four core unit processes.
M.CORE = { alumina_production = true, anode_production = true, electrolysis = true, casting = true }
local EMITTING, ZERO, CORE = M.EMITTING, M.ZERO, M.CORE

-- Pointers /footprint/inventory/<i-1>, precomputed.
local PTRS = {}
for i = 1, 2000 do PTRS[i] = "/footprint/inventory/" .. (i - 1) end
function M.line_ptr(i) return PTRS[i] or ("/footprint/inventory/" .. (i - 1)) end

local function problem(code, ptr, zh, en)
  return { code = code, ptr = ptr, zh = zh, en = en }
end
M.problem = problem

local function s(x) return tostring(x) end
local abs = math.abs

-- emit(l, kind, amount, unit, u, gas, factor, gwp, gwp_name, ptr) -> emission_t, problem, basis
-- The core of line_emission, on fields already read from the line (the
-- inventory loop reads each field of a line once). `u` = UNIT[unit] or nil.
local function emit(l, kind, amount, unit, u, gas, factor, gwp, gwp_name, ptr)
  if kind == nil then
    return nil, problem("fp.no_kind", ptr .. "/kind", "清单行未注明类别 (kind)", "inventory line has no kind")
  end
  if ZERO[kind] then return 0, nil, "none" end
  if not EMITTING[kind] then
    return nil, problem("fp.unknown_kind", ptr .. "/kind", "未知的清单行类别: " .. s(kind), "unknown line kind: " .. s(kind))
  end
  if type(amount) ~= "number" then
    return nil, problem("fp.no_amount", ptr .. "/amount", "清单行缺少数量", "inventory line has no amount")
  end
  if u == nil then
    return nil, problem("fp.unknown_unit", ptr .. "/unit", "未知单位: " .. s(unit), "unknown unit: " .. s(unit))
  end
  local em, basis
  if gas ~= nil then
    if factor ~= nil then
      return nil, problem("fp.gas_and_factor", ptr, "清单行同时给出温室气体 (gas) 和排放因子 (factor)",
                          "inventory line has both a gas and a factor")
    end
    if gwp == nil then
      return nil, problem("fp.no_gwp", ptr .. "/gas",
        "温室气体行需要 GWP 值集 (footprint.gwp)，但未给出或未知: " .. s(gwp_name),
        "gas line needs a GWP set (footprint.gwp), missing or unknown: " .. s(gwp_name))
    end
    local g = gwp[gas]
    if g == nil then
      return nil, problem("fp.unknown_gas", ptr .. "/gas", "未知温室气体: " .. s(gas), "unknown gas: " .. s(gas))
    end
    if u.dim ~= "mass" then
      return nil, problem("fp.gas_unit", ptr .. "/unit", "温室气体数量须为质量单位，而非 " .. s(unit),
                          "gas amount must be a mass, not " .. s(unit))
    end
    em, basis = amount * u.to_base * g, "gas"
  else
    if factor == nil then
      return nil, problem("fp.no_factor", ptr .. "/factor", "清单行缺少排放因子", "inventory line has no emission factor")
    end
    local fv, funit = factor.value, factor.unit
    if type(fv) ~= "number" then
      return nil, problem("fp.factor_no_value", ptr .. "/factor/value", "排放因子缺少数值", "emission factor has no value")
    end
    local fu = funit ~= nil and FACTOR[funit] or nil
    if fu == nil or fu.den == nil then
      return nil, problem("fp.unknown_factor_unit", ptr .. "/factor/unit", "未知的排放因子单位: " .. s(funit),
                          "unknown emission factor unit: " .. s(funit))
    end
    if kind == "transport" then
      if fu.dim ~= "freight" then
        return nil, problem("fp.transport_unit", ptr .. "/factor/unit",
          "运输排放因子须以 t·km 为分母，而非 " .. s(funit), "transport factor must be per t·km, not " .. s(funit))
      end
      if u.dim == "freight" then
        -- amount already in t·km: no distance needed
        em = amount * u.to_base / fu.den_to_base * fv * fu.num_t
      elseif u.dim == "mass" then
        local tr = l.transport
        local d = tr and tr.distance_km
        if type(d) ~= "number" then
          return nil, problem("fp.transport_no_distance", ptr .. "/transport/distance_km",
                              "运输行缺少运输距离", "transport line has no distance")
        end
        em = amount * u.to_base * d / fu.den_to_base * fv * fu.num_t
      else
        return nil, problem("fp.transport_unit", ptr .. "/unit",
          "运输行数量须为所运质量 (t)，而非 " .. s(unit), "transport amount must be the mass carried, not " .. s(unit))
      end
      basis = "transport"
    else
      if fu.dim ~= u.dim then
        return nil, problem("fp.unit_mismatch", ptr .. "/unit",
          "数量单位 " .. s(unit) .. " 与排放因子单位 " .. s(funit) .. " 的分母不一致",
          "amount unit " .. s(unit) .. " does not match the factor unit " .. s(funit))
      end
      em = amount * (u.to_base / fu.den_to_base) * fv * fu.num_t
      basis = "factor"
    end
  end
  if kind == "removal" then em = -abs(em) end
  return em, nil, basis
end

-- line_emission(l, gwp, gwp_name, ptr) -> emission_t, problem, basis
-- The emission of one inventory line in tCO2e over the period (signed: a
-- removal counts negative; intermediate and other non-emitting kinds count 0).
-- `gwp` is a GWP table (M.gwp_set) or nil; `ptr` is the line's pointer.
-- basis: "factor", "gas", "transport" or "none".
function M.line_emission(l, gwp, gwp_name, ptr)
  local unit = l.unit
  return emit(l, l.kind, l.amount, unit, unit ~= nil and UNIT[unit] or nil, l.gas, l.factor, gwp, gwp_name, ptr or "")
end

-- conv_text(x) → a unit conversion factor computed in floats (0.001 × 1 ×
-- 1 / 1 …) as decimal text: the factors of data/reference/units.json are
-- powers of ten and short decimals, so 12 significant digits recover them
-- exactly (0.0009999999999999998 → "0.001").
local function conv_text(x) return string.format("%.12g", x) end
M.conv_text = conv_text

-- power-of-ten exponent of a factor text ("0.001" → -3, "1000" → 3), or nil
local function pow10_of(text)
  local neg, digits, exp = lib.num.decimal_parts(tonumber(text))
  if neg or digits ~= "1" then return nil end
  return exp
end

-- collection gap: a column of the data-collection list (CNCA Annex 2, WPRZ
-- 7.1.3(9)) that line `id` at `ptr` lacks; `list` is created on the first gap
local function gap(list, ptr, id, what)
  list = list or {}
  list[#list + 1] = { ptr = ptr .. "/" .. what, id = id, what = what }
  return list
end

-- Shared read-only parts of `f.fp` for a case without a footprint (frozen
-- with the library: the per-case freeze does not copy them).
M.NO_QUALITY_COUNTS = { good = 0, fair = 0, poor = 0, unusable = 0, unrated = 0 }
M.NO_ELECTROLYSIS = { line_count = 0, electricity_kwh = 0, co2_t = 0, anode_t = 0, alumina_t = 0 }

-- compute(fpc) -> the `f.fp` table (docs/facts.md "Footprint").
-- `fpc` is `c.footprint` (may be nil).
-- The table is made by one constructor at the end (the engine freezes it;
-- keys added one by one would regrow it), empty lists and maps are
-- lib.util.EMPTY.
function M.compute(fpc)
  local EMPTY = lib.util.EMPTY
  if fpc == nil then
    return {
      present = false, ok = false, lines = EMPTY, line_count = 0, errors = EMPTY, line_errors = 0,
      total_t = 0, emissions_t = 0, removals_t = 0,
      by_process = EMPTY, by_process_t = EMPTY, process_keys = EMPTY,
      by_stage = EMPTY, by_stage_t = EMPTY, stage_keys = EMPTY,
      by_process_site_specific = EMPTY, secondary_lines = EMPTY, collection_gaps = EMPTY,
      flow_mass_t = EMPTY, waste_mass_t = 0, input_mass_t = 0,
      core_processes = CORE,
      quality_counts = M.NO_QUALITY_COUNTS,
      electrolysis = M.NO_ELECTROLYSIS,
      gwp_known = false,
    }
  end
  local errors = {}
  local gwp_name = fpc.gwp
  local gwp = gwp_name ~= nil and GWP[gwp_name] or nil

  -- output and declared unit → number of declared units in the period
  local out, du = fpc.output, fpc.declared_unit
  local out_v, out_u
  if out then out_v, out_u = out.value, out.unit end
  local out_info = out_u ~= nil and UNIT[out_u] or nil
  local out_ok = false
  local output_t
  if out == nil or type(out_v) ~= "number" then
    errors[#errors + 1] = problem("fp.no_output", "/footprint/output", "未给出核算期产品产量", "product output in the period not stated")
  elseif out_info == nil then
    errors[#errors + 1] = problem("fp.output_unit", "/footprint/output/unit", "产量单位未知: " .. s(out_u), "unknown output unit: " .. s(out_u))
  elseif out_v <= 0 then
    errors[#errors + 1] = problem("fp.output_zero", "/footprint/output/value", "产量须大于零", "output must be positive")
  else
    out_ok = true
    if out_info.dim == "mass" then output_t = out_v * out_info.to_base end
  end
  local du_amount, du_unit = 1, "t"
  if du ~= nil then du_amount, du_unit = du.amount, du.unit end
  local du_info = du_unit ~= nil and UNIT[du_unit] or nil
  local du_ok = false
  local n
  if du == nil then
    errors[#errors + 1] = problem("fp.declared_unit", "/footprint/declared_unit", "未给出声明单位", "declared unit not stated")
  elseif type(du_amount) ~= "number" or du_amount <= 0 or du_info == nil then
    errors[#errors + 1] = problem("fp.declared_unit", "/footprint/declared_unit",
      "声明单位无法识别: " .. s(du_amount) .. " " .. s(du_unit), "declared unit not understood: " .. s(du_amount) .. " " .. s(du_unit))
  elseif out_ok and out_info.dim ~= du_info.dim then
    errors[#errors + 1] = problem("fp.declared_unit", "/footprint/declared_unit/unit",
      "声明单位 " .. s(du_unit) .. " 与产量单位 " .. s(out_u) .. " 不可换算",
      "declared unit " .. s(du_unit) .. " cannot be converted from the output unit " .. s(out_u))
  else
    du_ok = true
    if out_ok then n = out_v * out_info.to_base / (du_amount * du_info.to_base) end
  end

  -- one pass over the inventory
  local inv = fpc.inventory
  local ninv = inv ~= nil and #inv or 0
  if ninv == 0 then
    errors[#errors + 1] = problem("fp.no_inventory", "/footprint/inventory", "清单为空或未给出", "inventory missing or empty")
  end
  local lines, by_p, by_s, pkeys, skeys, site_spec, flow_mass = {}, {}, {}, {}, {}, {}, {}
  local q_good, q_fair, q_poor, q_unusable, q_unrated = 0, 0, 0, 0, 0
  local el_n, el_kwh, el_co2, el_alumina, el_anode = 0, 0, 0, 0, 0
  local total, pos, rem, waste_t, input_t = 0, 0, 0, 0, 0
  local nerr = 0
  local secondary                       -- the line facts with data_type "secondary"
  local gaps, pending, moved            -- data-collection list (below)
  local rate, rank = quality.rate, sources.rank
  for i = 1, ninv do
    local l = inv[i]
    local ptr = PTRS[i] or ("/footprint/inventory/" .. (i - 1))
    local kind, process, stage, flow = l.kind, l.process, l.stage, l.flow
    local data_type, unit, amount, gas, factor = l.data_type, l.unit, l.amount, l.gas, l.factor
    local u = UNIT[unit]   -- (a table read at a nil key gives nil)
    local em, err = emit(l, kind, amount, unit, u, gas, factor, gwp, gwp_name, ptr)
    local mass_t, energy_kwh
    if u ~= nil and type(amount) == "number" then
      local dim = u.dim
      if dim == "mass" then mass_t = amount * u.to_base
      elseif dim == "energy" then energy_kwh = amount * u.to_base / 3.6 end
    end
    local q = rate(l.quality)
    -- seven fields, none a copy of the line (read those from `line`): every
    -- key of every line costs the engine's freeze of the facts
    local L = {
      ptr = ptr, line = l, core = CORE[process] == true,
      emission_t = em, error = err, quality = q,
      rank = factor ~= nil and rank(factor, l) or nil,
    }
    lines[i] = L
    if data_type == "secondary" then secondary = secondary or {}; secondary[#secondary + 1] = L end
    -- quality counts
    local r = q.rating
    if r == "good" then q_good = q_good + 1
    elseif r == "fair" then q_fair = q_fair + 1
    elseif r == "poor" then q_poor = q_poor + 1
    elseif r == "unusable" then q_unusable = q_unusable + 1
    else q_unrated = q_unrated + 1 end
    -- process / stage bookkeeping
    if process ~= nil then
      local ss = site_spec[process]
      if ss == nil then pkeys[#pkeys + 1] = process; by_p[process] = 0; site_spec[process] = data_type == "site_specific"
      elseif ss and data_type ~= "site_specific" then site_spec[process] = false end
    end
    if stage ~= nil and by_s[stage] == nil then skeys[#skeys + 1] = stage; by_s[stage] = 0 end
    if err then
      nerr = nerr + 1
      errors[#errors + 1] = err
      err.line_id = l.id
    else
      total = total + em
      if em >= 0 then pos = pos + em else rem = rem - em end
      if process ~= nil then by_p[process] = by_p[process] + em end
      if stage ~= nil then by_s[stage] = by_s[stage] + em end
    end
    -- masses
    if mass_t ~= nil then
      if kind == "material" or kind == "intermediate" then
        if kind == "material" then input_t = input_t + mass_t end
        if flow ~= nil then flow_mass[flow] = (flow_mass[flow] or 0) + mass_t end
      elseif kind == "waste" then
        waste_t = waste_t + mass_t
      end
    end
    -- electrolysis accumulators (plausibility, domain-facts.md)
    if process == "electrolysis" then
      el_n = el_n + 1
      if energy_kwh ~= nil and (flow == "electricity" or flow == "green_electricity") then
        el_kwh = el_kwh + energy_kwh
      elseif mass_t ~= nil then
        if kind == "direct_emission" and gas == "CO2" then el_co2 = el_co2 + mass_t
        elseif flow == "alumina" and kind ~= "transport" then el_alumina = el_alumina + mass_t
        elseif flow == "anode" and kind ~= "transport" then el_anode = el_anode + mass_t end
      end
    end
    -- data-collection list columns (CNCA Annex 2, WPRZ 7.1.3(9); the rule is
    -- lib.electrolytic.data_collection): a transport line states its mode and
    -- distance; a material, energy or waste line its amount, unit, department,
    -- acquisition and evidence, a material line its supplier's city, a waste
    -- line its treatment. Gaps in line order, each line's in the order written
    -- here; then the purchased materials moved by no transport (below).
    if kind == "transport" then
      local t = l.transport
      local mode, dist
      if t then mode, dist = t.mode, t.distance_km end
      if mode == nil then gaps = gap(gaps, ptr, l.id, "transport/mode") end
      if dist == nil then gaps = gap(gaps, ptr, l.id, "transport/distance_km") end
      if mode ~= nil and dist ~= nil and flow ~= nil then moved = moved or {}; moved[flow] = true end
    elseif kind == "material" or kind == "energy" or kind == "waste" then
      if amount == nil then gaps = gap(gaps, ptr, l.id, "amount") end
      if unit == nil then gaps = gap(gaps, ptr, l.id, "unit") end
      local v = l.department
      if v == nil or v == "" then gaps = gap(gaps, ptr, l.id, "department") end
      if l.acquisition == nil then gaps = gap(gaps, ptr, l.id, "acquisition") end
      v = l.evidence
      if v == nil or v == "" then gaps = gap(gaps, ptr, l.id, "evidence") end
      if kind == "material" then
        v = l.supplier_city
        if v == nil or v == "" then gaps = gap(gaps, ptr, l.id, "supplier_city") end
        local t = l.transport
        if t == nil or t.mode == nil or t.distance_km == nil then pending = pending or {}; pending[#pending + 1] = i end
      elseif kind == "waste" then
        v = l.treatment
        if v == nil or v == "" then gaps = gap(gaps, ptr, l.id, "treatment") end
      end
    end
  end
  -- purchased materials without their own mode and distance: moved by a
  -- transport line (with both) of the same flow, else the transport column is a gap
  if pending then
    for j = 1, #pending do
      local i = pending[j]
      local l = inv[i]
      if not (moved and moved[l.flow]) then gaps = gap(gaps, lines[i].ptr, l.id, "transport") end
    end
  end

  local by_process, by_stage, per_unit_partial = EMPTY, EMPTY, nil
  if n ~= nil then
    if #pkeys > 0 then
      by_process = {}
      for k, v in pairs(by_p) do by_process[k] = v / n end
    end
    if #skeys > 0 then
      by_stage = {}
      for k, v in pairs(by_s) do by_stage[k] = v / n end
    end
    per_unit_partial = total / n
  end
  local ok = (#errors == 0) and n ~= nil and ninv > 0
  local per_unit = ok and total / n or nil

  -- declared value → tCO2e per declared unit (declared-value problems do not
  -- change `ok`, which is about the recomputation)
  -- declared value → tCO2e per declared unit, as an exact decimal (lib.num):
  -- declared_text. No tolerance is derived from the digits of the JSON
  -- number (JSON keeps no trailing zeros): see M.judge.
  local dec = fpc.declared
  local dv, dunit, declared_error, declared, declared_text, conv_t, deviation, abs_deviation
  if dec ~= nil then
    dv, dunit = dec.value, dec.unit
    local fu = dunit ~= nil and FACTOR[dunit] or nil
    local conv
    if type(dv) ~= "number" then
      conv = nil
    elseif fu == nil then
      conv = nil
    elseif fu.den == nil then
      conv = fu.num_t
    elseif du_ok and fu.dim == du_info.dim then
      conv = fu.num_t * (du_amount * du_info.to_base) / fu.den_to_base
    end
    if conv == nil then
      declared_error = problem("fp.declared_value", "/footprint/declared",
        "声明值无法换算为每声明单位 tCO2e: " .. s(dv) .. " " .. s(dunit),
        "declared value cannot be converted to tCO2e per declared unit: " .. s(dv) .. " " .. s(dunit))
      errors[#errors + 1] = declared_error
    else
      conv_t = conv_text(conv)
      if conv_t == "1" then
        declared, declared_text = dv, nil
      else
        local d = lib.num.mul(dv, conv_t)
        declared, declared_text = lib.num.tonumber(d), lib.num.dec_string(d)
      end
      if per_unit ~= nil and per_unit ~= 0 then
        -- display figures only; limits are compared with M.deviation (exact)
        deviation = (declared - per_unit) / per_unit * 100
        abs_deviation = abs(deviation)
      end
    end
  end

  local nproc = #pkeys
  return {
    present = true, ok = ok,
    gwp = gwp_name, gwp_known = gwp ~= nil, database = fpc.database,
    lines = ninv > 0 and lines or EMPTY, line_count = ninv,
    errors = #errors > 0 and errors or EMPTY, line_errors = nerr,
    total_t = total, emissions_t = pos, removals_t = rem,
    output_value = out_v, output_unit = out_u, output_t = output_t,
    declared_unit_amount = du_amount, declared_unit_unit = du_unit,
    n_declared_units = n, per_unit = per_unit, per_unit_partial = per_unit_partial,
    by_process = by_process, by_process_t = nproc > 0 and by_p or EMPTY, process_keys = nproc > 0 and pkeys or EMPTY,
    by_stage = by_stage, by_stage_t = #skeys > 0 and by_s or EMPTY, stage_keys = #skeys > 0 and skeys or EMPTY,
    by_process_site_specific = nproc > 0 and site_spec or EMPTY,
    secondary_lines = secondary or EMPTY, collection_gaps = gaps or EMPTY,
    flow_mass_t = next(flow_mass) ~= nil and flow_mass or EMPTY, waste_mass_t = waste_t, input_mass_t = input_t,
    core_processes = CORE,
    quality_counts = { good = q_good, fair = q_fair, poor = q_poor, unusable = q_unusable, unrated = q_unrated },
    electrolysis = el_n > 0 and
      { line_count = el_n, electricity_kwh = el_kwh, co2_t = el_co2, anode_t = el_anode, alumina_t = el_alumina }
      or M.NO_ELECTROLYSIS,
    declared_value = dv, declared_unit_str = dunit, declared_error = declared_error,
    declared = declared, declared_text = declared_text, declared_conv = conv_t,
    declared_decimals_stated = dec ~= nil and math.type(dec.decimals) == "integer" and dec.decimals or nil,
    deviation_pct = deviation, abs_deviation_pct = abs_deviation,
  }
end

-- comparable(fp) -> nil when the recomputed footprint can be compared with
-- the declared value; otherwise the gap as { zh =, en =, evidence =, metrics = }
-- for an insufficient{} result (no footprint study; a footprint that cannot be
-- recomputed, pointing at the lines in error; no declared value).
function M.comparable(fp)
  if not fp.present then
    return { zh = "未提供碳足迹研究（footprint）", en = "no footprint study", evidence = { "/footprint" } }
  end
  if fp.per_unit == nil then
    local ev = {}
    for i = 1, #fp.errors do ev[#ev + 1] = fp.errors[i].ptr end
    if #ev == 0 then ev[1] = "/footprint/inventory" end
    return { zh = "碳足迹无法复算（清单数据缺失或不一致）",
             en = "the footprint cannot be recomputed (inventory data missing or inconsistent)", evidence = ev }
  end
  if fp.declared == nil then
    return { zh = "未给出可比较的声明值（footprint.declared）", en = "no comparable declared value",
             evidence = { "/footprint/declared" }, metrics = { recomputed_tco2e_per_unit = fp.per_unit } }
  end
  return nil
end

-- shown_decimals(x) → the position of the last non-zero digit of x as
-- written: 5.341 → 3, 4 → 0, 4000 → −3, 11.3 → 1 (decimals; negative for
-- trailing zeros of a whole number).
-- (SHOWN_P10[k] is the double 10.0 ^ k, exact for these k, read from a table
-- rather than computed by a power on every turn of the loop)
local SHOWN_P10 = {}
for k = 0, 9 do SHOWN_P10[k] = 10.0 ^ k end
local floor = math.floor
local function shown_decimals(x)
  local num = lib.num
  local ax = x < 0 and -x or x
  if ax == 0 then return 0 end
  if ax < 1e15 then
    for k = 0, 9 do
      local p = SHOWN_P10[k]
      local m = floor(ax * p + 0.5)
      if m / p == ax then
        if k > 0 then return k end
        local z = 0
        while m >= 10 and m % 10 == 0 do m = m // 10; z = z + 1 end
        return -z
      end
    end
  end
  local _, _, exp = num.decimal_parts(x)
  return -exp
end
M.shown_decimals = shown_decimals

--- footprint.rounded_text(j) → the recomputed value rounded as footprint.judge
-- found it (j.rounded_value at j.precision), as text for a message.
function M.rounded_text(j)
  if j.rounded_value == nil then return nil end
  return lib.num.round_str(j.rounded_value, j.precision)   -- with its decimals: 1.7000
end

-- The declared value as an exact decimal in tCO2e per declared unit.
local function declared_dec(fp)
  return fp.declared_text or fp.declared
end
M.declared_dec = declared_dec

--- footprint.deviation(fp [, absolute]) → the deviation of the declared
-- value from the recomputed footprint, (declared − recomputed) ÷ recomputed
-- × 100, as a lib.num ratio (compared exactly with num.cmp, printed with
-- num.text); nil when there is no declared value or the recomputed value is
-- nil or 0.
function M.deviation(fp, absolute)
  local d, r = declared_dec(fp), fp.per_unit
  if d == nil or r == nil or r == 0 then return nil end
  return lib.num.ratio_pct(d, r, absolute)
end

--- footprint.material(fp, threshold_pct) → true when the declared value
-- deviates from the recomputed footprint by threshold_pct or more, compared
-- on exact decimals: 1.785 against 1.7 is exactly 5 %, material at 5 %. A
-- recomputed footprint of 0 against a declared value other than 0 has no
-- finite relative deviation: it counts as material, whatever the threshold.
function M.material(fp, threshold_pct)
  local r = M.deviation(fp, true)
  if r == nil then return fp.per_unit == 0 and fp.declared ~= nil and fp.declared ~= 0 end
  return lib.num.ge(r, threshold_pct)
end

--- footprint.deviation_text(fp [, limit]) → zh, en: the signed deviation in
-- % for messages, GB/T 8170 to two decimals, trailing zeros dropped, and
-- never contradicting the comparison with `limit` (an absolute limit: the
-- text of |deviation| is compared) — "∞" when the recomputed footprint is 0.
function M.deviation_text(fp, limit)
  local r = M.deviation(fp)
  if r == nil then return "∞", "∞" end
  local t
  if limit ~= nil then
    local a = lib.num.text(M.deviation(fp, true), 2, limit)
    t = (r.f < 0 and lib.num.cmp(r, 0) < 0) and ("-" .. a) or a
  else
    t = lib.num.text(r, 2)
  end
  return t, t
end

--- footprint.judge(fp, materiality_pct, decimals_param) → table comparing
-- the declared value with the recomputed footprint, in this order
-- (requirements "Numbers at a limit": materiality before any rounding
-- tolerance; "recompute": the tolerance is the rounding of the declared value):
--   equal      declared = recomputed exactly
--   material   |deviation| ≥ materiality_pct (exact; M.material)
--   rounded    not material, and the declared value is the recomputed value
--              rounded (GB/T 8170) to `precision` decimals in the declared
--              value's own unit: 11.365 rounds to 11.36 only (ties to even)
--   precision  footprint.declared.decimals when the case states it, else
--              `decimals_param` (decimals of tCO2e per declared unit, a pack
--              parameter; kgCO2e/t: 3 fewer), but never fewer than the
--              decimals the JSON number shows (JSON drops only trailing
--              zeros, so a shown digit was written: 5.341 is at least to 3
--              decimals). The digits shown only ever narrow the tolerance.
--   rounded_value the recomputed value so rounded (declared unit; a number:
--              print it with lib.num.text(v, precision))
--   deviation  the signed ratio (lib.num), abs_deviation the absolute one
-- Needs fp.per_unit and a declared value (M.comparable first).
function M.judge(fp, materiality_pct, decimals_param)
  local num = lib.num
  local d, r = declared_dec(fp), fp.per_unit
  local out = {}
  out.equal = num.cmp(d, r) == 0
  if r ~= 0 then
    out.deviation = num.ratio_pct(d, r)
    out.abs_deviation = num.ratio_pct(d, r, true)
    out.material = (not out.equal) and num.ge(out.abs_deviation, materiality_pct)
  else
    out.material = not out.equal
  end
  out.rounded = false
  if out.equal or out.material then return out end
  -- precision in the declared value's unit
  local conv = fp.declared_conv or "1"
  local p10 = conv == "1" and 0 or pow10_of(conv)
  local precision = fp.declared_decimals_stated
  if precision == nil and decimals_param ~= nil then
    precision = p10 ~= nil and (decimals_param + p10) or decimals_param
  end
  local dv = fp.declared_value
  if precision == nil or type(dv) ~= "number" then return out end
  -- never fewer decimals than the number shows (its last non-zero digit)
  local shown = shown_decimals(dv)
  if shown > precision then precision = shown end
  out.precision = precision
  -- the recomputed value in the declared value's unit, rounded (GB/T 8170):
  -- num.round gives the double nearest to the rounded decimal, and two such
  -- numbers are equal exactly when their decimal values are
  local rec
  if p10 == 0 then rec = r
  elseif p10 ~= nil then rec = num.shift(r, -p10)
  else rec = r / tonumber(conv) end
  local rv = num.round(rec, precision)
  out.rounded_value = rv
  out.rounded = rv == dv
  return out
end

return M

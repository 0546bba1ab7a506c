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

-- decimals(x) -> number of decimals of the value as written (11.37 → 2), or nil
local function decimals(x)
  local str
  if lib.num and lib.num.decimal_string then str = lib.num.decimal_string(x)
  else str = string.format("%.15g", x) end
  if type(str) ~= "string" or string.find(str, "[eE]") then return nil end
  local dot = string.find(str, ".", 1, true)
  if not dot then return 0 end
  return #str - dot
end
M.decimals = decimals

-- compute(fpc) -> the `f.fp` table (docs/facts.md "Footprint").
-- `fpc` is `c.footprint` (may be nil).
function M.compute(fpc)
  local fp = {
    present = fpc ~= nil, ok = false, lines = {}, line_count = 0, errors = {}, line_errors = 0,
    total_t = 0, emissions_t = 0, removals_t = 0,
    by_process = {}, by_process_t = {}, process_keys = {},
    by_stage = {}, by_stage_t = {}, stage_keys = {},
    by_process_site_specific = {},
    flow_mass_t = {}, waste_mass_t = 0, input_mass_t = 0,
    core_processes = CORE,
    quality_counts = { good = 0, fair = 0, poor = 0, unusable = 0, unrated = 0 },
    electrolysis = { line_count = 0, electricity_kwh = 0, co2_t = 0, anode_t = 0, alumina_t = 0 },
    gwp_known = false,
  }
  if fpc == nil then return fp end
  local errors = fp.errors
  local gwp_name = fpc.gwp
  local gwp = gwp_name ~= nil and GWP[gwp_name] or nil
  fp.gwp, fp.gwp_known = gwp_name, gwp ~= nil
  fp.database = fpc.database

  -- output and declared unit → number of declared units in the period
  local out, du = fpc.output, fpc.declared_unit
  local out_v, out_u = out and out.value, out and out.unit
  fp.output_value, fp.output_unit = out_v, out_u
  local out_info = out_u ~= nil and UNIT[out_u] or nil
  local out_ok = false
  if out == nil or type(out_v) ~= "number" then
    errors[#errors + 1] = problem("fp.no_output", "/footprint/output", "未给出核算期产品产量", "product output in the period not stated")
  elseif out_info == nil then
    errors[#errors + 1] = problem("fp.output_unit", "/footprint/output/unit", "产量单位未知: " .. s(out_u), "unknown output unit: " .. s(out_u))
  elseif out_v <= 0 then
    errors[#errors + 1] = problem("fp.output_zero", "/footprint/output/value", "产量须大于零", "output must be positive")
  else
    out_ok = true
    if out_info.dim == "mass" then fp.output_t = out_v * out_info.to_base end
  end
  local du_amount, du_unit = 1, "t"
  if du ~= nil then du_amount, du_unit = du.amount, du.unit end
  fp.declared_unit_amount, fp.declared_unit_unit = du_amount, du_unit
  local du_info = du_unit ~= nil and UNIT[du_unit] or nil
  local du_ok = false
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
    if out_ok then fp.n_declared_units = out_v * out_info.to_base / (du_amount * du_info.to_base) end
  end

  -- one pass over the inventory
  local inv = fpc.inventory
  if inv == nil or #inv == 0 then
    errors[#errors + 1] = problem("fp.no_inventory", "/footprint/inventory", "清单为空或未给出", "inventory missing or empty")
  end
  local lines = fp.lines
  local by_p, by_s, pkeys, skeys = fp.by_process_t, fp.by_stage_t, fp.process_keys, fp.stage_keys
  local site_spec, flow_mass, qc, el = fp.by_process_site_specific, fp.flow_mass_t, fp.quality_counts, fp.electrolysis
  local total, pos, rem, waste_t, input_t = 0, 0, 0, 0, 0
  local nerr = 0
  local rate, rank = quality.rate, sources.rank
  if inv ~= nil then
    for i, l in ipairs(inv) do
      local ptr = PTRS[i] or ("/footprint/inventory/" .. (i - 1))
      local kind, process, stage, flow = l.kind, l.process, l.stage, l.flow
      local data_type, unit, amount, gas, factor = l.data_type, l.unit, l.amount, l.gas, l.factor
      local u = unit ~= nil and UNIT[unit] or nil
      local em, err = emit(l, kind, amount, unit, u, gas, factor, gwp, gwp_name, ptr)
      local mass_t, energy_kwh
      if u ~= nil and type(amount) == "number" then
        local dim = u.dim
        if dim == "mass" then mass_t = amount * u.to_base
        elseif dim == "energy" then energy_kwh = amount * u.to_base / 3.6 end
      end
      local q = rate(l.quality)
      -- 16 fields: the table's hash part stays at 16 slots
      local lf = {
        i = i, ptr = ptr, line = l, id = l.id, process = process, stage = stage, kind = kind, flow = flow,
        data_type = data_type, core = process ~= nil and CORE[process] == true,
        emission_t = em, error = err, mass_t = mass_t, energy_kwh = energy_kwh, quality = q,
        rank = factor ~= nil and rank(factor, l) or nil,
      }
      lines[i] = lf
      -- quality counts
      local r = q.rating
      if r then qc[r] = qc[r] + 1 else qc.unrated = qc.unrated + 1 end
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
        el.line_count = el.line_count + 1
        if energy_kwh ~= nil and (flow == "electricity" or flow == "green_electricity") then
          el.electricity_kwh = el.electricity_kwh + energy_kwh
        elseif mass_t ~= nil then
          if kind == "direct_emission" and gas == "CO2" then el.co2_t = el.co2_t + mass_t
          elseif flow == "alumina" and kind ~= "transport" then el.alumina_t = el.alumina_t + mass_t
          elseif flow == "anode" and kind ~= "transport" then el.anode_t = el.anode_t + mass_t end
        end
      end
    end
  end
  fp.line_count = #lines
  fp.line_errors = nerr
  fp.total_t, fp.emissions_t, fp.removals_t = total, pos, rem
  fp.waste_mass_t, fp.input_mass_t = waste_t, input_t

  local n = fp.n_declared_units
  if n ~= nil then
    local bp, bs = fp.by_process, fp.by_stage
    for k, v in pairs(by_p) do bp[k] = v / n end
    for k, v in pairs(by_s) do bs[k] = v / n end
    fp.per_unit_partial = total / n
  end
  fp.ok = (#errors == 0) and n ~= nil and #lines > 0
  if fp.ok then fp.per_unit = total / n end

  -- declared value → tCO2e per declared unit (declared-value problems do not
  -- change `ok`, which is about the recomputation)
  local dec = fpc.declared
  if dec ~= nil then
    local dv, dunit = dec.value, dec.unit
    fp.declared_value, fp.declared_unit_str = dv, dunit
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
      local e = problem("fp.declared_value", "/footprint/declared",
        "声明值无法换算为每声明单位 tCO2e: " .. s(dv) .. " " .. s(dunit),
        "declared value cannot be converted to tCO2e per declared unit: " .. s(dv) .. " " .. s(dunit))
      errors[#errors + 1] = e
      fp.declared_error = e
    else
      fp.declared = dv * conv
      local d = decimals(dv)
      fp.declared_decimals = d
      if d ~= nil then fp.declared_tolerance = 0.5 * 10 ^ (-d) * conv end
      local pu = fp.per_unit
      if pu ~= nil then
        if pu ~= 0 then
          fp.deviation_pct = (fp.declared - pu) / pu * 100
          fp.abs_deviation_pct = abs(fp.deviation_pct)
        end
        if fp.declared_tolerance ~= nil then
          fp.within_rounding = abs(fp.declared - pu) <= fp.declared_tolerance + 1e-9
        end
      end
    end
  end
  return fp
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

return M

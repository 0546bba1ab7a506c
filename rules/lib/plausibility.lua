-- plausibility: physical and statistical sanity warnings for a primary-aluminium
-- footprint. Source: docs/domain-facts.md "Smelting plausibility" (warnings, not
-- failures):
-- * alumina: stoichiometric minimum 1.889 t per t Al (101.96 / (2 × 26.98));
--   below it is physically impossible;
-- * carbon: stoichiometric minimum 0.334 t C per t Al (net anode consumption
--   typically 0.40–0.45);
-- * smelting AC power: China about 13 500 kWh/t (IAI). The band used here is
--   ± 15 % around it: 11 475 – 15 525 kWh/t (a stated value, not in the sources);
-- * cradle-to-gate primary aluminium: most results 4.5–22 t CO2e/t (IAI).
-- Smelting checks apply only when the footprint has electrolysis lines.

local M = {}

M.BOUNDS = {
  alumina_min_t_per_t = 1.889,   -- 101.96 / (2 × 26.98) = 1.8895, as quoted in domain-facts.md
  carbon_min_t_per_t = 0.334,
  power_center_kwh_per_t = 13500,
  power_band_pct = 15,
  power_low_kwh_per_t = 13500 * 0.85,            -- 11 475
  power_high_kwh_per_t = 13500 * 1.15,           -- 15 525
  result_low_tco2e_per_t = 4.5,
  result_high_tco2e_per_t = 22,
}
local B = M.BOUNDS
M.C_PER_CO2 = 12 / 44   -- t C per t CO2 (molar masses 12 and 44, domain-facts.md anode CO2 formula)

local fmt = string.format

local function warn(list, code, value, bound, ptr, zh, en)
  list[#list + 1] = { code = code, value = value, bound = bound, ptr = ptr, zh = zh, en = en }
end

-- check(fp) -> `f.plausibility` (docs/facts.md "Plausibility"). `fp` is `f.fp`.
-- Made by one constructor; no warning → warnings = lib.util.EMPTY.
function M.check(fp)
  local EMPTY = lib.util.EMPTY
  if fp == nil or not fp.present then return { smelter = false, warnings = EMPTY, bounds = B } end
  local el = fp.electrolysis
  local out = fp.output_t
  local w
  -- per tonne of product, whatever the declared unit (only when the recomputation is complete)
  local result
  if fp.ok and out ~= nil and out > 0 then result = fp.total_t / out end
  local smelter = el ~= nil and el.line_count ~= 0
  local alumina, carbon, basis, power
  if smelter and out ~= nil and out > 0 then
    local alu = el.alumina_t
    if alu == 0 then alu = fp.flow_mass_t.alumina or 0 end
    if alu > 0 then
      local v = alu / out
      alumina = v
      if v < B.alumina_min_t_per_t then
        w = w or {}
        warn(w, "plaus.alumina_low", v, B.alumina_min_t_per_t, "/footprint/inventory",
          fmt("氧化铝单耗 %.3f t/t 低于化学计量最小值 1.889 t/t，物理上不可能", v),
          fmt("alumina input %.3f t per t Al is below the stoichiometric minimum 1.889: physically impossible", v))
      end
    end
    local c
    if el.co2_t > 0 then c, basis = el.co2_t * M.C_PER_CO2, "anode_co2"
    elseif el.anode_t > 0 then c, basis = el.anode_t, "anode_mass" end
    if c then
      local v = c / out
      carbon = v
      if v < B.carbon_min_t_per_t then
        w = w or {}
        warn(w, "plaus.carbon_low", v, B.carbon_min_t_per_t, "/footprint/inventory",
          fmt("阳极炭耗 %.3f t C/t 低于化学计量最小值 0.334", v),
          fmt("anode carbon %.3f t C per t Al is below the stoichiometric minimum 0.334", v))
      end
    end
    if el.electricity_kwh > 0 then
      local v = el.electricity_kwh / out
      power = v
      if v < B.power_low_kwh_per_t or v > B.power_high_kwh_per_t then
        w = w or {}
        warn(w, "plaus.power_band", v, { B.power_low_kwh_per_t, B.power_high_kwh_per_t }, "/footprint/inventory",
          fmt("电解交流电耗 %.0f kWh/t 超出 13 500 kWh/t ± 15%% 的范围", v),
          fmt("smelting power %.0f kWh/t is outside 13 500 kWh/t ± 15 %%", v))
      end
    end
  end
  if smelter and result ~= nil and (result < B.result_low_tco2e_per_t or result > B.result_high_tco2e_per_t) then
    w = w or {}
    warn(w, "plaus.result_band", result, { B.result_low_tco2e_per_t, B.result_high_tco2e_per_t }, "/footprint/declared",
      fmt("重算碳足迹 %.3f tCO2e/t 超出原铝常见范围 4.5–22", result),
      fmt("recomputed footprint %.3f tCO2e/t is outside the usual 4.5–22 for primary aluminium", result))
  end
  return { smelter = smelter, warnings = w or EMPTY, bounds = B, result_tco2e_per_t = result,
           alumina_t_per_t = alumina, carbon_t_per_t = carbon, carbon_basis = carbon and basis or nil,
           power_kwh_per_t = power }
end

return M

-- units: unit tables and conversion for footprint recomputation.
-- Spec: case-format.md "Line" (`unit`) and "Factor" (`unit`, e.g. kgCO2e/kWh,
-- tCO2e/t, kgCO2e/tkm); requirements.md "footprint recomputation" (amount ×
-- factor with unit conversion). Data: data/reference/units.json (REF.units).
--
-- Every lookup table is built here, once, at module load: at evaluation time a
-- conversion is a table lookup, never string parsing.

local M = {}

local R = REF.units

-- UNIT[name] = { name =, dim =, to_base = } (aliases point at the same table)
local UNIT = {}
for name, u in pairs(R.units) do
  UNIT[name] = { name = name, dim = u.dim, to_base = u.to_base }
end
if R.aliases then
  for alias, name in pairs(R.aliases) do UNIT[alias] = UNIT[name] end
end

-- EMIS[name] = { name =, to_t =, co2e = } for emission amounts (numerators)
local EMIS = {}
for name, e in pairs(R.emission) do
  EMIS[name] = { name = name, to_t = e.to_t, co2e = e.co2e and true or false }
end
if R.emission_aliases then
  for alias, name in pairs(R.emission_aliases) do EMIS[alias] = EMIS[name] end
end

-- FACTOR["kgCO2e/kWh"] = { num_t = 0.001, co2e = true, den = "kWh", dim = "energy", den_to_base = 3.6 }
-- Every numerator × every denominator (aliases included), precomputed.
-- A bare emission unit ("tCO2e") is also listed, with den = nil (per declared unit).
local FACTOR = {}
for nname, e in pairs(EMIS) do
  FACTOR[nname] = { num_t = e.to_t, co2e = e.co2e, den = nil, dim = nil, den_to_base = nil }
  for dname, u in pairs(UNIT) do
    FACTOR[nname .. "/" .. dname] = { num_t = e.to_t, co2e = e.co2e, den = u.name, dim = u.dim, den_to_base = u.to_base }
  end
end

M.UNIT, M.EMIS, M.FACTOR = UNIT, EMIS, FACTOR

-- info(u) -> { name, dim, to_base } or nil: a quantity unit (line amount, output, declared unit).
function M.info(u) return u and UNIT[u] or nil end

-- emission(u) -> { name, to_t, co2e } or nil: an emission amount unit (tCO2e, kgCO2 ...).
function M.emission(u) return u and EMIS[u] or nil end

-- factor_unit(s) -> { num_t, co2e, den, dim, den_to_base } or nil: an emission
-- factor unit "numerator/denominator" (Factor.unit) or a declared value unit.
function M.factor_unit(s) return s and FACTOR[s] or nil end

-- is_mass(u) -> bool
function M.is_mass(u)
  local x = u and UNIT[u]
  return x ~= nil and x.dim == "mass"
end

-- to_t(value, unit) -> tonnes or nil (nil when unit is not a mass unit)
function M.to_t(value, unit)
  local x = unit and UNIT[unit]
  if x == nil or x.dim ~= "mass" then return nil end
  return value * x.to_base
end

-- ratio(from, to) -> number (1 `from` = ratio `to`), or nil, reason
-- reason: "unknown_from", "unknown_to", "dimension" (e.g. m3 vs Nm3, t vs kWh).
function M.ratio(from, to)
  local a, b = from and UNIT[from], to and UNIT[to]
  if a == nil then return nil, "unknown_from" end
  if b == nil then return nil, "unknown_to" end
  if a.dim ~= b.dim then return nil, "dimension" end
  return a.to_base / b.to_base
end

-- convert(value, from, to) -> number or nil, reason (as ratio)
function M.convert(value, from, to)
  local r, why = M.ratio(from, to)
  if r == nil then return nil, why end
  return value * r
end

return M

-- CGC-PV10 ¶75 / ¶91: the class of an assessor's nonconformity, in one place.
-- Used by ch10_verification.lua (nc-classification, conclusion),
-- ch12_surveillance.lua (surveillance-ncs) and decide.lua. A pack module
-- cannot export a table, so this module defines the global NC_CLASS while the
-- pack loads (globals are fixed once it has loaded).

-- ¶75 class of an NC from its effect: "serious" (|effect| ≥ nc_serious_pct or
-- misleading), "general" (0 < |effect| < nc_serious_pct), "minor" (no effect:
-- general or observation both fit), or nil (effect not stated).
local function expected(nc)
  if nc.misleading == true then return "serious" end
  local e = nc.cf_effect_pct
  if type(e) ~= "number" then return nil end
  if e < 0 then e = -e end
  if e >= P.nc_serious_pct then return "serious" end
  if e > 0 then return "general" end
  return "minor"
end

local function is_observation(nc)
  return nc.severity == "observation" and nc.misleading ~= true and (nc.cf_effect_pct == nil or nc.cf_effect_pct == 0)
end

-- The class the initial decision uses (parameter classify_by_effect).
local function decision(nc)
  if is_observation(nc) then return "observation" end
  if not P.classify_by_effect then return nc.severity or "general" end
  local exp = expected(nc)
  if exp == nil then return nc.severity or "general" end
  if exp == "minor" then return (nc.severity == "serious") and "general" or (nc.severity or "general") end
  return exp
end

-- ¶91: at surveillance every NC other than the footprint increase gets 2
-- months, whatever its class.
local function surveillance(nc)
  if is_observation(nc) then return "observation" end
  return "general"
end

NC_CLASS = { expected = expected, decision = decision, surveillance = surveillance, is_observation = is_observation }

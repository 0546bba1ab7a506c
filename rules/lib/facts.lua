-- facts: everything the packs share about a case, computed once per case.
-- Contract: docs/facts.md (every field listed there, with its spec section).
-- The engine calls lib.facts.build(c) before any pack runs and freezes the result.
-- Absent case sections give `present = false` / empty lists, never an error here.

local M = {}

local footprint, cutoff, alloc, mandays, plausibility =
  lib.footprint, lib.cutoff, lib.alloc, lib.mandays, lib.plausibility

-- rule-authoring.md "Stages": app / init (initial, recertification) / surv / chg
M.STAGE_GROUP = { application = "app", initial = "init", recertification = "init",
                  surveillance = "surv", change = "chg" }

local ROLES = { "applicant", "producer", "factory" }
local PARTY_PTR = { applicant = "/parties/applicant", producer = "/parties/producer", factory = "/parties/factory" }

local SITE_PTRS, UNIT_PTRS = {}, {}
for i = 1, 100 do SITE_PTRS[i] = "/sites/" .. (i - 1); UNIT_PTRS[i] = "/units/" .. (i - 1) end
local function site_ptr(i) return SITE_PTRS[i] or ("/sites/" .. (i - 1)) end
local function unit_ptr(i) return UNIT_PTRS[i] or ("/units/" .. (i - 1)) end

-- day number of a YYYY-MM-DD string (days since 1970-01-01), or nil.
-- Uses lib.dates.parse when present; the fallback is Hinnant's days_from_civil.
local function day_of(s)
  if type(s) ~= "string" then return nil end
  local d = lib.dates
  if d and d.parse then return (d.parse(s)) end
  local y, m, dd = string.match(s, "^(%d%d%d%d)%-(%d%d)%-(%d%d)$")
  if not y then return nil end
  y, m, dd = tonumber(y), tonumber(m), tonumber(dd)
  if m < 1 or m > 12 or dd < 1 then return nil end
  local mdays = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 }
  local leap = (y % 4 == 0 and y % 100 ~= 0) or y % 400 == 0
  if dd > ((m == 2 and leap) and 29 or mdays[m]) then return nil end
  y = (m <= 2) and (y - 1) or y
  local era = (y >= 0 and y or y - 399) // 400
  local yoe = y - era * 400
  local mp = (m + 9) % 12
  local doy = (153 * mp + 2) // 5 + dd - 1
  local doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
  return era * 146097 + doe - 719468
end
M.day_of = day_of

-- parties(P) -> `f.parties`: same_as followed (case-format "Party": same_as
-- "applicant" or "producer" instead of repeating a party).
function M.parties(P)
  local res = { ptr = {}, same_as = {}, errors = {}, distinct = false }
  if P == nil then return res end
  local final = {}   -- role -> role whose table holds the data
  for _, role in ipairs(ROLES) do
    local r, steps = role, 0
    local p = P[r]
    while p ~= nil and p.same_as ~= nil and steps < 3 do
      local target = p.same_as
      if steps == 0 then res.same_as[role] = target end
      if target == r or PARTY_PTR[target] == nil or P[target] == nil then
        res.errors[#res.errors + 1] = { code = "parties.same_as", ptr = PARTY_PTR[role] .. "/same_as",
          zh = role .. " 的 same_as 指向无效: " .. tostring(target),
          en = role .. ".same_as points at nothing usable: " .. tostring(target) }
        p = nil
        break
      end
      r, p, steps = target, P[target], steps + 1
    end
    if p ~= nil and p.same_as ~= nil then
      res.errors[#res.errors + 1] = { code = "parties.same_as", ptr = PARTY_PTR[role] .. "/same_as",
        zh = role .. " 的 same_as 形成循环", en = role .. ".same_as forms a loop" }
      p = nil
    end
    if p ~= nil then
      res[role] = p
      res.ptr[role] = PARTY_PTR[r]
      final[role] = r
    end
  end
  -- same entity: same data table, or same USCC (both stated), or same name
  local function same(a, b)
    if final[a] == nil or final[b] == nil then return final[a] == final[b] end
    if final[a] == final[b] then return true end
    local pa, pb = res[a], res[b]
    local ua, ub = pa.uscc, pb.uscc
    if ua ~= nil and ub ~= nil then return ua == ub end
    return pa.name ~= nil and pa.name == pb.name
  end
  res.distinct = not (same("applicant", "producer") and same("applicant", "factory"))
  return res
end

-- build(c) -> f (docs/facts.md)
function M.build(c)
  local f = {}
  local stage = c.stage
  f.stage = stage
  f.stage_group = stage ~= nil and M.STAGE_GROUP[stage] or nil
  f.is_recert = stage == "recertification"
  local as_of = c.as_of
  f.as_of_str = as_of
  f.as_of = day_of(as_of)

  f.parties = M.parties(c.parties)

  -- sites
  local sites, site_by_id = {}, {}
  local cs = c.sites
  if cs ~= nil then
    for i, s in ipairs(cs) do
      sites[i] = s
      local id = s.id
      if id ~= nil and site_by_id[id] == nil then site_by_id[id] = { site = s, index = i, ptr = site_ptr(i) } end
    end
  end
  f.sites, f.site_by_id, f.site_count = sites, site_by_id, #sites

  -- units
  local units, by_site, site_keys = {}, {}, {}
  local no_site, multi, unknown = {}, {}, {}
  local cu = c.units
  if cu ~= nil then
    for i, u in ipairs(cu) do
      units[i] = u
      local s, ss = u.site, u.sites
      if ss ~= nil and #ss > 0 then
        if #ss > 1 then multi[#multi + 1] = unit_ptr(i) end
        for _, sid in ipairs(ss) do
          if by_site[sid] == nil then by_site[sid] = 0; site_keys[#site_keys + 1] = sid end
          by_site[sid] = by_site[sid] + 1
          if site_by_id[sid] == nil then unknown[#unknown + 1] = unit_ptr(i) .. "/sites" end
        end
      elseif s ~= nil then
        if by_site[s] == nil then by_site[s] = 0; site_keys[#site_keys + 1] = s end
        by_site[s] = by_site[s] + 1
        if site_by_id[s] == nil then unknown[#unknown + 1] = unit_ptr(i) .. "/site" end
      else
        no_site[#no_site + 1] = unit_ptr(i)
      end
    end
  end
  f.units, f.unit_count = units, #units
  f.units_by_site, f.unit_site_keys = by_site, site_keys
  f.units_without_site, f.units_multi_site, f.units_unknown_site = no_site, multi, unknown

  -- footprint, cut-offs, allocation, plausibility
  local fpc = c.footprint
  local fp = footprint.compute(fpc)
  f.fp = fp
  f.cutoff = cutoff.summarize(fpc and fpc.cut_offs, fp.output_t, fp.waste_mass_t)
  f.alloc = alloc.facts(fpc and fpc.allocation)
  f.plausibility = plausibility.check(fp)

  -- man-days from the case's counts
  local product, history = c.product, c.history
  local imd = history and history.initial_man_days
  f.mandays = mandays.facts {
    unit_count = #units, units_by_site = by_site, unit_site_keys = site_keys,
    bom = product and product.bom_item_count,
    sources = product and product.ghg_source_count,
    initial_onsite = imd and imd.onsite_inspection,
    initial_verification = imd and imd.verification,
  }

  -- GLA feed shares and code (NTE-GLA 6.2), once per case; lib.gla.for_case
  -- reuses them when a pack's parameters match the defaults
  if c.gla then f.gla = lib.gla.compute(c.gla) end
  return f
end

return M

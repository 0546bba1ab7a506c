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
  local EMPTY = lib.util.EMPTY
  if P == nil then return { ptr = EMPTY, same_as = EMPTY, errors = EMPTY, distinct = false } end
  local res = { ptr = {}, same_as = {}, errors = {}, distinct = false }
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
  if next(res.same_as) == nil then res.same_as = EMPTY end
  if #res.errors == 0 then res.errors = EMPTY end
  if next(res.ptr) == nil then res.ptr = EMPTY end
  return res
end

-- build(c) -> f (docs/facts.md)
-- The result table is made by one constructor (no key is added afterwards):
-- the engine freezes it, and every table and key of `f` costs that freeze.
-- Empty lists are lib.util.EMPTY (read-only, shared): docs/facts.md.
function M.build(c)
  local EMPTY = lib.util.EMPTY
  local stage = c.stage
  local as_of = c.as_of

  -- sites: the case's own list (already read-only) when present
  local sites, site_by_id = c.sites, {}
  local site_count = 0
  if sites ~= nil then
    site_count = #sites
    for i = 1, site_count do
      local id = sites[i].id
      if id ~= nil and site_by_id[id] == nil then site_by_id[id] = { site = sites[i], index = i, ptr = site_ptr(i) } end
    end
  else
    sites = EMPTY
  end

  -- units
  local by_site, site_keys = {}, {}
  local no_site, multi, unknown
  local units = c.units
  local unit_count = 0
  if units ~= nil then
    unit_count = #units
    for i = 1, unit_count do
      local u = units[i]
      local s, ss = u.site, u.sites
      local nss = ss ~= nil and #ss or 0
      if nss > 0 then
        if nss > 1 then multi = multi or {}; multi[#multi + 1] = unit_ptr(i) end
        for j = 1, nss do
          local sid = ss[j]
          local n = by_site[sid]
          if n == nil then site_keys[#site_keys + 1] = sid; n = 0 end
          by_site[sid] = n + 1
          if site_by_id[sid] == nil then unknown = unknown or {}; unknown[#unknown + 1] = unit_ptr(i) .. "/sites" end
        end
      elseif s ~= nil then
        local n = by_site[s]
        if n == nil then site_keys[#site_keys + 1] = s; n = 0 end
        by_site[s] = n + 1
        if site_by_id[s] == nil then unknown = unknown or {}; unknown[#unknown + 1] = unit_ptr(i) .. "/site" end
      else
        no_site = no_site or {}; no_site[#no_site + 1] = unit_ptr(i)
      end
    end
  else
    units = EMPTY
  end
  if #site_keys == 0 then by_site, site_keys = EMPTY, EMPTY end

  -- footprint, cut-offs, allocation, plausibility
  local fpc = c.footprint
  local fp = footprint.compute(fpc)

  -- man-days from the case's counts
  local product, history = c.product, c.history
  local imd = history and history.initial_man_days

  return {
    stage = stage,
    stage_group = stage ~= nil and M.STAGE_GROUP[stage] or nil,
    is_recert = stage == "recertification",
    as_of_str = as_of,
    as_of = day_of(as_of),
    parties = M.parties(c.parties),
    sites = sites, site_by_id = site_by_id, site_count = site_count,
    units = units, unit_count = unit_count,
    units_by_site = by_site, unit_site_keys = site_keys,
    units_without_site = no_site or EMPTY, units_multi_site = multi or EMPTY, units_unknown_site = unknown or EMPTY,
    fp = fp,
    cutoff = cutoff.summarize(fpc and fpc.cut_offs, fp.output_t, fp.waste_mass_t),
    alloc = alloc.facts(fpc and fpc.allocation),
    plausibility = plausibility.check(fp),
    mandays = mandays.facts {
      unit_count = unit_count, units_by_site = by_site, unit_site_keys = site_keys,
      bom = product and product.bom_item_count,
      sources = product and product.ghg_source_count,
      initial_onsite = imd and imd.onsite_inspection,
      initial_verification = imd and imd.verification,
    },
    -- GLA feed shares and code (NTE-GLA 6.2), once per case; lib.gla.for_case
    -- reuses them when a pack's parameters match the defaults
    gla = c.gla and lib.gla.compute(c.gla) or nil,
  }
end

return M

-- CGC-PV10 ¶75 / ¶91: the class of an assessor's nonconformity, and the ¶80
-- decision outcome that follows, in one place.
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
  if lib.num.ge(e, P.nc_serious_pct) then return "serious" end   -- decimal values: −10.00 and 10.00 alike
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

-- ¶80 / ¶84 the certification decision's outcome: "certify" or
-- "certify_after_correction" (positive: a certificate follows), "withhold"
-- (不通过: no certificate), "pending" (NCs still open, no conclusion yet).
-- assessment.decision_outcome when the case states it; else read as the
-- conclusion rule reads the case (falsified documents, the assessors' NCs by
-- their decision class). Returns the outcome and the pointer it rests on.
local NC_OPTS = { classify = decision, closed_late_fails = true }
local function outcome(c)
  local a = c.assessment
  local o = a and a.decision_outcome
  if o ~= nil then return o, "/assessment/decision_outcome" end
  local e = c.eligibility
  if e and e.falsified_documents == true then return "withhold", "/eligibility/falsified_documents" end
  local blocking, _, open, closed = lib.verdict.nc_brief(c, c.as_of, NC_OPTS)
  if blocking then return "withhold", "/assessment/nonconformities" end
  if open > 0 then return "pending", "/assessment/nonconformities" end
  return closed > 0 and "certify_after_correction" or "certify", "/assessment/nonconformities"
end

-- Each NC's correction deadline for a message: raised_on + `months` (¶91 at
-- surveillance), else the assessor's due_on. Where ¶91's period replaces a
-- different due_on the message says so. Returns zh, en (nil without NCs).
local function deadlines(c, months)
  local ncs = c.assessment and c.assessment.nonconformities
  if ncs == nil or #ncs == 0 then return nil end
  local dates = lib.dates
  local zh, en, list = {}, {}, {}
  for i, nc in ipairs(ncs) do
    if not is_observation(nc) then
      local id = nc.id ~= nil and tostring(nc.id) or ("#" .. i)
      local dl, by
      local r = nc.raised_on and dates.day(nc.raised_on)
      if months and r then dl, by = dates.add_months(r, months), "p91" end
      if dl == nil and nc.due_on and dates.day(nc.due_on) then dl, by = dates.day(nc.due_on), "due_on" end
      local state_zh = nc.closed_on and ("已于 " .. nc.closed_on .. " 关闭") or "未关闭"
      local state_en = nc.closed_on and ("closed " .. nc.closed_on) or "open"
      if dl == nil then
        zh[#zh + 1] = id .. "：整改期限无法确定（提出日期和 due_on 均未说明），" .. state_zh
        en[#en + 1] = id .. ": no deadline (neither raised_on nor due_on stated), " .. state_en
      else
        local d = dates.format(dl)
        list[#list + 1] = id .. ":" .. d
        local z = id .. "：整改期限 " .. d .. (by == "p91" and ("（提出 " .. nc.raised_on .. " 起 " .. months .. " 个月）") or "（due_on）")
        local e = id .. ": deadline " .. d .. (by == "p91" and (" (" .. months .. " months from " .. nc.raised_on .. ")") or " (due_on)")
        if by == "p91" and nc.due_on ~= nil and nc.due_on ~= d then
          z = z .. "，评审员给出的期限 " .. nc.due_on .. " 按第91段的 2 个月计"
          e = e .. ", the assessor's due_on " .. nc.due_on .. " replaced by ¶91's " .. months .. " months"
        end
        zh[#zh + 1] = z .. "，" .. state_zh
        en[#en + 1] = e .. ", " .. state_en
      end
    end
  end
  if #zh == 0 then return nil end
  return table.concat(zh, "；"), table.concat(en, "; "), list
end

NC_CLASS = { deadlines = deadlines, expected = expected, decision = decision, surveillance = surveillance, is_observation = is_observation,
             outcome = outcome }

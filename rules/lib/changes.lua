-- changes: the change triggers three schemes share (a certified product's
-- footprint rises through a change of the product or its life cycle):
--   WPRZ-CFP-01 Annex A 11.1, CGC-PV10 Annex 2 11.1, CICC-CFP 9.9.1.
-- Readings (docs/interpretations.md "Words of degree"): 以上 includes the
-- number (≥), 超过 excludes it (>); CICC 9.9.1's unplanned "增加超过 10 %" is
-- strict (o.unplanned_strict). The duration test is "lasting more than n
-- months" by the Civil Code month rule.

local M = {}
local dates = lib.dates

-- lasted_more_than(ch, n, as_of) -> true / false; nil when neither
-- `duration_months` nor `started_on` (with an as_of day) tells.
function M.lasted_more_than(ch, n, as_of)
  if type(ch.duration_months) == "number" then return ch.duration_months > n end
  local s = dates.day(ch.started_on)
  if s == nil or as_of == nil then return nil end
  return as_of > dates.add_months(s, n)
end

-- trigger(ch, as_of, o) -> hit, limit
--   o = { unplanned_pct =, planned_pct =, duration_months =, unplanned_strict = }
--   hit: true (the certification lapses), false, or nil when a fact that
--   decides is missing (increase or planned flag not stated; or the increase
--   reaches the limit and the duration is not stated). limit: the threshold
--   that applied (nil when the planned flag is missing).
function M.trigger(ch, as_of, o)
  local inc = ch.cf_increase_pct
  if type(inc) ~= "number" or ch.planned == nil then return nil, nil end
  local limit = ch.planned and o.planned_pct or o.unplanned_pct
  local over
  -- a stated increase against a limit: lib.num compares their decimal values
  if not ch.planned and o.unplanned_strict then over = lib.num.gt(inc, limit) else over = lib.num.ge(inc, limit) end
  if not over then return false, limit end
  local long = M.lasted_more_than(ch, o.duration_months, as_of)
  if long == nil then return nil, limit end
  return long, limit
end

-- scan(changes, as_of, o) -> hits, missing
--   hits: list of { index = i (1-based), ptr = "/changes/<i-1>", change = ch, limit = ... }
--   missing: list of pointers of changes whose deciding facts are not stated
--   (nil when none).
function M.scan(changes, as_of, o)
  local hits, missing = nil, nil
  if changes == nil then return nil, nil end
  for i = 1, #changes do
    local ch = changes[i]
    local hit, limit = M.trigger(ch, as_of, o)
    local ptr = "/changes/" .. (i - 1)
    if hit == nil then
      missing = missing or {}; missing[#missing + 1] = ptr
    elseif hit then
      hits = hits or {}; hits[#hits + 1] = { index = i, ptr = ptr, change = ch, limit = limit }
    end
  end
  return hits, missing
end

return M

-- lib.changes: WPRZ Annex A 11.1, CGC Annex 2 11.1, CICC 9.9.1 (interpretations.md:
-- 以上 ≥, 超过 >; "more than 3 months" by the Civil Code month rule).
local C = lib.changes
local D = lib.dates
local WPRZ = { unplanned_pct = 10, planned_pct = 5, duration_months = 3 }
local CICC = { unplanned_pct = 10, planned_pct = 5, duration_months = 3, unplanned_strict = true }
local as_of = D.day("2026-06-01")

test("planned +5 % for 4 months lapses; +4.9 % does not", function()
  eq(C.trigger({ planned = true, cf_increase_pct = 5, duration_months = 4 }, as_of, WPRZ), true)
  eq(C.trigger({ planned = true, cf_increase_pct = 4.9, duration_months = 4 }, as_of, WPRZ), false)
end)

test("unplanned exactly 10 %: ≥ for WPRZ/CGC (以上), > for CICC (超过)", function()
  eq(C.trigger({ planned = false, cf_increase_pct = 10, duration_months = 4 }, as_of, WPRZ), true)
  eq(C.trigger({ planned = false, cf_increase_pct = 10, duration_months = 4 }, as_of, CICC), false)
  eq(C.trigger({ planned = false, cf_increase_pct = 10.1, duration_months = 4 }, as_of, CICC), true)
end)

test("exactly 3 months is not more than 3 months", function()
  eq(C.trigger({ planned = true, cf_increase_pct = 6, duration_months = 3 }, as_of, WPRZ), false)
  -- started 2026-02-28: + 3 months = 2026-05-28; as_of 2026-05-28 is not after it, 05-29 is
  local ch = { planned = true, cf_increase_pct = 6, started_on = "2026-02-28" }
  eq(C.trigger(ch, D.day("2026-05-28"), WPRZ), false)
  eq(C.trigger(ch, D.day("2026-05-29"), WPRZ), true)
end)

test("missing facts give nil only where they decide", function()
  eq(C.trigger({ planned = true, duration_months = 4 }, as_of, WPRZ), nil)
  eq(C.trigger({ cf_increase_pct = 12, duration_months = 4 }, as_of, WPRZ), nil)
  -- above the limit, duration unknown: undecided; below the limit: no trigger whatever the duration
  eq(C.trigger({ planned = false, cf_increase_pct = 12 }, as_of, WPRZ), nil)
  eq(C.trigger({ planned = false, cf_increase_pct = 2 }, as_of, WPRZ), false)
end)

test("scan lists hits with pointers and the undecided changes", function()
  local hits, missing = C.scan({
    { planned = true, cf_increase_pct = 1, duration_months = 12 },
    { planned = false, cf_increase_pct = 15, duration_months = 5 },
    { planned = true, cf_increase_pct = 7 },
  }, as_of, WPRZ)
  eq(#hits, 1)
  eq(hits[1].ptr, "/changes/1")
  eq(hits[1].limit, 10)
  eq(missing, { "/changes/2" })
end)

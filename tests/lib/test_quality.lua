-- Tests of lib.quality: WPRZ-CFP-01 7.7.4.7 表 1 (interpretations.md "Data quality").
local q = lib.quality

local GOOD = { technology = "same", age_years = 1, geography = "same", reliability = "measured_or_verified", completeness_pct = 100 }
local function with(k, v)
  local t = {}
  for a, b in pairs(GOOD) do t[a] = b end
  t[k] = v
  return t
end

test("all indicators good → good", function()
  local r = q.rate(GOOD)
  eq(r.rating, "good"); eq(r.level, 1); eq(r.technology, "good"); eq(r.time, "good")
  eq(r.geography, "good"); eq(r.reliability, "good"); eq(r.completeness, "good")
  eq(r.missing, nil); eq(r.present, true)
end)

test("time boundaries: ≤3 good, 3–5 fair, 5–10 poor, >10 unusable", function()
  eq(q.rate(with("age_years", 3)).time, "good", "3 years is ≤ 3a")
  eq(q.rate(with("age_years", 3.5)).time, "fair")
  eq(q.rate(with("age_years", 5)).time, "fair", "5 years is the end of 3a~5a")
  eq(q.rate(with("age_years", 5.01)).time, "poor")
  eq(q.rate(with("age_years", 10)).time, "poor", "10 years is the end of 5a~10a")
  eq(q.rate(with("age_years", 11)).time, "unusable")
  eq(q.rate(with("age_years", 11)).rating, "unusable", "line = worst indicator")
  eq(q.rate(with("age_years", 0)).time, "good")
end)

test("completeness boundaries: ≥95 good, ≥80 fair, ≥50 poor, <50 unusable", function()
  eq(q.rate(with("completeness_pct", 95)).completeness, "good", "basically complete read as ≥ 95 %")
  eq(q.rate(with("completeness_pct", 94.9)).completeness, "fair")
  eq(q.rate(with("completeness_pct", 80)).completeness, "fair")
  eq(q.rate(with("completeness_pct", 79.9)).completeness, "poor")
  eq(q.rate(with("completeness_pct", 50)).completeness, "poor")
  eq(q.rate(with("completeness_pct", 49)).completeness, "unusable")
end)

test("categorical indicators", function()
  eq(q.rate(with("technology", "similar")).rating, "fair")
  eq(q.rate(with("technology", "different")).rating, "poor")
  eq(q.rate(with("geography", "similar")).rating, "fair")
  eq(q.rate(with("geography", "different")).rating, "poor")
  eq(q.rate(with("reliability", "partly_measured")).rating, "fair")
  eq(q.rate(with("reliability", "estimated")).rating, "poor")
end)

test("line rating is the worst indicator", function()
  -- technology fair, time poor (7 y), rest good → poor
  local r = q.rate({ technology = "similar", age_years = 7, geography = "same", reliability = "measured_or_verified", completeness_pct = 99 })
  eq(r.rating, "poor"); eq(r.level, 3); eq(r.technology, "fair"); eq(r.time, "poor")
end)

test("missing indicators → nil rating with the list", function()
  local r = q.rate({ technology = "same", age_years = 1, reliability = "estimated" })
  eq(r.rating, nil); eq(r.missing, { "geography", "completeness_pct" }); eq(r.worst_known, "poor")
  r = q.rate(nil)
  eq(r.present, false); eq(r.rating, nil)
  eq(r.missing, { "technology", "age_years", "geography", "reliability", "completeness_pct" })
  r = q.rate({ technology = "same", age_years = -1, geography = "nearby", reliability = "measured_or_verified", completeness_pct = 120 })
  eq(r.rating, nil); eq(r.invalid, { "age_years", "geography", "completeness_pct" }); eq(r.missing, nil)
end)

test("worse()", function()
  eq(q.worse("good", "fair"), "fair"); eq(q.worse("poor", "fair"), "poor"); eq(q.worse(nil, "good"), "good")
  eq(q.worse("unusable", "good"), "unusable")
end)

-- dates: calendar dates, Civil Code month periods and Chinese working days.
--
-- docs/interpretations.md "Words of degree" and "Periods":
--   * months (Civil Code Art. 202): a period of n months ends on the
--     corresponding day of the target month; where that month has no such
--     day, on its last day: 2025-04-30 + 1 month = 2025-05-30,
--     2025-01-31 + 1 month = 2025-02-28;
--   * 以内 / 以上 / 以下 / 届满 include the bound; 不满 / 超过 / 以外 exclude it;
--   * "within 1 year" = within 12 months by the month rule;
--   * working days: Monday–Friday, minus the State Council's public holidays,
--     plus its adjusted working weekend days (调休上班), from
--     data/reference/holidays.json (REF.holidays). For a year missing from
--     that calendar Monday–Friday is counted and the functions say so (see
--     "Missing calendar years" in docs/library.md).
--
-- A date is handled as a day number: days since 1970-01-01 in the proleptic
-- Gregorian calendar (H. Hinnant, "chrono-compatible low-level date
-- algorithms", days_from_civil / civil_from_days). Functions documented with
-- a "d" argument accept a day number or a "YYYY-MM-DD" string; an invalid
-- string raises an error (check with dates.valid / dates.parse first).
-- Reference: docs/library.md, section "dates".

local dates = {}

local type, tonumber, error, tostring = type, tonumber, error, tostring
local match, format, byte, sub = string.match, string.format, string.byte, string.sub
local math_type, tointeger = math.type, math.tointeger
local sort = table.sort

local DIM = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 }

--- dates.is_leap(y) → true for a Gregorian leap year.
function dates.is_leap(y)
  return (y % 4 == 0 and y % 100 ~= 0) or y % 400 == 0
end
local is_leap = dates.is_leap

--- dates.days_in_month(y, m) → 28..31.
function dates.days_in_month(y, m)
  if m == 2 and is_leap(y) then return 29 end
  return DIM[m]
end
local days_in_month = dates.days_in_month

--- dates.from_civil(y, m, d) → day number (Hinnant's days_from_civil).
-- No validation: use dates.parse for text input.
function dates.from_civil(y, m, d)
  if m <= 2 then y = y - 1 end
  local era = y // 400
  local yoe = y - era * 400                                   -- [0, 399]
  local mp = m > 2 and m - 3 or m + 9                         -- March = 0
  local doy = (153 * mp + 2) // 5 + d - 1                     -- [0, 365]
  local doe = yoe * 365 + yoe // 4 - yoe // 100 + doy         -- [0, 146096]
  return era * 146097 + doe - 719468
end
local from_civil = dates.from_civil

--- dates.to_civil(day) → y, m, d (Hinnant's civil_from_days).
function dates.to_civil(z)
  z = z + 719468
  local era = z // 146097
  local doe = z - era * 146097
  local yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
  local y = yoe + era * 400
  local doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
  local mp = (5 * doy + 2) // 153
  local d = doy - (153 * mp + 2) // 5 + 1
  local m = mp < 10 and mp + 3 or mp - 9
  if m <= 2 then y = y + 1 end
  return y, m, d
end
local to_civil = dates.to_civil

--- dates.parse(s) → day number, or nil and a message when s is not a
-- "YYYY-MM-DD" text of a real calendar date (2025-02-29 is rejected).
-- Read byte by byte (the pattern "^(%d%d%d%d)%-(%d%d)%-(%d%d)$" exactly:
-- ten bytes, ASCII digits and two '-'), with days_in_month and from_civil
-- written out: dates are parsed many times per case, and a pattern match with
-- three captures and three function calls cost several times more.
-- A byte b is an ASCII digit exactly when b ~ 48 (xor "0") is below 10.
local PARSED = memo_table()  -- PARSED.t: text → day number, for this evaluation step
function dates.parse(s)
  local memo = PARSED.t
  local v = memo[s]
  if v then return v end
  if type(s) ~= "string" then return nil, "date text expected, got " .. type(s) end
  if #s == 10 then
    local y1, y2, y3, y4, h1, m1, m2, h2, d1, d2 = byte(s, 1, 10)
    y1, y2, y3, y4, m1, m2, d1, d2 = y1 ~ 48, y2 ~ 48, y3 ~ 48, y4 ~ 48, m1 ~ 48, m2 ~ 48, d1 ~ 48, d2 ~ 48
    if h1 == 45 and h2 == 45 and y1 < 10 and y2 < 10 and y3 < 10 and y4 < 10
       and m1 < 10 and m2 < 10 and d1 < 10 and d2 < 10 then
      local y = y1 * 1000 + y2 * 100 + y3 * 10 + y4
      local m = m1 * 10 + m2
      local d = d1 * 10 + d2
      if m < 1 or m > 12 then return nil, "no month " .. sub(s, 6, 7) .. " in " .. s end
      local dim = DIM[m]
      if m == 2 and ((y % 4 == 0 and y % 100 ~= 0) or y % 400 == 0) then dim = 29 end
      if d < 1 or d > dim then return nil, "no day " .. sub(s, 9, 10) .. " in " .. s end
      -- from_civil(y, m, d), y ≥ 0
      if m <= 2 then y = y - 1 end
      local era = y // 400
      local yoe = y - era * 400
      local mp = m > 2 and m - 3 or m + 9
      v = era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + (153 * mp + 2) // 5 + d - 1 - 719468
      memo[s] = v
      return v
    end
  end
  return nil, "not a YYYY-MM-DD date: " .. s
end
local parse = dates.parse

--- dates.valid(s) → true when s is a real calendar date "YYYY-MM-DD".
function dates.valid(s)
  return (parse(s)) ~= nil
end

--- dates.day(x) → day number for a date text or a day number, nil when x
-- is nil, not a date, or an invalid date text (never raises).
function dates.day(x)
  if type(x) == "number" then return tointeger(x) end
  if type(x) == "string" then return (parse(x)) end
  return nil
end

-- Internal: argument to day number, raising a clear error for bad input.
local function D(x, fname)
  if type(x) == "number" then
    local i = tointeger(x)
    if i then return i end
  elseif type(x) == "string" then
    local v, msg = parse(x)
    if v then return v end
    error("dates." .. fname .. ": " .. msg, 3)
  end
  error("dates." .. fname .. ": date expected, got " .. (x == nil and "nil" or type(x) .. " " .. tostring(x)), 3)
end

--- dates.format(d) → "YYYY-MM-DD".
-- A year of four digits is written by concatenation: the integer y prints
-- as its digits ("%d"), and TWO_DIGITS[n] is format("%02d", n) for months and
-- days; the same text as format("%04d-%02d-%02d", y, m, d), at a fraction of
-- the cost of string.format. Other years (before 1000, after 9999) take format.
local TWO_DIGITS = {}
for n = 1, 31 do TWO_DIGITS[n] = format("%02d", n) end
function dates.format(x)
  local y, m, d = to_civil(D(x, "format"))
  if y >= 1000 and y <= 9999 then return y .. "-" .. TWO_DIGITS[m] .. "-" .. TWO_DIGITS[d] end
  return format("%04d-%02d-%02d", y, m, d)
end

--- dates.year(d) → the calendar year of d.
function dates.year(x)
  return (to_civil(D(x, "year")))
end

--- dates.weekday(d) → ISO weekday: Monday = 1 … Sunday = 7
-- (1970-01-01, day 0, was a Thursday).
function dates.weekday(x)
  return (D(x, "weekday") + 3) % 7 + 1
end

--- dates.add_days(d, n) → day number n calendar days after d (n may be < 0).
function dates.add_days(x, n)
  return D(x, "add_days") + n
end

--- dates.diff_days(a, b) → b − a in calendar days (positive when b is later).
function dates.diff_days(a, b)
  return D(b, "diff_days") - D(a, "diff_days")
end

local function add_months_day(day, n)
  local y, m, d = to_civil(day)
  local total = y * 12 + (m - 1) + n
  local ny, nm = total // 12, total % 12 + 1
  local last = days_in_month(ny, nm)
  if d > last then d = last end
  return from_civil(ny, nm, d)
end

--- dates.add_months(d, n) → day number of d + n calendar months by Civil
-- Code Art. 202 (interpretations.md "Periods"): the corresponding day of the
-- target month, or its last day when it has none. n may be negative.
--   2025-04-30 + 1 → 2025-05-30;  2025-01-31 + 1 → 2025-02-28;
--   2024-01-31 + 1 → 2024-02-29;  2025-03-31 − 1 → 2025-02-28.
-- Not Boost's end-of-month snapping (04-30 + 1 month is 05-30, not 05-31).
function dates.add_months(x, n)
  return add_months_day(D(x, "add_months"), n)
end

--- dates.add_years(d, n) → dates.add_months(d, 12 n) (2024-02-29 + 1 year
-- → 2025-02-28).
function dates.add_years(x, n)
  return add_months_day(D(x, "add_years"), 12 * n)
end

--- dates.within_months(earlier, later, n) → later ≤ earlier + n months
-- (以内 / 不超过 / 届满: the end day is included). Only the upper bound is
-- tested: a `later` before `earlier` is also "within"; test the order
-- yourself when it matters (or use dates.within_months_before).
-- Example: first surveillance within 12 months of the decision (WPRZ 8.1):
--   dates.within_months(decision_on, surveillance_on, 12)
function dates.within_months(earlier, later, n)
  return D(later, "within_months") <= add_months_day(D(earlier, "within_months"), n)
end

--- dates.months_at_least(earlier, later, n) → later ≥ earlier + n months
-- (满 n 个月 / n 个月以上: reaching the end day counts).
-- Example: management system in operation ≥ 3 months by application
-- (CNCA-CFP-15 5.2(1), 5.3.3(3)): dates.months_at_least(since, applied_on, 3)
function dates.months_at_least(earlier, later, n)
  return D(later, "months_at_least") >= add_months_day(D(earlier, "months_at_least"), n)
end

--- dates.within_months_before(x, ref, n) → ref − n months ≤ x ≤ ref (both
-- ends included). Example: a revocation "一年内" before the application
-- (interpretations.md "Words of degree"): within_months_before(revoked_on,
-- applied_on, 12).
function dates.within_months_before(x, ref, n)
  local xd, rd = D(x, "within_months_before"), D(ref, "within_months_before")
  return xd <= rd and xd >= add_months_day(rd, -n)
end

--- dates.full_months_between(a, b) → the largest whole k with a + k months
-- ≤ b (Art. 202 months); negative when b is before a.
--   2025-01-31 → 2025-02-28: 1;  2025-01-15 → 2025-04-14: 2;  → 04-15: 3.
function dates.full_months_between(a, b)
  local ad, bd = D(a, "full_months_between"), D(b, "full_months_between")
  local ya, ma = to_civil(ad)
  local yb, mb = to_civil(bd)
  local k = (yb * 12 + mb) - (ya * 12 + ma)
  while add_months_day(ad, k) > bd do k = k - 1 end
  while add_months_day(ad, k + 1) <= bd do k = k + 1 end
  return k
end

---------------------------------------------------------------------------
-- Working days (interpretations.md "Periods")
---------------------------------------------------------------------------

-- Calendar built once at load from REF.holidays (reference data, not case
-- state). HOL / WORK: day number → true. YEAR_HOL[y] / YEAR_WORK[y]: sorted
-- day numbers of the holidays falling Monday–Friday / of the working
-- weekend days, used to count ranges quickly.
local KNOWN, HOL, WORK, YEAR_HOL, YEAR_WORK = {}, {}, {}, {}, {}
local CAL_YEARS = {}
do
  local cal = REF.holidays
  local years = cal and cal.years
  if years then
    for ys, entry in pairs(years) do
      local y = tonumber(ys)
      if not y then error("holidays.json: year key '" .. tostring(ys) .. "' is not a year") end
      KNOWN[y] = true
      CAL_YEARS[#CAL_YEARS + 1] = y
      local hl, wl = {}, {}
      for _, s in ipairs(entry.holidays or {}) do
        local day, msg = parse(s)
        if not day then error("holidays.json " .. ys .. ": " .. msg) end
        if to_civil(day) ~= y then error("holidays.json " .. ys .. ": " .. s .. " is not in that year") end
        HOL[day] = true
        if (day + 3) % 7 + 1 <= 5 then hl[#hl + 1] = day end
      end
      for _, s in ipairs(entry.workdays or {}) do
        local day, msg = parse(s)
        if not day then error("holidays.json " .. ys .. ": " .. msg) end
        if to_civil(day) ~= y then error("holidays.json " .. ys .. ": " .. s .. " is not in that year") end
        if (day + 3) % 7 + 1 <= 5 then error("holidays.json " .. ys .. ": workday " .. s .. " is not a weekend day") end
        if HOL[day] then error("holidays.json " .. ys .. ": " .. s .. " is both holiday and workday") end
        WORK[day] = true
        wl[#wl + 1] = day
      end
      sort(hl); sort(wl)
      YEAR_HOL[y], YEAR_WORK[y] = hl, wl
    end
    sort(CAL_YEARS)
  end
end

--- dates.calendar_years() → sorted list of the years REF.holidays covers.
function dates.calendar_years()
  local out = {}
  for i = 1, #CAL_YEARS do out[i] = CAL_YEARS[i] end
  return out
end

--- dates.has_calendar(y) → true when REF.holidays has year y.
function dates.has_calendar(y)
  return KNOWN[y] == true
end

local function working(day)
  if WORK[day] then return true end
  if HOL[day] then return false end
  return (day + 3) % 7 + 1 <= 5
end

--- dates.is_working_day(d) → working (bool), known (bool).
-- known = false when d's year is not in the calendar: the answer is then
-- plain Monday–Friday.
function dates.is_working_day(x)
  local day = D(x, "is_working_day")
  return working(day), KNOWN[(to_civil(day))] == true
end

-- Missing years among y1..y2 (sorted list), or nil when none is missing.
local function missing_years(y1, y2)
  local out
  for y = y1, y2 do
    if not KNOWN[y] then
      out = out or {}
      out[#out + 1] = y
    end
  end
  return out
end

-- Monday–Friday days among day numbers ≤ day, counted from a fixed origin
-- (only differences are meaningful). k ≡ 0 mod 7 on Mondays.
local function weekdays_upto(day)
  local k = day + 3
  local r = k % 7
  return 5 * (k // 7) + (r < 5 and r + 1 or 5)
end

local function count_in(list, lo, hi)  -- elements e of sorted list with lo < e ≤ hi
  local n = 0
  for i = 1, #list do
    local e = list[i]
    if e > hi then break end
    if e > lo then n = n + 1 end
  end
  return n
end

--- dates.working_days_between(a, b) → n, missing
-- n = number of working days after a, up to and including b: the days of
-- (a, b]. a itself never counts (Civil Code Art. 201: the first day is not
-- counted). When b < a, n = −working_days_between(b, a); a == b gives 0.
-- missing = sorted list of the years in the range without a calendar
-- (counted Monday–Friday), or nil when every year was known.
--   2025-09-30 → 2025-10-09: 1 (10-01..10-08 off, 10-09 Thursday).
function dates.working_days_between(a, b)
  local ad, bd = D(a, "working_days_between"), D(b, "working_days_between")
  local sign = 1
  if bd < ad then ad, bd, sign = bd, ad, -1 end
  if ad == bd then return 0, nil end
  local n = weekdays_upto(bd) - weekdays_upto(ad)
  local y1, y2 = to_civil(ad + 1), to_civil(bd)
  for y = y1, y2 do
    if KNOWN[y] then
      n = n - count_in(YEAR_HOL[y], ad, bd) + count_in(YEAR_WORK[y], ad, bd)
    end
  end
  return sign * n, missing_years(y1, y2)
end

--- dates.add_working_days(d, n) → day, missing
-- day = the n-th working day after d (n > 0), or the |n|-th working day
-- before d (n < 0); n = 0 gives d itself even if it is not a working day.
-- missing as in dates.working_days_between (years passed through without a
-- calendar). Deadline "within N working days of d": dates.add_working_days(d, N).
--   2025-09-30 + 1 working day → 2025-10-09; 2025-09-26 (Fri) + 1 → 2025-09-28 (Sun, 调休).
function dates.add_working_days(x, n)
  local day = D(x, "add_working_days")
  local step = n >= 0 and 1 or -1
  local left = n * step
  local start = day
  while left > 0 do
    day = day + step
    if working(day) then left = left - 1 end
  end
  if day == start then return day, nil end
  local y1, y2 = to_civil(start + step), to_civil(day)   -- the days passed, start excluded
  if y1 > y2 then y1, y2 = y2, y1 end
  return day, missing_years(y1, y2)
end

--- dates.within_working_days(a, b, n) → ok, missing
-- ok = b ≤ dates.add_working_days(a, n): b falls on or before the n-th
-- working day after a ("在 n 个工作日内", inclusive). A b on a weekend right
-- after the n-th working day is late.
function dates.within_working_days(a, b, n)
  local deadline, missing = dates.add_working_days(a, n)
  return D(b, "within_working_days") <= deadline, missing
end

--- dates.missing_note(missing) → { zh =, en = } text for an `info` finding
-- when missing (from the working-day functions) is a non-empty list; nil
-- otherwise.
--   local n, missing = lib.dates.working_days_between(a, b)
--   if missing then return info(lib.dates.missing_note(missing)) end  -- or add to the message
function dates.missing_note(missing)
  if missing == nil or #missing == 0 then return nil end
  local parts = {}
  for i = 1, #missing do parts[i] = format("%d", missing[i]) end
  local ys = table.concat(parts, ", ")
  return {
    zh = "缺少 " .. ys .. " 年国务院节假日安排，该年工作日按周一至周五计算",
    en = "no State Council holiday calendar for " .. ys .. "; working days of that year counted Monday-Friday",
  }
end

return dates

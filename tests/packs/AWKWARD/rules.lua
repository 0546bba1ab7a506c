-- Awkward values for the result writer. The case's `awkward` field picks a
-- variant: "" (none), "na" (out of scope), "fail", "big", "deep", "cycle",
-- "function", "evidence-fn", "message-fn", "grade-fn", "dby-string",
-- "dby-empty", "dby-fn", "metrics-list", "action-num", and "wide" /
-- "wide-metrics" (4000 values: errors only under a small max_output_bytes).
-- `awkward` is not a schema field: found by iterating (reading an undefined
-- field is a pack error), so cases without it need no special casing.
local function mode(c)
  for k, v in pairs(c) do if k == "awkward" and type(v) == "string" then return v end end
  return ""
end

local cut = ("中文"):sub(1, 4)  -- a character cut in two: invalid UTF-8
local ctl = "q\"b\\s/\0\1\b\f\n\r\t\31\127 é 中 😀 \u{2028} end"
local bad = { cut, "\xff", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "ab\xE4\xB8", "\xE4\xB8\xE4\xB8\xAD", "\x80x",
              "\xF0\x9F\x98", "ok" }
local numbers = { 1e20, 1e300, -1e-300, 5e-324, -5e-324, -0.0, 0.1, 1 / 3, -2 / 3, 2 ^ 53, 2 ^ 53 - 1, -(2 ^ 53), 2 ^ 63,
                  1e15, 123.0, 1.5, 0 / 0, 1 / 0, -1 / 0, math.maxinteger, math.mininteger, 0, -7, 1e-7,
                  123456789.125, 1e21, 1e22, 1.7976931348623157e308, 2.2250738585072014e-308, 1e16, -1e17 }

-- fresh plain tables (module-level tables are frozen into read-only ones)
local function mixed() return { 1, 2, 3, x = "x", [10] = "ten", [1.5] = "f", [-2] = "neg", [true] = "t", [false] = "f" } end
local function colliding()
  return { [1] = "int", ["1"] = "str", [1e-7] = "a", [2e-7] = "b", [true] = "bool", ["true"] = "s", ["0.000000"] = "s2",
           [1 / 0] = "inf", ["inf"] = "s3" }
end
local function nest(n) local t = "leaf"; for i = 1, n do t = { t, k = i } end return t end

rule {
  slug = "scope", clause = "0", scope = true, title = { zh = "范围", en = "scope" },
  check = function(c)
    if mode(c) == "na" then return na{ zh = ctl, en = { nested = { cut, 0 / 0 } }, evidence = "/case_id" } end
    return pass{}
  end,
}

rule {
  slug = "strings", clause = "1", title = { zh = ctl, en = "strings \"quoted\"" },
  check = function(c)
    return fail{ severity = "observation", zh = ctl, en = cut, evidence = "/case_id",
                 values = { ctl = ctl, bad = bad, [cut] = "key cut", ["k\0\n\"\\"] = 1, ["\xff"] = "ff", [""] = "" } }
  end,
}

rule {
  slug = "numbers", clause = "2", title = { zh = "数", en = "numbers" },
  check = function(c)
    local m = { n_big = 1e20, n_tiny = 5e-324, n_negz = -0.0, n_2p53 = 2 ^ 53, n_max = math.maxinteger, n_nan = 0 / 0,
                n_third = 1 / 3 }
    for i = 1, 120 do m["k" .. i] = i * 0.25 end
    if mode(c) == "metrics-list" then m = nil end
    local v = {}
    for i, x in ipairs(numbers) do v[i] = x end
    return pass{ values = { list = v, frozen = numbers, neg0 = -0.0 }, metrics = m }
  end,
}

rule {
  slug = "tables", clause = "3", severity = "serious", effect = "refuse", title = { zh = "表", en = "tables" },
  check = function(c)
    local holes, zero = { [1] = "a", [3] = "c" }, { [0] = "z", [2] = "b" }
    return info{ evidence = { "/parties/applicant/name", "/footprint/inventory/0/factor" },
                 values = { mixed = mixed(), colliding = colliding(), holes = holes, zero = zero, nested = nest(12),
                            empty = {}, empties = { {}, { {} } }, frozen = { mixed = MIXED, coll = COLL } } }
  end,
}

rule {
  slug = "proxies", clause = "4", title = { zh = "只读", en = "read-only" },
  check = function(c)
    return insufficient{ en = c.case_id, zh = c.parties, evidence = "/sites/0/id", values = c }
  end,
}

-- one rule per kind of `values` (evidence must be schema pointers), statuses and severities in turn
local kinds = { { "str", "/a\"b\n" }, { "num", 5 }, { "float", 1.25 }, { "nan", 0 / 0 }, { "bool", true },
                { "object", { a = 1 } }, { "empty", {} }, { "list", { "/x", 2, { 3 } } }, { "cut", cut },
                { "inf", 1 / 0 }, { "neg0", -0.0 } }
local statuses = { pass, fail, info, insufficient, na }
local severities = { "serious", "general", "observation" }
for i, k in ipairs(kinds) do
  rule {
    slug = "kind-" .. k[1], clause = "5." .. i, title = { zh = "种类 " .. k[1], en = "kind " .. k[1] },
    check = function(c)
      local status = statuses[i % #statuses + 1]
      return status{ evidence = "/footprint/inventory/" .. i .. "/amount", values = k[2], severity = severities[i % 3 + 1],
                     en = i % 2 == 0 and k[2] or nil }
    end,
  }
end

rule {  -- clause and topic end up in the rule id and the finding as they are
  slug = "weird", clause = "c\t\"\\\xff", topic = "t\n" .. cut, title = { zh = cut, en = "\xff" },
  check = function(c) return fail{ effect = "supplement", severity = "general", values = { rule = "not/the/rule" } } end,
}

rule {  -- the bad variants, late: after other findings were converted
  slug = "bad", clause = "9", title = { zh = "坏", en = "bad" },
  check = function(c)
    local m = mode(c)
    if m == "big" then return pass{ values = { s = ("x"):rep(9e6) } } end
    if m == "wide" then local t = {}; for i = 1, 4000 do t[i] = i / 8 end return fail{ values = { t = t } } end
    if m == "deep" then return pass{ values = nest(60) } end
    if m == "cycle" then local t = {}; t.t = t; return pass{ values = { t } } end
    if m == "function" then return pass{ values = { rule = "fake/rule", f = function() end } } end
    if m == "evidence-fn" then return fail{ evidence = { 1, function() end } } end
    if m == "message-fn" then return fail{ zh = "ok", en = { function() end } } end
    return pass{ values = { 1, 2 } }
  end,
}

MIXED = mixed()
COLL = colliding()

decide(function(R)
  local m = mode(R.case)
  local d = { verdict = m == "fail" and "fail" or "conditional", action = "act\"\n" .. cut,
              native = { zh = ctl, en = { 1, 2, { x = cut } } },
              grade = { level = 2.5, ["1"] = "s", [1] = "i", tags = { "a", cut } },
              decided_by = { R.findings[2].rule, "x\0" }, metrics = { ["d\""] = -0.0, [cut] = 1 } }
  if m == "grade-fn" then d.grade = { function() end } end
  if m == "dby-string" then d.decided_by = "x" end
  if m == "dby-empty" then d.decided_by = {} end
  if m == "dby-fn" then d.decided_by = { "a", function() end } end
  if m == "metrics-list" then d.metrics = { 5, 6 } end
  if m == "wide-metrics" then for i = 1, 4000 do d.metrics["w" .. i] = i end end
  if m == "action-num" then d.action, d.native, d.grade = 5, "native", nil end
  return d
end)

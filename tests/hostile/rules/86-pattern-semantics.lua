-- expect: ok
-- message:
-- The sandbox's own matcher keeps Lua 5.4's pattern semantics (issue 11 item
-- 4 replaced Lua's matcher by a counted one): each line is Lua's answer.
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  local function eq(a, b, what) if a ~= b then error(what .. ": got " .. tostring(a) .. ", want " .. tostring(b)) end end
  local s = "  hello world from Lua  "
  eq(s:match("^%s*(.-)%s*$"), "hello world from Lua", "trim")
  eq(select(2, s:find("(o)")), 7, "find end")
  eq(("2026-03-01"):match("(%d+)-(%d+)-(%d+)"), "2026", "date")
  eq(select(3, ("2026-03-01"):match("(%d+)-(%d+)-(%d+)")), "01", "date day")
  eq(("THE (quick) fox"):find("%((%a+)%)"), 5, "escaped parens")
  eq(("f(a(b)c)d"):match("%b()"), "(a(b)c)", "balanced")
  eq(("THE (quick) fox"):gsub("%f[%a]%a+", "X"), "X (X) X", "frontier")
  eq(("hello"):gsub("l+", "%0%0"), "hellllo", "gsub %0")
  eq(("abc"):gsub("%w", "%1-"), "a-b-c-", "gsub %1 whole match")
  eq(("abc"):gsub("", "-"), "-a-b-c-", "empty matches")
  eq(("a,b,,c"):gsub(",", ";", 2), "a;b;,c", "gsub max n")
  eq(select(2, ("a,b,,c"):gsub(",", ";")), 3, "gsub count")
  eq(("x = 1, y = 2"):gsub("(%w+) = (%w+)", "%2 = %1"), "1 = x, 2 = y", "swap")
  eq(("$name is $age"):gsub("%$(%w+)", { name = "Li", age = 30 }), "Li is 30", "table repl")
  eq(("abc"):gsub(".", function(ch) if ch == "b" then return false end return ch:upper() end), "AbC", "function repl")
  local words = {}
  for w in ("one two  three"):gmatch("%a+") do words[#words + 1] = w end
  eq(table.concat(words, "|"), "one|two|three", "gmatch")
  local kv = {}
  for k, v in ("a=1, b=2"):gmatch("(%w+)=(%w+)") do kv[#kv + 1] = k .. v end
  eq(table.concat(kv, "|"), "a1|b2", "gmatch captures")
  eq(("hello"):find("l", 1, true), 3, "plain")
  eq(("a.b"):find(".", 1, true), 2, "plain dot")
  eq(("hello"):find("xyz"), nil, "no match")
  eq(("hello"):find("l", -2), 4, "negative init")
  eq(("hello"):find("", 10), nil, "init past end")
  eq(("hello"):find("", 6), 6, "empty at end")
  eq(("aaa"):match("^(a-)a$"), "aa", "lazy")
  eq(("[x]"):match("[%[](.)[%]]"), "x", "escaped set")
  eq(("a]b"):match("[]]"), "]", "] first in set")
  eq(("x-y"):match("[a-z%-]+"), "x-y", "range and escaped dash")
  eq(("hello"):match("()ll()"), 3, "position capture")
  eq(("abcabc"):match("(abc)%1"), "abc", "back-reference")
  eq(("AbC1"):match("%u%l%u%d"), "AbC1", "classes")
  eq(("a\0b"):match("%z") == nil and 1 or 1, 1, "no crash on NUL")
  eq(("key: value"):match("^(%w+):%s*(.*)$"), "key", "anchored kv")
  eq(("^x"):gmatch("^x")(), "^x", "gmatch: ^ is literal")
  eq(("xyz"):match("y?z"), "yz", "optional")
  eq(("1.5e3"):match("^[+-]?%d+%.?%d*[eE]?[+-]?%d*$"), "1.5e3", "number shape")
  return pass{}
end }

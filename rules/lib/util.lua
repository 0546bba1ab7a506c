-- util: small pure helpers shared by the library modules and the rule packs.
--
-- Nothing here interprets a rule document; these are the building blocks
-- (sorted iteration, list helpers, JSON Pointers, number formatting for
-- messages). Reference: docs/library.md, section "util".

local util = {}

--- util.EMPTY → a shared empty table, read-only like the whole library. The
-- facts use it for every empty list and map (so the per-case facts hold no
-- table that has nothing in it); `#`, `ipairs`, `pairs` work as on `{}`. Never
-- put it in a result you build up: it cannot be written.
util.EMPTY = {}

local type, pairs, ipairs, tostring, tonumber = type, pairs, ipairs, tostring, tonumber
local sort, concat = table.sort, table.concat
local format, gsub, find, byte, sub = string.format, string.gsub, string.find, string.byte, string.sub
local math_type, floor, huge = math.type, math.floor, math.huge
local select = select

-- Ordering used for keys of mixed type: numbers first (ascending), then
-- strings (byte order), then anything else by its tostring().
local function key_less(a, b)
  local ta, tb = type(a), type(b)
  if ta == tb then
    if ta == "number" or ta == "string" then return a < b end
    return tostring(a) < tostring(b)
  end
  if ta == "number" then return true end
  if tb == "number" then return false end
  if ta == "string" then return true end
  if tb == "string" then return false end
  return ta < tb
end

--- util.sorted_keys(t) → list of the keys of t in a fixed order (numbers
-- ascending, then strings in byte order). nil → {}.
-- Use it whenever the order of a table's keys reaches the output
-- (result-format.md: output is deterministic).
function util.sorted_keys(t)
  local keys, n = {}, 0
  if t == nil then return keys end
  for k in pairs(t) do n = n + 1; keys[n] = k end
  sort(keys, key_less)
  return keys
end

--- util.spairs(t) → iterator over (key, value) in util.sorted_keys order.
--   for k, v in util.spairs(t) do ... end
function util.spairs(t)
  local keys = util.sorted_keys(t)
  local i = 0
  return function()
    i = i + 1
    local k = keys[i]
    if k ~= nil then return k, t[k] end
  end
end

--- util.count(t) → number of entries of t (all keys, not only the array
-- part); 0 for nil.
function util.count(t)
  local n = 0
  if t == nil then return 0 end
  for _ in pairs(t) do n = n + 1 end
  return n
end

--- util.index_of(list, v) → first 1-based index of v in the array list, or nil.
function util.index_of(list, v)
  if list == nil then return nil end
  for i = 1, #list do
    if list[i] == v then return i end
  end
  return nil
end

--- util.contains(list, v) → true when v is an element of the array list
-- (nil list → false).
function util.contains(list, v)
  return util.index_of(list, v) ~= nil
end

--- util.list_of(t) → a new plain array with the values of t in
-- util.sorted_keys order (for an array: a copy in index order). Use it to
-- turn a read-only case table or a set-like table into a list you may sort.
function util.list_of(t)
  local out = {}
  if t == nil then return out end
  local keys = util.sorted_keys(t)
  for i = 1, #keys do out[i] = t[keys[i]] end
  return out
end

--- util.keys_set(list) → { [v] = true } for every element of the array list.
function util.keys_set(list)
  local s = {}
  if list == nil then return s end
  for i = 1, #list do s[list[i]] = true end
  return s
end

--- util.map(list, fn) → new array { fn(list[1], 1), fn(list[2], 2), ... };
-- nil results are skipped (the output stays a proper array).
function util.map(list, fn)
  local out, n = {}, 0
  if list == nil then return out end
  for i = 1, #list do
    local v = fn(list[i], i)
    if v ~= nil then n = n + 1; out[n] = v end
  end
  return out
end

--- util.filter(list, fn) → new array of the elements e with fn(e, i) truthy.
function util.filter(list, fn)
  local out, n = {}, 0
  if list == nil then return out end
  for i = 1, #list do
    local e = list[i]
    if fn(e, i) then n = n + 1; out[n] = e end
  end
  return out
end

--- util.sum(list [, fn]) → Σ list[i] (or Σ fn(list[i], i)); nil and
-- non-number terms are skipped; an empty list gives 0.
function util.sum(list, fn)
  local s = 0
  if list == nil then return 0 end
  for i = 1, #list do
    local v = list[i]
    if fn then v = fn(v, i) end
    if type(v) == "number" then s = s + v end
  end
  return s
end

--- util.get(t, k1, k2, ...) → t[k1][k2]... or nil as soon as a level is
-- missing or not a table.  util.get(c, "footprint", "declared", "value")
function util.get(t, ...)
  local n = select("#", ...)
  if n <= 3 then
    -- one to three keys (every call in the packs): the same steps unrolled,
    -- without a select() call per level
    if n == 0 then return t end
    local k1, k2, k3 = ...
    if type(t) ~= "table" then return nil end
    t = t[k1]
    if n == 1 then return t end
    if type(t) ~= "table" then return nil end
    t = t[k2]
    if n == 2 then return t end
    if type(t) ~= "table" then return nil end
    return t[k3]
  end
  for i = 1, n do
    if type(t) ~= "table" then return nil end
    t = t[(select(i, ...))]
  end
  return t
end

--- util.msg(zh, en) → { zh = zh, en = en } (a bilingual message).
function util.msg(zh, en)
  return { zh = zh, en = en }
end

-- JSON Pointer (RFC 6901 §3): '~' is written '~0' and '/' is written '~1'
-- (in that order, so "~1" in a key becomes "~01").
local function ptr_token(p)
  if type(p) == "number" then
    if math_type(p) == "float" and p == floor(p) and p > -huge and p < huge then
      return format("%d", p)
    end
    return tostring(p)
  end
  local s = tostring(p)
  if find(s, "[~/]") then
    s = gsub(s, "~", "~0")
    s = gsub(s, "/", "~1")
  end
  return s
end

--- util.ptr(...) → JSON Pointer (RFC 6901) built from reference tokens.
-- Strings are escaped (~ → ~0, / → ~1); numbers are written as given
-- (JSON Pointer array indices are 0-based: convert a Lua index with i - 1,
-- or use util.ptr_index).  util.ptr() → "" (the whole document).
--   util.ptr("footprint", "inventory", 3, "factor") → "/footprint/inventory/3/factor"
--   util.ptr("documents", "a/b~c")                 → "/documents/a~1b~0c"
function util.ptr(...)
  local n = select("#", ...)
  if n == 0 then return "" end
  local parts = {}
  for i = 1, n do parts[i] = ptr_token((select(i, ...))) end
  return "/" .. concat(parts, "/")
end

--- util.ptr_join(base, ...) → base pointer (already escaped, e.g.
-- "/footprint/inventory/3") extended with further tokens, escaped as in
-- util.ptr.  util.ptr_join("/sites/0", "id") → "/sites/0/id"
function util.ptr_join(base, ...)
  return (base or "") .. util.ptr(...)
end

--- util.ptr_index(base, i) → pointer to the element at 1-based Lua index i
-- of the array at pointer base: util.ptr_index("/units", 1) → "/units/0".
function util.ptr_index(base, i)
  return (base or "") .. "/" .. format("%d", i - 1)
end

local FIXED = { [0] = "%.0f", "%.1f", "%.2f", "%.3f", "%.4f", "%.5f", "%.6f" }

--- util.fmt_num(x [, max_decimals]) → short human form of a number for
-- messages: at most max_decimals (default 6) decimals, trailing zeros and a
-- trailing point dropped, "-0" shown as "0".
--   30.0 → "30"; 14.2 → "14.2"; 0.1 + 0.2 → "0.3"; 1/3 → "0.333333"
-- This is display only: decisions round with lib.num (GB/T 8170).
-- Non-numbers are returned through tostring().
function util.fmt_num(x, max_decimals)
  -- math.type: "integer", "float", or nil for a non-number
  local mt = math_type(x)
  if mt == "integer" then return format("%d", x) end
  if mt == nil then return tostring(x) end
  if x ~= x then return "NaN" end
  if x == huge then return "Infinity" end
  if x == -huge then return "-Infinity" end
  -- a whole float below 2^53 prints as its integer ("%.<d>f" then stripping
  -- the zeros and the point gives the same digits; -0.0 → "0")
  if x == floor(x) and x < 9007199254740992 and x > -9007199254740992 then return format("%d", x) end
  local d = max_decimals or 6
  local s
  if x ~= 0 and (x >= 1e21 or x <= -1e21) then
    s = format("%.15g", x)
  else
    s = FIXED[d] and format(FIXED[d], x) or format("%." .. d .. "f", x)
    if find(s, ".", 1, true) then
      -- drop trailing zeros, then a trailing point (byte by byte: the same as
      -- gsub "0+$" then "%.$", without two pattern matches)
      local n = #s
      local k = n
      while byte(s, k) == 48 do k = k - 1 end       -- "0"
      if byte(s, k) == 46 then k = k - 1 end        -- "."
      if k < n then s = sub(s, 1, k) end
    end
  end
  if s == "-0" then s = "0" end
  return s
end

--- util.join(list, sep) → elements of list joined by sep (default ", "),
-- numbers formatted with util.fmt_num.
function util.join(list, sep)
  local parts = {}
  if list == nil then return "" end
  for i = 1, #list do
    local v = list[i]
    parts[i] = type(v) == "number" and util.fmt_num(v) or tostring(v)
  end
  return concat(parts, sep or ", ")
end

return util

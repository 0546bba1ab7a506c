-- ids: identifiers with a check character.
--
-- Unified social credit code (统一社会信用代码), GB 32100-2015, as recorded in
-- docs/domain-facts.md "Identifiers and standards":
--   * 18 characters from 0123456789ABCDEFGHJKLMNPQRTUWXY (no I, O, S, V, Z),
--     whose values are their positions 0..30 in that list;
--   * weights of positions 1..17: 3^(i−1) mod 31 =
--     1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28;
--   * check character (position 18) = charset[(31 − Σ value × weight mod 31) mod 31].
-- Position 1 (registration authority) may be a letter. Lower-case letters
-- are not accepted: the code is printed in capitals. Test vector:
-- 91110000600037341L is valid.
-- Used by CNCA-CFP-15 5.3.3(1) "uscc" and the other packs' party checks.
-- Reference: docs/library.md, section "ids".

local ids = {}

local type, format, sub, find, byte = type, string.format, string.sub, string.find, string.byte

local CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
local WEIGHTS = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 }

-- byte → value 0..30
local VALUE = {}
for i = 1, #CHARSET do VALUE[byte(CHARSET, i)] = i - 1 end

--- ids.uscc_charset → "0123456789ABCDEFGHJKLMNPQRTUWXY" (GB 32100 code set).
ids.uscc_charset = CHARSET

--- ids.uscc_check_char(s) → the GB 32100 check character computed from the
-- first 17 characters of s, or nil when one of them is not in the code set.
function ids.uscc_check_char(s)
  if type(s) ~= "string" or #s < 17 then return nil end
  local sum = 0
  for i = 1, 17 do
    local v = VALUE[byte(s, i)]
    if v == nil then return nil end
    sum = sum + v * WEIGHTS[i]
  end
  local c = (31 - sum % 31) % 31
  return sub(CHARSET, c + 1, c + 1)
end

--- ids.uscc_valid(s) → true, or false and a reason table:
--   { code = "type",   zh, en }                        not a string
--   { code = "length", zh, en, length = n }            not 18 characters
--   { code = "char",   zh, en, position = i, char = x } a character outside the code set
--   { code = "check",  zh, en, expected = c, found = x } wrong check character
-- GB 32100-2015 (domain-facts.md). ids.uscc_valid("91110000600037341L") → true.
function ids.uscc_valid(s)
  if type(s) ~= "string" then
    return false, { code = "type", zh = "统一社会信用代码应为文本", en = "the unified social credit code must be a text" }
  end
  if #s ~= 18 then
    -- #s counts bytes; a code with non-ASCII characters is reported by length too.
    return false, { code = "length", length = #s,
      zh = format("统一社会信用代码 %s 应为 18 位，实为 %d 位", s, #s),
      en = format("unified social credit code %s has %d characters, not 18", s, #s) }
  end
  for i = 1, 18 do
    if VALUE[byte(s, i)] == nil then
      local ch = sub(s, i, i)
      return false, { code = "char", position = i, char = ch,
        zh = format("统一社会信用代码 %s 第 %d 位“%s”不在 GB 32100 代码字符集中（不使用 I、O、S、V、Z）", s, i, ch),
        en = format("unified social credit code %s: character %d '%s' is not in the GB 32100 code set (no I, O, S, V, Z)", s, i, ch) }
    end
  end
  local expected = ids.uscc_check_char(s)
  local found = sub(s, 18, 18)
  if found ~= expected then
    return false, { code = "check", expected = expected, found = found,
      zh = format("统一社会信用代码 %s 校验码错误：应为 %s，实为 %s", s, expected, found),
      en = format("unified social credit code %s: check character is %s, expected %s", s, found, expected) }
  end
  return true, nil
end

return ids

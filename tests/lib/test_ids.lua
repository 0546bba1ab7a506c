-- Tests of lib.ids: GB 32100-2015 unified social credit code
-- (spec/domain-facts.md "Identifiers and standards").

local ids = lib.ids

test("test vector 91110000600037341L", function()
  -- By hand: values 9 1 1 1 0 0 0 0 6 0 0 0 3 7 3 4 1
  -- × weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
  -- = 9 + 3 + 9 + 27 + 120 + 24 + 168 + 30 + 120 + 28 = 538;
  -- 538 mod 31 = 11; 31 − 11 = 20 → charset[20] = "L".
  eq(ids.uscc_check_char("91110000600037341"), "L")
  eq({ ids.uscc_valid("91110000600037341L") }, { true, nil })
end)

test("a letter in position 1", function()
  -- Same digits with A (value 10) first: 538 + 1 = 539; 539 mod 31 = 12; 31 − 12 = 19 → "K".
  eq({ ids.uscc_valid("A1110000600037341K") }, { true, nil })
end)

test("the example case files' codes are valid", function()
  for _, s in ipairs({ "91530100MA6P3R8T2L", "91532900MA6K7W1E56", "91150200MA0N4K2Q77" }) do
    local good, why = ids.uscc_valid(s)
    ok(good, s .. " " .. (why and why.en or ""))
  end
end)

test("failures and reasons", function()
  local good, why = ids.uscc_valid("91110000600037341M")
  eq(good, false)
  eq(why.code, "check"); eq(why.expected, "L"); eq(why.found, "M")
  ok(why.zh:find("应为 L"), why.zh)

  good, why = ids.uscc_valid("91110000600037341")
  eq({ good, why.code, why.length }, { false, "length", 17 })

  good, why = ids.uscc_valid("9111000060003734IL")
  eq({ good, why.code, why.position, why.char }, { false, "char", 17, "I" })

  good, why = ids.uscc_valid("91110000600037341l")
  eq({ good, why.code, why.position }, { false, "char", 18 }, "lower case is not in the code set")

  for _, ch in ipairs({ "I", "O", "S", "V", "Z" }) do
    good, why = ids.uscc_valid(ch .. "1110000600037341L")
    eq(why and why.code, "char", ch .. " is excluded")
  end

  good, why = ids.uscc_valid(nil)
  eq({ good, why.code }, { false, "type" })
  good, why = ids.uscc_valid(91110000600037341)
  eq({ good, why.code }, { false, "type" })
  eq(ids.uscc_check_char("9111000060003734I"), nil)
end)

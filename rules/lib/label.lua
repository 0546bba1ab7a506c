-- label: the number printed on a CICC carbon-footprint label.
--
-- CICC-ZY/GZ-20:2025 clause 10.6 (seed 004), table "单位产品碳足迹宣告数据
-- （CO2e/宣告单位） / 标识中数据取舍至最接近单位":
--   > 10 g, ≤ 20 g → 1 g      > 20 g, ≤ 40 g → 2 g      > 40 g, ≤ 100 g → 5 g
--   > 100 g, ≤ 200 g → 10 g   > 200 g, ≤ 400 g → 20 g   > 400 g, ≤ 1000 g → 50 g
--   > 1.0 kg, ≤ 2.0 kg → 0.1 kg   > 2.0 kg, ≤ 4.0 kg → 0.2 kg   > 4.0 kg, ≤ 10.0 kg → 0.5 kg
--   > 10 kg: 依据上述原则取舍数据 (the same principle continues)
-- and "碳标签的碳足迹数据以 kg, g, t 为计量单位".
-- docs/interpretations.md "Carbon-label rounding (CICC 10.6)": a 1-2-5
-- pattern per decade, intervals open below and closed above, rounding to the
-- nearest step with ties to even; 14 203 kg → 14 000 kg (14 t).
--
-- Values of 10 g or less: the table starts at "> 10 g" and says nothing
-- below. This module continues the same 1-2-5 pattern downwards (the
-- principle the table states for values above 10 kg): (4 g, 10 g] → 0.5 g,
-- (2 g, 4 g] → 0.2 g, (1 g, 2 g] → 0.1 g, and so on. So 10 g exactly stays
-- 10 g and 7.3 g → 7.5 g. Negative values (net removals) are rounded by
-- their absolute value; 0 stays 0.
-- Reference: docs/library.md, section "label".

local label = {}

local num = lib.num
local type, error, format, tonumber = type, error, string.format, tonumber
local byte, sub, match, rep = string.byte, string.sub, string.match, string.rep

-- Decimal digit string × 10^exp as plain text (no exponent), for display.
local function plain(digits, exp)
  if digits == "0" then return "0" end
  if exp >= 0 then return digits .. rep("0", exp) end
  local n = #digits
  if n > -exp then return sub(digits, 1, n + exp) .. "." .. sub(digits, n + exp + 1) end
  return "0." .. rep("0", -exp - n) .. digits
end

-- Step for |value| given by its decimal parts (digits, exp): returns the
-- step as (multiplier 1/2/5, power of ten).
local function step_parts(digits, exp)
  -- value = 0.d1d2... × 10^P with P = exp + #digits; decade k with
  -- 10^k < value ≤ 10^(k+1).
  local P = exp + #digits
  local k, lead, rest_zero
  if digits == "1" then
    -- exact power of ten 10^(P−1): belongs to the decade below, mantissa 10
    k = P - 2
    return 5, k - 1
  end
  k = P - 1
  lead = byte(digits, 1) - 48
  rest_zero = match(sub(digits, 2), "[1-9]") == nil
  -- mantissa m = value / 10^k in (1, 10): m ≤ 2 → 1; m ≤ 4 → 2; else 5
  if lead < 2 or (lead == 2 and rest_zero) then return 1, k - 1 end
  if lead < 4 or (lead == 4 and rest_zero) then return 2, k - 1 end
  return 5, k - 1
end

--- label.step_kg(value_kg) → the rounding step in kg for a declared value
-- per CICC 10.6 (1-2-5 per decade, intervals (lo, hi]); 0 for a zero value.
--   label.step_kg(0.0184) → 0.001 (1 g);  label.step_kg(14203) → 1000
function label.step_kg(value_kg)
  if type(value_kg) ~= "number" or not num.is_number(value_kg) then
    error("label.step_kg: finite number expected", 2)
  end
  local _, digits, exp = num.decimal_parts(value_kg)
  if digits == "0" then return 0 end
  local m, p = step_parts(digits, exp)
  return tonumber(format("%de%d", m, p))
end

--- label.round(value_kg) → table
--   value_kg      the label value in kg (rounded to the step, ties to even)
--   step_kg       the step used (kg)
--   display_value the number shown, in display_unit (decimal-exact)
--   display_unit  "g" below 1 kg, "kg" from 1 kg up to below 1000 kg, "t" from 1000 kg
--   display       display_value .. " " .. display_unit, e.g. "14 t", "36 g", "1.4 kg"
-- CICC 10.6 table; interpretations.md "Carbon-label rounding".
--   label.round(14203)  → { value_kg = 14000, step_kg = 1000, display = "14 t" }
--   label.round(0.037)  → { value_kg = 0.036, step_kg = 0.002, display = "36 g" }
function label.round(value_kg)
  if type(value_kg) ~= "number" or not num.is_number(value_kg) then
    error("label.round: finite number expected", 2)
  end
  local step = label.step_kg(value_kg)
  if step == 0 then
    return { value_kg = 0, step_kg = 0, display_value = 0, display_unit = "g", display = "0 g" }
  end
  local v = num.round_step(value_kg, step)
  local neg, digits, exp = num.decimal_parts(v)
  local absv = v < 0 and -v or v
  local unit, shift
  if absv < 1 then unit, shift = "g", 3
  elseif absv < 1000 then unit, shift = "kg", 0
  else unit, shift = "t", -3 end
  local text = plain(digits, exp + shift)
  if neg and text ~= "0" then text = "-" .. text end
  return {
    value_kg = v,
    step_kg = step,
    display_value = num.shift(v, shift),
    display_unit = unit,
    display = text .. " " .. unit,
  }
end

return label

-- Tests of lib.label: CICC-ZY/GZ-20:2025 clause 10.6 carbon-label rounding
-- (seed 004 table; spec/interpretations.md "Carbon-label rounding").
-- Hand calculations: find the table row (intervals open below, closed
-- above), divide by the step, round half to even, multiply back.

local label = lib.label

test("required: 14 203 kg → 14 000 kg", function()
  -- 14 203 kg is in (10 t, 20 t] → step 1 t; 14.203 steps → 14 → 14 000 kg.
  local r = label.round(14203)
  eq(r.value_kg, 14000); eq(r.step_kg, 1000); eq(r.display, "14 t")
  eq(r.display_unit, "t"); eq(r.display_value, 14)
end)

test("hand-worked rows", function()
  -- 18.4 g: (10 g, 20 g] → 1 g; 18.4 → 18 → 18 g.
  local r = label.round(0.0184)
  eq(r.value_kg, 0.018); eq(r.step_kg, 0.001); eq(r.display, "18 g")
  -- 37 g: (20 g, 40 g] → 2 g; 37 / 2 = 18.5 → tie → 18 (even) → 36 g.
  r = label.round(0.037)
  eq(r.value_kg, 0.036); eq(r.step_kg, 0.002); eq(r.display, "36 g")
  -- 1.37 kg: (1.0 kg, 2.0 kg] → 0.1 kg; 13.7 → 14 → 1.4 kg.
  r = label.round(1.37)
  eq(r.value_kg, 1.4); eq(r.step_kg, 0.1); eq(r.display, "1.4 kg")
  -- 3 310 kg: (2 t, 4 t] → 0.2 t = 200 kg; 3310 / 200 = 16.55 → 17 → 3 400 kg.
  r = label.round(3310)
  eq(r.value_kg, 3400); eq(r.step_kg, 200); eq(r.display, "3.4 t")
  -- 250 g: (200 g, 400 g] → 20 g; 12.5 → 12 (even) → 240 g.
  r = label.round(0.25)
  eq(r.value_kg, 0.24); eq(r.display, "240 g")
  -- 730 g: (400 g, 1000 g] → 50 g; 14.6 → 15 → 750 g.
  eq(label.round(0.73).display, "750 g")
  -- 7.3 kg: (4 kg, 10 kg] → 0.5 kg; 14.6 → 15 → 7.5 kg.
  eq(label.round(7.3).display, "7.5 kg")
  -- 150 g: (100 g, 200 g] → 10 g; 15 → 150 g.
  eq(label.round(0.15).display, "150 g")
  -- 87 g: (40 g, 100 g] → 5 g; 17.4 → 17 → 85 g.
  eq(label.round(0.087).display, "85 g")
end)

test("interval bounds are (lo, hi]", function()
  eq(label.step_kg(0.020), 0.001, "20 g is in (10, 20] → 1 g")
  eq(label.round(0.020).display, "20 g")
  eq(label.step_kg(0.0205), 0.002, "20.5 g → (20, 40] → 2 g")
  eq(label.round(0.0205).display, "20 g", "10.25 steps → 10")
  eq(label.step_kg(0.1), 0.005, "100 g is in (40, 100] → 5 g")
  eq(label.step_kg(1), 0.05, "1000 g is in (400, 1000] → 50 g")
  eq(label.round(1).display, "1 kg")
  eq(label.step_kg(1.05), 0.1)
  eq(label.round(1.05).display, "1 kg", "10.5 → 10 (even) → 1.0 kg")
  eq(label.step_kg(10), 0.5, "10 kg is in (4, 10] → 0.5 kg")
  eq(label.step_kg(10.4), 1, "(10 kg, 20 kg] → 1 kg")
  eq(label.round(10.4).display, "10 kg")
  eq(label.step_kg(4000), 200)
  eq(label.step_kg(4000.5), 500)
  -- 999.9 kg: (400 kg, 1000 kg] → 50 kg; 19.998 → 20 → 1000 kg, shown in t.
  eq(label.round(999.9).display, "1 t")
end)

test("10 g and below: the 1-2-5 pattern continued downwards (documented reading)", function()
  eq(label.step_kg(0.01), 0.0005, "10 g is in (4 g, 10 g] → 0.5 g")
  eq(label.round(0.01).display, "10 g")
  -- 7.3 g: (4 g, 10 g] → 0.5 g; 14.6 → 15 → 7.5 g.
  eq(label.round(0.0073).display, "7.5 g")
  -- 3 g: (2 g, 4 g] → 0.2 g; 15 → 3 g.
  eq(label.round(0.003).display, "3 g")
  -- 1.23 g: (1 g, 2 g] → 0.1 g; 12.3 → 12 → 1.2 g.
  eq(label.round(0.00123).display, "1.2 g")
end)

test("zero and negative values", function()
  eq(label.round(0), { value_kg = 0, step_kg = 0, display_value = 0, display_unit = "g", display = "0 g" })
  local r = label.round(-14203)
  eq(r.value_kg, -14000); eq(r.display, "-14 t")
  raises(function() label.round(nil) end, "finite number expected")
  raises(function() label.round(1 / 0) end, "finite number expected")
end)

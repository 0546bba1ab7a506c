-- Tests of lib.cutoff: CNCA-CFP-15 5.5.3.6, WPRZ-CFP-01 7.7.4.6, CGC-PV10 8.2.
local co = lib.cutoff

test("smelter example cut-offs", function()
  -- shares 0.4 + 0.3 = 0.7 %, largest 0.4 %; buildings (infrastructure) excluded;
  -- mass 1 500 + 2 200 = 3 700 t of 500 000 t = 0.74 %
  local r = co.summarize({
    { flow = "cathode_carbon_block", process = "electrolysis", share_pct = 0.4, mass_t = 1500, reported = true, category = "auxiliary" },
    { flow = "refractory_brick", process = "electrolysis", share_pct = 0.3, mass_t = 2200, reported = true, category = "auxiliary" },
    { flow = "plant_buildings", process = "other", share_pct = 0.0, reported = true, category = "infrastructure" },
  }, 500000, 5000)
  eq(r.present, true); eq(r.count, 3)
  near(r.max_share_pct, 0.4, 0); eq(r.max_share_ptr, "/footprint/cut_offs/0")
  near(r.sum_share_pct, 0.7, 1e-12); near(r.mass_t, 3700, 0)
  near(r.mass_pct_of_output, 0.74, 1e-12)
  -- 3 700 t / 5 000 t of waste = 74 %
  near(r.mass_pct_of_waste, 74, 1e-9)
  eq(r.unreported, {}); eq(r.energy_or_raw, {}); eq(r.over_pct, {})
  eq(r.infrastructure, { "/footprint/cut_offs/2" })
  eq(r.mass_missing, { "/footprint/cut_offs/2" }, "the library counts every item: the buildings state no mass")
  local t = co.totals(r, { exclude_infrastructure = true })
  eq(t.mass_missing, {}, "WPRZ 7.7.4.6 (6) reading: infrastructure left out")
  eq(t.excluded, { "/footprint/cut_offs/2" })
end)

test("limits material: over 1 %, unreported, energy and raw material", function()
  -- 1.2 + 0.5 + 4 = 5.7 %; largest 4 % at index 2
  local r = co.summarize({
    { flow = "a", share_pct = 1.2, mass_t = 10, reported = true, category = "auxiliary" },
    { flow = "b", share_pct = 0.5, reported = false, category = "auxiliary" },
    { flow = "c", share_pct = 4, mass_t = 30, category = "energy" },
    { flow = "d", mass_t = 5, reported = true, category = "raw_material" },
  }, 1000, nil)
  near(r.sum_share_pct, 5.7, 1e-12); near(r.max_share_pct, 4, 0); eq(r.max_share_ptr, "/footprint/cut_offs/2")
  eq(r.over_pct, { "/footprint/cut_offs/0", "/footprint/cut_offs/2" })
  eq(r.unreported, { "/footprint/cut_offs/1", "/footprint/cut_offs/2" }, "reported absent counts as unreported")
  eq(r.energy_or_raw, { "/footprint/cut_offs/2", "/footprint/cut_offs/3" })
  eq(r.share_missing, { "/footprint/cut_offs/3" }); eq(r.mass_missing, { "/footprint/cut_offs/1" })
  -- mass 10 + 30 + 5 = 45 t of 1 000 t = 4.5 %
  near(r.mass_t, 45, 0); near(r.mass_pct_of_output, 4.5, 1e-12); eq(r.mass_pct_of_waste, nil)
  eq(r.infrastructure, {})
end)

test("exactly 1 % is not over", function()
  local r = co.summarize({ { flow = "a", share_pct = 1, mass_t = 1, reported = true, category = "auxiliary" } }, nil, 0)
  eq(r.over_pct, {}); eq(r.mass_pct_of_output, nil)
end)

test("absent and empty", function()
  local r = co.summarize(nil, 100, 0)
  eq(r.present, false); eq(r.count, 0); eq(r.max_share_pct, nil); near(r.sum_share_pct, 0, 0)
  r = co.summarize({}, 100, 0)
  eq(r.present, true); eq(r.count, 0); near(r.mass_pct_of_output, 0, 0)
end)

test("totals: exact sums in any order, infrastructure by option, directions (CGC ¶26)", function()
  local num = lib.num
  local function items(shares)
    local t = {}
    for i, v in ipairs(shares) do t[i] = { flow = "f" .. i, share_pct = v, mass_t = v, reported = true, category = "auxiliary" } end
    return t
  end
  for _, order in ipairs({ { 0.8, 0.8, 0.8, 0.8, 0.9, 0.9 }, { 0.9, 0.8, 0.9, 0.8, 0.8, 0.8 }, { 0.9, 0.9, 0.8, 0.8, 0.8, 0.8 } }) do
    local t = co.totals(co.summarize(items(order), 100, 0), { single_max_pct = 1 })
    eq(num.dec_string(t.sum_share), "5", "0.8×4 + 0.9×2 = 5 exactly")
    eq(num.cmp(t.sum_share, 5), 0)
    eq(t.sum_share_pct, 5)
    eq(t.over_single, {})
  end
  -- CGC ¶26: 0.1 t + 3.2 t omitted inputs, 0.2 t omitted output (waste)
  local r = co.summarize({
    { flow = "a", mass_t = 0.1, category = "auxiliary" },
    { flow = "b", mass_t = 3.2, category = "infrastructure" },
    { flow = "slag", mass_t = 0.2, category = "other", direction = "output" },
    { flow = "x", mass_t = 1, category = "other" },
  }, 70, 4)
  local t = co.totals(r)
  eq(num.dec_string(t.mass), "4.5", "every item counts")
  eq(num.dec_string(t.input_mass), "3.3", "infrastructure is an input and counts")
  eq(num.dec_string(t.output_mass), "0.2")
  eq(t.direction_missing, { "/footprint/cut_offs/3" }, "category other without a direction")
  t = co.totals(r, { exclude_infrastructure = true })
  eq(num.dec_string(t.input_mass), "0.1"); eq(t.excluded, { "/footprint/cut_offs/1" })
end)

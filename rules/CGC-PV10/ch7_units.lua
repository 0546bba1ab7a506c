-- CGC-PV10 chapter 7: certification units (7.1, ¶15–¶20) and functional unit (7.2, ¶21–¶22).

local util = lib.util
local fmt = util.fmt_num
local num = lib.num

-- 7.1 ¶17 step 3: material forms are separate units; these are the forms the
-- step names (板材、型材、棒材、线材、管材、铸件、锻件) plus the case-format forms.
-- ¶17 step 5: 按照原材料或工艺是否存在本质区别（差别大于 10%）区分. Each
-- product of a unit (units[].variants[]) states its material composition
-- (materials[]: material, share_pct of the product's mass), its process and
-- its surface treatment. A product differs in substance from the unit's first
-- product when a material's share differs by more than unit_variant_diff_pct
-- percentage points (大于: 10 itself is not), or the process or the surface
-- treatment differs (both stated). For metal materials only the process
-- counts (step 3 加工工艺, parameter unit_material_process_split).
-- Returns lists {zh}, {en} of the differences found, or nil.
local function shares(v)
  local t = {}
  for _, m in ipairs(v.materials or {}) do
    if m.material ~= nil and type(m.share_pct) == "number" then t[m.material] = num.add(t[m.material] or 0, m.share_pct) end
  end
  return t
end

local function variant_differences(vs, category)
  local first = vs[1]
  local fs = shares(first)
  local zh, en = nil, nil
  local function note(z, e)
    if zh == nil then zh, en = {}, {} end
    zh[#zh + 1] = z; en[#en + 1] = e
  end
  local product = category == "metal_product"
  for k = 2, #vs do
    local v = vs[k]
    local a, b = tostring(first.product or 1), tostring(v.product or k)
    if (product or P.unit_material_process_split) and first.process ~= nil and v.process ~= nil and first.process ~= v.process then
      note(a .. " 与 " .. b .. " 工艺不同（" .. tostring(first.process) .. " / " .. tostring(v.process) .. "）",
           a .. " and " .. b .. " are made by different processes (" .. tostring(first.process) .. " / " .. tostring(v.process) .. ")")
    end
    if product and first.surface_treatment ~= nil and v.surface_treatment ~= nil and first.surface_treatment ~= v.surface_treatment then
      note(a .. " 与 " .. b .. " 表面处理不同（" .. tostring(first.surface_treatment) .. " / " .. tostring(v.surface_treatment) .. "）",
           a .. " and " .. b .. " have different surface treatments (" .. tostring(first.surface_treatment) .. " / " .. tostring(v.surface_treatment) .. ")")
    end
    if product then
      local vsh = shares(v)
      local keys, seen = {}, {}
      for _, m in ipairs(first.materials or {}) do if m.material ~= nil and not seen[m.material] then seen[m.material] = true; keys[#keys + 1] = m.material end end
      for _, m in ipairs(v.materials or {}) do if m.material ~= nil and not seen[m.material] then seen[m.material] = true; keys[#keys + 1] = m.material end end
      for _, key in ipairs(keys) do
        local x, y = fs[key] or 0, vsh[key] or 0
        local d = num.abs(num.sub(x, y))   -- percentage points, decimal-exact (60.3 − 50.3 is 10)
        if num.gt(d, P.unit_variant_diff_pct) then
          local ds = num.text(d)
          note(a .. " 与 " .. b .. " 的 " .. tostring(key) .. " 占比相差 " .. ds .. " 个百分点（" .. num.text(x) .. " % / " .. num.text(y) .. " %，大于 " .. fmt(P.unit_variant_diff_pct) .. "）",
               a .. " and " .. b .. " differ by " .. ds .. " points in " .. tostring(key) .. " (" .. num.text(x) .. " % / " .. num.text(y) .. " %, more than " .. fmt(P.unit_variant_diff_pct) .. ")")
        end
      end
    end
  end
  return zh, en
end

rule {
  slug    = "unit-division",
  clause  = "7.1",
  title   = { zh = "认证单元划分（第17段步骤一至七）：材料与制品分开、基础材质分开、形态分开、原材料或工艺差别大于10%分开、生产地址不同分开",
              en = "Unit division (¶17 steps 1–7): materials vs products, base metals, forms, > 10 % material or process difference, and sites are separate units" },
  stages  = { "app" },
  severity = "general",
  effect  = "supplement",
  params  = { "unit_one_site", "unit_variant_diff_pct", "unit_material_process_split" },
  check   = function(c, f)
    if f.unit_count == 0 then
      return insufficient { zh = "未列出认证单元（units）", en = "no certification units stated", evidence = { "/units" } }
    end
    local p = c.product or {}
    local bad_zh, bad_en, ev, gaps = nil, nil, nil, nil
    local function add(zh, en, ptr)
      if bad_zh == nil then bad_zh, bad_en, ev = {}, {}, {} end
      bad_zh[#bad_zh + 1] = zh; bad_en[#bad_en + 1] = en; ev[#ev + 1] = ptr
    end
    -- step 6: one unit, one production address
    if P.unit_one_site then
      for _, ptr in ipairs(f.units_multi_site) do
        add("单元跨多个生产地址（步骤六）", "a unit spans several production sites (step 6)", ptr)
      end
    end
    for _, ptr in ipairs(f.units_unknown_site) do
      add("单元的生产地址不在 sites 中", "a unit's site is not one of the case's sites", ptr)
    end
    for _, ptr in ipairs(f.units_without_site) do
      add("单元未说明生产地址（步骤六需要）", "a unit states no site (step 6 needs it)", ptr)
    end
    for i, u in ipairs(c.units) do
      local base = "/units/" .. (i - 1)
      -- step 3: one form per unit, the product's form
      if u.product_form ~= nil and p.form ~= nil and u.product_form ~= p.form then
        add("单元形态 " .. tostring(u.product_form) .. " 与产品形态 " .. tostring(p.form) .. " 不同（步骤三：不同形态为不同单元）",
            "unit form " .. tostring(u.product_form) .. " differs from the product form " .. tostring(p.form) .. " (step 3: different forms are different units)",
            base .. "/product_form")
      end
      -- step 5 (metal products) / step 3 (metal materials, 加工工艺): the
      -- products of one unit compared with the unit's first product
      local vs = u.variants
      if type(vs) == "table" and #vs > 1 then
        local why_zh, why_en = variant_differences(vs, p.category)
        if why_zh then
          local step_zh = p.category == "metal_product" and "步骤五" or "步骤三"
          local step_en = p.category == "metal_product" and "step 5" or "step 3"
          add("单元 " .. tostring(u.id) .. " 内的产品存在本质区别，应为不同认证单元（" .. step_zh .. "）：" .. table.concat(why_zh, "，"),
              "unit " .. tostring(u.id) .. " holds products different in substance, so different units (" .. step_en .. "): " .. table.concat(why_en, ", "),
              base .. "/variants")
        end
      elseif p.category == "metal_product" and type(u.products) == "table" and #u.products > 1 then
        gaps = gaps or {}
        gaps[#gaps + 1] = base .. "/variants"
      end
    end
    -- step 1 / step 4: products are divided by function
    if p.category == "metal_product" and (p["function"] == nil or p["function"] == "") then
      add("金属制品未说明功能用途（步骤四按功能用途划分）", "metal product without its function (step 4 divides by function)",
          "/product/function")
    end
    -- step 2: base metal
    if p.category == "metal_material" and p.base_metal == nil then
      add("金属材料未说明基础材质（步骤二）", "metal material without its base metal (step 2)", "/product/base_metal")
    end
    if bad_zh then
      return fail { zh = "认证单元划分不符合第17段：" .. table.concat(bad_zh, "；"),
                    en = "unit division does not follow ¶17: " .. table.concat(bad_en, "; "),
                    evidence = ev, values = { units = f.unit_count, problems = #ev } }
    end
    if gaps then
      return insufficient { zh = #gaps .. " 个金属制品单元含多个产品，但未说明各产品的原材料构成和工艺（units[].variants），无法按步骤五判断是否存在本质区别",
                            en = #gaps .. " metal-product unit(s) hold several products without each product's material composition and process (units[].variants): step 5 cannot be checked",
                            evidence = gaps }
    end
    return pass { zh = f.unit_count .. " 个认证单元，按第17段各步骤未发现应分开而未分开的产品",
                  en = f.unit_count .. " certification unit(s); no products that ¶17 would separate were found together",
                  values = { units = f.unit_count } }
  end,
}

rule {
  slug    = "functional-unit",
  clause  = "7.2",
  title   = { zh = "功能单位经双方商定并作为认证合同内容（第21、22段）",
              en = "Functional unit agreed and written into the certification contract (¶21–¶22)" },
  stages  = { "app" },
  severity = "general",
  effect  = "supplement",
  check   = function(c, f)
    local fu = c.product and c.product.functional_unit
    if fu == nil then
      return insufficient { zh = "未说明功能单位（product.functional_unit）", en = "functional unit not stated",
                            evidence = { "/product/functional_unit" } }
    end
    local miss = {}
    if type(fu.amount) ~= "number" or fu.amount <= 0 then miss[#miss + 1] = "/product/functional_unit/amount" end
    if fu.unit == nil or fu.unit == "" then miss[#miss + 1] = "/product/functional_unit/unit" end
    if #miss > 0 then
      return fail { zh = "功能单位的数量或单位缺失", en = "the functional unit lacks an amount or a unit",
                    evidence = miss }
    end
    if fu.agreed_in_contract == nil then
      return insufficient { zh = "功能单位是否已写入认证合同未说明", en = "whether the functional unit is in the contract is not stated",
                            evidence = { "/product/functional_unit/agreed_in_contract" } }
    end
    if fu.agreed_in_contract ~= true then
      return fail { zh = "功能单位未经双方商定写入认证合同（第22段）",
                    en = "the functional unit is not agreed and written into the contract (¶22)",
                    evidence = { "/product/functional_unit/agreed_in_contract" } }
    end
    return pass { zh = "功能单位 " .. fmt(fu.amount) .. " " .. tostring(fu.unit) .. "，已写入认证合同", en = "functional unit " .. fmt(fu.amount) .. " " .. tostring(fu.unit) .. ", written into the contract",
                  values = { amount = fu.amount, unit = fu.unit } }
  end,
}

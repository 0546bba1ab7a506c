-- CGC-PV10 chapter 7: certification units (7.1, ¶15–¶20) and functional unit (7.2, ¶21–¶22).

local util = lib.util

-- 7.1 ¶17 step 3: material forms are separate units; these are the forms the
-- step names (板材、型材、棒材、线材、管材、铸件、锻件) plus the case-format forms.
rule {
  slug    = "unit-division",
  clause  = "7.1",
  title   = { zh = "认证单元划分（第17段步骤一至七）：材料与制品分开、基础材质分开、形态分开、原材料或工艺差别大于10%分开、生产地址不同分开",
              en = "Unit division (¶17 steps 1–7): materials vs products, base metals, forms, > 10 % material or process difference, and sites are separate units" },
  stages  = { "app" },
  severity = "general",
  effect  = "supplement",
  params  = { "unit_one_site" },
  check   = function(c, f)
    if f.unit_count == 0 then
      return insufficient { zh = "未列出认证单元（units）", en = "no certification units stated", evidence = { "/units" } }
    end
    local p = c.product or {}
    local bad_zh, bad_en, ev = nil, nil, nil
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
      -- step 5: materials or processes differing by more than 10 % in one unit
      local mv = u.material_variant
      if type(mv) == "table" and #mv > 1 then
        local first = mv[1]
        for k = 2, #mv do
          if mv[k] ~= first then
            add("单元内原材料或工艺存在本质区别（步骤五）", "one unit mixes materials or processes that differ in substance (step 5)",
                base .. "/material_variant")
            break
          end
        end
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
    return pass { values = { units = f.unit_count } }
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
    return pass { values = { amount = fu.amount, unit = fu.unit } }
  end,
}

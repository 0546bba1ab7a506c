-- WPRZ-CFP-01 1.2 适用范围, 4 认证单元划分 (mirrors CNCA-CFP-15 1.2, 4)
local E = lib.electrolytic
local K = E.context{ pass = pass, fail = fail, insufficient = insufficient, na = na, info = info, P = P }
local NONE = {}

rule {
  slug = "scope", clause = "1.2", scope = true, stages = "all",
  title = { zh = "以冶金级氧化铝为原料、采用预焙阳极铝电解槽设施生产的电解铝",
            en = "Electrolytic aluminium made from metallurgical-grade alumina in prebaked-anode cells" },
  params = { "scope_raw_material", "scope_cell_technology", "scope_forms" },
  check = function(c, f) return E.scope(K, c, f, NONE) end,
}

rule {
  slug = "unit-division", clause = "4", stages = "all", severity = "general", effect = "supplement",
  title = { zh = "认证单元：同一生产企业、同种产品（铝液、铝锭）；生产场地不同作为不同单元",
            en = "Certification unit: one producer, one product (liquid or ingot); different sites are different units" },
  params = { "unit_forms" },
  check = function(c, f) return E.unit_division(K, c, f, NONE) end,
}

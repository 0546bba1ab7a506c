-- CNCA-CFP-15 附件 1 产品基本信息表, 附件 2 数据收集清单, 附件 3 降碳方案
local E = lib.electrolytic
local K = E.context{ pass = pass, fail = fail, insufficient = insufficient, na = na, info = info, P = P }
local NONE = {}
local INFO = { address_and_contact = true,
  names = { product_info_and_material_list = { item = "5.1 (8)", zh = "产品基本信息表和关键原、辅材料备案清单（附件 1）", en = "product information table and key-material list (Annex 1)" } } }

rule {
  slug = "product-info-table", clause = "Annex 1", stages = "app", severity = "general", effect = "supplement",
  title = { zh = "产品基本信息表：企业名称、所属省份、数据统计周期、产量、执行标准等",
            en = "Product information table: enterprise, province, data period, output, product standard" },
  check = function(c, f) return E.product_info(K, c, f, INFO) end,
}

rule {
  slug = "data-collection-columns", clause = "Annex 2", stages = { "app", "init" }, severity = "general", effect = "supplement",
  title = { zh = "数据收集清单各栏齐全：消耗量、单位、数据来源、获取方式、证明材料、供应商城市、运输方式与距离、处理方式",
            en = "Data collection list complete: amount, unit, department, acquisition, evidence, supplier city, transport mode and distance, treatment" },
  check = function(c, f) return E.data_collection(K, c, f, NONE) end,
}

local PLAN = { key = "reduction_plan", zh = "5.1 (11) 产品降碳方案/计划（附件 3：企业概况、降碳目标、降碳措施、降碳成效分析）",
               en = "product reduction plan (overview, targets, measures, effect analysis)" }
rule {
  slug = "reduction-plan", clause = "Annex 3", stages = "app", severity = "general", effect = "supplement",
  title = { zh = "提供产品降碳方案/计划", en = "Product reduction plan provided" },
  check = function(c, f) return E.document(K, c, f, PLAN) end,
}

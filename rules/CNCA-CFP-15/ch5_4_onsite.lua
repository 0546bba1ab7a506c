-- CNCA-CFP-15 5.4 现场检查
local E = lib.electrolytic
local K = E.context{ pass = pass, fail = fail, insufficient = insufficient, na = na, info = info, P = P }
local NONE = {}

rule {
  slug = "onsite-days", party = "body", clause = "5.4.3", stages = "init", severity = "general", effect = "nc",
  title = { zh = "现场检查人日数：每个场所一个单元不低于 4 人日，每增加 1 个单元增加 1—2 人日",
            en = "Onsite person-days: at least 4 per site for one unit, 1–2 more per further unit" },
  params = { "site_base_days", "site_extra_unit_days" },
  check = function(c, f)
    return E.site_days(K, c, f, { key = "onsite_inspection", metric = "onsite_min_days", zh = "现场检查", en = "onsite inspection" })
  end,
}

rule {
  slug = "consistency-all-units", clause = "5.4.2", stages = "init", severity = "general", effect = "nc",
  title = { zh = "产品一致性检查覆盖每个认证单元（通用实施规则 7.5.3）",
            en = "Product consistency checked on every unit (general rules 7.5.3)" },
  check = function(c, f) return E.units_checked(K, c, f, NONE) end,
}

local ONSITE = {
  fail_zh = "现场检查不通过", fail_en = "onsite inspection failed", fail_effect = "withhold",
  pass_zh = "现场检查通过", pass_en = "onsite inspection passed",
  after_zh = "验证纠正措施合格后通过", after_en = "passed after the corrective actions were verified",
}
rule {
  slug = "onsite-conclusion", topic = "conclusion", clause = "5.4.4", stages = "init", severity = "general", effect = "nc",
  title = { zh = "现场检查结论：通过 / 验证纠正措施合格后通过 / 不通过",
            en = "Onsite conclusion: passed / passed after corrective actions verified / failed" },
  check = function(c, f) return E.nc_conclusion(K, c, f, ONSITE) end,
}

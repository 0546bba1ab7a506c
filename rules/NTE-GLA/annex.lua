-- NTE-GLA 附件 绿色低碳铝质量保证能力要求
-- 2.3 与碳足迹相关的记录保存期应满足法律法规的要求，确保在本次检查中能够获得前次检查后的记录，
--     且至少不低于 24 个月。

rule {
  slug      = "record-retention",
  clause    = "Annex 2.3",
  title     = { zh = "碳足迹相关记录保存期不低于 24 个月", en = "Footprint-related records kept at least 24 months" },
  stages    = "all",
  info_only = true,
  params    = { "record_retention_months" },
  check     = function(c, f)
    return info {
      zh = "附件 2.3：工厂与碳足迹相关的记录保存期满足法规要求，能获得前次检查后的记录，且不少于 24 个月——现场核查",
      en = "Annex 2.3: the factory keeps footprint-related records as the law requires, back to the previous inspection and at least 24 months — check on site",
      values = { min_months = P.record_retention_months },
    }
  end,
}

-- CNCA-CFP-15 5.5 产品碳足迹核查
local E = lib.electrolytic
local K = E.context{ pass = pass, fail = fail, insufficient = insufficient, na = na, info = info, P = P }
local NONE = {}

rule {
  slug = "assurance-reasonable", clause = "5.5", stages = { "init", "surv" }, severity = "general", effect = "nc",
  title = { zh = "在合理保证等级下进行核查", en = "Verification at reasonable assurance" },
  params = { "assurance_level" },
  check = function(c, f) return E.assurance(K, c, f, NONE) end,
}

rule {
  slug = "verification-days", party = "body", clause = "5.5.2", stages = "init", severity = "general", effect = "nc",
  title = { zh = "核查人日数：每个场所一个单元不低于 4 人日，每增加 1 个单元增加 1—2 人日",
            en = "Verification person-days: at least 4 per site for one unit, 1–2 more per further unit" },
  params = { "site_base_days", "site_extra_unit_days" },
  check = function(c, f)
    return E.site_days(K, c, f, { key = "verification", metric = "verification_min_days", zh = "现场核查", en = "verification" })
  end,
}

rule {
  slug = "declared-unit", clause = "5.5.3.1", stages = "all", severity = "general", effect = "nc",
  title = { zh = "声明单位为符合 GB/T 1196 的 1 t 重熔用铝锭或 1 t 铝液",
            en = "Declared unit: 1 t remelting ingot (GB/T 1196) or 1 t liquid aluminium" },
  params = { "declared_unit_amount", "declared_products", "ingot_standard_prefix" },
  check = function(c, f) return E.declared_unit(K, c, f, NONE) end,
}

rule {
  slug = "boundary", clause = "5.5.3.2", stages = "all", severity = "serious", effect = "nc",
  title = { zh = "系统边界包括辅助材料和能源获取阶段、电解铝产品生产阶段",
            en = "Boundary includes the auxiliary-material and energy acquisition stage and the production stage" },
  params = { "boundary_stages" },
  check = function(c, f) return E.boundary(K, c, f, NONE) end,
}

rule {
  slug = "core-site-data", clause = "5.5.3.3(1)(3)", stages = "all", severity = "general", effect = "nc",
  title = { zh = "核心单元过程（氧化铝、预焙阳极、铝电解、铝液铸锭）收集现场数据",
            en = "Core unit processes (alumina, anode, electrolysis, casting) use site-specific data" },
  check = function(c, f) return E.core_site_data(K, c, f, NONE) end,
}

local TRANSPORT = { process = "transport", zh = "辅助材料及能源运输到电解铝生产企业的运输过程", en = "transport of auxiliaries and energy to the plant" }
rule {
  slug = "transport-primary", clause = "5.5.3.3(2)", stages = "all", severity = "general", effect = "nc",
  title = { zh = "辅助材料和能源运输到生产企业的运输过程收集初级数据",
            en = "Transport of auxiliary materials and energy to the plant uses primary data" },
  check = function(c, f) return E.primary_lines(K, c, f, TRANSPORT) end,
}

local BAUXITE = { process = "bauxite_mining", zh = "铝土矿的采选过程", en = "bauxite mining" }
rule {
  slug = "bauxite-primary", clause = "5.5.3.3(3)", stages = "all", severity = "general", effect = "nc",
  title = { zh = "铝土矿的采选过程收集初级数据", en = "Bauxite mining uses primary data" },
  check = function(c, f) return E.primary_lines(K, c, f, BAUXITE) end,
}

local SECONDARY = { refs = { core = SCHEME .. "/5.5.3.3(1)(3)/core-site-data", bauxite_mining = SCHEME .. "/5.5.3.3(3)/bauxite-primary",
                              transport = SCHEME .. "/5.5.3.3(2)/transport-primary" } }
rule {
  slug = "secondary-allowed", clause = "5.5.3.3(2)(3)", stages = "all", severity = "general", effect = "nc",
  title = { zh = "次级数据仅用于所列辅助材料生产和能源过程，或确实无法收集初级数据的非核心单元过程（5.5.3.3 (1)）",
            en = "Secondary data only for the listed auxiliary productions and energy, or a non-core process whose primary data cannot be collected (5.5.3.3 (1))" },
  params = { "secondary_allowed_processes", "secondary_allowed_flows", "secondary_unlisted_when_unavailable" },
  check = function(c, f) return E.secondary_allowed(K, c, f, SECONDARY) end,
}

rule {
  slug = "factor-priority", clause = "5.5.3.4(2)", stages = "all", severity = "general", effect = "nc",
  title = { zh = "次级数据按优先顺序选用，低优先级因子遵循保守性原则并说明来源，国外数据核实适用性",
            en = "Secondary factors by priority; lower ranks conservative with a stated source; foreign data checked for applicability" },
  params = { "factor_top_rank" },
  check = function(c, f) return E.factor_priority(K, c, f, NONE) end,
}

local ALLOC = { include_alumina = true, clause = "5.5.3.5" }
rule {
  slug = "allocation", clause = "5.5.3.5", stages = "all", severity = "general", effect = "nc",
  title = { zh = "尽量避免分配；必须分配时依据 GB/T 44905-2024",
            en = "Allocation avoided, or done per GB/T 44905-2024" },
  params = { "alloc_tolerance_pct", "alloc_tolerance_t" },
  check = function(c, f) return E.allocation(K, c, f, ALLOC) end,
}

local CUTOFF = { categories = true }
rule {
  slug = "cut-off", clause = "5.5.3.6", stages = "all", severity = "general", effect = "nc",
  title = { zh = "取舍原则与 GB/T 44905-2024 一致：单项 ≤ 1%，总和 ≤ 5%，均予说明；能源和原料不得忽略",
            en = "Cut-off per GB/T 44905-2024: each omission ≤ 1 %, total ≤ 5 %, all reported; energy and raw materials never omitted" },
  params = { "cutoff_single_max_pct", "cutoff_total_max_pct", "cutoff_never_omit_categories", "cutoff_exclude_infrastructure" },
  check = function(c, f) return E.cutoff(K, c, f, CUTOFF) end,
}

rule {
  slug = "data-quality", clause = "5.5.3.7", stages = "all", severity = "general", effect = "nc",
  title = { zh = "数据质量：初级数据等级为“好”，次级数据至少为“一般”",
            en = "Data quality: primary data rated good, secondary data at least fair" },
  params = { "dq_primary_max_level", "dq_secondary_max_level" },
  check = function(c, f) return E.data_quality(K, c, f, NONE) end,
}

rule {
  slug = "factor-age", clause = "5.5.3.7", stages = "all", severity = "general", effect = "nc",
  title = { zh = "次级数据时间代表性的评估以排放因子年份为依据（≤3a 好，3a~5a 一般，5a~10a 极差）",
            en = "Time rating of secondary data confirmed against the emission factor's data year (≤ 3 years good, 3–5 fair, 5–10 poor)" },
  params = { "factor_age_reference" },
  check = function(c, f) return E.factor_age(K, c, f, NONE) end,
}

rule {
  slug = "recompute", clause = "5.5.4", stages = "all", severity = "general", effect = "nc", decisive = true,
  title = { zh = "按核查后的数据复算碳足迹，与声明值一致（按声明值的修约位数）",
            en = "Footprint recomputed from the verified data equals the declared value (to its rounding)" },
  params = { "materiality_default_pct", "metric_decimals", "declared_decimals" },
  check = function(c, f) return E.recompute(K, c, f, NONE) end,
}

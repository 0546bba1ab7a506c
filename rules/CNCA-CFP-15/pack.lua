-- CNCA-CFP-15:2025 产品碳足迹标识认证专用实施规则 电解铝（试行）
-- Source document: the published CNCA-CFP-15:2025 text (document.seed names the
-- plain-text extraction it was read from). The rule table is docs/packs/CNCA-CFP-15.md
-- (`cfpcheck rules CNCA-CFP-15 --format markdown`). The checks shared with WPRZ-CFP-01 live in
-- rules/lib/electrolytic.lua; this pack declares its own rules and clauses.
local DOCS = {
  "entrustment_letter",               -- 5.1 (1)
  "business_licenses",                -- 5.1 (2)
  "process_flow_chart",               -- 5.1 (5)
  "org_chart",                        -- 5.1 (6)
  "facility_list",                    -- 5.1 (7)
  "product_info_and_material_list",   -- 5.1 (8), Annex 1
  "data_collection_list",             -- 5.1 (9), Annex 2
  "reduction_plan",                   -- 5.1 (11), Annex 3
  "type_test_report",                 -- 5.1 (12)
  "assurance_capability_docs",        -- 5.1 (13)
  "commitment_letter",                -- 5.1 (14), Annex 4
}

-- 5.5.3.3 (2): auxiliary productions that may use secondary data (flow keys)
local SECONDARY_FLOWS = {
  "lime", "caustic_soda", "petroleum_coke", "calcined_coke", "pitch", "refractory", "aluminium_fluoride",
  "steel_ball", "liner", "flocculant", "dewatering_agent", "cryolite", "soda_ash", "phosphorus_pig_iron",
  "desulfurizer", "sodium_oleate", "sodium_nitrate", "filter_cloth", "lubricating_oil", "purchased_butts",
  "coke_breeze", "metallurgical_coke", "resin", "activated_carbon", "oxalic_acid", "filter_bag",
  "heat_transfer_oil", "hot_press_oil", "grease", "steel_strip", "slag_remover", "flux",
}

return {
  id        = "CNCA-CFP-15",
  document  = { zh = "产品碳足迹标识认证专用实施规则 电解铝（试行）",
                en = "Product carbon-footprint label certification: specific implementation rules for electrolytic aluminium (pilot)",
                code = "CNCA-CFP-15:2025", seed = "001_f003818fcafddd86.txt" },
  issuer    = { zh = "国家认证认可监督管理委员会", en = "Certification and Accreditation Administration of the PRC (CNCA)" },
  version   = "2025-09-03",
  effective = "2025-09-03",
  modules   = { "ch1_4_scope.lua", "ch5_1_3_application.lua", "ch5_4_onsite.lua", "ch5_5_verification.lua",
                "ch6_surveillance.lua", "annex.lua", "checklist.lua", "status.lua", "coverage.lua", "decide.lua" },
  params    = {
    scope_raw_material = { value = "metallurgical_alumina", clause = "1.2",
      doc = "以冶金级氧化铝为原料 → product.raw_material = metallurgical_alumina" },
    scope_cell_technology = { value = "prebaked", clause = "1.2",
      doc = "采用预焙阳极铝电解槽设施 → product.cell_technology = prebaked" },
    scope_forms = { value = { "liquid", "ingot" }, clause = "1.2, 4",
      doc = "电解铝产品 = 铝液、铝锭 (4, 5.5.3.1); a stated product.form outside these is out of scope; no form stated is not held against scope" },
    unit_forms = { value = { "liquid", "ingot" }, clause = "4",
      doc = "同种产品（铝液、铝锭）: a unit's product_form is one of these" },
    docs_required = { value = DOCS, clause = "5.1",
      doc = "documents (1)(2)(5)–(9)(11)–(14) of 5.1; (3)(4)(10) are conditional (rule docs-conditional), (15) is open-ended" },
    data_period_max_age_months = { value = 12, clause = "5.3.3(2)",
      doc = "数据收集清单中的相关数据应合理且在数据统计周期范围内 (and 6.1 监督 … 与获证产品的数据统计周期相适宜): footprint.period is a real period that ended by the application date and at most 12 months before it (an annual period, the 1-year surveillance cycle); the months per Civil Code Art. 202" },
    docs_per_site = { value = { "facility_list" }, clause = "5.1(7)",
      doc = "主要生产设施清单、计量设备清单、投产日期及产能信息，涉及多地址生产的应分别提供: with units at more than one site, documents.facility_list.sites lists every unit's site; otherwise a supplement" },
    docs_cma_issuer = { value = { "type_test_report" }, clause = "5.1(12)",
      doc = "有效型式检验报告（由具备 CMA 资质的检测机构出具）: documents.type_test_report.issuer_cma must be true; false or not stated → a supplement (the applicant shows the laboratory's CMA qualification)" },
    mgmt_min_months = { value = 3, clause = "5.3.3(3), Annex 4(3)",
      doc = "运行满三个月 → at least 3 calendar months (Civil Code Art. 1259 满 includes the number; months per Art. 202) from management_system_since to the application date" },
    bar_window_months = { value = 12, clause = "Annex 4(6)(7)",
      doc = "一年内 → an event dated within the 12 months before the application date, both ends included (Civil Code Art. 201, 202)" },
    revocation_bar_electrolytic_only = { value = false, clause = "Annex 4(7)",
      doc = "附件 4 (7) 一年内未被撤销产品碳足迹标识认证证书: a revoked carbon-footprint label certificate of any product bars the application (false). true would count only electrolytic-aluminium certificates (the WPRZ-GI-CFP-01 reading)" },
    doc_review_days_one_unit = { value = 2, clause = "5.3.2", doc = "一个认证单元的文件评审人日数为 2 人日" },
    doc_review_max_days = { value = 4, clause = "5.3.2", doc = "最多不超过 4 人日 → planned ≤ 4" },
    site_base_days = { value = 4, clause = "5.4.3, 5.5.2", doc = "一个认证单元 … 不得低于 4 人日, per site (不同的生产场所应分别计算)" },
    site_extra_unit_days = { value = 1, clause = "5.4.3, 5.5.2",
      doc = "每增加 1 个认证单元 … 相应增加 1—2 人日: the minimum adds 1 per further unit at the site (the lower end of 1—2; docs/library.md mandays)" },
    surveillance_days_share = { value = 0.5, clause = "6.3",
      doc = "不少于初次现场检查人日数与初次现场核查人日数之和的 50% → planned ≥ 0.5 × (onsite + verification)" },
    assurance_level = { value = "reasonable", clause = "5.5", doc = "在合理保证等级下 … 进行核查" },
    declared_unit_amount = { value = 1, clause = "5.5.3.1", doc = "1t 重熔用铝锭或铝液" },
    declared_products = { value = { "ingot", "liquid" }, clause = "5.5.3.1", doc = "重熔用铝锭 (GB/T 1196) or 铝液" },
    ingot_standard_prefix = { value = "GB/T 1196", clause = "5.5.3.1", doc = "符合 GB/T 1196 规定: product.standard starts with this text (any edition)" },
    boundary_stages = { value = { "acquisition", "production" }, clause = "5.5.3.2",
      doc = "辅助材料和能源获取阶段、电解铝产品生产阶段 → boundary.stages contains both; a missing stage is a serious NC" },
    secondary_allowed_processes = { value = { "auxiliary_production", "energy_supply" }, clause = "5.5.3.3(2)(3)",
      doc = "processes whose lines may use secondary data: auxiliary productions and energy extraction/supply; energy lines (能源的使用过程) may as well; core processes, bauxite mining and transport never" },
    secondary_allowed_flows = { value = SECONDARY_FLOWS, clause = "5.5.3.3(2)",
      doc = "flow keys of the listed auxiliary materials whose production may use secondary data (石灰、烧碱、石油焦、煅后焦、煤沥青、耐火材料、氟化铝 and the other auxiliaries named in (2))" },
    secondary_unlisted_when_unavailable = { value = true, clause = "5.5.3.3(1)",
      doc = "非核心单元过程应优先收集初级数据，确实无法收集初级数据的 … 可遵循保守性原则收集次级数据: a secondary line of a non-core process outside the lists of (2)(3) passes when the line states primary_data_unavailable = true (its factor's conservatism and source are judged by factor-priority); not stated → insufficient_data; false → NC. Set false to allow secondary data only for the listed processes" },
    alloc_tolerance_pct = { value = 0.1, clause = "5.5.3.5",
      doc = "not in the document: the applicant's allocated amounts (alumina, aluminium hydroxide, and their sum against Ec + Er) may differ from the recomputed split by at most this percentage of Ec + Er (or alloc_tolerance_t when larger); compared exactly on decimals (docs/interpretations.md Allocation)" },
    alloc_tolerance_t = { value = 0.5, clause = "5.5.3.5",
      doc = "not in the document: the smallest tolerance in tCO2e for the allocated amounts (applicants round to whole tonnes)" },
    factor_top_rank = { value = 1, clause = "5.5.3.4(2) b)",
      doc = "rank 1 = national / authority factors; a factor of rank 2–5 needs conservative = true and a stated source; a foreign factor for a domestic process also an applicability note (e))" },
    cutoff_single_max_pct = { value = 1, clause = "5.5.3.6",
      doc = "GB/T 44905-2024 取舍: 单项 … 不应超过 1% → share ≤ 1 (超过 excludes the number)" },
    cutoff_total_max_pct = { value = 5, clause = "5.5.3.6",
      doc = "所有忽略的 … 总和不应超过 5% → Σ ≤ 5; above it the NC is serious (the decision core, docs/library.md). Infrastructure items are ignored, not cut off (GB/T 44905, as WPRZ 7.7.4.6 (6) spells out)" },
    cutoff_exclude_infrastructure = { value = true, clause = "5.5.3.6",
      doc = "取舍原则与 GB/T 44905-2024 保持一致: infrastructure, equipment and office consumption are outside the system (as WPRZ 7.7.4.6 (6) spells out), so omitted items of category infrastructure do not count in the 1 % / 5 % limits. false: every omitted item counts" },
    cutoff_never_omit_categories = { value = { "energy", "raw_material" }, clause = "5.5.3.6",
      doc = "取舍原则与 GB/T 44905-2024 保持一致: energy and raw-material inputs are always listed; auxiliary materials, overhaul materials (WPRZ-GI-CFP-01 7.7.4.6(4) 铝电解槽大修材料) and other flows may be omitted within the single and total limits. cut_offs[].category in this list → NC; category not stated → insufficient_data" },
    dq_primary_max_level = { value = 1, clause = "5.5.3.7", doc = "初级数据应满足数据质量等级（好）: level 1" },
    dq_secondary_max_level = { value = 2, clause = "5.5.3.7", doc = "次级数据应满足数据质量等级（一般）: level ≤ 2" },
    factor_age_reference = { value = "period_end", clause = "5.5.3.7",
      doc = "检查组应确认数据质量评估结果并提供计算过程或评估依据 (table 1 时间: ≤3a 好, 3a~5a 一般, 5a~10a 极差): a secondary line's data is its emission factor, so the factor's age = year of footprint.period.end − factor.year, and the time rating of the stated quality.age_years may not be better than that age's rating; 'as_of' counts to the year of the case's as_of instead" },
    materiality_default_pct = { value = 5, clause = "5.5.4",
      doc = "materiality threshold when neither assessment.verification nor request states one; a deviation at or above it is a serious NC" },
    declared_decimals = { value = 2, clause = "5.5.4",
      doc = "requirements \"recompute\": the tolerance is the rounding of the declared value. JSON keeps no trailing zeros (11.30 arrives as 11.3), so the precision is stated: footprint.declared.decimals when the case gives it, else this many decimals of tCO2e per declared unit (kgCO2e/t: 3 fewer). The declared value is equal when it is the recomputed value rounded (GB/T 8170, ties to even: 11.365 → 11.36 only) to that precision, never to fewer decimals than the number shows; checked only after the deviation was found below materiality" },
    metric_decimals = { value = 3, clause = "5.5.4", doc = "decimals of the footprint metrics (GB/T 8170 rounding); comparisons use unrounded values" },
    surveillance_max_months = { value = 12, clause = "6.1",
      doc = "监督的时间间隔不超过 1 年 → the surveillance date ≤ the later of the decision and the last surveillance + 12 months (Art. 202; 不超过 includes the day)" },
    cancellation_grounds = { value = { "cancellation_requested", "production_ceased" }, clause = "6.5",
      doc = "评价不通过的 … 按通用实施规则的规定依据相应情形做出注销/暂停/撤销: the grounds for 注销 are the general rules'; read as the holder's request and a product no longer made (certificate.cancellation_requested, certificate.production_ceased; as WPRZ-GI-CFP-01 11.5.1 spells them out). A ground for revocation found in the same round wins" },
    surveillance_required_clauses = { value = { "3", "5", "6", "10", "12", "13", "14" }, clause = "6.2.1",
      doc = "每次必查条款: 通用实施规则附件 1 的 3、5、6、10、12、13、14 条 (matched on assessment.onsite.clauses_checked, an optional 'A.' prefix ignored)" },
    -- the decision core (docs/library.md "The verdict order")
    serious_nc_correctable = { value = false, clause = "5.4.4",
      doc = "(2) 验证纠正措施合格后通过 is given only to 一般不符合项; (3) a systemic serious defect fails: a serious NC fails the inspection even when closed" },
    application_serious = { value = "refuse", clause = "5.3.4(3)",
      doc = "不符合要求，无法进行现场检查与产品碳足迹核查: a serious finding at the document review refuses (refuse), it does not ask for supplements (supplement)" },
  },
}

-- WPRZ-GI-CFP-01:2026 碳足迹产品认证规则 电解铝 (A/0), 上海微谱认证有限公司
-- Source document: the published WPRZ-GI-CFP-01:2026 text (document.seed names the
-- plain-text extraction it was read from). It mirrors CNCA-CFP-15 under
-- its own clause numbers (rule table: docs/packs/WPRZ-CFP-01.md): the mirrored checks are
-- shared with the CNCA pack in rules/lib/electrolytic.lua; this pack declares
-- its own rules, clauses and parameters, plus the rows only WPRZ has.
local DOCS = {
  "entrustment_letter",               -- 7.1.3 (1)
  "business_licenses",                -- 7.1.3 (2)
  "process_flow_chart",               -- 7.1.3 (5)
  "org_chart",                        -- 7.1.3 (6)
  "facility_list",                    -- 7.1.3 (7)
  "product_info_and_material_list",   -- 7.1.3 (8)
  "data_collection_list",             -- 7.1.3 (9)
  "reduction_plan",                   -- 7.1.3 (11)
  "type_test_report",                 -- 7.1.3 (12)
  "assurance_capability_docs",        -- 7.1.3 (13)
  "commitment_letter",                -- 7.1.3 (14)
}

local SECONDARY_FLOWS = {
  "lime", "caustic_soda", "petroleum_coke", "calcined_coke", "pitch", "refractory", "aluminium_fluoride",
  "steel_ball", "liner", "flocculant", "dewatering_agent", "cryolite", "soda_ash", "phosphorus_pig_iron",
  "desulfurizer", "sodium_nitrate", "filter_cloth", "lubricating_oil", "purchased_butts",
  "coke_breeze", "metallurgical_coke", "resin", "activated_carbon", "oxalic_acid", "filter_bag",
  "heat_transfer_oil", "hot_press_oil", "grease", "steel_strip", "slag_remover", "flux",
}

local REPORT_SECTIONS = {
  "client",          -- (1) 受核查方基本信息
  "team",            -- (2) 检查组成员、技术评审组、同行人员
  "schedule",        -- (3) 核查信息（时间、地点）
  "product",         -- (4) 产品信息
  "basis",           -- (5) 核查依据
  "purpose",         -- (6) 核查目的
  "scope",           -- (7) 核查范围
  "data_collection", -- (8) 数据收集
  "quantification",  -- (9) 产品碳足迹量化
  "conclusion",      -- (10) 核查结论
  "recommendations", -- (11) 核查建议
  "uncertainty",     -- (12) 不确定性分析
  "statement",       -- (13) 声明
}

return {
  id        = "WPRZ-CFP-01",
  document  = { zh = "碳足迹产品认证规则 电解铝", en = "Carbon-footprint product certification rules: electrolytic aluminium",
                code = "WPRZ-GI-CFP-01:2026 (A/0)", seed = "000_77f32ebebac7cf81.txt" },
  issuer    = { zh = "上海微谱认证有限公司", en = "Shanghai Weipu Certification Co., Ltd. (WPRZ)" },
  version   = "2026-02-02",
  effective = "2026-02-02",
  modules   = { "ch1_4_scope.lua", "ch7_1_5_application.lua", "ch7_6_onsite.lua", "ch7_7_verification.lua",
                "ch7_8_10_decision.lua", "ch8_9_surveillance.lua", "ch10_11_certificate.lua", "ch14_annex.lua", "checklist.lua", "status.lua", "coverage.lua", "decide.lua" },
  params    = {
    -- mirrored from CNCA-CFP-15 (same readings, WPRZ clauses)
    scope_raw_material = { value = "metallurgical_alumina", clause = "1.2", doc = "以冶金级氧化铝为原料" },
    scope_cell_technology = { value = "prebaked", clause = "1.2", doc = "采用预焙阳极铝电解槽设施" },
    scope_forms = { value = { "liquid", "ingot" }, clause = "1.2, 4",
      doc = "电解铝 = 铝液、铝锭 (4); a stated product.form outside these is out of scope" },
    unit_forms = { value = { "liquid", "ingot" }, clause = "4", doc = "同种产品: (1) 铝液; (2) 铝锭" },
    docs_required = { value = DOCS, clause = "7.1.3",
      doc = "7.1.3 (1)(2)(5)–(9)(11)–(14); (3)(4)(10) are conditional (docs-conditional), (15) open-ended" },
    data_period_max_age_months = { value = 12, clause = "7.5.3(2)",
      doc = "7.5.3 (2) 文件资料、相关数据的 … 有效性评审 (and 8.1 与获证产品的数据统计周期相适应), read as CNCA-CFP-15 5.3.3(2) spells it out (在数据统计周期范围内): footprint.period ended by the application date and at most 12 months before it" },
    docs_per_site = { value = {}, clause = "7.1.3(7)",
      doc = "7.1.3 (7) asks for the facility list without CNCA-CFP-15 5.1(7)'s 涉及多地址生产的应分别提供: no document is required per site (add \"facility_list\" to require it)" },
    docs_cma_issuer = { value = {}, clause = "7.1.3(12)",
      doc = "7.1.3 (12) 符合产品标准要求的有效型式检验报告 names no CMA qualification (unlike CNCA-CFP-15 5.1(12)): none required (add \"type_test_report\" to require it)" },
    mgmt_min_months = { value = 3, clause = "7.1.2(3), 7.5.3(3)",
      doc = "运行满三个月 → at least 3 calendar months by the application date (Civil Code Art. 1259, 202)" },
    bar_window_months = { value = 12, clause = "7.1.2(6)(7), 11.5.3",
      doc = "一年内 → dated within the 12 months before the application date, both ends included" },
    revocation_bar_electrolytic_only = { value = true, clause = "7.1.2(7), 11.5.3",
      doc = "7.1.2 (7) 一年内未被撤销电解铝的碳足迹产品认证证书 (and 11.5.3): only a revoked certificate for electrolytic aluminium bars the application: certificate_revocations[].electrolytic_aluminium, else its scheme CNCA-CFP-15 or WPRZ-CFP-01; neither stated → insufficient_data. false: any product" },
    doc_review_days_one_unit = { value = 2, clause = "7.5.2", doc = "一个电解铝的认证单元文件评审人日数为 2 人日" },
    doc_review_max_days = { value = 4, clause = "7.5.2", doc = "最多不超过 4 人日 → planned ≤ 4" },
    site_base_days = { value = 4, clause = "7.6.3, 7.7.3", doc = "基础人日数不低于 4 人日, per site (不同的生产场所应分别计算)" },
    site_extra_unit_days = { value = 1, clause = "7.6.3, 7.7.3", doc = "每增加 1 个认证单元 … 增加 1-2 人日: the minimum adds 1" },
    surveillance_days_share = { value = 0.5, clause = "8.3", doc = "不得少于初次现场检查人日数与初次现场核查人日数之和的 50%" },
    assurance_level = { value = "reasonable", clause = "7.7.1.1",
      doc = "WPRZ states no assurance level (Annex B 4.1 note: agreed before the contract); the pack requires reasonable assurance as CNCA-CFP-15 5.5, which this rule mirrors (1.3: CNCA announcements govern)" },
    declared_unit_amount = { value = 1, clause = "7.7.4.1", doc = "1t 重熔用铝锭或铝液" },
    declared_products = { value = { "ingot", "liquid" }, clause = "7.7.4.1",
      doc = "7.7.4.1 writes 重熔用铅锭 (lead ingot); read 铝锭 (aluminium ingot, GB/T 1196 is the aluminium-ingot standard). Set to { \"liquid\" } to apply the literal text (no aluminium ingot qualifies)" },
    ingot_standard_prefix = { value = "GB/T 1196", clause = "7.7.4.1", doc = "符合 GB/T 1196 规定" },
    boundary_stages = { value = { "acquisition", "production" }, clause = "7.7.4.2",
      doc = "辅助材料和能源获取阶段、电解铝产品生产阶段; a missing stage is a serious NC" },
    secondary_allowed_processes = { value = { "auxiliary_production", "energy_supply" }, clause = "7.7.4.3(2)(3)",
      doc = "auxiliary productions and energy may use secondary data; core processes, bauxite mining and transport never" },
    secondary_allowed_flows = { value = SECONDARY_FLOWS, clause = "7.7.4.3(2)",
      doc = "7.7.4.3 (2) lists 氧化铝生产 among the productions that may use secondary data, where CNCA-CFP-15 5.5.3.3 (2) lists 氟化铝生产; 7.7.4.3 (3) requires site data for 氧化铝的生产过程, so the pack reads 氟化铝 (aluminium_fluoride) and keeps alumina a core process" },
    secondary_unlisted_when_unavailable = { value = true, clause = "7.7.4.3(1)",
      doc = "非核心单元过程优先收集初级数据，如无法收集初级数据的 … 可遵循保守性原则收集次级数据: a secondary line of a non-core process outside the lists of (2)(3) passes when the line states primary_data_unavailable = true (its factor's conservatism and source are judged by factor-priority); not stated → insufficient_data; false → NC. Set false to allow secondary data only for the listed processes" },
    alloc_tolerance_pct = { value = 0.1, clause = "7.7.4.5",
      doc = "not in the document: the applicant's allocated amounts (alumina, aluminium hydroxide, and their sum against Ec + Er) may differ from the recomputed split by at most this percentage of Ec + Er (or alloc_tolerance_t when larger); compared exactly on decimals (docs/interpretations.md Allocation)" },
    alloc_tolerance_t = { value = 0.5, clause = "7.7.4.5",
      doc = "not in the document: the smallest tolerance in tCO2e for the allocated amounts (applicants round to whole tonnes)" },
    factor_top_rank = { value = 1, clause = "7.7.4.4(2) b)",
      doc = "rank 1 = national / authority factors; ranks 2–5 need conservative = true and a stated source; foreign data an applicability note (e))" },
    cutoff_single_max_pct = { value = 1, clause = "7.7.4.6(4)", doc = "单项 … 均不应超过 1% → ≤ 1 (不超过 includes the number)" },
    cutoff_total_max_pct = { value = 5, clause = "7.7.4.6(5)",
      doc = "总和不应超过 5% → ≤ 5; above it the NC is serious; infrastructure items (6) do not count" },
    cutoff_exclude_infrastructure = { value = true, clause = "7.7.4.6(6)",
      doc = "道路与厂房等基础设施、各工序设备、厂区内人员办公及生活设施的消耗和排放，均忽略: omitted items of category infrastructure do not count in the 1 % / 5 % limits (a WPRZ reading; the library counts every omitted item)" },
    cutoff_never_omit_categories = { value = { "energy", "raw_material" }, clause = "7.7.4.6(1)(2)(3)(4)",
      doc = "(1) 能源的所有输入均需列出; (2) 原辅材料的所有输入均需列出, read with (3) 辅助材料若符合 (4) 和 (5) 要求则可忽略 and (4)'s own example 铝电解槽大修材料（阴极炭块、阴极钢棒）: only energy and raw-material inputs may never be omitted; auxiliary, overhaul (category other) flows may be within the limits of rule cut-off. Category not stated → insufficient_data" },
    supplier_verification_words_fallback = { value = true, clause = "Annex B 4.3.2.2(4)",
      doc = "对采用原材料供应商提供的次级数据，应经过第三方机构 … 验证: read from factor.verification.by (third_party → verified; supplier / none → NC; not stated → insufficient_data). When the field is not stated, true lets the source text show a third-party verification (words in data/reference/factor_ranks.json); a text with a negation (未经, not, unverified, …) is never read as verified. false: only the field counts" },
    dq_primary_max_level = { value = 1, clause = "7.7.4.7", doc = "初级数据应满足数据质量等级（好）" },
    dq_secondary_max_level = { value = 2, clause = "7.7.4.7", doc = "次级数据应满足数据质量等级（一般）" },
    factor_age_reference = { value = "period_end", clause = "7.7.4.7",
      doc = "检查组应确认数据质量评估结果并提供计算过程或评估依据 (table 1 时间: ≤3a 好, 3a~5a 一般, 5a~10a 极差): a secondary line's data is its emission factor, so the factor's age = year of footprint.period.end − factor.year, and the time rating of the stated quality.age_years may not be better than that age's rating; 'as_of' counts to the year of the case's as_of instead" },
    materiality_default_pct = { value = 5, clause = "7.7.4(5)",
      doc = "materiality threshold when the case states none (Annex B 4.1 note: agreed before the contract); a deviation at or above it is a serious NC" },
    declared_decimals = { value = 2, clause = "7.7.4(5)",
      doc = "requirements \"recompute\": the tolerance is the rounding of the declared value. JSON keeps no trailing zeros (11.30 arrives as 11.3), so the precision is stated: footprint.declared.decimals when the case gives it, else this many decimals of tCO2e per declared unit (kgCO2e/t: 3 fewer). The declared value is equal when it is the recomputed value rounded (GB/T 8170, ties to even: 11.365 → 11.36 only) to that precision, never to fewer decimals than the number shows; checked only after the deviation was found below materiality" },
    metric_decimals = { value = 3, clause = "7.7.4(5)", doc = "decimals of the footprint metrics (GB/T 8170)" },
    surveillance_max_months = { value = 12, clause = "8.1",
      doc = "作出认证决定后 12 个月内 … 每次年度监督间隔不超过 12 个月 → ≤ decision (or last surveillance) + 12 months, the end day included" },
    surveillance_required_clauses = { value = { "3", "5", "6", "10", "12", "13", "14" }, clause = "8.2.2",
      doc = "必查: 附录 A 3 碳足迹重要影响因素, 5 采购过程, 6 生产过程, 10 检验、监测仪器设备, 12 内部审核, 13 变更及一致性, 14 证书和标志" },
    above_initial_effect = { value = "revoke", clause = "8.2.4, 11.4.1(5)",
      doc = "8.2.4 原则上碳足迹量化结果不得高于初次核查结果; the consequence the document gives is 11.4.1 (5) 碳足迹量化及产品一致性不符合认证要求的 → 撤销 (revoke). Set \"suspend\" to read it as 11.3.1 (1) 获证产品不能持续满足认证要求 (suspend)" },
    -- WPRZ's own rows
    acceptance_notice_working_days = { value = 3, clause = "7.2.4",
      doc = "符合性评审通过后 … 3 个工作日内 … 发出书面的受理通知: from documents_complete_on (review passed) to accepted_on, working days by the State Council calendar" },
    doc_review_working_days = { value = 15, clause = "7.5.1",
      doc = "签订认证合同且接收到 … 相关资料的 15 个工作日内完成文件评审: from the later of accepted_on (contract, 7.2.4) and documents_complete_on" },
    report_sections = { value = REPORT_SECTIONS, clause = "7.7.4.8", doc = "the 13 contents (1)–(13) of the verification report, as footprint.report_sections keys" },
    nc_late_closure_blocks = { value = true, clause = "7.8.4",
      doc = "未能在规定的时限内完成 … 不做出授予/保持认证的决定: an NC closed after its due_on also blocks (false: only NCs still open past due_on)" },
    certificate_issue_days = { value = 7, clause = "7.10.2", doc = "7 天内颁发认证证书: calendar days after decision_on, and not before it (10.2.1)" },
    validity_max_years = { value = 2, clause = "9.1, 10.2.2",
      doc = "有效期最长为 2 年, from the issue date: valid_until ≤ issued_on + 2 years (Civil Code Art. 202: the corresponding day)" },
    recert_apply_days = { value = 90, clause = "9.1", doc = "有效期届满前 90 天内提出认证申请: expiry − 90 days ≤ applied_on ≤ expiry" },
    recert_complete_months = { value = 3, clause = "9.3", doc = "到期后的 3 个月内应完成再认证, 否则按新申请处理: decision (or as_of) ≤ expiry + 3 months" },
    cert_number_body = { value = "0786", clause = "Annex C", doc = "机构批准号: 微谱认证为 0786" },
    cert_number_abbrev = { value = "CFP", clause = "Annex C",
      doc = "Annex C calls CFP 有害物质限制使用产品认证 (a copy-paste defect); the abbreviation CFP is what counts" },
    cert_number_length = { value = 15, clause = "10.2.3, Annex C",
      doc = "Annex C numbers 14 positions but its parts are 4 + 2 + 3 + 2 + 4 = 15 characters (0786 YY CFP NN NNNN, e.g. 078626CFP010001); the pack checks 15" },
    suspension_max_months = { value = 3, clause = "11.3.2",
      doc = "暂停期限最长不超过 3 个月: revoke when as_of is after suspended_on + min(suspension_months, 3) months (11.4.1(4), 11.6.2)" },
    change_approval_planned_only = { value = true, clause = "11.2, Annex A 13",
      doc = "11.2 当认证委托人存在以下任意情形时，应向微谱认证递交书面变更申请; Annex A 13 认证产品的变更应得到微谱认证的批准后方可实施: every change needs a written application (changes[].applied_on, or notified = true); a planned change is implemented (started_on) only on or after its approval (approved_on). An unplanned change (planned = false, e.g. a grid failure) cannot be approved beforehand: only its application is required (set false to require approval of every change)" },
    change_unplanned_pct = { value = 10, clause = "Annex A 11.1(1)",
      doc = "11.1 (1) says 计划内 … 10% 以上; CGC Annex 2 11.1 and CICC 9.9.1 show it is 计划外 (unplanned): unplanned increase ≥ 10 % (以上 includes) triggers" },
    change_planned_pct = { value = 5, clause = "Annex A 11.1(2)", doc = "计划内变化导致碳足迹量化增加 5% 以上 → planned increase ≥ 5 %" },
    change_duration_months = { value = 3, clause = "Annex A 11.1",
      doc = "持续超过三个月以上 → longer than 3 months (超过 excludes the number): duration_months > 3, or as_of after started_on + 3 months" },
    body_records_years = { value = 2, clause = "14.1", doc = "归档留存时间为认证证书有效期届满或者被注销、撤销之日起 2 年以上" },
    client_records_years = { value = 3, clause = "Annex A 2.3", doc = "记录保存期限至少不低于 3 年" },
    -- the decision core (docs/library.md "The verdict order")
    serious_nc_correctable = { value = false, clause = "7.6.4",
      doc = "(2) 验证纠正措施合格后通过 is given only to 一般不符合项; (3) a systemic serious defect fails: a serious NC fails the inspection even when closed" },
    application_serious = { value = "refuse", clause = "7.5.4(3)",
      doc = "不符合要求，无法进行现场检查与碳足迹核查: a serious finding at the document review refuses (refuse), it does not ask for supplements (supplement)" },
    validity_end_offset_days = { value = -1, clause = "10.2",
      doc = "a validity of N years ends on the day before the corresponding date (issued 2026-05-08, 2 years → 2028-05-07, as certificates print it; lib.certificate.validity_end)" },
  },
}

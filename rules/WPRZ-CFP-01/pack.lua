-- WPRZ-GI-CFP-01:2026 碳足迹产品认证规则 电解铝 (A/0), 上海微谱认证有限公司
-- Source document: WPRZ-GI-CFP-01:2026 (document.seed in this manifest names the text). It mirrors CNCA-CFP-15 under
-- its own clause numbers (requirements.md "WPRZ-CFP-01"): the mirrored checks are
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
                "ch7_8_10_decision.lua", "ch8_9_surveillance.lua", "ch10_11_certificate.lua", "ch14_annex.lua", "decide.lua" },
  params    = {
    -- mirrored from CNCA-CFP-15 (same readings, WPRZ clauses)
    scope_raw_material = { value = "metallurgical_alumina", clause = "1.2", doc = "以冶金级氧化铝为原料" },
    scope_cell_technology = { value = "prebaked", clause = "1.2", doc = "采用预焙阳极铝电解槽设施" },
    scope_forms = { value = { "liquid", "ingot" }, clause = "1.2, 4",
      doc = "电解铝 = 铝液、铝锭 (4); a stated product.form outside these is out of scope" },
    unit_forms = { value = { "liquid", "ingot" }, clause = "4", doc = "同种产品: (1) 铝液; (2) 铝锭" },
    docs_required = { value = DOCS, clause = "7.1.3",
      doc = "7.1.3 (1)(2)(5)–(9)(11)–(14); (3)(4)(10) are conditional (docs-conditional), (15) open-ended" },
    mgmt_min_months = { value = 3, clause = "7.1.2(3), 7.5.3(3)",
      doc = "运行满三个月 → at least 3 calendar months by the application date (Civil Code Art. 1259, 202)" },
    bar_window_months = { value = 12, clause = "7.1.2(6)(7), 11.5.3",
      doc = "一年内 → dated within the 12 months before the application date, both ends included" },
    doc_review_days_one_unit = { value = 2, clause = "7.5.2", doc = "一个电解铝的认证单元文件评审人日数为 2 人日" },
    doc_review_max_days = { value = 4, clause = "7.5.2", doc = "最多不超过 4 人日 → planned ≤ 4" },
    site_base_days = { value = 4, clause = "7.6.3, 7.7.3", doc = "基础人日数不低于 4 人日, per site (不同的生产场所应分别计算)" },
    site_extra_unit_days = { value = 1, clause = "7.6.3, 7.7.3", doc = "每增加 1 个认证单元 … 增加 1-2 人日: the minimum adds 1" },
    surveillance_days_share = { value = 0.5, clause = "8.3", doc = "不得少于初次现场检查人日数与初次现场核查人日数之和的 50%" },
    assurance_level = { value = "reasonable", clause = "7.7.1.1",
      doc = "WPRZ states no assurance level (Annex B 4.1 note: agreed before the contract); the pack requires reasonable assurance as CNCA-CFP-15 5.5, which this rule mirrors (1.3: CNCA announcements govern)" },
    declared_unit_amount = { value = 1, clause = "7.7.4.1", doc = "1t 重熔用铝锭或铝液" },
    declared_products = { value = { "ingot", "liquid" }, clause = "7.7.4.1",
      doc = "7.7.4.1 writes 重熔用铅锭 (lead ingot); read 铝锭 (aluminium ingot, GB/T 1196 is the aluminium-ingot standard; interpretations.md). Set to { \"liquid\" } to apply the literal text (no aluminium ingot qualifies)" },
    ingot_standard_prefix = { value = "GB/T 1196", clause = "7.7.4.1", doc = "符合 GB/T 1196 规定" },
    boundary_stages = { value = { "acquisition", "production" }, clause = "7.7.4.2",
      doc = "辅助材料和能源获取阶段、电解铝产品生产阶段; a missing stage is a serious NC" },
    secondary_allowed_processes = { value = { "auxiliary_production", "energy_supply" }, clause = "7.7.4.3(2)(3)",
      doc = "auxiliary productions and energy may use secondary data; core processes, bauxite mining and transport never" },
    secondary_allowed_flows = { value = SECONDARY_FLOWS, clause = "7.7.4.3(2)",
      doc = "7.7.4.3 (2) lists 氧化铝生产 among the productions that may use secondary data, where CNCA-CFP-15 5.5.3.3 (2) lists 氟化铝生产; 7.7.4.3 (3) requires site data for 氧化铝的生产过程, so the pack reads 氟化铝 (aluminium_fluoride) and keeps alumina a core process" },
    factor_top_rank = { value = 1, clause = "7.7.4.4(2) b)",
      doc = "rank 1 = national / authority factors; ranks 2–5 need conservative = true and a stated source; foreign data an applicability note (e))" },
    cutoff_single_max_pct = { value = 1, clause = "7.7.4.6(4)", doc = "单项 … 均不应超过 1% → ≤ 1 (不超过 includes the number)" },
    cutoff_total_max_pct = { value = 5, clause = "7.7.4.6(5)",
      doc = "总和不应超过 5% → ≤ 5; above it the NC is serious; infrastructure items (6) do not count" },
    dq_primary_max_level = { value = 1, clause = "7.7.4.7", doc = "初级数据应满足数据质量等级（好）" },
    dq_secondary_max_level = { value = 2, clause = "7.7.4.7", doc = "次级数据应满足数据质量等级（一般）" },
    materiality_default_pct = { value = 5, clause = "7.7.4(5)",
      doc = "materiality threshold when the case states none (Annex B 4.1 note: agreed before the contract); a deviation at or above it is a serious NC" },
    metric_decimals = { value = 3, clause = "7.7.4(5)", doc = "decimals of the footprint metrics (GB/T 8170)" },
    surveillance_max_months = { value = 12, clause = "8.1",
      doc = "作出认证决定后 12 个月内 … 每次年度监督间隔不超过 12 个月 → ≤ decision (or last surveillance) + 12 months, the end day included" },
    surveillance_required_clauses = { value = { "3", "5", "6", "10", "12", "13", "14" }, clause = "8.2.2",
      doc = "必查: 附录 A 3 碳足迹重要影响因素, 5 采购过程, 6 生产过程, 10 检验、监测仪器设备, 12 内部审核, 13 变更及一致性, 14 证书和标志" },
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
      doc = "Annex C numbers 14 positions but its parts are 4 + 2 + 3 + 2 + 4 = 15 characters (0786 YY CFP NN NNNN, e.g. 078626CFP010001; interpretations.md); the pack checks 15" },
    suspension_max_months = { value = 3, clause = "11.3.2",
      doc = "暂停期限最长不超过 3 个月: revoke when as_of is after suspended_on + min(suspension_months, 3) months (11.4.1(4), 11.6.2)" },
    change_unplanned_pct = { value = 10, clause = "Annex A 11.1(1)",
      doc = "11.1 (1) says 计划内 … 10% 以上; CGC Annex 2 11.1 and CICC 9.9.1 show it is 计划外 (unplanned): unplanned increase ≥ 10 % (以上 includes) triggers (interpretations.md)" },
    change_planned_pct = { value = 5, clause = "Annex A 11.1(2)", doc = "计划内变化导致碳足迹量化增加 5% 以上 → planned increase ≥ 5 %" },
    change_duration_months = { value = 3, clause = "Annex A 11.1",
      doc = "持续超过三个月以上 → longer than 3 months (超过 excludes the number): duration_months > 3, or as_of after started_on + 3 months" },
    body_records_years = { value = 2, clause = "14.1", doc = "归档留存时间为认证证书有效期届满或者被注销、撤销之日起 2 年以上" },
    client_records_years = { value = 3, clause = "Annex A 2.3", doc = "记录保存期限至少不低于 3 年" },
  },
}

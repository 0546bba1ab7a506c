-- CICC-CFP: CICC-ZY/GZ-20:2025 产品碳足迹管理体系认证规则 (C/0), 嘉泰检验认证有限公司,
-- seed 004_0cf6eed48052fcc7.txt (extraction defects: a run of ([1])…([692])
-- inside 8.3; clause 8.3.2 and the 8.1 flow chart lost).
-- Every reading of the document that is not literal is a parameter below, with
-- its clause and a doc line (docs/interpretations.md where it fixes one).
return {
  id        = "CICC-CFP",
  document  = { zh = "产品碳足迹管理体系认证规则", en = "Product carbon-footprint management system certification rules",
                code = "CICC-ZY/GZ-20:2025 (C/0)", seed = "004_0cf6eed48052fcc7.txt" },
  issuer    = { zh = "嘉泰检验认证有限公司", en = "CICC (Jiatai Inspection & Certification Co., Ltd.)" },
  version   = "2025-12-18",
  effective = "2025-12-18",
  modules   = { "ch2_scope.lua", "ch6_data.lua", "ch7_assurance.lua", "ch9_verification.lua",
                "ch10_decision.lua", "ch11_status.lua", "ch13_records.lua", "checklist.lua", "status.lua", "decide.lua" },
  params    = {
    -- 2.1 scope
    scope_standards = { value = { "GB/T 24067", "ISO 14067", "ISO14067", "GB/T24067" }, clause = "2.1",
      doc = "本规则用于 … 按照 GB/T 24067-2024、ISO14067:2018 实施产品碳足迹核查评价: a footprint whose footprint.standards name neither is out of scope; no list stated → in scope" },
    -- 6.2 2) factor priority
    foreign_factor_unnoted_severity = { value = "observation", clause = "6.2 2), 6.1.2 2)",
      doc = "排放因子选用的优先次序 a)–e) ranks the factors and forbids none; 6.1.2 2) allows generic data 并对数据差异的原因和正确性进行分析和记录. So a lower rank needs no conservative flag; an international factor for a domestic process without factor.applicability is reported at this severity (observation); a factor without a known source_kind or a source is a general NC" },
    -- 6.2.1 database
    cicc_database_names = { value = { "CPCD", "中国产品全生命周期温室气体排放系数库" }, clause = "6.2.1",
      doc = "本公司所使用的数据库为：中国产品全生命周期温室气体排放系数库（CPCD）: footprint.database.name naming CPCD passes; another database needs justification → observation" },
    -- 7 / 9.6.2 recompute
    materiality_default_pct = { value = 5, clause = "7",
      doc = "如果预期用户未指定重要性阈值，核查评价人员应设置重要性阈值: when neither assessment.verification nor request states one, the recompute check uses 5 % and says so" },
    declared_decimals = { value = 2, clause = "9.6.2",
      doc = "requirements \"recompute\": the tolerance is the rounding of the declared value. JSON keeps no trailing zeros (11.30 arrives as 11.3), so the precision is stated: footprint.declared.decimals when the case gives it, else this many decimals of tCO2e per declared unit (kgCO2e/t: 3 fewer). The declared value is equal when it is the recomputed value rounded (GB/T 8170, ties to even: 11.365 → 11.36 only) to that precision, never to fewer decimals than the number shows; checked only after the deviation was found below materiality" },
    -- 8.3.1 / 9.10.1.2 surveillance frequency
    surveillance_max_months = { value = 12, clause = "9.10.1.2",
      doc = "两次监督核查评价的时间间隔不应大于 12 个月: ≤ 12 (不大于 includes 12); also the most an agreed request.surveillance_months may be (8.3.1 6))" },
    -- 9.3
    doc_review_share_max_pct = { value = 20, clause = "9.3",
      doc = "文件审定的时间不能超过总人天的 20%: document_review ÷ (document_review + onsite_inspection + verification) × 100 ≤ 20" },
    -- 9.4 / Annex A
    man_days_reduction_max_pct = { value = 30, clause = "9.4",
      doc = "减少的时间不得超过规定核查时间的 30%: reduction_pct ≤ 30 and planned ≥ 70 % of the Annex A stated minimum" },
    man_days_check_against = { value = "stated", clause = "Annex A",
      doc = "Annex A's stated totals (合计 2–6, 4–8) are below the sums of their rows' minimums (4, 6): both are reported; planned days are checked against the stated total (interpretations.md). 'row_sum' checks against the row sums" },
    -- 9.5.1
    stage_gap_months = { value = 6, clause = "9.5.1",
      doc = "第一阶段和第二阶段的间隔也不应超过 6 个月: stage2_on ≤ stage1_on + 6 months (Civil Code month rule; 不超过 includes 6)" },
    -- 6.1.2 / 8.2
    generic_data_levels = { value = { "similar", "different" }, clause = "6.1.2 2)",
      doc = "若无法获取具有地理针对性的数据，则可使用通用数据或类似产品（或过程）的数据，并对数据差异的原因和正确性进行分析和记录: a line whose quality.geography or quality.technology is one of these levels uses generic or similar data and needs quality.difference_analysis true" },
    key_suppliers_from_study = { value = true, clause = "8.2",
      doc = "申请表 … 关键供应商: request.key_suppliers names them (an empty list says there are none); true also accepts a supplier named in the study (footprint.processes[].supplier.name, an inventory line's supplier_city); false requires request.key_suppliers" },
    -- 9.1 team
    team_competence_effect = { value = "withhold", clause = "9.1, 10.1.4 2)",
      doc = "核查评价组 … 能力需要满足 4.2/4.5；实习核查员 … 不计入: a team with no qualified verifier who is not a trainee (4.2.1: ccaa_registered or cf_competent true) cannot support the certificate, which the technical review confirms before issue (10.1.4 2), 10.3) → withhold; 'nc' makes it a general NC" },
    -- 9.8.1 report
    report_sections = { value = { "client", "statement", "team", "basis", "scope", "purpose", "quantification", "conclusion" },
      clause = "9.8.1",
      doc = "核查评价报告应包含, as footprint.report_sections keys (the vocabulary WPRZ-CFP-01 7.7.4.8 uses, so one case serves both): 责任方名称、地址及联络信息 → client; 声明核查是根据国际标准实施的 → statement; 组织和核查员的作用和职责、核查评价组工作说明、核查员的联系方式和姓名 → team; 核查的依据 → basis; 核查的范围和准则（含保证等级）、生命周期阶段 → scope; 目的 → purpose; 所核查评价的 GHG 信息或绩效 → quantification; 核查评价结论（报告框架、保证等级、限制条件、陈述日期）→ conclusion" },
    -- 9.10.1.4 / 9.10.2 continued reduction
    no_reduction_severity = { value = "observation", clause = "9.10.1.4 4), 9.10.2.2 3)",
      doc = "监督核查评价应关注 … 证实持续减少温室气体排放的情况: the seed makes the reduction a point of attention, not a condition of the certificate (an increase of 5 %/10 % or more is 9.9.1's change trigger); a recomputed footprint not below the previous (else initial) result is reported at this severity" },
    -- 10.1.4 ITR
    conflict_of_interest_effect = { value = "withhold", clause = "10.1.4 3)",
      doc = "技术评审确认 … 核查评价组与客户没有利益冲突问题: a member with conflict_of_interest true means the review cannot confirm it and the certificate cannot be issued on this verification (10.3) → withhold at initial/recertification; 'nc' makes it a general NC" },
    -- 9.8.5 NC closure
    nc_closed_late_withholds = { value = true, clause = "9.8.5",
      doc = "公司要求申请组织在规定期限内采取措施进行纠正 … 验证关闭，否则核查评价证书不予签发: an NC closed after its due_on withholds the certificate, as one still open past it does; false accepts a late closure" },
    -- 9.9.1 / 10.4 validity
    validity_months = { value = 36, clause = "9.9.1",
      doc = "碳足迹证书自发布之日最长 3 年内有效 (36 months)" },
    validity_end_offset_days = { value = -1, clause = "9.9.1",
      doc = "valid until = issue date + 36 months − 1 day (2026-05-08 → 2029-05-07), the practice of the examples' certificates; 0 gives the Civil Code Art. 201/202 corresponding day" },
    -- 9.9.1 change
    change_unplanned_pct = { value = 10, clause = "9.9.1",
      doc = "1) 计划外 … 增加超过 10% 以上: increase > 10 (超过 excludes 10; interpretations.md). 11.1.1(4) pairs unplanned with 5 % — against 9.9.1; 9.9.1 is followed" },
    change_unplanned_strict = { value = true, clause = "9.9.1",
      doc = "超过 10%: strict (> 10). false reads 10 % itself as a trigger" },
    change_planned_pct = { value = 5, clause = "9.9.1",
      doc = "2) 计划内 … 增加了 5%（含）以上: increase ≥ 5. 11.1.1(4) pairs planned with 10 % — against 9.9.1; 9.9.1 is followed (interpretations.md)" },
    change_duration_months = { value = 3, clause = "9.9.1",
      doc = "历时 3 个月以上 / 变化期超过 3 个 [months, unit lost in the document]: duration > 3 months (interpretations.md)" },
    -- 11.2.1
    suspension_unresolved_revokes = { value = true, clause = "11.2.1",
      doc = "3) 暂停证书的期限已满但导致暂停的问题未得到解决: a certificate still suspended after suspended_on + suspension_months (as of as_of) is revoked" },
    misuse_correction_months = { value = 6, clause = "11.2.1 4)",
      doc = "要求其纠正但超过 6 个月仍未纠正的: revoked when the misuse is still uncorrected, or was corrected only, after certificate.misuse.found_on + 6 months (Civil Code Art. 202; 超过 excludes 6 months itself); serious_consequences true revokes at once" },
    -- 10.6 label
    label_min_width_cm = { value = 1, clause = "10.6",
      doc = "宽度不得小于 1 厘米: width ≥ 1 cm" },
    label_min_height_cm = { value = 1.5, clause = "10.6",
      doc = "高度不得小于 1.5 厘米: height ≥ 1.5 cm" },
    label_full_life_cycle = { value = { "cradle_to_grave" }, clause = "10.6",
      doc = "碳足迹标签使用于全生命周期的产品，不适用于部分生命周期的产品: product.life_cycle (else footprint.boundary.scope) must be cradle_to_grave" },
    -- 13.7
    record_retention_years = { value = 3, clause = "13.7",
      doc = "记录保留期限 table: most records 3 years; external complaints, appeals and impartiality committee 6 years" },
  },
}

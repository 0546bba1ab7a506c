-- CGC-PV10: 金属材料及金属制品 产品碳足迹标识认证实施规则 (北京鉴衡认证中心, CGC),
-- seed 002_d1b88f37bc0caf13.txt. The document numbers its paragraphs 1–105
-- across chapters; titles cite them as ¶N next to the clause.
-- Every reading of the document that is not literal is a parameter below, with
-- its clause and a doc line; docs/cgc-pv10.md lists them for officers.
return {
  id        = "CGC-PV10",
  document  = { zh = "金属材料及金属制品 产品碳足迹标识认证实施规则",
                en = "Metal materials and metal products: product carbon-footprint label certification rules",
                code = "CGC PV10", seed = "002_d1b88f37bc0caf13.txt" },
  issuer    = { zh = "北京鉴衡认证中心有限公司", en = "Beijing Jianheng Certification Center (CGC)" },
  version   = "1.0",        -- the seed carries no date or version; see report

  modules   = { "nc_class.lua", "ch2_scope.lua", "ch7_units.lua", "ch8_data.lua", "ch10_application.lua",
                "ch10_verification.lua", "ch12_surveillance.lua", "annex2.lua", "status.lua", "coverage.lua", "checklist.lua", "decide.lua" },
  params    = {
    -- 2 scope
    scope_categories = { value = { "metal_material", "metal_product" }, clause = "2",
      doc = "¶2 PV10 金属材料及金属制品: product.category metal_material or metal_product; ¶4 excludes products of the national CFP-label pilot (product.national_pilot)" },
    -- 3 PCR
    pcr_client_needs_iso = { value = true, clause = "3",
      doc = "¶8 认证委托方主张的 PCR … 需符合 ISO14040/14044/14067: a client PCR needs conforms_iso14067 = true; scheme, national, industry, local and group PCRs and 'none' (通用标准) pass" },
    -- 7.1 unit division
    unit_one_site = { value = true, clause = "7.1",
      doc = "¶17 步骤六: products at different production addresses are different units — a unit listing several sites fails" },
    unit_variant_diff_pct = { value = 10, clause = "7.1",
      doc = "¶17 步骤五 原材料或工艺是否存在本质区别（差别大于 10%）: two products of one unit (units[].variants) differ in substance when a material's share of the product mass differs by more than 10 percentage points (大于: exactly 10 does not), or their process or surface treatment differs (紧固件 碳钢/不锈钢, 镀锌/达克罗, 铸造/锻造); such products are different units" },
    unit_material_process_split = { value = true, clause = "7.1",
      doc = "¶17 步骤三 金属材料不同的加工工艺 … 宜视为不同的认证单元: for metal materials, products of one unit made by different processes (units[].variants[].process) are flagged as belonging to different units; 宜 is advisory, so false leaves it to the officer" },
    -- 8.1 data sources
    database_domestic_first = { value = true, clause = "8.1",
      doc = "¶25 在国内生产的产品应选择中国相关数据库: a domestic product with an international or other database (footprint.database.kind) or a foreign factor fails; a scheme-designated or national database passes" },
    lower_priority_with_justification = { value = true, clause = "8.1",
      doc = "¶25 lists 国际权威且广泛认可的数据库 and 其它适用的数据库 as the 3rd and 4th priorities and 数据库的选择应由认证委托方和本机构协商确定: an international or other database with a stated reason (footprint.database.justification), or a foreign factor with an applicability note (factor.applicability), passes; without one it is a general NC. false: every lower-priority choice for a domestic product is an NC" },
    -- 8.2 cut-off
    cutoff_mass_max_pct = { value = 5, clause = "8.2",
      doc = "¶26 所有舍弃的输入或输出数据（原辅材料、零部件、废弃物等）的重量之和不得超过产品重量或全部废弃物的 5 %: Σ omitted mass ÷ product mass (or ÷ all waste, see cutoff_outputs_against_waste) × 100 ≤ 5 (不得超过 includes 5); every omitted item counts, infrastructure included; compared on exact decimals (lib.num)" },
    cutoff_outputs_against_waste = { value = true, clause = "8.2",
      doc = "¶26 产品重量或全部废弃物: omitted inputs (categories raw_material, auxiliary, energy, infrastructure, or direction input) are compared with the product mass, omitted outputs (direction output, e.g. 废弃物) with all waste (Σ waste lines of the inventory, t). An item of category other states its direction. false: every omitted item against the product mass" },
    -- 8.3 data quality
    dq_min_primary = { value = "good", clause = "8.3",
      doc = "¶27 碳足迹数据质量应遵循 PCR 中的要求 … 无法满足 PCR 最低数据质量要求时，认证结果为不通过: the minimum is read from the case (product.pcr.data_quality_min.primary); when the case names none, primary data (site_specific, primary) must rate at least good — the national aluminium PCR GB/T 44905-2024 6.3 (初级数据应满足好). Ratings by the 7.7.4.7 table (好 / 一般 / 极差); older than 10 years or < 50 % complete is below 极差 and always fails" },
    dq_min_secondary = { value = "fair", clause = "8.3",
      doc = "¶27 as dq_min_primary: secondary data must rate at least fair (GB/T 44905-2024 6.3 次级数据应满足一般) unless the case names the PCR's minimum (product.pcr.data_quality_min.secondary)" },
    dq_gap_at_application = { value = "supplement", clause = "8.3",
      doc = "¶27 不通过 is the certification result; at application the body reviews the documents and asks for supplements (¶34 通知认证委托人补充), so a line below the minimum is a supplement (general) at application and a serious NC (不通过) from the initial stage on. \"refuse\" applies ¶27 already at application" },
    period_latest_months = { value = 12, clause = "8.3",
      doc = "¶27 注 时效性: 最近一个数据可得的生产周期 — read as: the data period ends no more than 12 months before the application date (else a later period was available)" },
    period_reference = { value = "stage", clause = "8.3",
      doc = "¶27 注 最近一个数据可得的生产周期 and ¶89 本周期: the latest period is judged at the stage's own date — application, initial and recertification: the application date (eligibility.application_dates.applied_on, else as_of); surveillance: this surveillance's onsite date (else as_of); change: as_of. \"application\" measures every stage from the application date" },
    -- 10.1 eligibility
    violation_window_months = { value = 12, clause = "10.1",
      doc = "¶32 一年内未发生严重违反法律法规的行为 / 一年内未被撤销: an event dated within 12 months before the application date (inclusive, Civil Code Art. 202/1259) bars" },
    -- 10.2 acceptance, exemption
    acceptance_working_days = { value = 3, clause = "10.2",
      doc = "¶34 申请文件完整后 3 个工作日内发出受理或不予受理通知: working days in (documents_complete_on, accepted_on] ≤ 3 (official calendar)" },
    onsite_exempt_months = { value = 12, clause = "10.2",
      doc = "¶35 本次认证申请日期前一年内 … 通过了现场检查或监督检查: the day the last CGC inspection of this product was passed (history.last_surveillance_on, else history.initial_onsite_on) ≥ application date − 12 months. The initial decision or certificate date is later than that inspection: it can only show the inspection is outside the year (not exempt); when only it is known the exemption cannot be judged (insufficient_data, onsite days still required). A CGC-PV10 certificate held for this product is read as 'same producer, same site, same type'" },
    -- 10.3.2.1 prior verification
    prior_statement_months = { value = 6, clause = "10.3.2.1",
      doc = "¶43 核查陈述的签发日期处于认证申请日期前 6 个月内: issued_on ≥ application date − 6 months and ≤ application date (inclusive)" },
    -- 10.4 / 10.5 man-days
    onsite_bom_400_days = { value = 1.5, clause = "10.4.2.3",
      doc = "¶59 table lists both 200<χ≤400 → 1.5 and χ≥400 → 2: x = 400 is read as 1.5 (the 200<χ≤400 column, which is the more specific; 2 follows the χ≥400 column); other counts from lib.mandays (≤100 → 1, ≤400 → 1.5, >400 → 2)" },
    classify_by_effect = { value = true, clause = "10.5.3",
      doc = "¶75 fixes an NC's class by its effect: the decision uses the class from cf_effect_pct / misleading (≥ 10 % or misleading → serious, > 0 → general, 0 → as raised unless serious → general) instead of the class the assessor raised; false uses the raised class. At surveillance ¶91 gives every other NC 2 months, so serious and general are treated alike there" },
    onsite_working_days = { value = 30, clause = "10.4.2",
      doc = "¶55 现场检查一般在文件评审符合要求或基本符合要求后 30 个工作日内完成: working days in (document_review.completed_on, onsite.date] ≤ 30" },
    -- 10.5.3 NC classification
    nc_serious_pct = { value = 10, clause = "10.5.3",
      doc = "¶75 一般不符合 小于 10 %, 严重不符合 大于等于 10 % (or misleading): |effect| ≥ 10 → serious; also the class of the engine's own recompute deviation" },
    declared_decimals = { value = 2, clause = "10.5.2",
      doc = "requirements \"recompute\": the tolerance is the rounding of the declared value. JSON keeps no trailing zeros (11.30 arrives as 11.3), so the precision is stated: footprint.declared.decimals when the case gives it, else this many decimals of tCO2e per declared unit (kgCO2e/t: 3 fewer). The declared value is equal when it is the recomputed value rounded (GB/T 8170, ties to even: 11.365 → 11.36 only) to that precision, never to fewer decimals than the number shows; checked only after the deviation was found below materiality" },
    -- 10.8 decision
    certificate_working_days = { value = 30, clause = "10.8",
      doc = "¶84 结论为通过或不符合纠正通过时，本机构将在 30 个工作日内出具证书: working days in (decision_on, certificate_issued_on] ≤ 30" },
    total_days = { value = 90, clause = "10.8",
      doc = "¶86 自正式受理认证申请之日起至出具认证结论之日止，一般不超过 90 日 (calendar days accepted_on → decision_on); client delays are not in the case, so info only" },
    -- 11 material facts after issue
    falsified_after_issue_effect = { value = "revoke", clause = "11",
      doc = "¶87 按照证书变更、或再认证、或注销或撤销流程处理 根据新事实或信息的性质: documents found falsified after issue (eligibility.falsified_documents at surveillance or change) are read as revocation, as ¶80 treats 数据篡改、伪造 as 不通过; \"suspend\" or \"reassess\" (re-certify) are the other readings" },
    -- 12 surveillance
    first_surveillance_months = { value = 11, clause = "12",
      doc = "¶88 在初次获证后的第 11 个月 … 监督复查: the first surveillance is due by issue date (else initial decision) + 11 months; earlier is allowed (可能提前)" },
    surveillance_interval_months = { value = 12, clause = "12",
      doc = "¶88 两次监督复查时间间隔不超过 12 个月: this surveillance ≤ last surveillance + 12 months (不超过 includes 12)" },
    surveillance_revoke_pct = { value = 10, clause = "12",
      doc = "¶90 增幅在 10%以内 → maintain; ¶91 增幅 10%及以上 → revoke. The two overlap at 10, and ¶91's 10%及以上 includes it: an increase ≥ 10 % over the previous cycle (history.previous_result; at the first surveillance the initial result, parameter increase_baseline_initial_first) revokes. Increase = (recomputed − previous) ÷ previous × 100" },
    increase_baseline_initial_first = { value = true, clause = "12",
      doc = "¶91 较上一周期: at the first surveillance (history.last_surveillance_on not stated) the previous cycle is the initial certification, so history.initial_result is the baseline when history.previous_result is not stated; at later surveillances previous_result is needed. With no baseline the increase cannot be judged and the verdict is insufficient_data (¶90 passes only when no significant increase was found)" },
    surveillance_nc_months = { value = 2, clause = "12",
      doc = "¶91 其它不符合项，认证委托方应在 2 个月内完成整改: closed_on ≤ raised_on + 2 months (Civil Code Art. 202); open past it as of as_of → suspend" },
    -- 13 recertification
    recert_window_days = { value = 90, clause = "13",
      doc = "¶92 再认证由认证委托方于原证书到期前 90 天内提出申请: valid_until − 90 days ≤ applied_on ≤ valid_until" },
    -- 14.2 validity
    validity_months = { value = 24, clause = "14.2",
      doc = "¶95 当此类要求不存在时，本机构的证书有效期为 2 年 (24 months)" },
    validity_end_offset_days = { value = -1, clause = "14.2",
      doc = "valid until = issue date + 24 months − 1 day (2026-05-08 → 2028-05-07), the practice of the examples' certificates; 0 gives the Civil Code Art. 201/202 corresponding day" },
    -- Annex 2 11.1 change
    change_unplanned_pct = { value = 10, clause = "Annex 2 11.1",
      doc = "(1) 因计划外变化导致产品碳足迹量化增加 10%以上: increase ≥ 10 (以上 includes 10)" },
    change_planned_pct = { value = 5, clause = "Annex 2 11.1",
      doc = "(2) 因计划内变化导致产品碳足迹量化增加 5%以上: increase ≥ 5" },
    change_duration_months = { value = 3, clause = "Annex 2 11.1",
      doc = "持续超过三个月以上: duration > 3 months (duration_months, else months from started_on to as_of by the Civil Code month rule)" },
    change_unapproved_severity = { value = "general", clause = "14.3",
      doc = "¶96 提出证书变更申请, Annex 2 11.2 及时通知, Annex 2 13 批准后方可实施: a change not applied for, or implemented before the body approved it, is a general NC: the change is not approved (变更待补充检查、核查后确定) until ¶97's supplementary check; the document names no suspension for it (¶99 refers to CGC-QP-V06). \"serious\" suspends at surveillance and change" },
    -- Annex 2 2.3
    record_retention_years = { value = 3, clause = "Annex 2 2.3",
      doc = "与产品碳足迹标识认证要求相关的记录保存期 … 至少不低于 3 年" },
    -- the decision core (docs/library.md "The verdict order")
    serious_nc_correctable = { value = true, clause = "10.6",
      doc = "¶80 不通过 only for systemic defects or corrections not made in time: a serious NC corrected and verified in time passes (不符合项纠正后通过)" },
    application_serious = { value = "supplement", clause = "10.1",
      doc = "¶34 / ¶52 申请文件不符合要求或存在缺失 → 通知认证委托人补充: a serious finding at the application asks for supplements (supplement), it does not refuse (refuse); eligibility grounds still refuse" },
    surveillance_period_governs = { value = true, clause = "12",
      doc = "¶91 除此之外发现的其它不符合项，认证委托方应在 2 个月内完成整改: at surveillance every NC (serious, systemic, the engine's own) is given the correction period; only one not corrected in time suspends (the ≥ 10 % increase still revokes)" },
  },
}

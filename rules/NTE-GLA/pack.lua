-- NTE-GLA: 绿色低碳铝产品认证实施规则 (NTE, 2025-03-15), seed 003_8c2492cd50416b77.txt.
-- Every reading of the document that is not literal is a parameter below, with
-- its clause and a doc line (docs/interpretations.md where it fixes one).
return {
  id        = "NTE-GLA",
  document  = { zh = "绿色低碳铝产品认证实施规则", en = "Green low-carbon aluminium product certification rules",
                code = "T/CNIA 0245-2024 basis", seed = "003_8c2492cd50416b77.txt" },
  issuer    = { zh = "有色金属技术经济研究院有限责任公司", en = "China Nonferrous Metals Industry Technical & Economic Research Institute (NTE)" },
  version   = "2025-03-15",
  effective = "2025-03-15",
  modules   = { "ch1_scope.lua", "ch6_grade.lua", "ch5_data.lua", "ch7_procedure.lua",
                "ch8_certificate.lua", "annex.lua", "checklist.lua", "status.lua", "decide.lua" },
  params    = {
    -- 6.2 grade and code
    omega_c_max_pct = { value = 30, clause = "6.2",
      doc = "普通级: ω_c 不大于 30 % → ω_c ≤ 30, compared on the value rounded to an integer by GB/T 8170 half-even (计算结果表示到个位; Civil Code Art. 1259: 不大于 includes 30)" },
    code_second_share = { value = "omega_b", clause = "6.2",
      doc = "小数点后的数字表示 … ω_b. Example 2 writes 'ω_a=40 %, ω_c=48 %, 即再生铝添加量为 100 %' — a defect; read as ω_a=40, ω_b=48, ω_c=12 (interpretations.md). 'omega_c' would follow Example 2 literally" },
    -- 5.2 footprint data quality
    cf_dq_worst_level = { value = 2, clause = "5.2",
      doc = "5.2 names accuracy, representativeness and model consistency without a threshold; read: every inventory line rated at least fair (一般, level 2) by the WPRZ 7.7.4.7 table, and the boundary scope equals the product's life cycle" },
    -- 5.1 feed evidence and the provisional grade
    unproven_feed_class = { value = "C", clause = "5.1",
      doc = "认证机构对上述材料进行审核，确保 … 原料使用数据的真实性: class-B feed without current green-power certificates (当前持有凭证) and class-A feed without purchase/transfer records are not proven; the grade computed from them is published with grade_status provisional, and the finding states the code with that tonnage counted as class C (原铝（非绿电铝原料）), the only class that needs no evidence" },
    feed_documents_once = { value = true, clause = "5.1, 7.1.2(5)(6)",
      doc = "one defect, one nonconformity: green-power certificates or recycled records stated as not held (gla.green_power_evidence / recycled_records false) fail 5.1 feed-evidence only; 7.1.2 docs then does not count (5)/(6) again. false counts them in both" },
    -- 7.1 / 7.1.1 / 7.1.2 application
    incident_window_years = { value = 3, clause = "7.1.1(2)",
      doc = "近三年: an incident dated on or after the reference date minus 3 years (Civil Code Art. 202 month/year rule, inclusive) bars the application" },
    incident_reference = { value = "applied_on", clause = "7.1.1(2)",
      doc = "近三年 is measured back from eligibility.application_dates.applied_on; from as_of when the application date is not stated" },
    safety_barring_levels = { value = { "major", "serious" }, clause = "7.1.1(2)",
      doc = "无重大安全事故: safety incidents of level major (重大) or serious (read as 特别重大, above 重大) bar; general ones do not" },
    environmental_barring_levels = { value = { "general", "major", "serious" }, clause = "7.1.1(2)",
      doc = "无一般及以上突发环境事件: environmental incidents of every level (general or worse) bar" },
    quality_needs_notification = { value = true, clause = "7.1.1(2)",
      doc = "无政府市场监督管理部门通报的质量事件: a quality incident bars only when notified_by_regulator is true" },
    acceptance_working_days = { value = 2, clause = "7.1",
      doc = "在 2 个工作日内发出受理或不予受理的通知: working days (official calendar) in (applied_on, accepted_on] ≤ 2" },
    feed_documents_when_used = { value = true, clause = "7.1.2(5)(6)",
      doc = "绿电铝原料当前持有凭证 (5) is required when class B feed > 0, 再生铝原料采购记录 (6) when class A feed > 0; false = always required" },
    -- 7.3 inspection
    max_consecutive_inspections = { value = 2, clause = "7.3.1",
      doc = "不应 … 连续 3 次以上的检查: 3 or more consecutive inspections by the same inspector are not allowed (以上 includes 3); team[].consecutive_inspections counts this inspection too, so at most 2" },
    onsite_typical_days = { value = 4, clause = "7.3.3",
      doc = "一般人日数为 4 人日: the normal onsite effort; fewer planned days is reported as an observation (the body may adjust by scale, NTE07/T0301)" },
    serious_fails_even_closed = { value = true, clause = "7.3.5",
      doc = "工厂检查不通过: 存在 … 个别严重不符合项 — any serious NC makes the inspection fail, even when closed" },
    closed_late_fails = { value = true, clause = "7.3.5",
      doc = "未能按期完成整改或整改不通过的，按现场检查不通过处理: an NC closed after its deadline (due_on; at surveillance raised_on + 1 month) fails the inspection" },
    -- 7.5 certificate
    certificate_days = { value = 90, clause = "7.5",
      doc = "自受理认证委托之日起 90 天内出具认证证书 (calendar days), client time excluded — not determinable from a case, reported as info" },
    -- 7.6 surveillance
    feed_change_effect_at_change = { value = "reassess", clause = "7.1.3, 7.6.2",
      doc = "不同原料添加比例的绿色低碳铝划分为不同产品认证单元: at stage change, a feed that gives another code than the certified unit's is a different unit → fail / reassess (the new unit is assessed). 'nc' would treat it as a general NC" },
    feed_change_effect_at_surveillance = { value = "nc", clause = "7.6.2",
      doc = "监督检查应重点确认 … 原料添加比例的变化情况: at surveillance a changed code is a general NC (the holder applies for a certificate change); 'reassess' would end the certificate as at stage change" },
    uncovered_site_effect = { value = "nc", clause = "7.6.2",
      doc = "监督检查应覆盖所有认证单元涉及的生产场所: a site of a certified unit missing from assessment.onsite.sites_covered is a general NC (the surveillance must be completed before the certificate is maintained); 'suspend' would suspend at once" },
    surveillance_interval_months = { value = 12, clause = "7.6.1",
      doc = "监督周期不大于 12 个月: this surveillance (onsite date, else as_of) ≤ last surveillance (else initial decision, else issue date) + 12 months, Civil Code month rule" },
    surveillance_correction_months = { value = 1, clause = "7.6.3",
      doc = "工厂应在 1 个月内完成整改: closed_on ≤ raised_on + 1 month (Civil Code Art. 202); open past it as of as_of → suspend" },
    -- 8.1 validity
    validity_years = { value = 1, clause = "8.1",
      doc = "证书的有效期为 1 年" },
    validity_end_offset_days = { value = -1, clause = "8.1",
      doc = "8.1 有效期 1 年, read as certificates print it (docs/interpretations.md, Periods): valid until the day before the corresponding date (2026-05-08 → 2027-05-07). 0 gives the Civil Code Art. 201/202 reading (→ 2027-05-08)" },
    -- Annex 2.3
    record_retention_months = { value = 24, clause = "Annex 2.3",
      doc = "与碳足迹相关的记录保存期 … 至少不低于 24 个月" },
  },
}

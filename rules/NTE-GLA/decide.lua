-- NTE-GLA decision: requirements.md "From findings to a verdict" through
-- lib.verdict.standard, with NTE's own words and periods:
--   7.1   application: 受理 / 不予受理 / 要求整改后重新提出认证申请;
--   7.3.5 the four inspection conclusions (native); any serious NC fails even
--         when closed; an NC not corrected in time fails the inspection;
--   7.6.3 surveillance NCs corrected within 1 month, else the certificate is suspended;
--   7.5 / 7.7 a failure not decided by the inspection: 认证不予通过 (certification terminated).
-- grade = the computed type code (6.2), nil when there is no grade.

local NATIVE = {
  ["pass/accept"]                                  = { zh = "受理", en = "application accepted" },
  ["conditional/request_supplement"]               = { zh = "要求认证委托人整改后重新提出认证申请", en = "applicant to correct and re-submit the application" },
  ["fail/refuse"]                                  = { zh = "不予受理", en = "application not accepted" },
  ["pass/certify"]                                 = { zh = "工厂检查通过", en = "factory inspection passed" },
  ["pass/certify_after_correction/written"]        = { zh = "书面验证通过", en = "passed after written verification" },
  ["pass/certify_after_correction/onsite"]         = { zh = "现场验证通过", en = "passed after onsite verification" },
  ["pass/certify_after_correction"]                = { zh = "整改验证有效后工厂检查通过", en = "passed after the corrections were verified" },
  ["conditional/certify_after_correction"]         = { zh = "存在不符合项，待规定期限内整改并验证", en = "nonconformities open: to be corrected and verified in time" },
  ["fail/withhold"]                                = { zh = "认证不予通过", en = "certification not granted" },
  ["pass/maintain"]                                = { zh = "监督检查通过，认证证书持续有效", en = "surveillance passed; certificate remains valid" },
  ["pass/maintain_after_correction/written"]       = { zh = "书面验证通过，认证证书持续有效", en = "passed after written verification; certificate remains valid" },
  ["pass/maintain_after_correction/onsite"]        = { zh = "现场验证通过，认证证书持续有效", en = "passed after onsite verification; certificate remains valid" },
  ["pass/maintain_after_correction"]               = { zh = "整改验证有效，认证证书持续有效", en = "corrections verified; certificate remains valid" },
  ["conditional/maintain_after_correction"]        = { zh = "存在不符合项，应在 1 个月内完成整改", en = "nonconformities open: to be corrected within 1 month" },
  ["fail/suspend"]                                 = { zh = "年度监督不合格，暂停认证证书", en = "annual surveillance failed; certificate suspended" },
  ["fail/revoke"]                                  = { zh = "撤销认证证书", en = "certificate revoked" },
  ["fail/reassess"]                                = { zh = "原料添加比例变化，须重新评价", en = "feed ratio changed; re-assessment required" },
  ["not_applicable"]                               = { zh = "不属于本实施规则的认证范围（第 1 章）", en = "outside the scope of these rules (clause 1)" },
  ["insufficient_data"]                            = { zh = "信息不足，无法作出结论", en = "insufficient data for a conclusion" },
}
local INSPECTION_FAILED = {
  initial = { zh = "工厂检查不通过", en = "factory inspection failed" },
  surveillance = { zh = "工厂检查不通过，暂停认证证书", en = "factory inspection failed; certificate suspended" },
}

-- the rules a plain pass rests on where no conclusion rule runs
local PASS_BY = {
  application = { "eligibility", "docs", "grade", "feed-evidence", "unit-division" },
  change      = { "grade", "surveillance-feed" },
}

-- the options of the standard decision (made once: they depend only on the pack's parameters)
local OPTS = {
  conclusion                     = "conclusion",
  -- no feed data (6.2) or no inspection findings (7.3.5): the stage's decisive facts are missing
  decisive                       = { "certificate-status", "shares", "grade", "conclusion" },
  decisive_at                    = { application = { "eligibility" } },
  native                         = NATIVE,
  serious_fails_even_closed      = P.serious_fails_even_closed,
  closed_late_fails              = P.closed_late_fails,
  surveillance_correction_months = P.surveillance_correction_months,
  surveillance_serious_action    = "suspend",
  -- the conclusion rule (7.3.5) returns the values nc_counts made in that
  -- call: the restated summary is written into them (lib.verdict.restate)
  conclusion_values_owned        = true,
}
local METRICS = { validity_months = P.validity_years * 12, surveillance_max_months = P.surveillance_interval_months,
                  man_days_from = { "onsite_typical_days" } }

decide(function(R)
  local v = lib.verdict.standard(R, OPTS)
  -- 7.3.5 工厂检查不通过 when the inspection decided the failure
  if v.verdict == "fail" then
    local fc = R.by_rule["conclusion"]
    if fc and fc.status == "fail" and fc.severity == "serious" then
      local only_inspection, by = true, v.decided_by
      for i = 1, by and #by or 0 do
        if by[i] ~= fc.rule then only_inspection = false; break end
      end
      if only_inspection then
        v.native = (R.stage == "surveillance" or R.stage == "change") and INSPECTION_FAILED.surveillance or INSPECTION_FAILED.initial
      end
    end
  end
  -- grade: the computed code (6.2); provisional while the feed evidence
  -- behind it (5.1) is missing, not current or not stated
  local fcode = R.by_rule["code"]
  if v.verdict ~= "not_applicable" and fcode and fcode.status == "pass" then
    v.grade = fcode.values.code
    local fe = R.by_rule["feed-evidence"]
    local gs = fe and fe.values and fe.values.grade_status
    v.grade_status = (fe and fe.status == "pass") and "established" or (gs or "provisional")
  end
  -- a plain pass where no conclusion rule ran (application, change): cite the
  -- rules the outcome rests on (requirements.md rule 10)
  if v.verdict == "pass" and (v.decided_by == nil or #v.decided_by == 0) then
    local by = {}
    for _, slug in ipairs(PASS_BY[R.stage] or {}) do
      local fs = R.by_rule[slug]
      if fs and fs.status == "pass" then by[#by + 1] = fs.rule end
    end
    v.decided_by = by
  end
  v.metrics = lib.verdict.scheme_metrics(R, METRICS)
  return v
end)

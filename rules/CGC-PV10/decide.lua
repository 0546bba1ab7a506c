-- CGC-PV10 decision: requirements.md "From findings to a verdict" via
-- lib.verdict.standard, with CGC's own words and periods:
--   ¶34 application: 受理 / 通知认证委托人补充 / 不予受理;
--   ¶80 conclusion: 通过 / 不符合项纠正后通过 / 不通过 (NCs not corrected in
--       time also fail: closed_late_fails);
--   ¶90–¶91 surveillance: increase ≥ 10 % → 撤销原证书 (surveillance-increase,
--       effect revoke); other NCs 2 months → 暂停原证书;
--   Annex 2 11.1 change: 认证结果即时失效 → re-certify (change-trigger, reassess);
--   ¶98 change approved: 批准变更.

local util = lib.util

local NATIVE = {
  ["pass/accept"]                           = { zh = "申请评审通过，发出受理通知", en = "application review passed: accepted" },
  ["conditional/request_supplement"]        = { zh = "申请文件不符合要求或存在缺失，通知认证委托人补充", en = "application documents incomplete: the applicant is asked to supplement" },
  ["fail/refuse"]                           = { zh = "不予受理", en = "application not accepted" },
  ["pass/certify"]                          = { zh = "通过", en = "passed" },
  ["pass/certify_after_correction"]         = { zh = "不符合项纠正后通过", en = "passed after the nonconformities were corrected" },
  ["conditional/certify_after_correction"]  = { zh = "不符合项待纠正，全部关闭后通过", en = "passes once every open nonconformity is corrected and closed" },
  ["fail/withhold"]                         = { zh = "不通过，不出具证书", en = "not passed: no certificate" },
  ["pass/maintain"]                         = { zh = "监督结论为通过，原证书保持有效", en = "surveillance passed: the certificate stays valid" },
  ["pass/maintain_after_correction"]        = { zh = "不符合项整改验证后监督通过，原证书保持有效", en = "surveillance passed after verified corrections: the certificate stays valid" },
  ["conditional/maintain_after_correction"] = { zh = "不符合项应在 2 个月内完成整改", en = "nonconformities to be corrected within 2 months" },
  ["fail/suspend"]                          = { zh = "监督结论为不通过，暂停原证书", en = "surveillance not passed: the certificate is suspended" },
  ["fail/revoke"]                           = { zh = "碳足迹量化结果较上一周期显著增加，撤销原证书", en = "footprint significantly above the previous cycle: the certificate is revoked" },
  ["fail/reassess"]                         = { zh = "认证结果即时失效，应重新进行产品碳足迹标识认证", en = "the certification lapsed: product CFP-label certification must be redone" },
  ["not_applicable"]                        = { zh = "不适用本规则", en = "outside the scope of this rule" },
  ["insufficient_data"]                     = { zh = "信息不足，无法作出认证结论", en = "insufficient information for a conclusion" },
}

local NATIVE_CHANGE = {
  ["pass/maintain"]                         = { zh = "变更符合要求，批准变更", en = "change conforms: approved" },
  ["pass/maintain_after_correction"]        = { zh = "补充检查后批准变更", en = "change approved after the supplementary check" },
  ["conditional/maintain_after_correction"] = { zh = "变更待补充检查、核查后确定", en = "change pending supplementary inspection and verification" },
}

local init_class, surv_class = NC_CLASS.decision, NC_CLASS.surveillance   -- nc_class.lua

local PASS_BY = {
  application = { "eligibility", "docs" },
  surveillance = { "surveillance-increase", "surveillance-ncs" },
  change = { "change-trigger" },
}

-- the options of the standard decision, one for the initial stages and one
-- for surveillance and change (they differ only in the NC classes; made once:
-- they depend only on the pack's parameters)
local function standard_opts(classify)
  return {
    conclusion = { initial = "conclusion", recertification = "conclusion", surveillance = "surveillance-ncs" },
    decisive = { "certificate-status", "recompute" },
    -- at the initial stages, the certificate rests on an inspection of every
    -- site of the units (10.4.2.1 ¶57) and an onsite verification (10.5.2):
    -- not stated → no certificate (requirements rule 3)
    decisive_at = { application = { "eligibility" },
                    initial = { "sites-covered", "verification-onsite" },
                    recertification = { "sites-covered", "verification-onsite" } },
    native = NATIVE,
    closed_late_fails = true,
    classify = classify,
    surveillance_correction_months = P.surveillance_nc_months,
    serious_fails_even_closed = not P.serious_nc_correctable,
    application_serious = P.application_serious,
    surveillance_period_governs = P.surveillance_period_governs,
  }
end
local OPTS_INIT, OPTS_SURV = standard_opts(init_class), standard_opts(surv_class)
local METRICS = {
  validity_months = P.validity_months, surveillance_max_months = P.surveillance_interval_months,
  man_days_from = { "onsite_min_days", "verification_min_days" } }

decide(function(R)
  local surv = R.stage == "surveillance" or R.stage == "change"
  local OPTS = surv and OPTS_SURV or OPTS_INIT
  local fc = R.by_rule["conclusion"]
  local tampering = fc and fc.status == "fail" and fc.values and fc.values.tampering == true
  local v = lib.verdict.standard(R, OPTS)
  -- ¶80 不通过 also for data tampering, which the standard decision does not read.
  if tampering and v.verdict ~= "fail" and v.verdict ~= "not_applicable" and v.verdict ~= "insufficient_data" then
    v.verdict, v.action = "fail", "withhold"
    v.native = NATIVE["fail/withhold"]
    v.decided_by = { fc.rule }
    lib.verdict.restate(R, v, "conclusion", nil, nil)
  end
  -- a plain pass where no conclusion rule ran: cite the rules the stage's outcome rests on
  if v.verdict == "pass" and (v.decided_by == nil or #v.decided_by == 0) then
    local by = {}
    for _, slug in ipairs(PASS_BY[R.stage] or {}) do
      local fs = R.by_rule[slug]
      if fs then by[#by + 1] = fs.rule end
    end
    v.decided_by = by
  end
  -- ¶98 批准变更 only on stated facts: a change whose application or prior
  -- approval is not stated never gives a plain approval (a failing outcome,
  -- e.g. Annex 2 11.1 reassess, still stands).
  local ca = R.by_rule["change-approval"]
  if R.stage == "change" and v.verdict == "pass" and ca and ca.status == "insufficient_data" then
    v.verdict, v.action = "insufficient_data", nil
    v.native = NATIVE["insufficient_data"]
    v.decided_by = { ca.rule }
  end
  if R.stage == "change" and v.verdict ~= "fail" and v.action then
    v.native = NATIVE_CHANGE[v.verdict .. "/" .. v.action] or v.native
  end
  -- ¶84: no certificate follows a failed or undecidable initial or
  -- recertification decision, so no expiry date is published for it.
  if (R.stage == "initial" or R.stage == "recertification") and v.verdict ~= "pass" and v.verdict ~= "conditional" then
    R.metrics.certificate_valid_until = nil
  end
  -- the conclusion finding, restated to the verdict by lib.verdict, also
  -- shows each NC's correction deadline (¶80 规定的时间; ¶91 2 months at
  -- surveillance, replacing an assessor's different due_on)
  local cslug = (R.stage == "surveillance") and "surveillance-ncs"
             or ((R.stage == "initial" or R.stage == "recertification") and "conclusion" or nil)
  local cf = cslug and R.by_rule[cslug]
  if cf and cf.message and cf.status ~= "pass" and cf.status ~= "not_applicable" then
    local months = R.stage == "surveillance" and P.surveillance_nc_months or nil
    local dz, de, dl = NC_CLASS.deadlines(R.case, months)
    if dz and not string.find(cf.message.zh, "期限：", 1, true) then
      cf.message = { zh = cf.message.zh .. "。期限：" .. dz, en = cf.message.en .. ". Deadlines: " .. de }
      local vals = {}
      for k, x in pairs(cf.values or {}) do vals[k] = x end
      vals.deadlines = dl
      cf.values = vals
    end
  end
  v.metrics = lib.verdict.scheme_metrics(R, METRICS)
  return v
end)

-- CICC-CFP decision: requirements.md "From findings to a verdict" via
-- lib.verdict.standard, with CICC's own words:
--   8.3.3 application: 受理 / 通知申请组织补充和完善 / 不受理;
--   9.8.5 initial: NCs corrected and verified closed, otherwise 证书不予签发
--         (ncs-closed is the conclusion rule);
--   9.9.1 change above the threshold for > 3 months: 证书时效终止 (reassess);
--   11.1.1 / 11.2.1 suspension and revocation (suspend outranks reassess, so
--         an unreported change past 3 months suspends, 11.1.1(4)).

local NATIVE = {
  ["pass/accept"]                           = { zh = "受理申请", en = "application accepted" },
  ["conditional/request_supplement"]        = { zh = "通知申请组织补充和完善", en = "the applicant is asked to supplement and complete the application" },
  ["fail/refuse"]                           = { zh = "不受理申请", en = "application not accepted" },
  ["pass/certify"]                          = { zh = "技术评审通过，签发碳足迹证书", en = "technical review passed: CFP certificate issued" },
  ["pass/certify_after_correction"]         = { zh = "问题项整改验证关闭后签发碳足迹证书", en = "CFP certificate issued after the findings were corrected and closed" },
  ["conditional/certify_after_correction"]  = { zh = "问题项纠正并验证关闭后方可签发证书", en = "certificate issued once the open findings are corrected and verified closed" },
  ["fail/withhold"]                         = { zh = "核查评价证书不予签发", en = "certificate not issued" },
  ["pass/maintain"]                         = { zh = "监督核查评价通过，证书保持有效", en = "surveillance verification passed: certificate maintained" },
  ["pass/maintain_after_correction"]        = { zh = "纠正措施验证有效后证书保持有效", en = "certificate maintained after verified corrections" },
  ["conditional/maintain_after_correction"] = { zh = "问题项须在规定期限内纠正", en = "findings to be corrected by their due dates" },
  ["fail/suspend"]                          = { zh = "暂停碳足迹证书", en = "CFP certificate suspended" },
  ["fail/revoke"]                           = { zh = "撤销碳足迹证书", en = "CFP certificate revoked" },
  ["fail/reassess"]                         = { zh = "证书时效终止，须重新评估和核查并重新签发证书", en = "the certificate lapsed: re-assessment, re-verification and a new certificate needed" },
  ["not_applicable"]                        = { zh = "不适用本规则", en = "outside the scope of this rule" },
  ["insufficient_data"]                     = { zh = "申请组织提供信息不足，停止核查评价", en = "insufficient information: verification stopped" },
}

local PASS_BY = {
  application = { "info-sufficient", "scope-agreed", "application-info", "assurance-materiality" },
  surveillance = { "change-trigger", "suspend", "revoke" },
  change = { "change-trigger", "suspend", "revoke" },
}

-- the options of the standard decision and of the common metrics (made
-- once: they depend only on the pack's parameters)
local OPTS = {
  conclusion = { initial = "ncs-closed", recertification = "ncs-closed" },
  decisive = { "certificate-status", "recompute" },
  -- 9.1: the verification a certificate rests on is made by a competent team
  -- (an incompetent one withholds, team_competence_effect); a team not stated
  -- at the stages that issue the certificate → insufficient_data, never a pass
  decisive_at = { initial = { "team-competence" }, recertification = { "team-competence" } },
  native = NATIVE,
  closed_late_fails = P.nc_closed_late_withholds,
  -- the conclusion rule (9.8.5) returns the values nc_counts made in that
  -- call: the restated summary is written into them (lib.verdict.restate)
  conclusion_values_owned = true,
}
local verdict = lib.verdict   -- (read once: `lib` is a global of the sealed environment)
local METRICS = { validity_months = P.validity_months, surveillance_max_months = P.surveillance_max_months,
                  man_days_from = { "man_days_min_days" } }

decide(function(R)
  -- 9.3 如果申请组织提供信息不足，核查员应停止核查评价: no verdict on the merits
  local fi = R.by_rule["info-sufficient"]
  local scope = R.by_rule["scope"]
  if fi and fi.status == "fail" and not (scope and scope.status ~= "pass") then
    return { verdict = "insufficient_data", action = nil, native = NATIVE["insufficient_data"], decided_by = { fi.rule } }
  end
  local v = verdict.standard(R, OPTS)
  -- a plain pass where no conclusion rule ran: cite the rules the stage's outcome rests on
  if v.verdict == "pass" and (v.decided_by == nil or #v.decided_by == 0) then
    local by = {}
    for _, slug in ipairs(PASS_BY[R.stage] or {}) do
      local fs = R.by_rule[slug]
      if fs and fs.status == "pass" then by[#by + 1] = fs.rule end
    end
    v.decided_by = by
  end
  v.metrics = verdict.scheme_metrics(R, METRICS)
  return v
end)

-- WPRZ-CFP-01: from findings to a verdict through lib.verdict.standard with
-- WPRZ's words: 7.5.4 文件评审结论, 7.6.4 现场检查结论, 7.8.4 (NCs not closed in
-- time block the decision), 8.4 监督检查结论, 8.5 注销/暂停/撤销, 11.3.2 暂停期满撤销.
local E = lib.electrolytic
local K = E.context{ pass = pass, fail = fail, insufficient = insufficient, na = na, info = info, P = P }

local OPTS = {
  conclusion = { initial = "onsite-conclusion", recertification = "onsite-conclusion",
                 surveillance = "surveillance-conclusion" },
  -- the footprint and its core processes (rule 3; bauxite mining 5.5.3.3(3) / 7.7.4.3(3))
  decisive = { "certificate-status", "recompute", "core-site-data", "bauxite-primary" },
  -- the application conditions and falsification at the application (rule 3: named, supplied by the applicant)
  decisive_at = { application = { "eligibility", "falsified" },
                  -- what the certification rests on at the initial stages: the inspection
                  -- covered every site of the units and the verification was on site
                  -- (WPRZ 7.6.2, 7.7.1.2): not stated → no certificate
                  initial = { "sites-covered", "verification-sites", "verification-onsite" },
                  recertification = { "sites-covered", "verification-sites", "verification-onsite" },
                  -- the surveillance's own test: the footprint against the initial result (rule 6)
                  surveillance = { "not-above-initial" } },
  serious_fails_even_closed = not P.serious_nc_correctable,   -- pack parameter serious_nc_correctable
  application_serious = P.application_serious,
  -- the conclusion rules (lib.electrolytic.nc_conclusion) return a new values
  -- table on every call: the restated summary is written into it (lib.verdict.restate)
  conclusion_values_owned = true,
  closed_late_fails = P.nc_late_closure_blocks,   -- 7.8.4
  native = {
    ["pass/accept"] = { zh = "符合要求，可进行碳足迹核查与现场检查；受理认证申请",
                        en = "conforming: application accepted; verification and onsite inspection may proceed" },
    ["conditional/request_supplement"] = { zh = "基本符合要求，但认证委托人需对部分内容进行补充完善",
                                           en = "basically conforming: the client is to supplement some content" },
    ["fail/refuse"] = { zh = "不符合要求，拒绝或终止受理申请", en = "nonconforming: application refused or terminated" },
    ["pass/certify"] = { zh = "现场检查通过，颁发认证证书", en = "onsite inspection passed: certificate granted" },
    ["pass/certify_after_correction"] = { zh = "验证纠正措施合格后通过", en = "passed after the corrective actions were verified" },
    ["pass/certify_after_correction/written"] = { zh = "验证纠正措施合格后通过（书面资料验证）",
                                                  en = "passed after the corrective actions were verified in writing" },
    ["pass/certify_after_correction/onsite"] = { zh = "验证纠正措施合格后通过（现场验证）",
                                                 en = "passed after the corrective actions were verified on site" },
    ["conditional/certify_after_correction"] = { zh = "限期整改，验证纠正措施合格后通过",
                                                 en = "to pass once the corrective actions are verified within the set period" },
    ["fail/withhold"] = { zh = "认证终止，不予颁发认证证书", en = "certification terminated: no certificate" },
    ["pass/maintain"] = { zh = "监督检查通过", en = "surveillance passed" },
    ["pass/maintain_after_correction"] = { zh = "验证纠正措施合格后通过", en = "surveillance passed after the corrective actions were verified" },
    ["conditional/maintain_after_correction"] = { zh = "限期整改，验证纠正措施合格后通过",
                                                  en = "surveillance passes once the corrective actions are verified" },
    ["fail/suspend"] = { zh = "监督检查不通过，暂停认证证书", en = "surveillance failed: certificate suspended" },
    ["fail/revoke"] = { zh = "撤销认证证书", en = "certificate revoked" },
    ["fail/cancel"] = { zh = "注销认证证书（11.5）", en = "certificate cancelled" },
    ["fail/reassess"] = { zh = "认证结果失效，须重新进行碳足迹产品认证", en = "certification lapsed: re-certification required" },
  },
}

decide(function(R) return E.decide(K, R, OPTS, P.validity_max_years * 12) end)

-- CNCA-CFP-15: from findings to a verdict (the decision core, docs/library.md "From findings to a
-- verdict") through lib.verdict.standard, with the rule's own conclusions:
-- 5.3.4 文件评审结论 (application), 5.4.4 现场检查结论 (initial,
-- recertification), 6.4 监督检查结论 (surveillance), 6.5 评价不通过 → 注销/暂停/撤销.
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
                  -- (5.4.1 应覆盖所有认证单元涉及的生产场所, 5.5.3 现场核查): not stated → no certificate
                  initial = { "sites-covered", "verification-onsite" },
                  recertification = { "sites-covered", "verification-onsite" },
                  -- the surveillance's own test: the footprint against the initial result (rule 6)
                  surveillance = { "not-above-initial" } },
  serious_fails_even_closed = not P.serious_nc_correctable,   -- pack parameter serious_nc_correctable
  application_serious = P.application_serious,
  -- the conclusion rules (lib.electrolytic.nc_conclusion) return a new values
  -- table on every call: the restated summary is written into it (lib.verdict.restate)
  conclusion_values_owned = true,
  native = {
    ["pass/accept"] = { zh = "文件评审符合要求，可进行产品碳足迹核查与现场检查",
                        en = "document review conforming: verification and onsite inspection may proceed" },
    ["conditional/request_supplement"] = { zh = "文件评审基本符合要求，但需对部分内容进行补充完善",
                                           en = "document review basically conforming: some content to be supplemented" },
    ["fail/refuse"] = { zh = "不符合要求，拒绝受理认证委托或无法进行现场检查与产品碳足迹核查",
                        en = "nonconforming: application refused, or no onsite inspection and verification possible" },
    ["pass/certify"] = { zh = "现场检查通过", en = "onsite inspection passed" },
    ["pass/certify_after_correction"] = { zh = "验证纠正措施合格后通过", en = "passed after the corrective actions were verified" },
    ["pass/certify_after_correction/written"] = { zh = "验证纠正措施合格后通过（书面资料验证）",
                                                  en = "passed after the corrective actions were verified in writing" },
    ["pass/certify_after_correction/onsite"] = { zh = "验证纠正措施合格后通过（现场验证）",
                                                 en = "passed after the corrective actions were verified on site" },
    ["conditional/certify_after_correction"] = { zh = "限期整改，验证纠正措施合格后通过",
                                                 en = "to pass once the corrective actions are verified within the set period" },
    ["fail/withhold"] = { zh = "不通过", en = "failed: no certificate" },
    ["pass/maintain"] = { zh = "监督检查通过", en = "surveillance passed" },
    ["pass/maintain_after_correction"] = { zh = "验证纠正措施合格后通过", en = "surveillance passed after the corrective actions were verified" },
    ["conditional/maintain_after_correction"] = { zh = "限期整改，验证纠正措施合格后通过",
                                                  en = "surveillance passes once the corrective actions are verified" },
    ["fail/suspend"] = { zh = "监督检查不通过，暂停认证证书", en = "surveillance failed: certificate suspended" },
    ["fail/revoke"] = { zh = "监督检查不通过，撤销认证证书", en = "surveillance failed: certificate revoked" },
    ["fail/cancel"] = { zh = "评价不通过，注销认证证书", en = "certificate cancelled" },
    ["fail/reassess"] = { zh = "认证失效，须重新认证", en = "certification lapsed: re-certification required" },
  },
}

-- CNCA-CFP-15 sets no validity of its own (the general rules do)
decide(function(R) return E.decide(K, R, OPTS, nil) end)

-- CICC-CFP: certificate status at every stage after certification
-- (requirements.md rule 7, docs/library.md "The verdict order").
-- 9.9.1 碳足迹证书自发布之日最长 3 年内有效
-- A certificate past its valid_until, or stated expired / cancelled /
-- revoked, cannot be maintained: fail / cancel (注销). One library function
-- (lib.certificate.status, validity end by lib.certificate.validity_end).

local O = { clause_zh = "（9.9.1：碳足迹证书自发布之日最长 3 年内有效）", clause_en = " (9.9.1: valid at most 3 years from issue)",
            months = P.validity_months, offset_days = P.validity_end_offset_days }

rule {
  slug = "certificate-status", clause = "9.9.1", stages = { "surv", "chg" },
  severity = "serious", effect = "cancel", decisive = true,
  title = { zh = "所持认证证书在有效期内且未被注销、撤销", en = "The certificate held is within its validity and not cancelled or revoked" },
  check = function(c, f) return lib.certificate.status(c, O) end,
}

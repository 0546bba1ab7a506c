-- WPRZ-CFP-01: certificate status at every stage after certification
-- (requirements.md rule 7, docs/library.md "The verdict order").
-- 9.1 / 10.2 证书有效期；11.5 认证资格的注销
-- A certificate past its valid_until, or stated expired / cancelled /
-- revoked, cannot be maintained: fail / cancel (注销). One library function
-- (lib.certificate.status, validity end by lib.certificate.validity_end).

local O = { clause_zh = "（10.2 有效期；11.5 注销）", clause_en = " (10.2 validity; 11.5 cancellation)",
            months = P.validity_max_years * 12, offset_days = P.validity_end_offset_days }

rule {
  slug = "certificate-status", clause = "11.5", stages = { "surv", "chg" },
  severity = "serious", effect = "cancel", decisive = true,
  title = { zh = "所持认证证书在有效期内且未被注销、撤销", en = "The certificate held is within its validity and not cancelled or revoked" },
  check = function(c, f) return lib.certificate.status(c, O) end,
}

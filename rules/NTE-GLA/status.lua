-- NTE-GLA: certificate status at every stage after certification
-- (requirements.md rule 7, docs/library.md "The verdict order").
-- 8.1 证书有效期 1 年 … 认证证书有效期届满 … 认证证书注销
-- A certificate past its valid_until, or stated expired / cancelled /
-- revoked, cannot be maintained: fail / cancel (注销). One library function
-- (lib.certificate.status, validity end by lib.certificate.validity_end).

local O = { clause_zh = "（8.1：认证证书有效期届满，认证证书注销）", clause_en = " (8.1: on expiry the certificate is cancelled)",
            months = P.validity_years * 12, offset_days = P.validity_end_offset_days }

rule {
  slug = "certificate-status", clause = "8.1", stages = { "surv", "chg" },
  severity = "serious", effect = "cancel", decisive = true,
  title = { zh = "所持认证证书在有效期内且未被注销、撤销", en = "The certificate held is within its validity and not cancelled or revoked" },
  check = function(c, f) return lib.certificate.status(c, O) end,
}

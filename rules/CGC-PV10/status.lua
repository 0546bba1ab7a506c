-- CGC-PV10: certificate status at every stage after certification
-- (requirements.md rule 7, docs/library.md "The verdict order").
-- 14.2 证书有效期 2 年；14.4 证书的暂停、恢复、注销、撤销
-- A certificate past its valid_until, or stated expired / cancelled /
-- revoked, cannot be maintained: fail / cancel (注销). One library function
-- (lib.certificate.status, validity end by lib.certificate.validity_end).

local O = { clause_zh = "（14.2 证书有效期；14.4 注销）", clause_en = " (14.2 validity; 14.4 cancellation)",
            months = P.validity_months, offset_days = P.validity_end_offset_days }

rule {
  slug = "certificate-status", clause = "14.2", stages = { "surv", "chg" },
  severity = "serious", effect = "cancel", decisive = true,
  title = { zh = "所持认证证书在有效期内且未被注销、撤销", en = "The certificate held is within its validity and not cancelled or revoked" },
  check = function(c, f) return lib.certificate.status(c, O) end,
}

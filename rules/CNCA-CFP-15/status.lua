-- CNCA-CFP-15: certificate status at every stage after certification
-- (requirements.md rule 7, docs/library.md "The verdict order").
-- 6.5 监督检查结果评价：评价不通过的 … 注销/暂停/撤销认证证书
-- A certificate past its valid_until, or stated expired / cancelled /
-- revoked, cannot be maintained: fail / cancel (注销). One library function
-- (lib.certificate.status, validity end by lib.certificate.validity_end).

local O = { clause_zh = "（6.5：评价不通过的，依据相应情形做出注销/暂停/撤销认证证书的处理）", clause_en = " (6.5: cancel / suspend / revoke as the case may be)",
            months = nil, offset_days = nil }

rule {
  slug = "certificate-status", clause = "6.5", stages = { "surv", "chg" },
  severity = "serious", effect = "cancel", decisive = true,
  title = { zh = "所持认证证书在有效期内且未被注销、撤销", en = "The certificate held is within its validity and not cancelled or revoked" },
  check = function(c, f) return lib.certificate.status(c, O) end,
}

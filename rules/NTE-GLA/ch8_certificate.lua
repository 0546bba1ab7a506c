-- NTE-GLA chapter 8 认证证书
-- 8.1 本实施规则覆盖产品认证证书的有效期为 1 年，有效期内，证书的有效性依赖获证后监督获得保持。
--     认证证书有效期届满，认证机构将对企业绿色低碳铝额度清缴归零，认证证书注销。
-- Expiry by the Civil Code (Art. 201: the issue day is not counted; Art. 202: the
-- period ends on the corresponding day of the last year, else the month's last day).

local D = lib.dates

rule {
  slug     = "validity",
  clause   = "8.1",
  title    = { zh = "证书有效期 1 年", en = "Certificate valid for 1 year" },
  stages   = { "init" },
  severity = "general",
  effect   = "metric",
  params   = { "validity_years", "validity_end_offset_days" },
  check    = function(c, f)
    local a = c.assessment or {}
    local cert = c.certificate
    local own = cert ~= nil and (cert.scheme == nil or cert.scheme == SCHEME)
    local issued_s, ptr = a.certificate_issued_on, "/assessment/certificate_issued_on"
    if issued_s == nil and own then issued_s, ptr = cert.issued_on, "/certificate/issued_on" end
    local issued = D.day(issued_s)
    if not issued then
      return insufficient { zh = "未说明发证日期，无法计算有效期", en = "issue date not stated; expiry cannot be computed",
                            evidence = { "/assessment/certificate_issued_on" } }
    end
    local until_d = lib.certificate.validity_end(issued, P.validity_years * 12, P.validity_end_offset_days)
    local until_s = D.format(until_d)
    local metrics = { certificate_valid_until = until_s }
    local stated = own and D.day(cert.valid_until)
    if stated and stated > until_d then
      return fail {
        zh = "证书标注有效期至 " .. cert.valid_until .. "，超过 1 年（应至 " .. until_s .. "）（8.1）",
        en = "certificate states validity until " .. cert.valid_until .. ", beyond 1 year (" .. until_s .. ") (8.1)",
        evidence = { "/certificate/valid_until", ptr },
        values = { issued_on = issued_s, valid_until = until_s, stated_valid_until = cert.valid_until },
        metrics = metrics,
      }
    end
    return pass { zh = "证书 " .. issued_s .. " 颁发，有效期 1 年，至 " .. until_s,
                  en = "certificate issued " .. issued_s .. ", valid 1 year, until " .. until_s,
                  evidence = { ptr }, values = { issued_on = issued_s, valid_until = until_s }, metrics = metrics }
  end,
}

-- certificate: checks about the certificate itself that several schemes make
-- the same way. Functions return finished results ({ status = ..., zh, en,
-- evidence, values, metrics }), like the pass{} / fail{} constructors make.

local M = {}
local dates, util = lib.dates, lib.util

-- validity(c, scheme, months, offset_days) — CGC-PV10 14.2, CICC-CFP 9.9.1/10.4:
-- the certificate runs `months` from its issue date (Civil Code month rule),
-- shifted by `offset_days` (-1: "valid until the day before", the practice
-- the examples follow). Reports metric certificate_valid_until; fails when the
-- certificate held under this scheme states a later expiry than allowed.
--- certificate.validity_end(issued, months, offset_days) → day number: the
-- last day of a validity of `months` months from the issue day `issued` (a
-- day number): the corresponding day (Civil Code Art. 202) shifted by
-- `offset_days` (-1: "the day before the corresponding date", as
-- certificates print it: issued 2026-05-08, 36 months → 2029-05-07). The one
-- function every pack uses for a certificate's end (pack parameter
-- validity_end_offset_days).
function M.validity_end(issued, months, offset_days)
  return dates.add_days(dates.add_months(issued, months), offset_days or -1)
end

local LAPSED = { expired = true, cancelled = true, revoked = true }

--- certificate.status(c, o) → a finished result: can the certificate be
-- maintained at this stage (surveillance, change; requirements.md rule 7)?
--   no certificate stated → insufficient_data;
--   status expired / cancelled / revoked → fail (effect cancel, serious);
--   past its valid_until as of the case's as_of (whatever its status) →
--   fail (cancel); valid_until not stated: computed from issued_on with
--   o.months and o.offset_days (validity_end), else insufficient_data;
--   else pass. o.clause_zh / o.clause_en name the clause in the message.
function M.status(c, o)
  local cert = c.certificate
  local cl_zh, cl_en = o.clause_zh or "", o.clause_en or ""
  if cert == nil then
    return { status = "insufficient_data", zh = "未说明所持认证证书，无法确认证书仍然有效" .. cl_zh,
             en = "the certificate held is not stated: cannot confirm it is still valid" .. cl_en, evidence = { "/certificate" } }
  end
  local st = cert.status
  if LAPSED[st] then
    return { status = "fail", severity = "serious", effect = "cancel",
             zh = "证书 " .. tostring(cert.number) .. " 状态为 " .. st .. "，不能保持认证" .. cl_zh,
             en = "certificate " .. tostring(cert.number) .. " is " .. st .. ": it cannot be maintained" .. cl_en,
             evidence = { "/certificate/status" }, values = { certificate_status = st } }
  end
  local vu_s, ptr = cert.valid_until, "/certificate/valid_until"
  local vu = dates.day(vu_s)
  if vu == nil then
    local iss = dates.day(cert.issued_on)
    if iss == nil or o.months == nil then
      return { status = "insufficient_data", zh = "未说明证书有效期（valid_until）" .. cl_zh,
               en = "the certificate's validity (valid_until) is not stated" .. cl_en, evidence = { ptr } }
    end
    vu = M.validity_end(iss, o.months, o.offset_days)
    vu_s, ptr = dates.format(vu), "/certificate/issued_on"
  end
  local asd = dates.day(c.as_of)
  if asd == nil then
    return { status = "insufficient_data", zh = "未说明评价日期（as_of）", en = "as_of not stated", evidence = { "/as_of" } }
  end
  if asd > vu then
    return { status = "fail", severity = "serious", effect = "cancel",
             zh = "证书 " .. tostring(cert.number) .. " 有效期至 " .. vu_s .. "，评价日 " .. c.as_of .. " 已过期，应注销" .. cl_zh,
             en = "certificate " .. tostring(cert.number) .. " was valid until " .. vu_s .. "; on " .. c.as_of .. " it has expired and is cancelled" .. cl_en,
             evidence = { ptr, "/as_of" }, values = { valid_until = vu_s, as_of = c.as_of } }
  end
  if st == nil then   -- within its term, but revoked or suspended cannot be ruled out: never "valid" by default
    return { status = "insufficient_data",
             zh = "证书 " .. tostring(cert.number) .. " 有效期至 " .. vu_s .. "，但未说明证书状态（status）" .. cl_zh,
             en = "certificate " .. tostring(cert.number) .. " runs until " .. vu_s .. ", but its status is not stated" .. cl_en,
             evidence = { "/certificate/status" }, values = { valid_until = vu_s } }
  end
  return { status = "pass", zh = "证书 " .. tostring(cert.number) .. " 有效期至 " .. vu_s .. "，状态 " .. tostring(st),
           en = "certificate " .. tostring(cert.number) .. " valid until " .. vu_s .. ", status " .. tostring(st),
           evidence = { ptr }, values = { valid_until = vu_s } }
end

function M.validity(c, scheme, months, offset_days)
  local cert = c.certificate
  local own = cert ~= nil and cert.scheme == scheme
  local iss_s, iss_ptr = util.get(c, "assessment", "certificate_issued_on"), "/assessment/certificate_issued_on"
  if iss_s == nil and own then iss_s, iss_ptr = cert.issued_on, "/certificate/issued_on" end
  if iss_s == nil then iss_s, iss_ptr = util.get(c, "assessment", "decision_on"), "/assessment/decision_on" end
  local iss = dates.day(iss_s)
  if iss == nil then
    return { status = "insufficient_data", zh = "发证或认证决定日期未说明", en = "issue or decision date not stated",
             evidence = { iss_ptr } }
  end
  local function limit_of(d) return M.validity_end(d, months, offset_days) end
  local until_s = dates.format(limit_of(iss))
  local metrics = { certificate_valid_until = until_s, validity_months = months }
  local values = { issued_on = iss_s, valid_until = until_s }
  -- the certificate held under this scheme: its stated validity against its own issue date
  local ci, cv = own and dates.day(cert.issued_on), own and dates.day(cert.valid_until)
  if ci and cv then
    local lim = limit_of(ci)
    values.stated_valid_until = cert.valid_until
    if cv > lim then
      return { status = "fail",
               zh = "证书 " .. tostring(cert.number) .. " 有效期至 " .. cert.valid_until .. "，超过发证日 " .. cert.issued_on .. " 起 " .. months .. " 个月（应不晚于 " .. dates.format(lim) .. "）",
               en = "certificate " .. tostring(cert.number) .. " is valid until " .. cert.valid_until .. ", beyond " .. months .. " months from its issue on " .. cert.issued_on .. " (at most " .. dates.format(lim) .. ")",
               evidence = { "/certificate/valid_until" }, values = values, metrics = metrics }
    end
  end
  local zh = "有效期至 " .. until_s .. "（自 " .. iss_s .. " 起 " .. months .. " 个月）"
  local en = "valid until " .. until_s .. " (" .. months .. " months from " .. iss_s .. ")"
  if values.stated_valid_until then
    zh = zh .. "；证书所载有效期至 " .. values.stated_valid_until .. "，未超过"
    en = en .. "; the certificate states " .. values.stated_valid_until .. ", not beyond it"
  end
  return { status = "pass", zh = zh, en = en, evidence = { iss_ptr }, values = values, metrics = metrics }
end

return M

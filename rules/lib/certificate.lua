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
  local function limit_of(d) return dates.add_days(dates.add_months(d, months), offset_days) end
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
  return { status = "pass", values = values, metrics = metrics }
end

return M

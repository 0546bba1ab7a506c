-- NTE-GLA chapter 1 适用范围
-- 1: 本实施规则适用于对熔铸之后的首个商业铝产品进行认证，对以该产品为原料或坯料的
--    各级铝产品（含终端产品）进行追溯。

rule {
  slug   = "scope",
  clause = "1",
  scope  = true,
  title  = { zh = "适用范围：熔铸之后的首个商业铝产品", en = "Scope: the first commercial aluminium product after melting and casting" },
  stages = "all",
  check  = function(c, f)
    local p = c.product
    if p == nil then
      return insufficient { zh = "未提供产品信息 (product)", en = "no product stated", evidence = { "/product" } }
    end
    if p.base_metal ~= nil and p.base_metal ~= "aluminium" then
      return na { zh = "产品基体金属不是铝，不属于绿色低碳铝产品认证范围（第 1 章）",
                  en = "the product's base metal is not aluminium: outside the GLA scheme (clause 1)",
                  evidence = { "/product/base_metal" }, values = { base_metal = p.base_metal } }
    end
    local first = p.first_commercial_after_casting
    if first == false then
      return na { zh = "产品不是熔铸之后的首个商业铝产品；下游产品仅作追溯，不在本规则认证范围（第 1 章）",
                  en = "not the first commercial aluminium product after melting and casting; downstream products are only traced, not certified (clause 1)",
                  evidence = { "/product/first_commercial_after_casting" } }
    end
    if first == nil then
      return insufficient { zh = "未说明产品是否为熔铸之后的首个商业铝产品",
                            en = "not stated whether the product is the first commercial product after melting and casting",
                            evidence = { "/product/first_commercial_after_casting" } }
    end
    return pass { zh = "铝产品" .. (p.name and ("“" .. p.name .. "”") or "") .. "为熔铸之后的首个商业铝产品",
                  en = "the aluminium product" .. (p.name and (" " .. p.name) or "") .. " is the first commercial product after melting and casting",
                  evidence = { "/product/first_commercial_after_casting" } }
  end,
}

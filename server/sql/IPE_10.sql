-- Tieout extract IPE_10: Customer prepayments open at closing
-- Parameters:
--   @nextPeriodStart  date           first day of the month after N; an item is open at closing
--                                    when its delivery and refund did not happen before it
--   @companies        nvarchar(max)  JSON array of company codes; [] means every company
-- Grain: one row per company x sales order item (COD_OMS_SALES_ORDER_ITEM), prepaid and
--   finance-verified before @nextPeriodStart, neither delivered nor refunded by then.
-- Retail digital content and gift cards are delivered when DELIVERED_DATE is set; other retail
--   items when their package is delivered; marketplace items when DELIVERED_DATE is set.
-- Constant floors are written YYYYMMDD, the literal form SQL Server reads the same under any
--   language or DATEFORMAT setting.
SELECT
  soi.[ID_COMPANY] AS [ID_COMPANY],
  soi.[IS_PREPAYMENT] AS [IS_PREPAYMENT],
  soi.[COD_OMS_SALES_ORDER_ITEM] AS [COD_OMS_SALES_ORDER_ITEM],
  soi.[ORDER_NR] AS [ORDER_NR],
  soi.[BOB_ID_CUSTOMER] AS [BOB_ID_CUSTOMER],
  soi.[CURRENT_STATUS] AS [CURRENT_STATUS],
  CASE WHEN soi.[CURRENT_STATUS] = 'closed' THEN 1 ELSE 0 END AS [IS_CLOSED],
  soi.[IS_MARKETPLACE] AS [IS_MARKETPLACE],
  soi.[PAYMENT_METHOD] AS [PAYMENT_METHOD],
  soi.[ORDER_CREATION_DATE] AS [ORDER_CREATION_DATE],
  soi.[FINANCE_VERIFIED_DATE] AS [FINANCE_VERIFIED_DATE],
  soi.[DELIVERED_DATE] AS [DELIVERED_DATE],
  soi.[PACKAGE_DELIVERY_DATE] AS [PACKAGE_DELIVERY_DATE],
  soi.[REFUND_COMPLETED] AS [REFUND_COMPLETED],
  soi.[REFUND_DATE] AS [REFUND_DATE],
  soi.[FAIL_DATE] AS [FAIL_DATE],
  ISNULL(soi.[MTR_UNIT_PRICE], 0)
    - ISNULL(soi.[MTR_COUPON_MONEY_VALUE], 0)
    - ISNULL(soi.[MTR_CART_RULE_DISCOUNT], 0) AS [PAID_FOR_ITEMS],
  soi.[MTR_PAID_PRICE] AS [PAID_PRICE],
  ISNULL(soi.[MTR_BASE_SHIPPING_AMOUNT], 0)
    - ISNULL(soi.[MTR_SHIPPING_CART_RULE_DISCOUNT], 0)
    - ISNULL(soi.[MTR_SHIPPING_VOUCHER_DISCOUNT], 0)
    + ISNULL(soi.[MTR_INTERNATIONAL_CUSTOMS_FEE], 0)
    - ISNULL(soi.[MTR_CUSTOMS_FEE_CART_RULE_DISCOUNT], 0)
    + ISNULL(soi.[MTR_INTERNATIONAL_FREIGHT_FEE], 0) AS [PAID_FOR_SHIPPING]
FROM [AIG_Nav_Jumia_Reconciliation].[dbo].[RPT_SOI] AS soi
WHERE soi.[ORDER_CREATION_DATE] > '20180101'
  AND soi.[IS_PREPAYMENT] = 1
  AND soi.[FINANCE_VERIFIED_DATE] >= '20180101'
  AND soi.[FINANCE_VERIFIED_DATE] < @nextPeriodStart
  AND (soi.[REFUND_DATE] IS NULL OR soi.[REFUND_DATE] >= @nextPeriodStart)
  AND (
    (soi.[IS_MARKETPLACE] = 1
      AND (soi.[DELIVERED_DATE] IS NULL OR soi.[DELIVERED_DATE] >= @nextPeriodStart))
    OR (soi.[IS_MARKETPLACE] = 0
      AND soi.[DELIVERY_TYPE] IN ('Digital Content', 'Gift Card')
      AND (soi.[DELIVERED_DATE] IS NULL OR soi.[DELIVERED_DATE] >= @nextPeriodStart))
    OR (soi.[IS_MARKETPLACE] = 0
      AND (soi.[DELIVERY_TYPE] IS NULL OR soi.[DELIVERY_TYPE] NOT IN ('Digital Content', 'Gift Card'))
      AND (soi.[PACKAGE_DELIVERY_DATE] IS NULL OR soi.[PACKAGE_DELIVERY_DATE] >= @nextPeriodStart))
  )
  AND (NOT EXISTS (SELECT 1 FROM OPENJSON(@companies))
       OR soi.[ID_COMPANY] IN (SELECT [value] FROM OPENJSON(@companies)))
-- A fixed row order: the same data always gives the same canonical CSV and hash (methodology §10).
ORDER BY [ID_COMPANY], [COD_OMS_SALES_ORDER_ITEM]

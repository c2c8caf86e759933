-- Tieout extract IPE_34: Marketplace refund liability
-- Parameters:
--   @nextPeriodStart    date           first day of the month after N: refunds and returns before
--                                      it count, those on or after it are still pending at closing
--   @excludedCompanies  nvarchar(max)  JSON array of company codes left out, e.g. ["AT_TN","EC_CM"]
--   @companies          nvarchar(max)  JSON array of company codes; [] means every company
-- Grain: one row per company x sales order item x case: "Refunded not yet returned" (positive
--   amount to refund back) and "Returned not yet refunded" (negative amount).
-- The shipping voucher discount reduces the amount only for coupon vouchers.
WITH refund_case AS (
  SELECT
    soi.[ID_COMPANY] AS [ID_COMPANY],
    soi.[COD_OMS_SALES_ORDER_ITEM] AS [COD_OMS_SALES_ORDER_ITEM],
    'Refunded not yet returned' AS [Case_Type],
    1 AS [Sign]
  FROM [AIG_Nav_Jumia_Reconciliation].[dbo].[RPT_SOI] AS soi
  WHERE soi.[DELIVERED_DATE] IS NOT NULL
    AND soi.[REFUND_DATE] >= '20190101'
    AND soi.[REFUND_DATE] < @nextPeriodStart
    AND (soi.[RETURN_DATE] IS NULL OR soi.[RETURN_DATE] >= @nextPeriodStart)
  UNION ALL
  SELECT
    soi.[ID_COMPANY] AS [ID_COMPANY],
    soi.[COD_OMS_SALES_ORDER_ITEM] AS [COD_OMS_SALES_ORDER_ITEM],
    'Returned not yet refunded' AS [Case_Type],
    -1 AS [Sign]
  FROM [AIG_Nav_Jumia_Reconciliation].[dbo].[RPT_SOI] AS soi
  WHERE soi.[RETURN_DATE] >= '20190101'
    AND soi.[RETURN_DATE] < @nextPeriodStart
    AND (soi.[REFUND_DATE] IS NULL OR soi.[REFUND_DATE] >= @nextPeriodStart)
)
SELECT
  soi.[ID_COMPANY] AS [ID_COMPANY],
  soi.[CURRENT_STATUS] AS [CURRENT_STATUS],
  rc.[Case_Type] AS [Case_Type],
  soi.[IS_MARKETPLACE] AS [IS_MARKETPLACE],
  soi.[ORDER_NR] AS [ORDER_NR],
  soi.[BOB_ID_CUSTOMER] AS [BOB_ID_CUSTOMER],
  soi.[RETURN_DATE] AS [RETURN_DATE],
  soi.[IS_GLOBAL] AS [IS_GLOBAL],
  soi.[FINANCE_VERIFIED_DATE] AS [FINANCE_VERIFIED_DATE],
  soi.[REFUND_DATE] AS [REFUND_DATE],
  rnr.[OMS_Type] AS [OMS_Type],
  ct.[Customer_Type_L1] AS [Customer_Type_L1],
  rc.[Sign] * (
    ISNULL(soi.[MTR_PRICE_AFTER_DISCOUNT], 0)
    + ISNULL(soi.[MTR_BASE_SHIPPING_AMOUNT], 0)
    + ISNULL(soi.[MTR_INTERNATIONAL_CUSTOMS_FEE], 0)
    - ISNULL(soi.[MTR_CUSTOMS_FEE_CART_RULE_DISCOUNT], 0)
    - ISNULL(soi.[MTR_SHIPPING_CART_RULE_DISCOUNT], 0)
    - CASE WHEN soi.[VOUCHER_TYPE] = 'coupon' THEN ISNULL(soi.[MTR_SHIPPING_VOUCHER_DISCOUNT], 0) ELSE 0 END
  ) AS [AmountToRefund],
  soi.[COD_OMS_SALES_ORDER_ITEM] AS [COD_OMS_SALES_ORDER_ITEM]
FROM refund_case AS rc
INNER JOIN [AIG_Nav_Jumia_Reconciliation].[dbo].[RPT_SOI] AS soi
  ON soi.[ID_COMPANY] = rc.[ID_COMPANY]
  AND soi.[COD_OMS_SALES_ORDER_ITEM] = rc.[COD_OMS_SALES_ORDER_ITEM]
LEFT JOIN [AIG_Nav_Jumia_Reconciliation].[dbo].[RPT_REFUND_NO_RETURN] AS rnr
  ON rnr.[ID_Company] = soi.[ID_COMPANY]
  AND rnr.[OMS_ID_Sales_Order_Item] = soi.[COD_OMS_SALES_ORDER_ITEM]
LEFT JOIN [AIG_Nav_Jumia_Reconciliation].[dbo].[RPT_DIM_BOB_CUSTOMER_TYPE] AS ct
  ON ct.[Bob_Customer_Type] = soi.[BOB_CUSTOMER_TYPE]
WHERE soi.[ID_COMPANY] NOT IN (SELECT [value] FROM OPENJSON(@excludedCompanies))
  AND (NOT EXISTS (SELECT 1 FROM OPENJSON(@companies))
       OR soi.[ID_COMPANY] IN (SELECT [value] FROM OPENJSON(@companies)))
-- A fixed row order: the same data always gives the same canonical CSV and hash (methodology §10).
ORDER BY [ID_COMPANY], [ORDER_NR], [Case_Type], [COD_OMS_SALES_ORDER_ITEM]

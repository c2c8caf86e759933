-- Tieout extract IPE_08_USAGE: Voucher usage by delivery month
-- Parameters:
--   @nextPeriodStart  date           first day of the month after N (exclusive bound of the
--                                    package delivery date)
--   @companies        nvarchar(max)  JSON array of company codes; [] means every company
-- Grain: one row per company x voucher id x voucher type x business use x creation year x
--   delivery month (Delivery_mth = YYYYMM of the package delivery date) of reusable store credit
--   delivered before @nextPeriodStart.
WITH usage_line AS (
  SELECT
    soi.[ID_COMPANY] AS [ID_Company],
    scv.[id] AS [id],
    soi.[VOUCHER_TYPE] AS [voucher_type],
    scv.[business_use] AS [business_use],
    YEAR(scv.[created_at]) AS [creation_year],
    YEAR(soi.[PACKAGE_DELIVERY_DATE]) * 100 + MONTH(soi.[PACKAGE_DELIVERY_DATE]) AS [Delivery_mth],
    soi.[MTR_SHIPPING_VOUCHER_DISCOUNT] AS [shipping_storecredit],
    CASE WHEN soi.[IS_MARKETPLACE] = 1 THEN soi.[MTR_COUPON_MONEY_VALUE] ELSE 0 END AS [MPL_storecredit],
    CASE WHEN soi.[IS_MARKETPLACE] = 0 THEN soi.[MTR_COUPON_MONEY_VALUE] ELSE 0 END AS [RTL_storecredit],
    ISNULL(soi.[MTR_COUPON_MONEY_VALUE], 0) + ISNULL(soi.[MTR_SHIPPING_VOUCHER_DISCOUNT], 0) AS [AmountUsed]
  FROM [AIG_Nav_Jumia_Reconciliation].[dbo].[RPT_SOI] AS soi
  LEFT JOIN [AIG_Nav_Jumia_Reconciliation].[dbo].[V_STORECREDITVOUCHER_CLOSING] AS scv
    ON scv.[ID_company] = soi.[ID_COMPANY]
    AND scv.[code] = soi.[voucher_code]
  WHERE soi.[VOUCHER_TYPE] = 'reusablecredit'
    AND soi.[PACKAGE_DELIVERY_DATE] < @nextPeriodStart
    AND YEAR(soi.[DELIVERED_DATE]) > 2014
    AND (NOT EXISTS (SELECT 1 FROM OPENJSON(@companies))
         OR soi.[ID_COMPANY] IN (SELECT [value] FROM OPENJSON(@companies)))
)
SELECT
  ul.[ID_Company] AS [ID_Company],
  ul.[id] AS [id],
  ul.[voucher_type] AS [voucher_type],
  ul.[business_use] AS [business_use],
  ul.[creation_year] AS [creation_year],
  ul.[Delivery_mth] AS [Delivery_mth],
  SUM(ul.[shipping_storecredit]) AS [shipping_storecredit],
  SUM(ul.[MPL_storecredit]) AS [MPL_storecredit],
  SUM(ul.[RTL_storecredit]) AS [RTL_storecredit],
  SUM(ul.[AmountUsed]) AS [TotalAmountUsed]
FROM usage_line AS ul
GROUP BY ul.[ID_Company], ul.[id], ul.[voucher_type], ul.[business_use], ul.[creation_year], ul.[Delivery_mth]
-- A fixed row order: the same data always gives the same canonical CSV and hash (methodology §10).
ORDER BY [ID_Company], [id], [voucher_type], [business_use], [creation_year], [Delivery_mth]

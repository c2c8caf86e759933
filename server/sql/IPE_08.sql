-- Tieout extract IPE_08: BOB store-credit vouchers with usage to date
-- Parameters:
--   @nextPeriodStart  date           first day of the month after N (exclusive bound of every
--                                    timestamp: creation, delivery, expiry)
--   @companies        nvarchar(max)  JSON array of company codes; [] means every company
-- Grain: one row per company x voucher id created in [2017-01-01, @nextPeriodStart), with the
--   store credit consumed by packages delivered before @nextPeriodStart.
-- Usage is aggregated per company x voucher code only (not per voucher type as the older
--   extract did), so a code used under two voucher types cannot duplicate the voucher row;
--   voucher_type reports the highest type seen.
WITH usage_to_date AS (
  SELECT
    soi.[ID_COMPANY] AS [ID_COMPANY],
    soi.[voucher_code] AS [voucher_code],
    MAX(soi.[VOUCHER_TYPE]) AS [voucher_type],
    SUM(soi.[MTR_SHIPPING_DISCOUNT_AMOUNT]) AS [shipping_discount],
    SUM(soi.[MTR_SHIPPING_VOUCHER_DISCOUNT]) AS [shipping_storecredit],
    SUM(CASE WHEN soi.[IS_MARKETPLACE] = 1 THEN soi.[MTR_COUPON_MONEY_VALUE] ELSE 0 END) AS [MPL_storecredit],
    SUM(CASE WHEN soi.[IS_MARKETPLACE] = 0 THEN soi.[MTR_COUPON_MONEY_VALUE] ELSE 0 END) AS [RTL_storecredit]
  FROM [AIG_Nav_Jumia_Reconciliation].[dbo].[RPT_SOI] AS soi
  WHERE soi.[PACKAGE_DELIVERY_DATE] < @nextPeriodStart
    AND YEAR(soi.[DELIVERED_DATE]) > 2014
    AND (NOT EXISTS (SELECT 1 FROM OPENJSON(@companies))
         OR soi.[ID_COMPANY] IN (SELECT [value] FROM OPENJSON(@companies)))
  GROUP BY soi.[ID_COMPANY], soi.[voucher_code]
),
voucher AS (
  SELECT
    scv.*,
    CASE
      WHEN scv.[voucher_inactive_date] IS NULL OR scv.[template_inactive_date] < scv.[voucher_inactive_date]
        THEN scv.[template_inactive_date]
      ELSE scv.[voucher_inactive_date]
    END AS [first_inactive_date]
  FROM [AIG_Nav_Jumia_Reconciliation].[dbo].[V_STORECREDITVOUCHER_CLOSING] AS scv
  WHERE scv.[created_at] >= '20170101'
    AND scv.[created_at] < @nextPeriodStart
    AND (NOT EXISTS (SELECT 1 FROM OPENJSON(@companies))
         OR scv.[ID_company] IN (SELECT [value] FROM OPENJSON(@companies)))
)
SELECT
  v.[ID_company] AS [ID_COMPANY],
  v.[id] AS [id],
  v.[business_use] AS [business_use],
  CASE
    WHEN v.[business_use] = 'jpay_store_credit' AND LEFT(v.[code], 2) = 'GC' THEN 'jpay_store_credit_gift'
    WHEN v.[business_use] = 'jpay_store_credit' AND LEFT(v.[code], 2) = 'JP' THEN 'jpay_store_credit_DS'
    WHEN v.[business_use] = 'jpay_store_credit' THEN 'jpay_store_credit_other'
    ELSE v.[business_use]
  END AS [business_use_formatted],
  tpl.[template_id] AS [template_id],
  tpl.[template_name] AS [template_name],
  v.[description] AS [description],
  v.[is_active] AS [is_active],
  v.[type] AS [type],
  v.[Template_status] AS [Template_status],
  v.[discount_amount] AS [discount_amount],
  v.[from_date] AS [from_date],
  v.[to_date] AS [to_date],
  CAST(YEAR(v.[to_date]) AS VARCHAR(4)) + '-' + CAST(MONTH(v.[to_date]) AS VARCHAR(2)) AS [expiration_ym],
  CASE WHEN v.[to_date] < @nextPeriodStart THEN 'expired' ELSE 'valid' END AS [Is_Valid],
  v.[created_at] AS [created_at],
  CAST(YEAR(v.[created_at]) AS VARCHAR(4)) + '-' + CAST(MONTH(v.[created_at]) AS VARCHAR(2)) AS [creation_ym],
  CAST(YEAR(v.[updated_at]) AS VARCHAR(4)) + '-' + CAST(MONTH(v.[updated_at]) AS VARCHAR(2)) AS [last_update_ym],
  v.[last_time_used] AS [last_time_used],
  v.[snapshot_date] AS [snapshot_date],
  v.[voucher_inactive_date] AS [voucher_inactive_date],
  v.[template_inactive_date] AS [template_inactive_date],
  CAST(YEAR(v.[voucher_inactive_date]) AS VARCHAR(4)) + '-' + CAST(MONTH(v.[voucher_inactive_date]) AS VARCHAR(2)) AS [codeinactive_ym],
  CAST(YEAR(v.[template_inactive_date]) AS VARCHAR(4)) + '-' + CAST(MONTH(v.[template_inactive_date]) AS VARCHAR(2)) AS [templateinactive_ym],
  v.[reason] AS [reason],
  v.[updated_at] AS [updated_at],
  v.[fk_customer] AS [fk_customer],
  v.[used_discount_amount] AS [used_discount_amount],
  v.[times_used] AS [times_used],
  v.[remaining_amount] AS [remaining_amount],
  u.[voucher_type] AS [voucher_type],
  u.[shipping_discount] AS [shipping_discount],
  u.[shipping_storecredit] AS [shipping_storecredit],
  u.[MPL_storecredit] AS [MPL_storecredit],
  u.[RTL_storecredit] AS [RTL_storecredit],
  ISNULL(u.[shipping_storecredit], 0) + ISNULL(u.[MPL_storecredit], 0) + ISNULL(u.[RTL_storecredit], 0) AS [TotalAmountUsed],
  v.[discount_amount] - (ISNULL(u.[shipping_storecredit], 0) + ISNULL(u.[MPL_storecredit], 0) + ISNULL(u.[RTL_storecredit], 0)) AS [TotalRemainingAmount],
  CASE
    WHEN v.[first_inactive_date] IS NULL OR v.[to_date] < v.[first_inactive_date] THEN v.[to_date]
    ELSE v.[first_inactive_date]
  END AS [min_inactive_date]
FROM voucher AS v
LEFT JOIN [AIG_Nav_Jumia_Reconciliation].[dbo].[StoreCreditVoucher] AS tpl
  ON tpl.[id] = v.[id]
  AND tpl.[ID_company] = v.[ID_company]
LEFT JOIN usage_to_date AS u
  ON u.[ID_COMPANY] = v.[ID_company]
  AND u.[voucher_code] = v.[code]
-- A fixed row order: the same data always gives the same canonical CSV and hash (methodology §10).
ORDER BY [ID_COMPANY], [id]

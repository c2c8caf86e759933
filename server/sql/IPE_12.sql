-- Tieout extract IPE_12: Packages delivered not reconciled
-- Parameters:
--   @nextPeriodStart  date           first day of the month after N: delivered before it, and
--                                    not resolved by cash reconciliation before it (the older
--                                    extract derived this bound from the run date)
--   @companies        nvarchar(max)  JSON array of company codes; [] means every company
-- Grain: one row per company x sales order item of a paid, non-prepaid order delivered in
--   [2019-01-01, @nextPeriodStart) whose package is not reconciled at closing.
-- Order_nr, ORDER_NR and order_nr are three distinct columns, as the source emits them.
SELECT
  soi.[ID_COMPANY] AS [ID_COMPANY],
  soi.[COD_OMS_ID_PACKAGE] AS [COD_OMS_ID_PACKAGE],
  soi.[PAYMENT_METHOD] AS [PAYMENT_METHOD],
  soi.[IS_MARKETPLACE] AS [IS_MARKETPLACE],
  soi.[Order_nr] AS [Order_nr],
  soi.[PACKAGE_NUMBER] AS [PACKAGE_NUMBER],
  soi.[VOUCHER_TYPE] AS [VOUCHER_TYPE],
  soi.[BOB_ID_CUSTOMER] AS [BOB_ID_CUSTOMER],
  soi.[ORDER_NR] AS [ORDER_NR],
  soi.[ORDER_CREATION_DATE] AS [ORDER_CREATION_DATE],
  soi.[SHIPPED_DATE] AS [SHIPPED_DATE],
  soi.[DELIVERED_DATE] AS [DELIVERED_DATE],
  soi.[PACKAGE_DELIVERY_DATE] AS [PACKAGE_DELIVERY_DATE],
  soi.[IS_PREPAYMENT] AS [IS_PREPAYMENT],
  soi.[MTR_SHIPPING_FEE_MODIFICATION] AS [MTR_SHIPPING_FEE_MODIFICATION],
  soi.[TRACKING_NUMBER] AS [TRACKING_NUMBER],
  soi.[OMS_PACKAGE_STATUS] AS [OMS_PACKAGE_STATUS],
  ct.[Customer_Type_L1] AS [Customer Type],
  pck.[amount_expected] AS [amount_expected],
  pck.[amount_received] AS [amount_received],
  pck.[fk_package_status] AS [fk_package_status],
  pck.[delivered_update_date] AS [delivered_update_date],
  pck.[delivery_date] AS [delivery_date],
  pck.[fk_collection_partner] AS [fk_collection_partner],
  pck.[last_mile] AS [last_mile],
  pck.[package_status] AS [package_status],
  pck.[payment_method_confirmed] AS [payment_method_confirmed],
  pck.[order_nr] AS [order_nr],
  pck.[troubleshoot_resolution_date] AS [troubleshoot_resolution_date],
  soi.[MTR_AMOUNT_PAID] AS [amount_paid],
  soi.[MTR_PAID_PRICE] AS [paid_price],
  ISNULL(soi.[MTR_BASE_SHIPPING_AMOUNT], 0)
    - ISNULL(soi.[MTR_SHIPPING_CART_RULE_DISCOUNT], 0)
    - ISNULL(soi.[MTR_SHIPPING_VOUCHER_DISCOUNT], 0)
    + ISNULL(soi.[MTR_INTERNATIONAL_CUSTOMS_FEE], 0)
    - ISNULL(soi.[MTR_CUSTOMS_FEE_CART_RULE_DISCOUNT], 0)
    + ISNULL(soi.[MTR_INTERNATIONAL_FREIGHT_FEE], 0)
    - ISNULL(soi.[MTR_INTERNATIONAL_DELIVERY_FEE_CART_RULE], 0) AS [paid_shipping],
  soi.[COD_OMS_SALES_ORDER_ITEM] AS [COD_OMS_SALES_ORDER_ITEM]
FROM [AIG_Nav_Jumia_Reconciliation].[dbo].[RPT_SOI] AS soi
LEFT JOIN [STG_AIG_NAV_JUMIA_REC].[OMS].[PACKAGE_CASHREC] AS pck
  ON pck.[ID_COMPANY] = soi.[ID_COMPANY]
  AND pck.[package_nr] = soi.[PACKAGE_NUMBER]
LEFT JOIN [AIG_Nav_Jumia_Reconciliation].[dbo].[RPT_DIM_BOB_CUSTOMER_TYPE] AS ct
  ON ct.[Bob_Customer_Type] = soi.[BOB_CUSTOMER_TYPE]
WHERE soi.[IS_PREPAYMENT] = 0
  AND soi.[PAYMENT_METHOD] <> 'NoPayment'
  AND soi.[DELIVERED_DATE] >= '20190101'
  AND soi.[DELIVERED_DATE] < @nextPeriodStart
  AND (pck.[troubleshoot_resolution_date] IS NULL OR pck.[troubleshoot_resolution_date] >= @nextPeriodStart)
  AND (NOT EXISTS (SELECT 1 FROM OPENJSON(@companies))
       OR soi.[ID_COMPANY] IN (SELECT [value] FROM OPENJSON(@companies)))
-- A fixed row order: the same data always gives the same canonical CSV and hash (methodology §10).
ORDER BY [ID_COMPANY], [COD_OMS_SALES_ORDER_ITEM]

-- Tieout extract CR_04: NAV G/L balances at closing date (actuals)
-- Parameters:
--   @closingDate  date           last calendar day of the period N (the view's CLOSING_DATE)
--   @glAccounts   nvarchar(max)  JSON array of group COA account numbers, e.g. ["13003","18412"]
--   @companies    nvarchar(max)  JSON array of company codes; [] means every company
-- Grain: one row per company x group COA account x currency/busline/partner split of the view;
--   the reconciliation aggregates per company x account.
SELECT
  v.[ID_COMPANY] AS [ID_COMPANY],
  v.[COMPANY_NAME] AS [COMPANY_NAME],
  v.[COUNTRY_CODE] AS [COUNTRY_CODE],
  v.[COUNTRY_NAME] AS [COUNTRY_NAME],
  v.[CLOSING_DATE] AS [CLOSING_DATE],
  v.[REFRESH_DATE] AS [REFRESH_DATE],
  v.[GROUP_COA_ACCOUNT_NO] AS [GROUP_COA_ACCOUNT_NO],
  v.[GROUP_COA_ACCOUNT_NAME] AS [GROUP_COA_ACCOUNT_NAME],
  v.[REAL_COA] AS [REAL_COA],
  v.[CURRENCY] AS [CURRENCY],
  v.[FX_RATE] AS [FX_RATE],
  v.[BALANCE_AT_DATE] AS [BALANCE_AT_DATE],
  v.[BUSLINE_CODE] AS [BUSLINE_CODE],
  v.[REPORTING_COUNTRY_CODE] AS [REPORTING_COUNTRY_CODE],
  v.[REPORTING_COUNTRY_NAME] AS [REPORTING_COUNTRY_NAME],
  v.[PARTNER_CODE] AS [PARTNER_CODE],
  v.[IC_PARTNER_CODE] AS [IC_PARTNER_CODE],
  v.[IS_RECHARGE] AS [IS_RECHARGE],
  v.[IS_RETAINED_EARNINGS] AS [IS_RETAINED_EARNINGS],
  v.[CONSO_ACCOUNT_NO] AS [CONSO_ACCOUNT_NO],
  v.[CONSO_ACCOUNT_NAME] AS [CONSO_ACCOUNT_NAME],
  v.[IFRS_LEVEL_1_NAME] AS [IFRS_LEVEL_1_NAME],
  v.[IFRS_LEVEL_2_NAME] AS [IFRS_LEVEL_2_NAME],
  v.[IFRS_LEVEL_3_NAME] AS [IFRS_LEVEL_3_NAME],
  v.[IS_INTERCO] AS [IS_INTERCO]
FROM [AIG_Nav_Jumia_Reconciliation].[dbo].[V_BS_ANAPLAN_IMPORT_IFRS_MAPPING_CURRENCY_SPLIT] AS v
WHERE v.[CLOSING_DATE] = @closingDate
  AND v.[GROUP_COA_ACCOUNT_NO] IN (SELECT [value] FROM OPENJSON(@glAccounts))
  AND (NOT EXISTS (SELECT 1 FROM OPENJSON(@companies))
       OR v.[ID_COMPANY] IN (SELECT [value] FROM OPENJSON(@companies)))
-- A fixed row order: the same data always gives the same canonical CSV and hash (methodology §10).
ORDER BY [ID_COMPANY], [CLOSING_DATE], [GROUP_COA_ACCOUNT_NO], [CURRENCY], [BUSLINE_CODE], [PARTNER_CODE], [IC_PARTNER_CODE], [REAL_COA]

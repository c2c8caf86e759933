-- Tieout extract CR_05: FX closing rates, LCY per 1 USD
-- Parameters:
--   @fxYear   int  calendar year of the period N
--   @fxMonth  int  month of the period N, 1 to 12
-- Grain: one row per company of fdw.Dim_Company, active or not; FX_rate is NULL when RPT_FX_RATES
--   has no closing rate for the company's country in N (the run then reports FX_MISSING).
-- year and cod_month carry N itself, so a company without a rate still says which month it lacks.
SELECT
  c.[Company_Code] AS [Company_Code],
  c.[Company_Name] AS [Company_Name],
  c.[Opco/Central_?] AS [Opco/Central_?],
  c.[Company_Country] AS [Company_Country],
  c.[Is_Active?] AS [Is_Active?],
  'Closing' AS [rate_type],
  @fxYear AS [year],
  @fxMonth AS [cod_month],
  CASE
    WHEN co.[Country_Name] = 'United States of America' THEN 1
    WHEN co.[Country_Name] = 'Germany' AND RIGHT(c.[Company_Code], 4) = '_USD' THEN 1
    ELSE r.[FX_rate]
  END AS [FX_rate],
  co.[Country_Name] AS [Country_Name]
FROM [AIG_Nav_Jumia_Reconciliation].[fdw].[Dim_Company] AS c
LEFT JOIN [AIG_Nav_Jumia_Reconciliation].[dbo].[RPT_FX_RATES] AS r
  ON r.[country_code] = c.[Company_Country]
  AND r.[year] = @fxYear
  AND r.[cod_month] = @fxMonth
  AND r.[rate_type] = 'Closing'
  AND r.[base_currency] = 'USD'
  AND r.[country] <> 'United arab emirates (the)'
LEFT JOIN [AIG_Nav_Jumia_Reconciliation].[fdw].[Dim_Country] AS co
  ON co.[Country_Code] = c.[Company_Country]
-- A fixed row order: the same data always gives the same canonical CSV and hash (methodology §10).
ORDER BY [Company_Code], [year], [cod_month]

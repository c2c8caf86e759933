-- Tieout extract ENTITIES: Company master (fdw.Dim_Company)
-- Parameters: none
-- Grain: one row per company of fdw.Dim_Company, in and out of consolidation scope; the run
--   decides which entities it may reconcile (methodology §2), so nothing is filtered here.
SELECT
  c.[Company_Code] AS [Company_Code],
  c.[Company_Name] AS [Company_Name],
  c.[Company_Country] AS [Company_Country],
  c.[Opco/Central_?] AS [Opco/Central_?],
  c.[Is_Active?] AS [Is_Active?],
  c.[Flg_In_Conso_Scope] AS [Flg_In_Conso_Scope]
FROM [AIG_Nav_Jumia_Reconciliation].[fdw].[Dim_Company] AS c
-- A fixed row order: the same data always gives the same canonical CSV and hash (methodology §10).
ORDER BY [Company_Code]

-- Tieout extract CR_03: NAV G/L entries, year to date
-- Parameters:
--   @yearStart        date           1 January of the period's year (inclusive)
--   @nextPeriodStart  date           first day of the month after N (exclusive)
--   @glAccounts       nvarchar(max)  JSON array of chart-of-accounts numbers, e.g. ["18412"]
--   @companies        nvarchar(max)  JSON array of company codes; [] means every company
-- Grain: one row per company x G/L entry (Entry No_) in consolidation scope whose detailed
--   entries of [@yearStart, @nextPeriodStart) on the run's accounts do not net to zero.
-- Both the detailed and the G/L posting dates lie in [@yearStart, @nextPeriodStart).
WITH detailed AS (
  SELECT
    d.[id_company] AS [id_company],
    d.[Gen_ Ledger Entry No_] AS [Entry No_],
    SUM(d.[Amount]) AS [Remaining_amount]
  FROM [AIG_Nav_DW].[dbo].[Detailed G_L Entry] AS d
  INNER JOIN [AIG_Nav_Jumia_Reconciliation].[fdw].[Dim_Company] AS dc
    ON dc.[Company_Code] = d.[id_company]
    AND dc.[Flg_In_Conso_Scope] = 1
  WHERE d.[Posting Date] >= @yearStart
    AND d.[Posting Date] < @nextPeriodStart
    AND d.[G_L Account No_] IN (SELECT [value] FROM OPENJSON(@glAccounts))
    AND (NOT EXISTS (SELECT 1 FROM OPENJSON(@companies))
         OR d.[id_company] IN (SELECT [value] FROM OPENJSON(@companies)))
  GROUP BY d.[id_company], d.[Gen_ Ledger Entry No_]
  HAVING SUM(d.[Amount]) <> 0
)
SELECT
  gl.[id_company] AS [id_company],
  c.[Company_Country] AS [Company_Country],
  c.[Flg_In_Conso_Scope] AS [Flg_In_Conso_Scope],
  c.[Opco/Central_?] AS [Opco/Central_?],
  gl.[Entry No_] AS [Entry No_],
  gl.[Document No_] AS [Document No_],
  gl.[External Document No_] AS [External Document No_],
  gl.[Voucher No_] AS [Voucher No_],
  gl.[Posting Date] AS [Posting Date],
  gl.[Document Date] AS [Document Date],
  gl.[Document Type] AS [Document Type],
  gl.[Chart of Accounts No_] AS [Chart of Accounts No_],
  gl.[Account Name] AS [Account Name],
  coa.[Group_COA_Account_No] AS [Group_COA_Account_no],
  coa.[Group_COA_Account_Name] AS [Group_COA_Account_Name],
  gl.[Document Description] AS [Document Description],
  gl.[Amount] AS [Amount],
  det.[Remaining_amount] AS [Remaining_amount],
  gl.[Busline Code] AS [Busline Code],
  gl.[Department Code] AS [Department Code],
  gl.[Bal_ Account Type] AS [Bal_ Account Type],
  gl.[Bal_ Account No_] AS [Bal_ Account No_],
  gl.[Bal_ Account Name] AS [Bal_ Account Name],
  gl.[Reason Code] AS [Reason Code],
  gl.[Source Code] AS [Source Code],
  gl.[Reversed] AS [Reversed],
  gl.[User ID] AS [User ID],
  gl.[G_L Creation Date] AS [G_L Creation Date],
  gl.[Destination Code] AS [Destination Code],
  gl.[Partner Code] AS [Partner Code],
  gl.[System-Created Entry] AS [System-Created Entry],
  gl.[Source Type] AS [Source Type],
  gl.[Source No] AS [Source No],
  gl.[IC Partner Code] AS [IC Partner Code],
  gl.[VendorTag Code] AS [VendorTag Code],
  gl.[CustomerTag Code] AS [CustomerTag Code],
  gl.[Service_Period] AS [Service_Period],
  ifrs.[Level_1_Name] AS [Level_1_Name],
  ifrs.[Level_2_Name] AS [Level_2_Name],
  ifrs.[Level_3_Name] AS [Level_3_Name],
  CASE
    WHEN gl.[Document Description] LIKE '%BACKMARGIN%' OR gl.[Document Description] LIKE '%BM%' THEN 'BackMargin'
    ELSE 'Other'
  END AS [EntryType],
  gl.[Comment] AS [Comment]
FROM [AIG_Nav_DW].[dbo].[G_L Entries] AS gl
INNER JOIN detailed AS det
  ON det.[id_company] = gl.[id_company]
  AND det.[Entry No_] = gl.[Entry No_]
LEFT JOIN [AIG_Nav_Jumia_Reconciliation].[fdw].[Dim_Company] AS c
  ON c.[Company_Code] = gl.[id_company]
LEFT JOIN [AIG_Nav_Jumia_Reconciliation].[fdw].[Dim_ChartOfAccounts] AS coa
  ON coa.[Company_Code] = gl.[id_company]
  AND coa.[G/L_Account_No] = gl.[Chart of Accounts No_]
LEFT JOIN [AIG_Nav_Jumia_Reconciliation].[dbo].[GDOC_IFRS_Tabular_Mapping] AS ifrs
  ON ifrs.[Level_4_Code] = coa.[Group_COA_Account_No]
WHERE c.[Flg_In_Conso_Scope] = 1
  AND gl.[Posting Date] >= @yearStart
  AND gl.[Posting Date] < @nextPeriodStart
-- A fixed row order: the same data always gives the same canonical CSV and hash (methodology §10).
ORDER BY [id_company], [Entry No_]

-- Tieout extract IPE_07: Open customer ledger entries at closing
-- Parameters:
--   @closingDate            date           last calendar day of N; Posting Date is a date-only
--                                          column, so <= @closingDate keeps all of N
--   @customerPostingGroups  nvarchar(max)  JSON array of the AR customer posting groups
--   @companies              nvarchar(max)  JSON array of company codes; [] means every company
-- Grain: one row per open customer ledger entry (company x Entry No_) of a customer whose
--   balance at @closingDate is not zero, in consolidation scope.
-- Debit_Credit_DueMonth compares the due month with the month of @closingDate (never the run
--   date), so a re-run of the same period gives the same rows.
WITH customer_balance AS (
  SELECT
    d.[id_company] AS [id_company],
    d.[Customer No_] AS [Customer No_]
  FROM [AIG_Nav_DW].[dbo].[Detailed Customer Ledg_ Entry] AS d
  WHERE d.[Posting Date] <= @closingDate
    AND (NOT EXISTS (SELECT 1 FROM OPENJSON(@companies))
         OR d.[id_company] IN (SELECT [value] FROM OPENJSON(@companies)))
  GROUP BY d.[id_company], d.[Customer No_]
  HAVING SUM(d.[Amount (LCY)]) <> 0
),
entry_remaining AS (
  SELECT
    d.[id_company] AS [id_company],
    d.[Cust_ Ledger Entry No_] AS [Cust_ Ledger Entry No_],
    SUM(d.[Amount (LCY)]) AS [rem_amt_LCY]
  FROM [AIG_Nav_DW].[dbo].[Detailed Customer Ledg_ Entry] AS d
  WHERE d.[Posting Date] <= @closingDate
    AND (NOT EXISTS (SELECT 1 FROM OPENJSON(@companies))
         OR d.[id_company] IN (SELECT [value] FROM OPENJSON(@companies)))
  GROUP BY d.[id_company], d.[Cust_ Ledger Entry No_]
  HAVING SUM(d.[Amount (LCY)]) <> 0
)
SELECT
  cle.[id_company] AS [id_company],
  c.[Company_Country] AS [Company_Country],
  c.[Opco/Central_?] AS [Opco/Central_?],
  cle.[Entry No_] AS [Entry No_],
  cle.[GL Entry No_] AS [GL Entry No_],
  cle.[Document No_] AS [Document No_],
  cle.[Document Type] AS [Document Type],
  cle.[External Document No_] AS [External Document No_],
  cle.[Posting Date] AS [Posting Date],
  cle.[Customer No_] AS [Customer No_],
  cu.[Name] AS [Customer Name],
  cu.[Busline Code] AS [Customer Busline],
  cle.[Automatically integrated] AS [Automatically integrated],
  cu.[Customer Posting Group] AS [currentpostinggroup],
  cu.[Stream] AS [Stream],
  cle.[Customer Posting Group] AS [Customer Posting Group],
  cle.[Description] AS [Description],
  cle.[Source Code] AS [Source Code],
  cle.[Reason Code] AS [Reason Code],
  cle.[Busline Code] AS [Busline Code],
  b.[Busline_Vertical_Name_1] AS [Busline_Vertical_Name_1],
  b.[Busline_Vertical_Name_2] AS [Busline_Vertical_Name_2],
  b.[Busline_Vertical_Name_3] AS [Busline_Vertical_Name_3],
  cle.[Department Code] AS [Department Code],
  cle.[Original Amount] AS [Original Amount],
  cle.[Currency Code] AS [Currency],
  cle.[Original Amount (LCY)] AS [Original Amount (LCY)],
  er.[rem_amt_LCY] AS [rem_amt_LCY],
  cle.[Open] AS [Open],
  cle.[Due Date] AS [Due Date],
  cle.[User ID] AS [Posted by],
  cle.[Destination Code] AS [Destination Code],
  cle.[Partner Code] AS [Partner Code],
  cle.[IC Partner Code] AS [IC Partner Code],
  CASE
    WHEN EOMONTH(cle.[Due Date]) < EOMONTH(@closingDate) THEN 'Credit'
    WHEN EOMONTH(cle.[Due Date]) > EOMONTH(@closingDate) THEN 'Debit'
    ELSE 'Due Month'
  END AS [Debit_Credit_DueMonth]
FROM [AIG_Nav_DW].[dbo].[Customer Ledger Entries] AS cle
INNER JOIN customer_balance AS cb
  ON cb.[id_company] = cle.[id_company]
  AND cb.[Customer No_] = cle.[Customer No_]
INNER JOIN entry_remaining AS er
  ON er.[id_company] = cle.[id_company]
  AND er.[Cust_ Ledger Entry No_] = cle.[Entry No_]
LEFT JOIN [AIG_Nav_Jumia_Reconciliation].[fdw].[Dim_Company] AS c
  ON c.[Company_Code] = cle.[id_company]
LEFT JOIN [AIG_Nav_Jumia_Reconciliation].[fdw].[Dim_Busline] AS b
  ON b.[Company_Code] = cle.[id_company]
  AND b.[Busline_Code] = cle.[Busline Code]
LEFT JOIN [AIG_Nav_DW].[dbo].[Customers] AS cu
  ON cu.[id_company] = cle.[id_company]
  AND cu.[No_] = cle.[Customer No_]
WHERE cle.[Posting Date] <= @closingDate
  AND cle.[Customer Posting Group] IN (SELECT [value] FROM OPENJSON(@customerPostingGroups))
  AND c.[Flg_In_Conso_Scope] = 1
-- A fixed row order: the same data always gives the same canonical CSV and hash (methodology §10).
ORDER BY [id_company], [Entry No_]

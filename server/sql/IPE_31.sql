-- Tieout extract IPE_31: Collection-partner open items
-- Parameters:
--   @nextPeriodStart    date           first day of the month after N: items open at the end of N
--   @excludedCountries  nvarchar(max)  JSON array of ISO-2 country codes left out, e.g. ["TN","TZ","ZA"]
--   @companies          nvarchar(max)  JSON array of company codes; [] means every company
-- Grain: one row per open item (company x event date x collection partner x transaction type x
--   related entity), the union of four kinds of open item:
--   1. cash-rec transactions not on a transaction list dated before @nextPeriodStart;
--   2. reallocations made before @nextPeriodStart and reallocated on or after it;
--   3. transaction lists in progress: the part of the amount received not yet applied;
--   4. payments and transfers in progress: the part not yet applied to transaction lists.
-- Companies outside consolidation scope have no country and are left out, like excluded countries.
-- The source has no IS_PREPAYMENT, Source or Entity: these optional classification columns are
--   NULL, so rules triggered by them never match (methodology §7 reports such rules).
WITH cashrec AS (
  SELECT
    t.[ID_Company] AS [ID_Company],
    CASE
      WHEN t.[Transaction_Type] IN ('Transfer to', 'Third Party Collection') THEN ISNULL(dep.[OMS_Payment_Date], t.[Created_Date])
      WHEN t.[Transaction_Type] = 'Payment - Rev' THEN dep.[payment_reversal_date]
      ELSE t.[Created_Date]
    END AS [Event_date],
    t.[Collection_Partner] AS [CP],
    t.[Transaction_Type] AS [Transaction_Type],
    t.[Related_Entity] AS [Related_Entity],
    t.[Amount] AS [Amount],
    t.[Transaction_List_No] AS [Transaction_List_No],
    t.[Transaction_List_Date] AS [Transaction_List_Date]
  FROM [AIG_Nav_Jumia_Reconciliation].[dbo].[RPT_CASHREC_TRANSACTION] AS t
  LEFT JOIN [AIG_Nav_Jumia_Reconciliation].[dbo].[RPT_CASHDEPOSIT] AS dep
    ON dep.[ID_Company] = t.[ID_Company]
    AND dep.[OMS_Payment_No] = t.[Related_Entity]
    AND ((t.[Transaction_Type] = 'Transfer to' AND dep.[OMS_Type] = 'Transfer')
      OR (t.[Transaction_Type] IN ('Third Party Collection', 'Payment - Rev') AND dep.[OMS_Type] = 'Payment'))
  WHERE t.[Transaction_Type] NOT IN ('Payment', 'Collection Adjustment (over)', 'Collection Adjustment (under)',
      'Payment Charges', 'Reallocation From', 'Transfer From', 'Payment Charges Rev')
    AND t.[Amount] <> 0
),
waiting_list AS (
  SELECT DISTINCT
    pp.[ID_Company] AS [ID_Company],
    pp.[OMS_Packlist_No] AS [OMS_Packlist_No]
  FROM [AIG_Nav_Jumia_Reconciliation].[dbo].[RPT_PACKLIST_PAYMENTS] AS pp
  WHERE pp.[OMS_Packlist_Status] = 'waitingApproval'
    OR (pp.[OMS_Packlist_Status] = 'waitingConfirmation' AND pp.[OMS_Payment_Reconciled_Amount] IS NULL)
),
open_cashrec AS (
  SELECT cr.[ID_Company], cr.[Event_date], cr.[CP], cr.[Transaction_Type], cr.[Related_Entity], cr.[Amount]
  FROM cashrec AS cr
  WHERE cr.[Event_date] < @nextPeriodStart
    AND (cr.[Transaction_List_No] IS NULL
      OR cr.[Transaction_List_Date] >= @nextPeriodStart
      OR EXISTS (SELECT 1 FROM waiting_list AS w
                 WHERE w.[ID_Company] = cr.[ID_Company] AND w.[OMS_Packlist_No] = cr.[Transaction_List_No]))
),
open_reallocation AS (
  SELECT
    r.[ID_Company] AS [ID_Company],
    r.[Original_Date] AS [Event_date],
    r.[Collection_Partner_From] AS [CP],
    r.[Transaction_Type] AS [Transaction_Type],
    r.[Related_Entity] AS [Related_Entity],
    r.[Amount] AS [Amount]
  FROM [AIG_Nav_Jumia_Reconciliation].[dbo].[RPT_CASHREC_REALLOCATIONS] AS r
  WHERE r.[Original_Date] < @nextPeriodStart
    AND r.[Reallocated_Date] >= @nextPeriodStart
),
force_closed_list AS (
  SELECT DISTINCT adj.[ID_Company] AS [ID_Company], adj.[OMS_Entity_No] AS [OMS_Entity_No]
  FROM [AIG_Nav_Jumia_Reconciliation].[dbo].[RPT_COLLECTIONADJ] AS adj
  WHERE adj.[OMS_Entity_Type] = 'packlist'
    AND adj.[OMS_Force_Closed] = 1
    AND (adj.[OMS_Close_Date] IS NULL OR adj.[OMS_Close_Date] < @nextPeriodStart)
),
list_in_progress AS (
  SELECT
    pp.[ID_Company] AS [ID_Company],
    pp.[OMS_Packlist_No] AS [OMS_Packlist_No],
    MIN(pp.[Collection_Partner]) AS [CP],
    MIN(pp.[OMS_Packlist_Created_Date]) AS [Created_Date],
    MAX(pp.[OMS_Amount_Received]) AS [Amount_Received],
    SUM(CASE WHEN pp.[OMS_Payment_Date] < @nextPeriodStart
        THEN ISNULL(pp.[OMS_Payment_Reconciled_Amount], 0) + ISNULL(pp.[OMS_Charges_Reconciled_Amount], 0)
        ELSE 0 END) AS [Applied]
  FROM [AIG_Nav_Jumia_Reconciliation].[dbo].[RPT_PACKLIST_PAYMENTS] AS pp
  WHERE pp.[OMS_Packlist_Created_Date] < @nextPeriodStart
    AND pp.[OMS_Packlist_Status] IN ('inProgress', 'closed', 'waitingConfirmation')
    AND pp.[OMS_Payment_Reconciled_Amount] IS NOT NULL
  GROUP BY pp.[ID_Company], pp.[OMS_Packlist_No]
),
open_list AS (
  SELECT
    l.[ID_Company] AS [ID_Company],
    l.[Created_Date] AS [Event_date],
    l.[CP] AS [CP],
    'Translist in progress' AS [Transaction_Type],
    l.[OMS_Packlist_No] AS [Related_Entity],
    l.[Amount_Received] - l.[Applied] AS [Amount]
  FROM list_in_progress AS l
  WHERE l.[Amount_Received] - l.[Applied] > 0
    AND NOT EXISTS (SELECT 1 FROM force_closed_list AS f
                    WHERE f.[ID_Company] = l.[ID_Company] AND f.[OMS_Entity_No] = l.[OMS_Packlist_No])
),
deposit_applied AS (
  SELECT
    pp.[ID_Company] AS [ID_Company],
    pp.[OMS_Payment_No] AS [OMS_Payment_No],
    SUM(ISNULL(pp.[OMS_Payment_Reconciled_Amount], 0) + ISNULL(pp.[OMS_Charges_Reconciled_Amount], 0)) AS [Applied]
  FROM [AIG_Nav_Jumia_Reconciliation].[dbo].[RPT_PACKLIST_PAYMENTS] AS pp
  WHERE pp.[OMS_Packlist_Created_Date] < @nextPeriodStart
    AND pp.[OMS_Payment_Date] < @nextPeriodStart
    AND pp.[OMS_Packlist_Status] IN ('inProgress', 'closed', 'waitingConfirmation')
  GROUP BY pp.[ID_Company], pp.[OMS_Payment_No]
),
open_deposit AS (
  SELECT
    d.[ID_Company] AS [ID_Company],
    d.[OMS_Payment_Date] AS [Event_date],
    d.[Collection_Partner] AS [CP],
    d.[OMS_Type] AS [Transaction_Type],
    d.[OMS_Payment_No] AS [Related_Entity],
    -(ISNULL(d.[OMS_Payment_Amount], 0) + ISNULL(d.[OMS_Charges_Amount], 0) - ISNULL(a.[Applied], 0)) AS [Amount]
  FROM [AIG_Nav_Jumia_Reconciliation].[dbo].[RPT_CASHDEPOSIT] AS d
  LEFT JOIN deposit_applied AS a
    ON a.[ID_Company] = d.[ID_Company]
    AND a.[OMS_Payment_No] = d.[OMS_Payment_No]
  WHERE d.[OMS_Payment_Date] < @nextPeriodStart
    AND d.[OMS_Status] IN ('inProgress', 'closed', 'waitingConfirmation')
    AND ISNULL(d.[OMS_Payment_Amount], 0) + ISNULL(d.[OMS_Charges_Amount], 0) - ISNULL(a.[Applied], 0) > 0
    AND NOT EXISTS (
      SELECT 1 FROM [AIG_Nav_Jumia_Reconciliation].[dbo].[RPT_COLLECTIONADJ] AS adj
      WHERE adj.[ID_Company] = d.[ID_Company]
        AND adj.[OMS_Entity_No] = d.[OMS_Payment_No]
        AND adj.[OMS_Entity_Type] <> 'packlist'
        AND (adj.[OMS_Close_Date] < @nextPeriodStart
          OR (adj.[OMS_Force_Closed] = 1 AND adj.[OMS_Close_Date] IS NULL)))
),
open_item AS (
  SELECT oc.[ID_Company], oc.[Event_date], oc.[CP], oc.[Transaction_Type], oc.[Related_Entity], oc.[Amount] FROM open_cashrec AS oc
  UNION ALL
  SELECT orl.[ID_Company], orl.[Event_date], orl.[CP], orl.[Transaction_Type], orl.[Related_Entity], orl.[Amount] FROM open_reallocation AS orl
  UNION ALL
  SELECT ol.[ID_Company], ol.[Event_date], ol.[CP], ol.[Transaction_Type], ol.[Related_Entity], ol.[Amount] FROM open_list AS ol
  UNION ALL
  SELECT od.[ID_Company], od.[Event_date], od.[CP], od.[Transaction_Type], od.[Related_Entity], od.[Amount] FROM open_deposit AS od
),
bank_account AS (
  SELECT
    ba.[id_company] AS [id_company],
    ba.[Service Provider No_] AS [Service Provider No_],
    MIN(pg.[G_L Bank Account No_]) AS [G_L Bank Account No_]
  FROM [AIG_Nav_DW].[dbo].[Bank Accounts] AS ba
  INNER JOIN [AIG_Nav_DW].[dbo].[Bank Account Posting Group] AS pg
    ON pg.[id_company] = ba.[id_company]
    AND pg.[Code] = ba.[Bank Acc_ Posting Group]
  WHERE ba.[Service Provider No_] <> ''
    AND pg.[G_L Bank Account No_] <> '10058'
  GROUP BY ba.[id_company], ba.[Service Provider No_]
)
SELECT
  oi.[ID_Company] AS [ID_Company],
  oi.[Event_date] AS [Event_date],
  oi.[CP] AS [CP],
  oi.[Transaction_Type] AS [Transaction_Type],
  oi.[Related_Entity] AS [Related_Entity],
  oi.[Amount] AS [Amount],
  hub.[SERVICE_PROVIDER] AS [SERVICE_PROVIDER],
  cpt.[Type] AS [Type],
  cpt.[ERP_Name] AS [ERP_Name],
  c.[Company_Country] AS [Company_Country],
  DATEADD(second, -1, CAST(@nextPeriodStart AS DATETIME2(0))) AS [Closing_date],
  bank.[G_L Bank Account No_] AS [G_L Bank Account No_],
  CAST(NULL AS NVARCHAR(20)) AS [IS_PREPAYMENT],
  CAST(NULL AS NVARCHAR(50)) AS [Source],
  CAST(NULL AS NVARCHAR(50)) AS [Entity]
FROM open_item AS oi
LEFT JOIN [AIG_Nav_Jumia_Reconciliation].[dbo].[RPT_HUBS_3PL_MAPPING] AS hub
  ON hub.[NODE] = oi.[CP]
LEFT JOIN [AIG_Nav_Jumia_Reconciliation].[dbo].[RPT_COLLECTIONPARTNERS] AS cpt
  ON cpt.[Name] = oi.[CP]
LEFT JOIN [AIG_Nav_Jumia_Reconciliation].[fdw].[Dim_Company] AS c
  ON c.[Company_Code] = oi.[ID_Company]
  AND c.[Flg_In_Conso_Scope] = 1
LEFT JOIN bank_account AS bank
  ON bank.[id_company] = oi.[ID_Company]
  AND bank.[Service Provider No_] = cpt.[ERP_Name]
WHERE c.[Company_Country] IS NOT NULL
  AND c.[Company_Country] NOT IN (SELECT [value] FROM OPENJSON(@excludedCountries))
  AND (NOT EXISTS (SELECT 1 FROM OPENJSON(@companies))
       OR oi.[ID_Company] IN (SELECT [value] FROM OPENJSON(@companies)))
-- A fixed row order: the same data always gives the same canonical CSV and hash (methodology §10).
ORDER BY [ID_Company], [Event_date], [CP], [Transaction_Type], [Related_Entity], [Amount]

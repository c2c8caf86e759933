-- Tieout extract IPE_11: Marketplace accrued revenues not settled
-- Parameters:
--   @periodStart      date           first day of N (inclusive)
--   @nextPeriodStart  date           first day of the month after N (exclusive)
--   @companies        nvarchar(max)  JSON array of company codes; [] means every company
-- Grain: one row per company x Seller Center revenue transaction created in
--   [@periodStart, @nextPeriodStart) that no account statement ending before @nextPeriodStart
--   has settled.
SELECT
  trs.[ID_Company] AS [ID_Company],
  trs.[Created_Date] AS [SC_Created_Date],
  trs.[ID_Transaction] AS [SC_ID_Transaction],
  trs.[Transaction_No] AS [SC_Transaction_No],
  rt.[Transaction_Type_Name] AS [SC_Transaction_Type],
  trs.[Transaction_Type] AS [SC_ASG_Name],
  asg.[Nav_Type] AS [SC_Nav_Type],
  asg.[ERP_Name] AS [SC_Nav_Message],
  trs.[Transaction_Amount] AS [SC_Transaction_Amount],
  trs.[Created_Manually] AS [SC_Created_Manually],
  ven.[Vendor_No] AS [SC_Vendor_No],
  trs.[BOB_ID_Vendor] AS [BOB_ID_Vendor],
  ven.[Vendor_Name] AS [SC_Vendor_Name],
  ven.[Is_Global] AS [Is_Global],
  trs.[ID_Sales_Order_Item] AS [SC_ID_Sales_Order_Item],
  trs.[OMS_ID_Sales_Order_Item] AS [OMS_ID_Sales_Order_Item],
  trs.[BOB_ID_Sales_Order_Item] AS [BOB_ID_Sales_Order_Item],
  trs.[Order_Nr] AS [Order_Nr],
  ast.[ID_Account_Statement] AS [SC_ID_Account_Statement],
  ast.[Statement_No] AS [SC_Transaction_Statement_No],
  ast.[RING_Start_Date] AS [SC_Start_Date],
  ast.[RING_End_Date] AS [SC_End_Date],
  ast.[Paid] AS [SC_Paid],
  ast.[Paid_Date] AS [SC_Paid_Date],
  asg.[ASG_Level_1] AS [ASG_Level_1],
  asg.[ASG_Level_2] AS [ASG_Level_2],
  asg.[ASG_Level_3] AS [ASG_Level_3],
  asg.[ASG_Level_4] AS [ASG_Level_4]
FROM [AIG_Nav_Jumia_Reconciliation].[dbo].[RPT_TRANSACTIONS_SELLER] AS trs
LEFT JOIN [AIG_Nav_Jumia_Reconciliation].[RING].[RPT_ACCOUNTSTATEMENTS] AS ast
  ON ast.[ID_Company] = trs.[ID_Company]
  AND ast.[ID_Account_Statement] = trs.[RING_ID_Transaction_Statement]
LEFT JOIN [AIG_Nav_Jumia_Reconciliation].[dbo].[RPT_VENDORS] AS ven
  ON ven.[ID_Company] = trs.[ID_Company]
  AND ven.[BOB_ID_Vendor] = trs.[BOB_ID_Vendor]
LEFT JOIN [AIG_Nav_Jumia_Reconciliation].[dbo].[GDOC_DIM_ASG_V2] AS asg
  ON asg.[ID_Company] = trs.[ID_Company]
  AND asg.[SC_ASG_Name] = trs.[Transaction_Type]
LEFT JOIN [AIG_Nav_Jumia_Reconciliation].[RING].[RPT_TRANSACTIONS] AS rt
  ON rt.[ID_Company] = trs.[ID_Company]
  AND rt.[ID_Transaction] = trs.[ID_Transaction]
WHERE trs.[Created_Date] > '20200101'
  AND trs.[Created_Date] >= @periodStart
  AND trs.[Created_Date] < @nextPeriodStart
  AND asg.[ASG_Level_1] = 'Revenues'
  AND (ast.[ID_Account_Statement] IS NULL OR ast.[RING_End_Date] >= @nextPeriodStart)
  AND (NOT EXISTS (SELECT 1 FROM OPENJSON(@companies))
       OR trs.[ID_Company] IN (SELECT [value] FROM OPENJSON(@companies)))
-- A fixed row order: the same data always gives the same canonical CSV and hash (methodology §10).
ORDER BY [ID_Company], [SC_ID_Transaction]

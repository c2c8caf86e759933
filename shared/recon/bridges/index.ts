export type { BridgeDetail, BridgeDiagnosticDraft, BridgeDraft, BridgeLineDraft } from './draft.ts'
export { lineKey } from './draft.ts'
export {
  isTimingVoucher,
  jdashUsageTally,
  timingBridge,
  timingBridgeOfUsage,
  TIMING_TITLE,
  type JdashUsage,
  type TimingInput,
} from './timing.ts'
export { isRefundInactiveInPeriod, vtcBridge, VTC_TITLE, type VtcInput } from './vtc.ts'
export { postingGroupBridge, postingGroupTally, POSTING_GROUP_TITLE, type PostingGroupInput } from './posting-group.ts'
export { businessLineBridge, businessLineTally, BUSINESS_LINE_TITLE, BLANK_BUSINESS_LINE, type BusinessLineInput } from './business-line.ts'

import type { RunDetail } from '../../shared/api/runs.ts'
import type { SignoffView } from '../components/ReviewActions.tsx'

/** The latest sign-off of a run: signed off, or reopened (a reopened sign-off no longer counts). */
export function signoffView(detail: RunDetail): SignoffView {
  const latest = [...detail.signoffs].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)).at(-1)
  const reopened = latest?.reopened ?? null
  return {
    signedOff: latest === undefined || reopened !== null ? null : { by: latest.reviewer, at: latest.at },
    reopened,
    supersededBy: detail.supersededBy,
    manifestHash: detail.evidence?.manifestHash ?? detail.steps.find((step) => step.name === 'evidence')?.sha256 ?? null,
    appendixHead: detail.evidence?.appendixHead ?? null,
  }
}

/** Why a signed-in user is not offered Sync review and Sign off; null when they are. */
export function notOfferedReason(roles: readonly string[] | null, canReview: boolean, preparer: string, me: string | null): string | null {
  if (!canReview) {
    const as = roles === null || roles.length === 0 ? 'without the reviewer role' : `as ${roles.join(', ')}`
    return `Sync review and Sign off are for reviewers; you are signed in ${as}. A reviewer other than the preparer (${preparer}) reviews and signs off.`
  }
  if (me !== null && me === preparer) return `You prepared this run: another reviewer must sign it off (segregation of duties).`
  return null
}

import { describe, expect, it } from 'vitest'
import { ApiError } from '../../addin/api/client.ts'
import { noticeOf } from '../../addin/messages.ts'
import { ERRORS, type ErrorCode } from '../../shared/errors.ts'

describe('noticeOf: server errors', () => {
  it.each(Object.keys(ERRORS) as ErrorCode[])('%s has a title of its own', (code) => {
    const notice = noticeOf(new ApiError(ERRORS[code].status, code, 'the server message'), 'Upload')
    expect(notice.intent).toBe('error')
    expect(notice.title).not.toMatch(/the server refused/)
    expect(notice.message).toBe('the server message')
  })

  it('a refused upload over a limit says so', () => {
    const notice = noticeOf(new ApiError(413, 'TIEOUT_ERR_TOO_LARGE', 'files: more than 300 bytes in one upload'), 'Upload')
    expect(notice).toMatchObject({ title: 'Too large to upload', message: 'files: more than 300 bytes in one upload' })
  })

  it('a code this version does not know gets the action as its title', () => {
    const notice = noticeOf(new ApiError(400, 'TIEOUT_ERR_FROM_THE_FUTURE', 'something new'), 'Reconcile')
    expect(notice).toMatchObject({ intent: 'error', title: 'Reconcile: the server refused', message: 'something new' })
  })
})

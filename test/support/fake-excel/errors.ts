/**
 * Errors shaped like office.js's `OfficeExtension.Error`: a code the add-in branches on, a message
 * and `debugInfo.errorLocation` naming the API that failed.
 */
export type FakeErrorCode =
  | 'PropertyNotLoaded'
  | 'InvalidArgument'
  | 'InvalidOperation'
  | 'ItemNotFound'
  | 'ItemAlreadyExists'
  | 'AccessDenied'
  | 'RequestPayloadSizeLimitExceeded'
  | 'ResponsePayloadSizeLimitExceeded'

export class FakeExcelError extends Error {
  readonly code: FakeErrorCode
  readonly debugInfo: { readonly code: FakeErrorCode; readonly message: string; readonly errorLocation: string }

  constructor(code: FakeErrorCode, message: string, errorLocation = '') {
    super(message)
    this.name = 'RichApi.Error'
    this.code = code
    this.debugInfo = { code, message, errorLocation }
  }
}

export function propertyNotLoaded(property: string): FakeExcelError {
  return new FakeExcelError(
    'PropertyNotLoaded',
    `The property '${property}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
    property,
  )
}

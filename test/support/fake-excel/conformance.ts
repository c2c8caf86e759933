/**
 * The compiler's check of the fake against `@types/office-js`: a fake class `implements
 * FakeOf<Excel.X>`, so every member it shares with the real class must have the real type, with
 * Excel proxy objects loosened to `object` (the fake returns its own proxies).
 */
type Loose<T> = T extends OfficeExtension.ClientObject
  ? object
  : T extends OfficeExtension.ClientResult<infer V>
    ? { readonly value: V }
    : T extends readonly (infer E)[]
      ? E extends OfficeExtension.ClientObject
        ? object[]
        : T
      : T

type LooseTuple<A extends readonly unknown[]> = { [I in keyof A]: Loose<A[I]> }

/** Members every proxy has with office.js-specific overloads; the fake's own versions are tested. */
type Machinery = 'context' | 'load' | 'set' | 'toJSON' | 'track' | 'untrack'

export type FakeOf<Real> = {
  [K in Exclude<keyof Real, Machinery>]?: Real[K] extends (...args: infer A) => infer R
    ? (...args: LooseTuple<A>) => Loose<R>
    : Loose<Real[K]>
}

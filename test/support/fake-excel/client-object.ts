import type { FakeRequestContext } from './context.ts'
import { propertyNotLoaded } from './errors.ts'

type LoadArgument = string | string[] | { select?: string; expand?: string } | undefined

/**
 * The proxy half of every fake object: property reads need `load()` and a `sync()` first, as in
 * office.js; a load snapshots the host's values when the request is processed.
 */
export abstract class FakeClientObject {
  readonly context: FakeRequestContext
  private readonly loaded = new Map<string, unknown>()

  protected constructor(context: FakeRequestContext) {
    this.context = context
  }

  /** The office.js class name, for error messages. */
  protected abstract readonly typeName: string
  /** Properties `load()` without arguments fetches. */
  protected abstract readonly scalarProperties: readonly string[]
  /** The host's current value of a loadable property; throws when the object cannot be resolved. */
  protected abstract snapshot(property: string): unknown

  load(properties?: LoadArgument): this {
    const names = this.propertyNames(properties)
    this.context.enqueue({
      describe: { load: this.typeName, properties: names },
      run: () => {
        const response: Record<string, unknown> = {}
        for (const name of names) response[name] = this.snapshot(name)
        for (const name of names) this.loaded.set(name, response[name])
        return response
      },
    })
    return this
  }

  protected loadedValue<T>(property: string): T {
    if (!this.loaded.has(property)) throw propertyNotLoaded(`${this.typeName}.${property}`)
    return this.loaded.get(property) as T
  }

  protected markLoaded(property: string, value: unknown): void {
    this.loaded.set(property, value)
  }

  private propertyNames(properties: LoadArgument): string[] {
    if (properties === undefined) return [...this.scalarProperties]
    const text = typeof properties === 'string' ? properties : Array.isArray(properties) ? properties.join(',') : (properties.select ?? '')
    const names = text
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '')
    for (const name of names) {
      if (!this.scalarProperties.includes(name)) throw new TypeError(`fake Excel: ${this.typeName}.load("${name}") is not supported`)
    }
    return names
  }
}

import { statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { build, databaseOf } from '../../helper.ts'
import { tempDir, tieout } from './cli.ts'

describe('tieout tokens create', () => {
  it('prints a new token once; the server of that data directory accepts it with its role', async () => {
    const dataDir = join(await tempDir('tokens'), 'data')
    // The server's state store: the CLI writes where the server reads.
    const env = { TIEOUT_DATABASE_URL: await databaseOf(dataDir) }
    const outcome = await tieout(['tokens', 'create', '--role', 'reviewer', '--name', 'ada', '--data-dir', dataDir], env)
    expect(outcome.code, outcome.stderr).toBe(0)
    expect(outcome.stdout).toMatch(/^[A-Za-z0-9_-]{43}\n$/)
    expect(outcome.stderr).toContain('API token "ada" (reviewer) created')
    expect(statSync(dataDir).mode & 0o777).toBe(0o700)

    const test = await build({ dataDir })
    const me = await test.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${outcome.stdout.trim()}` } })
    expect(me.json()).toEqual({ id: 'ada', roles: ['reviewer'], via: 'token' })
  })

  it('refuses an unknown role, a bad name and an active name, with exit code 2 or 1 and a message', async () => {
    const dataDir = join(await tempDir('tokens'), 'data')
    const role = await tieout(['tokens', 'create', '--role', 'boss', '--name', 'x', '--data-dir', dataDir])
    expect(role.code).toBe(2)
    expect(role.stderr).toContain('--role: "boss" must be one of preparer, reviewer, auditor, admin')
    const name = await tieout(['tokens', 'create', '--role', 'admin', '--name', 'a b', '--data-dir', dataDir])
    expect(name.code).toBe(2)
    expect(name.stderr).toContain('--name: "a b" must be 1 to 64 letters')
    expect((await tieout(['tokens', 'create', '--role', 'admin', '--name', 'ops', '--data-dir', dataDir])).code).toBe(0)
    const again = await tieout(['tokens', 'create', '--role', 'admin', '--name', 'ops', '--data-dir', dataDir])
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('an API token named ops already exists')
    expect(again.stdout).toBe('')
  })
})

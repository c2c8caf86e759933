#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx: one code path for the CLI, the server and tests.
import { register } from 'tsx/esm/api'

// The PostgreSQL client warns of a usage inside the durable-run library on every start; nothing to act on.
process.noDeprecation = true
register()
await import('../server/cli/main.ts')

#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx: one code path for the CLI, the server and tests.
import { register } from 'tsx/esm/api'

register()
await import('../server/cli/main.ts')

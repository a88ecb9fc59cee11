/**
 * The built-in Sandbox profile's own operations: how big it is and which problems it holds (its truth), and the
 * scenario switches that make one thing go wrong on purpose (shared/domain/sandbox-scenarios.ts).
 */
import { z } from 'zod'
import { healthKindSchema } from '../domain/health-kinds'
import { scenarioCommandSchema } from '../domain/sandbox-scenarios'
import { noInput, op } from './define'

export const sandboxStatusSchema = z.object({
  /** False until the Sandbox profile has started its emulator (or when it could not). */
  running: z.boolean(),
  customers: z.number().int().nonnegative(),
  seed: z.number().int(),
  /** How many problems of each kind the Sandbox holds now (its truth, counted). */
  problems: z.record(healthKindSchema, z.number().int().nonnegative()),
})
export type SandboxStatus = z.infer<typeof sandboxStatusSchema>

export const sandboxOps = {
  'sandbox:status': op(noInput, sandboxStatusSchema, "The built-in Sandbox's size, seed and how many problems of each kind it holds"),
  'sandbox:scenario': op(
    scenarioCommandSchema,
    z.object({ summary: z.string(), status: sandboxStatusSchema }),
    'Make one thing go wrong in the built-in Sandbox: fail a connection, stop a recipe with a cause, fail jobs, drop an origin',
  ),
} as const

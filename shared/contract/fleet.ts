import { z } from 'zod'

export const bulkTargetSchema = z.object({ customerId: z.number().int().positive(), recipeId: z.number().int().positive() })

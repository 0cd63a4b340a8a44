import { z } from 'zod';

/** Schemas registered here become components of the OpenAPI document (by their id). */
export const apiSchemas = z.registry<{ id: string; description?: string }>();

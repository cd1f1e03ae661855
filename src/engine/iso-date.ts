import { z } from 'zod';
import { addDays, dateMs } from './calendar.js';

/** A calendar date as YYYY-MM-DD (UTC), refused with the reason when it is not one (2021-02-30). */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(dateMs(s)) && addDays(s, 0) === s, 'a real calendar date')
  .meta({ description: 'A calendar date, YYYY-MM-DD (UTC)' });

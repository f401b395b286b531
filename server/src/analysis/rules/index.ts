/** Every rule, one file each; the id is the diagnostic code and the settings key. */
import type { Rule } from '../types';

export const RULES: readonly Rule[] = [];

import { resolve } from 'node:path';

/** network/consortium.yaml, the alliance the project runs by default. */
export const DEFAULT_CONSORTIUM_FILE = resolve(__dirname, '..', 'consortium.yaml');

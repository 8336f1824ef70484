/**
 * Settings for the commands that run once and exit (`validate`, `optimize`), set when such a command starts.
 *
 * zod compiles an object schema into a generated parser (`new Function`) on its first use; that pays off over many
 * parses (the operator), not over the handful a dry run makes. Measured (docs/optimizer.md, "Fourth round"):
 * validating the air-quality policies and the SAVI sites in a fresh process takes 34–45 ms with the generated
 * parsers and 12–22 ms without. The results are the same: only how zod runs a schema changes.
 */
import { z } from 'zod';

/** Turns zod's parser generation off for the rest of this process. */
export function configureShortRun(): void {
  z.config({ jitless: true });
}

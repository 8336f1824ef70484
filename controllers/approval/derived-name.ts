/** The name the approval gate gives a Plan's Atlas and Harbor (SESSION contract: named like the application). */
import { stableName } from '../../src/util/names.js';

/** Name of the Atlas and of the Harbor of an application: the application id as a DNS label (hashed when it is not one). */
export function derivedObjectName(application: string): string {
  return stableName([application]);
}

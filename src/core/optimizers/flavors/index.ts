/**
 * The flavours of each optimizer: which libraries' versions LR Lab can compute (`flavor` in an
 * optimizer config; absent or 'pytorch' is the optimizer's own, PyTorch's, rule).
 */
import { LrLabError } from '../../errors';
import { adadeltaFlavors } from './adadelta';
import { adagradFlavors } from './adagrad';
import { adamFlavors } from './adam';
import { nadamFlavors } from './nadam';
import { rmspropFlavors } from './rmsprop';
import { FLAVOR_LIBRARIES, FLAVORS, type Flavor, type FlavorDefinition } from './types';

/** Optimizer type → its other libraries' versions (optimizers not listed have only PyTorch's). */
export const optimizerFlavors: Readonly<Record<string, readonly FlavorDefinition<any, any>[]>> = {
  adagrad: adagradFlavors,
  rmsprop: rmspropFlavors,
  adam: adamFlavors,
  adadelta: adadeltaFlavors,
  nadam: nadamFlavors,
};

/** The flavours an optimizer can be run as, 'pytorch' first. */
export function flavorsOf(type: string): Flavor[] {
  return ['pytorch', ...(optimizerFlavors[type] ?? []).map((f) => f.flavor)];
}

/**
 * The flavour a config asks for: null for PyTorch's own rule (no `flavor`, or 'pytorch');
 * an unknown flavour, or one the optimizer lacks, is an error listing the ones it has.
 */
export function flavorFor(type: string, flavor: unknown): FlavorDefinition<any, any> | null {
  if (flavor === undefined || flavor === 'pytorch') return null;
  const found = typeof flavor === 'string' ? optimizerFlavors[type]?.find((f) => f.flavor === flavor) : undefined;
  if (found !== undefined) return found;
  const known = typeof flavor === 'string' && (FLAVORS as readonly string[]).includes(flavor);
  const has = flavorsOf(type).map((f) => `"${f}"`).join(', ');
  throw LrLabError.worded('invalidConfig', known ? { id: 'flavorNotModelled', args: [type, FLAVOR_LIBRARIES[flavor as Flavor], has] } : { id: 'flavorUnknown', args: [type, JSON.stringify(flavor), has] });
}

/** Options the flavour's library lacks must keep their "off" value: say which and why. */
export function checkAbsentOptions(flavor: FlavorDefinition<any, any>, options: Readonly<Record<string, unknown>>, owner: string): void {
  for (const [name, absent] of Object.entries(flavor.absent ?? {})) {
    if (absent !== undefined && JSON.stringify(options[name]) !== JSON.stringify(absent.value)) {
      throw new LrLabError('invalidConfig', `${owner}.${name} must be ${JSON.stringify(absent.value)}: ${absent.reason} (got ${JSON.stringify(options[name])})`);
    }
  }
}

export { FLAVOR_LIBRARIES, FLAVORS, flavorOptionSpecs, type Flavor, type FlavorDefinition, type LibraryFlavor } from './types';

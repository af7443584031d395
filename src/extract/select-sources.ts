import picomatch from 'picomatch';
import { UsageError } from '../errors/index.js';
import { didYouMean } from '../util/did-you-mean.js';
import type { SourceInstanceConfig } from './sources/index.js';

export function instanceName(cfg: SourceInstanceConfig): string {
  return `${cfg.kind}.${cfg.name}`;
}

/**
 * The instances `--source` selects, in configuration order. A term is a full name
 * (`incident_io.companya`), a kind (`litellm`: all its instances) or a glob (`incident_io.*`). A term
 * that matches nothing is a usage error naming the closest instance.
 */
export function selectInstances(instances: readonly SourceInstanceConfig[], terms?: readonly string[]): SourceInstanceConfig[] {
  if (!terms || terms.length === 0) return [...instances];
  const names = instances.map(instanceName);
  const chosen = new Set<number>();
  for (const raw of terms) {
    for (const term of raw.split(',').map((t) => t.trim()).filter((t) => t !== '')) {
      const isMatch = picomatch(term, { nocase: true });
      let hit = false;
      instances.forEach((cfg, i) => {
        if (cfg.kind.toLowerCase() === term.toLowerCase() || isMatch(names[i]!)) {
          chosen.add(i);
          hit = true;
        }
      });
      if (!hit) {
        const suggestion = didYouMean(term, [...names, ...new Set(instances.map((c) => c.kind))]);
        throw new UsageError('usage/bad-flag', `--source '${term}' matches no extract source`, {
          hint: suggestion ? `${suggestion[0]!.toUpperCase()}${suggestion.slice(1)}` : `Sources: ${names.join(', ')}.`,
        });
      }
    }
  }
  return instances.filter((_, i) => chosen.has(i));
}

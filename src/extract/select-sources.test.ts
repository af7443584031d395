import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors/index.js';
import { selectInstances, instanceName } from './select-sources.js';
import { EXTRACT_INSTANCES } from './sources/index.js';

describe('selectInstances', () => {
  it('selects everything by default', () => {
    expect(selectInstances(EXTRACT_INSTANCES)).toHaveLength(EXTRACT_INSTANCES.length);
  });
  it('takes globs, kinds and full names, in configuration order', () => {
    expect(selectInstances(EXTRACT_INSTANCES, ['incident_io.*']).map(instanceName)).toEqual(['incident_io.companya', 'incident_io.companyb', 'incident_io.companyc']);
    expect(selectInstances(EXTRACT_INSTANCES, ['datadog', 'incident_io.companyb']).map(instanceName)).toEqual(['incident_io.companyb', 'datadog.default']);
    expect(selectInstances(EXTRACT_INSTANCES, ['litellm,cursor']).map(instanceName)).toEqual(['litellm.default', 'cursor.default']);
  });
  it('rejects a term that matches nothing, suggesting the closest name', () => {
    const err = (() => {
      try {
        selectInstances(EXTRACT_INSTANCES, ['incident_io.compnya']);
      } catch (e) {
        return e;
      }
      return undefined;
    })() as UsageError;
    expect(err).toBeInstanceOf(UsageError);
    expect(err.code).toBe('usage/bad-flag');
    expect(err.hint).toContain("'incident_io.companya'");
  });
});

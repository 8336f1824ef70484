import { describe, expect, it } from 'vitest';
import { selectAreas, type ControllerArea } from './operator.js';

const area = (name: string): ControllerArea => ({
  name,
  description: name,
  load: () => Promise.reject(new Error('not loaded in this test')),
});
const AREAS = [area('policy'), area('approval'), area('atlas')];

describe('selectAreas', () => {
  it('runs every area when --controllers is absent, else the named ones in table order', () => {
    expect(selectAreas(undefined, AREAS)).toEqual({ ok: true, areas: AREAS });
    const some = selectAreas(['atlas', 'policy'], AREAS);
    expect(some.ok && some.areas.map((a) => a.name)).toEqual(['policy', 'atlas']);
  });

  it('names an unknown area and the known ones', () => {
    expect(selectAreas(['policy', 'polcy'], AREAS)).toEqual({
      ok: false,
      message: 'unknown controller "polcy" (known: policy, approval, atlas)',
    });
  });
});

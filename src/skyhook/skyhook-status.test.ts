import { describe, expect, it } from 'vitest';
import { summarizeSkyhookStatus } from './skyhook-status.js';

describe('summarizeSkyhookStatus (status as the operator writes it)', () => {
  it.each([
    [{}, { state: 'Unknown', reason: 'the Skyhook operator has not reported yet (is it installed on this cluster?)' }],
    [
      { status: { status: 'complete', completeNodes: '2/2' } },
      { state: 'Complete', reason: 'every package is applied on every selected node', completeNodes: '2/2' },
    ],
    [
      {
        status: {
          status: 'erroring',
          completeNodes: '1/2',
          nodeState: {
            'node-b': {
              'nvidia-driver|550.54.15': { name: 'nvidia-driver', version: '550.54.15', image: 'x', stage: 'apply', state: 'erroring', restarts: 3 },
            },
          },
        },
      },
      { state: 'Blocked', reason: 'package failing: nvidia-driver 550.54.15 on node-b (stage apply, 3 restarts)', completeNodes: '1/2' },
    ],
    [
      {
        status: {
          status: 'blocked',
          conditions: [
            { type: 'skyhook.nvidia.com/TaintNotTolerable', status: 'True', reason: 'TaintNotTolerable', message: 'node-a has taint gpu' },
          ],
        },
      },
      { state: 'Blocked', reason: 'TaintNotTolerable: node-a has taint gpu' },
    ],
    [{ status: { status: 'paused' } }, { state: 'Blocked', reason: 'the Skyhook is paused (annotation skyhook.nvidia.com/pause)' }],
    [
      { status: { status: 'waiting' } },
      { state: 'InProgress', reason: 'waiting: the interruption budget or a higher-priority Skyhook holds the next nodes' },
    ],
    [{ status: { status: 'in_progress', completeNodes: '0/3' } }, { state: 'InProgress', reason: 'applying packages', completeNodes: '0/3' }],
    [
      { metadata: { generation: 3 }, status: { status: 'complete', observedGeneration: 2 } },
      { state: 'InProgress', reason: 'the operator has not yet seen generation 3 (last saw 2)' },
    ],
  ])('%#', (skyhook, expected) => {
    expect(summarizeSkyhookStatus(skyhook)).toEqual(expected);
  });
});

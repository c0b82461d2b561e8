import assert from 'node:assert/strict';
import { test } from 'node:test';

import { toPlanck } from '../src/transfer.js';

test('toPlanck converts decimal CPC to the smallest unit', () => {
  assert.equal(toPlanck('1', 18), 10n ** 18n);
  assert.equal(toPlanck('1.5', 18), 15n * 10n ** 17n);
  assert.equal(toPlanck('0.000000000000000001', 18), 1n);
});

test('toPlanck rejects what is not an amount', () => {
  assert.throws(() => toPlanck('1.0000000000000000001', 18), /at most 18 decimals/);
  assert.throws(() => toPlanck('-1', 18), /not a CPC amount/);
  assert.throws(() => toPlanck('abc', 18), /not a CPC amount/);
});

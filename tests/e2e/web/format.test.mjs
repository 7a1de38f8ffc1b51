// web/src/format.js under Node's built-in test runner (node --test): the same
// cases as tests/test_format.c, so the dashboard and the CLI agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pace, duration, distance, elevation, num, latest, NOT_MEASURED } from '../../../web/src/format.js';

test('pace rounds the whole value', () => {
  assert.equal(pace(359.6), '6:00 /km');
  assert.equal(pace(359.5), '6:00 /km'); // 5:59.5
  assert.equal(pace(359.4), '5:59 /km');
  assert.equal(pace(299.99), '5:00 /km');
  assert.equal(pace(3600.2), '1:00:00 /km');
  assert.equal(pace(360, true), '9:39 /mi');
  assert.equal(pace(372.82, true), '10:00 /mi');
});

test('not measured instead of NaN, null, undefined, negative', () => {
  assert.equal(NOT_MEASURED, 'not measured');
  for (const v of [NaN, null, undefined, Infinity, -300, '360'])
    assert.equal(pace(v), NOT_MEASURED, String(v));
  assert.equal(duration(NaN), NOT_MEASURED);
  assert.equal(duration(null), NOT_MEASURED);
  assert.equal(duration(-1), NOT_MEASURED);
  assert.equal(distance(NaN, false, 1), NOT_MEASURED);
  assert.equal(distance(undefined), NOT_MEASURED);
  assert.equal(elevation(-Infinity), NOT_MEASURED);
  assert.equal(num(null, 2, ' deg'), NOT_MEASURED);
});

test('duration', () => {
  assert.equal(duration(0), '0:00');
  assert.equal(duration(59.6), '1:00');
  assert.equal(duration(2881), '48:01');
  assert.equal(duration(3599.5), '1:00:00');
  assert.equal(duration(15140), '4:12:20');
  assert.equal(duration(36000), '10:00:00');
});

test('distance and numbers', () => {
  assert.equal(distance(39934.24, false, 1), '39.9 km');
  assert.equal(distance(9000, false, 2), '9.00 km');
  assert.equal(distance(1609.344, true, 2), '1.00 mi');
  assert.equal(distance(42195, true, 1), '26.2 mi');
  assert.equal(elevation(605.4), '605 m');
  assert.equal(elevation(100, true), '328 ft');
  assert.equal(num(-1.24, 1, ' deg'), '-1.2 deg');
  assert.equal(num(-0.04, 1), '0.0');
  assert.equal(num(164.25, 1, ' spm'), '164.2 spm'); // an exact tie: to even, as printf
  assert.equal(num(164.35, 1), '164.3'); // 164.35 is just below the tie as a double
  assert.equal(num(2.5, 0, ' %'), '2 %');
  assert.equal(num(3.5, 0), '4');
  assert.equal(num(-2.5, 0), '-2');
});

test('legend value before hover: the latest measured value', () => {
  assert.equal(latest([1, 2, null, NaN]), '2.0');
  assert.equal(latest([null, undefined]), NOT_MEASURED);
  assert.equal(latest([], v => pace(v)), NOT_MEASURED);
  assert.equal(latest([300, 359.6], v => pace(v)), '6:00 /km');
});

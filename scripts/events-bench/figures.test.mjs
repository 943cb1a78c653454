import { test } from 'node:test';
import assert from 'node:assert/strict';

import { heapUsedKiB, percentile, perStream, rssKiB } from './figures.mjs';

test('percentile is the nearest rank', () => {
  const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted
  assert.equal(percentile(values, 50), 50);
  assert.equal(percentile(values, 99), 99);
  assert.equal(percentile(values, 100), 100);
  assert.equal(percentile([7], 99), 7);
  assert.ok(Number.isNaN(percentile([], 50)));
});

test('rssKiB reads VmRSS from /proc/<pid>/status', () => {
  assert.equal(rssKiB('Name:\tjava\nVmPeak:\t 999 kB\nVmRSS:\t  312456 kB\nThreads:\t40\n'), 312456);
  assert.throws(() => rssKiB('Name:\tjava\n'), /VmRSS/);
});

test('heapUsedKiB reads the used heap of jcmd GC.heap_info', () => {
  const g1 = `12345:
 garbage-first heap   total reserved 262144K, committed 65536K, used 23456K [0x00000000f0000000, 0x0000000100000000)
  region size 1024K, 12 young (12288K), 2 survivors (2048K)`;
  assert.equal(heapUsedKiB(g1), 23456);
  const older = ' garbage-first heap   total 65536K, used 1024K [0x0, 0x1)';
  assert.equal(heapUsedKiB(older), 1024);
  const serial = `8246:
DefNew     total 19648K, used 439K [0x00000000fc000000, 0x00000000fd550000, 0x00000000fd550000)
 eden space 17472K,   2% used [0x00000000fc000000, 0x00000000fc06dd28, 0x00000000fd110000)
 from space 2176K,   0% used [0x00000000fd110000, 0x00000000fd110000, 0x00000000fd330000)
Tenured    total 43712K, used 25337K [0x00000000fd550000, 0x0000000100000000, 0x0000000100000000)
 the  space 43712K,  57% used [0x00000000fd550000, 0x00000000fee0e7a0, 0x0000000100000000)`;
  assert.equal(heapUsedKiB(serial), 439 + 25337);
  assert.throws(() => heapUsedKiB('nothing'), /used/);
});

test('perStream divides the growth by the streams', () => {
  assert.equal(perStream(100_000, 120_000, 2000), 10);
  assert.equal(perStream(100_000, 100_150, 100), 1.5);
  assert.ok(Number.isNaN(perStream(1, 2, 0)));
});

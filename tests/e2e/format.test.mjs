// The page's one number formatter (www/js/format.js), in Chromium's Intl: what the views show in
// English, the same text as the Rust captions for μ, σ² … (3 significant digits), '–' for
// non-finite values, and the page language switched in one place (setLocale).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage } from './harness.mjs';

test('format.js: numbers, percentages, counts and durations as the views show them', async () => {
  const { page, errors, close } = await openPage('/index.html');
  try {
    const out = await page.evaluate(async () => {
      const f = await import('/js/format.js');
      const en = {
        number: [0.03, 0.0316227766, 0.9, 0.999, 1.23456, 128.4, 12345.6, 0.000123456, 2.5e5, -2.5, -2.5e-5, 0, -0, 0.0001, 0.001]
          .map((v) => f.number(v)),
        number4: [0.03, 0.0005, 0.00003139, 0.06].map((v) => f.number(v, { digits: 4 })),
        fixed: [0.6931, 1.5, 12345.678].map((v) => f.fixed(v, 3)),
        percent: [f.percent(0.873), f.percent(0.05, 0), f.percent(1, 0), f.percent(0.999, 1)],
        integer: [f.integer(1234567), f.integer(0), f.integer(10)],
        seconds: [f.seconds(1260), f.seconds(90)],
        none: [f.number(NaN), f.fixed(Infinity, 3), f.percent(-Infinity), f.integer(NaN), f.seconds(NaN)],
      };
      f.setLocale('zh-CN');
      const zh = { integer: f.integer(1234567), percent: f.percent(0.5), number: f.number(1.5e-6) };
      let bad = null;
      try {
        f.setLocale('not a tag!');
      } catch (e) {
        bad = e.name;
      }
      f.setLocale('en');
      return { en, zh, bad };
    });
    assert.deepEqual(out.en, {
      number: ['0.03', '0.0316', '0.9', '0.999', '1.23', '128', '12346', '1.23e-4', '2.5e5', '−2.5', '−2.5e-5', '0', '0', '1e-4', '0.001'],
      number4: ['0.03', '0.0005', '3.139e-5', '0.06'],
      fixed: ['0.693', '1.500', '12345.678'],
      percent: ['87.3%', '5%', '100%', '99.9%'],
      integer: ['1,234,567', '0', '10'],
      seconds: ['1.3 s', '0.1 s'],
      none: ['–', '–', '–', '–', '–'],
    });
    assert.deepEqual(out.zh, { integer: '1,234,567', percent: '50.0%', number: '1.5e-6' });
    assert.equal(out.bad, 'RangeError', 'a malformed language tag is refused');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

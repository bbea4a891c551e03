// Every refusal visible at its control (issue 12): a table of bad or extreme URL inputs across
// every view. For each: the message is shown, visibly, at the control of the key it is about
// (or, for a key or view no view knows, as a visible notice naming it), the page raises no
// error and stays responsive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, selectedViews } from './harness.mjs';

// [view, query, key the message belongs to (null: a page notice), text the message contains]
const CASES = [
  // ---- panda: the training settings ----
  ['panda', 'lr=abc', 'lr', /'abc' is not a number above 0, at most 100/],
  ['panda', 'lr=-1', 'lr', /above 0/],
  ['panda', 'lr=0', 'lr', /above 0/],
  ['panda', 'lr=NaN', 'lr', /NaN/],
  ['panda', 'lr=inf', 'lr', /inf/],
  ['panda', 'lr=1e308', 'lr', /at most 100/],
  ['panda', `lr=${'9'.repeat(400)}`, 'lr', /…/],
  ['panda', 'points=3', 'points', /whole number from 20 to 5000/],
  ['panda', 'points=1e9', 'points', /'1e9' is not a whole number/],
  ['panda', 'points=2.5', 'points', /whole number/],
  ['panda', 'noise=2', 'noise', /from 0 to 1/],
  ['panda', 'noise=-0.1', 'noise', /from 0 to 1/],
  ['panda', 'train=0.99', 'train', /from 0.1 to 0.9/],
  ['panda', 'hidden=-3', 'hidden', /layer sizes from 1 to 64/],
  ['panda', 'hidden=8,0', 'hidden', /1 to 64 units/],
  ['panda', 'hidden=1,1,1,1,1', 'hidden', /1 to 4 hidden layers/],
  ['panda', 'hidden=abc', 'hidden', /layer sizes/],
  ['panda', 'hidden=65', 'hidden', /1 to 64 units/],
  ['panda', 'bn=2', 'bn', /1 \(on\) or 0 \(off\)/],
  ['panda', 'bnEps=0', 'bnEps', /from/],
  ['panda', 'bnMomentum=2', 'bnMomentum', /from 0 to 1/],
  ['panda', 'init=foo', 'init', /one of he, xavier/],
  ['panda', 'initScale=0', 'initScale', /from 0.01 to 100/],
  ['panda', 'initScale=1000', 'initScale', /from 0.01 to 100/],
  ['panda', 'optimizer=rmsprop', 'optimizer', /one of sgd, momentum, adam/],
  ['panda', 'optimizer=momentum&momentum=1', 'momentum', /below 1/],
  ['panda', 'momentum=1', 'momentum', /below 1/],
  ['panda', 'beta1=1', 'beta1', /below 1/],
  ['panda', 'beta2=1.5', 'beta2', /below 1/],
  ['panda', 'adamEps=0', 'adamEps', /above 0/],
  ['panda', 'decay=-1', 'decay', /from 0 to 100/],
  ['panda', 'batch=0', 'batch', /whole number from 1 to 5000/],
  ['panda', 'batch=1&bn=1', 'batch', /Batch size 1 with batch norm/],
  ['panda', 'batch=9999', 'batch', /whole number from 1 to 5000/],
  ['panda', 'batch=5&batch=0', 'batch', /given twice/],
  ['panda', 'points=20&batch=30', 'batch', /training points/],
  ['panda', 'dataSeed=-1', 'dataSeed', /whole number from 0/],
  ['panda', 'dataSeed=abc', 'dataSeed', /'abc'/],
  ['panda', 'initSeed=99999999999999999999', 'initSeed', /whole number from 0/],
  ['panda', 'batchSeed=1.5', 'batchSeed', /whole number/],
  ['panda', 'nudges=1:lr:NaN', 'nudges', /1:lr:NaN/],
  ['panda', 'nudges=x:lr:0.1', 'nudges', /x:lr:0.1/],
  ['panda', 'nudges=100:alpha:0.1', 'nudges', /100:alpha:0.1/],
  ['panda', 'nudges=200:lr:0.1,100:lr:0.2', 'nudges', /step order/],
  ['panda', 'dataset=banana', 'dataset', /one of circle/],
  ['panda', 'activation=sigmoid', 'activation', /one of tanh, relu/],
  ['panda', 'speed=fast', 'speed', /one of 1, 10, 100, max/],
  ['panda', 'bnMode=maybe', 'bnMode', /one of running, batch/],
  // ---- caviar ----
  ['caviar', 'models=0', 'models', /whole number from 2 to 64/],
  ['caviar', 'models=65', 'models', /whole number from 2 to 64/],
  ['caviar', 'models=abc', 'models', /'abc'/],
  ['caviar', 'modelSteps=0', 'modelSteps', /whole number/],
  ['caviar', 'modelSteps=1e9', 'modelSteps', /'1e9'/],
  ['caviar', 'sample=foo', 'sample', /one of/],
  ['caviar', 'lrMin=abc', 'lrMin', /'abc'/],
  ['caviar', 'lrMin=-1', 'lrMin', /above 0/],
  ['caviar', 'caviarSeed=-1', 'caviarSeed', /whole number from 0/],
  ['caviar', 'changedData=banana', 'changedData', /one of/],
  ['caviar', 'dataset=banana', 'dataset', /one of circle/],
  ['caviar', 'lr=abc', 'lr', /'abc'/],
  // ---- race ----
  ['race', 'budget=0', 'budget', /whole number from 1 to 400/],
  ['race', 'budget=1e', 'budget', /'1e' is not a whole number/],
  ['race', 'budget=abc', 'budget', /'abc' is not a whole number/],
  ['race', 'budget=401', 'budget', /from 1 to 400/],
  ['race', 'budget=1000000000', 'budget', /from 1 to 400/],
  ['race', 'budget=-3', 'budget', /'-3'/],
  ['race', 'xAxis=banana', 'xAxis', /one of lr, momentum/],
  ['race', 'xScale=cubic', 'xScale', /one of linear, log/],
  ['race', 'xMin=abc', 'xMin', /'abc' is not a number/],
  ['race', 'xMin=1&xMax=0.001', 'xMin', /greater than its max/],
  ['race', 'xMin=0', 'xMin', /log scale needs a range above 0/],
  ['race', 'xScale=linear&xMin=-1&xMax=1', 'xMin', /above 0, at most 100/],
  ['race', 'yAxis=lr', 'yAxis', /on two axes/],
  ['race', 'yScale=oneMinusLog&yMax=1', 'yMin', /0 < min < max < 1/],
  ['race', 'xAxis=units&xScale=log', 'xScale', /integer or powers-of-two/],
  ['race', 'objective=magic', 'objective', /one of real, synthetic/],
  ['race', 'importance=abc', 'importance', /'abc'/],
  ['race', 'importance=-1', 'importance', /from 0 to 100/],
  ['race', 'steps=0', 'steps', /from 1 to 5000/],
  ['race', 'steps=1e', 'steps', /'1e' is not a whole number/],
  ['race', 'steps=99999', 'steps', /from 1 to 5000/],
  ['race', 'searchSeed=x', 'searchSeed', /'x'/],
  ['race', 'mapSize=1000', 'mapSize', /from 4 to 64/],
  ['race', 'zoom=0.5,0.2,0,1', 'zoom', /have some width/],
  ['race', 'zoom=0.5', 'zoom', /four numbers/],
  ['race', 'zoom=abc', 'zoom', /four numbers/],
  ['race', 'repeats=0', 'repeats', /whole number from 1/],
  ['race', 'repeats=abc', 'repeats', /'abc'/],
  ['race', 'studyTrials=0', 'studyTrials', /whole number from 20/],
  ['race', 'dark=5', 'dark', /1 \(on\) or 0 \(off\)/],
  ['race', 'map=zz', 'map', /one of xy/],
  ['race', 'dataset=banana', 'dataset', /one of circle/],
  ['race', 'lr=abc', 'lr', /'abc'/],
  ['race', 'batch=1&bn=1', 'batch', /Batch size 1 with batch norm/],
  ['race', 'xAxis=batch&xMin=1&xMax=4096', 'xMax', /training points|cannot train/],
  ['race', 'zAxis=lr', 'zAxis', /on two axes/],
  // ---- right scale ----
  ['scale', 'samples=0', 'samples', /whole number from 1/],
  ['scale', 'samples=0x10', 'samples', /'0x10'/],
  ['scale', 'samples=abc', 'samples', /'abc'/],
  ['scale', 'samples=1e9', 'samples', /'1e9'/],
  ['scale', 'sampleSeed=abc', 'sampleSeed', /'abc'/],
  ['scale', 'sampleSeed=', 'sampleSeed', /whole number/],
  ['scale', 'sampleSeed=-3', 'sampleSeed', /'-3'/],
  ['scale', 'logMin=abc', 'logMin', /'abc'/],
  ['scale', 'logMin=1&logMax=-1', 'logMin', /a below b/],
  ['scale', 'logMax=99', 'logMax', /from −?-?8 to 2/],
  // ---- batch-norm lab ----
  ['bnlab', 'layer=0', 'layer', /whole number from 1 to 4/],
  ['bnlab', 'layer=9', 'layer', /whole number from 1 to 4/],
  ['bnlab', 'layer=3', 'layer', /hidden layer from 1 to 2/],
  ['bnlab', 'unit=0', 'unit', /whole number from 1 to 64/],
  ['bnlab', 'unit=20', 'unit', /units 1 to 16/],
  ['bnlab', 'smallBatch=1', 'smallBatch', /Batch size 1 with batch norm/],
  ['bnlab', 'largeBatch=1', 'largeBatch', /Batch size 1 with batch norm/],
  ['bnlab', 'smallBatch=abc', 'smallBatch', /'abc'/],
  ['bnlab', 'largeBatch=99999', 'largeBatch', /whole number/],
  ['bnlab', 'points=20', 'points', /training points/],
  ['bnlab', 'lr=abc', 'lr', /'abc'/],
  ['bnlab', 'bnPlace=q', 'bnPlace', /one of z, a/],
  ['bnlab', 'batch=1', 'batch', /Batch size 1 with batch norm/],
  ['bnlab', 'hidden=0', 'hidden', /1 to 64 units/],
  // ---- softmax ----
  ['softmax', 'softmaxData=circle', 'softmaxData', /one of/],
  ['softmax', 'binaryData=spiral3', 'binaryData', /one of/],
  ['softmax', 'softmaxSeed=abc', 'softmaxSeed', /'abc'/],
  ['softmax', 'point=0', 'point', /whole number from 1/],
  ['softmax', 'point=301', 'point', /whole number from 1/],
  ['softmax', 'point=abc', 'point', /'abc'/],
  // ---- the page: unknown views and keys, page keys ----
  ['panda', 'view=foo', null, /no view 'foo'/],
  ['panda', 'view=GRID', null, /no view 'GRID'/],
  ['panda', 'view=', null, /no view ''/],
  ['panda', 'lrr=0.5', null, /did you mean 'lr'/],
  ['panda', 'LR=0.5', null, /did you mean 'lr'/],
  ['race', 'budgte=9', null, /did you mean 'budget'/],
  ['panda', 'zzzzzz=1', null, /'zzzzzz' is not one this page knows/],
  ['panda', 'lang=fr', null, /Language.*'fr'/],
  ['panda', 'present=abc', null, /'abc'/],
  ['race', 'lesson=99', null, /'99'|whole number/],
];

/** What the page shows about `key`: its message slot and controls, or the notices. */
function inspect(page, key) {
  return page.evaluate((key) => {
    const shown = (el) => !!el && el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) && el.getClientRects().length > 0;
    if (key === null) {
      const notices = [...document.querySelectorAll('#notices .notice')].filter(shown);
      return { message: notices.map((n) => n.textContent).join(' | '), visible: notices.length > 0, control: true };
    }
    const view = document.querySelector('[role="tabpanel"]:not([hidden])');
    const slots = [...view.querySelectorAll(`[data-error-for="${key}"]`)].filter((s) => shown(s) && s.textContent.trim());
    const controls = [...view.querySelectorAll(`[data-key="${key}"]`)];
    const marked = controls.filter((c) => c.getAttribute('aria-invalid') === 'true');
    const controlShown = controls.length === 0 || controls.some((c) => shown(c) || shown(c.closest('.segmented, .field, label')));
    return {
      message: slots.map((s) => s.textContent).join(' | '),
      visible: slots.length > 0,
      control: controlShown && (controls.length === 0 || marked.length > 0),
    };
  }, key);
}

test(`${CASES.length} bad inputs across every view: each refusal is visible at its control`, { timeout: 1_800_000 }, async () => {
  assert.ok(CASES.length >= 100, `${CASES.length} cases`);
  const views = selectedViews([...new Set(CASES.map(([view]) => view))]);
  const { page, errors, close } = await openPage('/index.html');
  const failures = [];
  try {
    await page.waitForSelector('.tabs [role="tab"]');
    const origin = new URL(page.url()).origin;
    for (const [view, query, key, text] of CASES) {
      if (!views.includes(view)) continue;
      const before = errors.length;
      const url = query.startsWith('view=') ? `${origin}/index.html?${query}` : `${origin}/index.html?view=${view}&${query}`;
      await page.goto(url);
      let got = null;
      const t0 = Date.now();
      while (Date.now() - t0 < 15_000) {
        got = await inspect(page, key).catch(() => null);
        if (got?.visible && text.test(got.message)) break;
        await page.waitForTimeout(150);
      }
      const responsive = await Promise.race([
        page.evaluate(() => 1).then(() => true),
        new Promise((r) => setTimeout(() => r(false), 2000)),
      ]);
      // (A navigation cuts the previous page's loads short: the harness does not count those.)
      const pageErrors = errors.slice(before);
      const problem = !got?.visible ? 'no visible message'
        : !text.test(got.message) ? `message "${got.message.slice(0, 160)}" does not match ${text}`
          : !got.control ? 'its control is hidden or not marked'
            : pageErrors.length ? `page error: ${pageErrors.join(' ')}`
              : !responsive ? 'the page did not answer within 2 s' : null;
      if (problem) failures.push(`${view} ?${query.slice(0, 60)} [${key}]: ${problem}`);
    }
  } finally {
    await close();
  }
  assert.deepEqual(failures, [], `${failures.length} of ${CASES.length} failed:\n${failures.join('\n')}`);
});

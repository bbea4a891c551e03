// "Batch-norm lab" tab (view=bnlab): the view lives in lab.js.
export { mount, unmount } from './lab.js';

// The "Grid vs random" tab (view=grid) is implemented in race.js.
export { mount, unmount } from './race.js';

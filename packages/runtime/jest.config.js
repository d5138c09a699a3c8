import preset, { twoFilesAtATime } from '../../jest.preset.js';
export default { ...preset, ...twoFilesAtATime };

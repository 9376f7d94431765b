/**
 * Work a build runs beside the pages (the config history, the diagrams' Chromium) gives way
 * to the thread that builds them. On two cores that thread, Vite's bundler threads and these
 * workers contend for the CPU; the pages are what the build waits for, the workers' results
 * are needed only later (and are waited for then).
 *
 * BACKGROUND_PRIORITY is plain JavaScript for the first line of a worker thread's source: it
 * lowers the thread's own scheduling priority, which the processes it starts (git, Chromium)
 * inherit. On Linux a priority set for pid 0 is the calling thread's alone; on other systems
 * it would be the whole process's, so there it does nothing.
 */
export const BACKGROUND_NICE = 10;

export const BACKGROUND_PRIORITY = `if (process.platform === 'linux') { try { require('node:os').setPriority(0, ${BACKGROUND_NICE}); } catch {} }`;

// `node --import ./test/support/record-imports.mjs PROGRAM`: appends the URL of
// every module PROGRAM loads to the file named by SESAME_IMPORT_LOG (one a line),
// so a test can say which chunks a command really loaded.
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from 'node:fs';
const log = ${JSON.stringify(process.env.SESAME_IMPORT_LOG ?? '')};
export async function load(url, context, next) {
  if (log) appendFileSync(log, url + '\\n');
  return next(url, context);
}`)}`,
);

// node:test reporter that counts leaf tests and writes {passed, failed, skipped} as JSON.
export default async function* countReporter(source: AsyncIterable<{ type: string; data: { details?: { type?: string }; skip?: unknown; todo?: unknown } }>) {
  let passed = 0, failed = 0, skipped = 0;
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.details?.type === 'suite') continue;
    if (event.type === 'test:fail') failed++;
    else if (event.data.skip !== undefined || event.data.todo !== undefined) skipped++;
    else passed++;
  }
  yield JSON.stringify({ passed, failed, skipped });
}

// No-JavaScript forms hold their whole body in memory while they are stripped and sealed, so only
// a few are processed at once: the next one gets the calm busy page, and nothing is lost.
import { describe, expect, it } from 'vitest';
import { addDesk, testApp } from '../helpers/app.ts';
import { countRows, multipart, submitTipForm } from './helpers.ts';

describe('form slots', () => {
  it('answers a form beyond the slots with 429 and Retry-After, before reading it', async () => {
    const t = await testApp({ config: { formSlots: 1 } });
    await addDesk(t, 'politics');
    const form = new Response(multipart({ message: 'a first tip that is long enough to pass' }));
    const type = form.headers.get('content-type')!;
    const bytes = new Uint8Array(await form.arrayBuffer());
    // The first form arrives slowly: its slot stays taken until the rest of the body comes.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const slow = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(bytes.subarray(0, 10));
        await released;
        controller.enqueue(bytes.subarray(10));
        controller.close();
      },
    });
    const first = t.app.request('/submit/politics', { method: 'POST', headers: { 'content-type': type }, body: slow, duplex: 'half' } as RequestInit);
    await new Promise((resolve) => setTimeout(resolve, 50));

    const second = await submitTipForm(t, 'politics', 'another tip that is long enough to pass');
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await second.text()).toMatch(/<main/);

    release();
    expect((await first).status).toBe(200);
    const third = await submitTipForm(t, 'politics', 'a third tip that is long enough to pass');
    expect(third.status).toBe(200);
    expect((await countRows(t)).tips).toBe(2);
  });
});

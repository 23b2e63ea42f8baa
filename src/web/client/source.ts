// /static/source.js: progressive enhancement of the server-rendered source pages. Without it
// (JavaScript off, a browser too old to run it) every page still works through the server;
// with it, files are cleaned, keys derived and everything sealed in the browser,
// and only ciphertext goes to the JSON API. Nothing is written to storage or cookies.
import { enhanceReturnPage } from './return-page.ts';
import { enhanceSubmitPage } from './submit-page.ts';
import { WorkerClient } from './worker-client.ts';

const WORKER_URL = '/static/strip-worker.js';

function start() {
  const submitForm = document.getElementById('submit-form');
  const returnForm = document.getElementById('return-form');
  if (!(submitForm instanceof HTMLFormElement) && !(returnForm instanceof HTMLFormElement)) return;
  // Once this script runs, the forms never post plaintext to the server: if the worker cannot
  // start, sending fails with an explanation (turning JavaScript off uses the server path).
  const worker = new WorkerClient(WORKER_URL);
  if (submitForm instanceof HTMLFormElement) enhanceSubmitPage(submitForm, worker);
  if (returnForm instanceof HTMLFormElement) enhanceReturnPage(returnForm, worker);
  document.documentElement.classList.add('js');
}

// `defer` runs us after parsing; this also covers being loaded some other way.
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();

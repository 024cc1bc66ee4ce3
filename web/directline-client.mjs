// Holds a short conversation with the SpeakerBot Direct Line host through the official client
// (botframework-directlinejs), the way Web Chat does. Usage: node directline-client.mjs <baseUrl> <polling|websocket>
// Prints one JSON line per activity received and exits 0 once the bot has welcomed the user and answered.
import { createRequire } from 'node:module';
import { WebSocket } from 'ws';

const require = createRequire(import.meta.url);
const [baseUrl, mode] = process.argv.slice(2);
if (!baseUrl || !['polling', 'websocket'].includes(mode)) {
  console.error('usage: node directline-client.mjs <baseUrl> <polling|websocket>');
  process.exit(2);
}

globalThis.WebSocket ??= WebSocket;
globalThis.XMLHttpRequest ??= require('xhr2');
const { DirectLine, ConnectionStatus } = require('botframework-directlinejs');

const fail = (message) => {
  console.error(message);
  process.exit(1);
};
setTimeout(() => fail('timed out waiting for the bot'), 20000).unref();

const tokenResponse = await fetch(new URL('api/directline/token', baseUrl), { method: 'POST' });
if (!tokenResponse.ok) fail(`token endpoint answered ${tokenResponse.status}`);
const { token } = await tokenResponse.json();

const directLine = new DirectLine({
  token,
  domain: new URL('v3/directline', baseUrl).href,
  webSocket: mode === 'websocket',
  pollingInterval: 300
});

let welcomed = false;
let answered = false;
directLine.connectionStatus$.subscribe((status) => {
  if (status === ConnectionStatus.FailedToConnect || status === ConnectionStatus.ExpiredToken) fail(`connection status ${status}`);
});
directLine.activity$.subscribe((activity) => {
  console.log(JSON.stringify({ id: activity.id, role: activity.from?.role, text: activity.text, replyToId: activity.replyToId }));
  if (activity.from?.role !== 'bot') return;
  if (!welcomed) {
    welcomed = true;
    directLine.postActivity({ type: 'message', from: { id: 'node-user', name: 'Node' }, text: `bonjour depuis node (${mode})` })
      .subscribe({ next: (id) => console.log(JSON.stringify({ posted: id })), error: (e) => fail(`post failed: ${e.message}`) });
  } else if (activity.replyToId && !answered) {
    answered = true;
    directLine.end();
    process.exit(0);
  }
});

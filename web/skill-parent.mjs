// A root bot built with the Bot Framework SDK for JavaScript (botbuilder 4.23) that calls SpeakerBot as a skill
// through SkillDialog with deliveryMode expectReplies, the way Composer and the skills samples do. Its own channel
// is the SDK's TestAdapter. Usage: node skill-parent.mjs <speakerBotBaseUrl>
// Prints one JSON line per activity the parent's user would see and per step, and exits 0 when every step passed:
//   1. a message gets SpeakerBot's answer;
//   2. an invoke gets an invokeResponse (SkillDialog throws on a non-2xx answer);
//   3. "wait:late" (held by the test past Bot:ResponseBudget) still gets its answer;
//   4. "stop" cancels the parent's dialogs, so SkillDialog sends SpeakerBot an endOfConversation;
//   5. without authentication, a normal-delivery message naming a serviceUrl elsewhere is refused.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { ConversationState, MemoryStorage, SkillConversationIdFactory, SkillHttpClient, TestAdapter } = require('botbuilder');
const { SimpleCredentialProvider } = require('botframework-connector');
const { DialogSet, DialogTurnStatus, SkillDialog } = require('botbuilder-dialogs');

const [baseUrl] = process.argv.slice(2);
if (!baseUrl) {
  console.error('usage: node skill-parent.mjs <speakerBotBaseUrl>');
  process.exit(2);
}

const fail = (message) => {
  console.error(message);
  process.exit(1);
};
setTimeout(() => fail('timed out'), 45000).unref();

const skillEndpoint = new URL('api/messages', baseUrl).href;
const storage = new MemoryStorage();
const conversationState = new ConversationState(storage);
const conversationIdFactory = new SkillConversationIdFactory(storage);
const skillClient = new SkillHttpClient(new SimpleCredentialProvider('', ''), conversationIdFactory);
const dialogs = new DialogSet(conversationState.createProperty('DialogState'));
dialogs.add(new SkillDialog({
  botId: '',
  conversationIdFactory,
  conversationState,
  skillClient,
  skill: { id: 'speakerbot', appId: '', skillEndpoint },
  // Where the skill would call back with normal delivery; never used with expectReplies.
  skillHostEndpoint: 'http://127.0.0.1:9/api/skills/'
}, 'speakerbot'));

let seen = [];
const adapter = new TestAdapter(async (context) => {
  context.onSendActivities(async (_, activities, next) => {
    for (const a of activities) {
      seen.push(a);
      console.log(JSON.stringify({ type: a.type, text: a.text, value: a.value }));
    }
    return next();
  });
  const dc = await dialogs.createContext(context);
  if (context.activity.type === 'message' && context.activity.text === 'stop') {
    await dc.cancelAllDialogs();
  } else {
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) {
      await dc.beginDialog('speakerbot', { activity: { ...context.activity, deliveryMode: 'expectReplies' } });
    }
  }
  await conversationState.saveChanges(context);
});

const step = async (name, activity, check) => {
  seen = [];
  try {
    await adapter.processActivity(activity);
  } catch (e) {
    fail(`step ${name}: the parent bot failed: ${e.message}`);
  }
  if (!check(seen)) fail(`step ${name}: unexpected activities ${JSON.stringify(seen)}`);
  console.log(JSON.stringify({ step: name, ok: true }));
};

await step('message', 'bonjour', (a) => a.some((x) => x.type === 'message' && x.text === 'echo: bonjour'));
await step('invoke', { type: 'invoke', name: 'application/search', value: { kind: 'search' } },
  (a) => a.some((x) => x.type === 'invokeResponse' && x.value?.status === 501));
await step('late', 'wait:late', (a) => a.some((x) => x.type === 'message' && x.text === 'echo: wait:late'));
await step('stop', 'stop', (a) => a.length === 0);

// Item 5 through the SDK's own client: normal delivery, replies asked at an address that is not this machine.
const refused = await skillClient.postActivity('', '', skillEndpoint, 'http://evil.example/api/skills/', 'elsewhere', {
  type: 'message',
  text: 'vers ailleurs',
  channelId: 'test',
  from: { id: 'user' },
  recipient: { id: 'speakerbot' },
  conversation: { id: 'elsewhere' }
});
console.log(JSON.stringify({ step: 'elsewhere', status: refused.status, error: refused.body?.error?.message }));
if (refused.status !== 403) fail(`step elsewhere: expected 403, got ${refused.status}`);

process.exit(0);

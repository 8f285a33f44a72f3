// The official SDKs against Switchyard: @anthropic-ai/sdk on /v1/messages and openai on
// /v1/chat/completions, each against an Anthropic-protocol upstream (passthrough) and an
// OpenAI-protocol upstream (translation). The fake upstream scripts every answer, so each test
// checks exact values: text, tool names and arguments, stop reasons, and usage mapped per
// protocols 4.8. It also checks what Switchyard sent upstream.
//
//   SWITCHYARD_BIN=/path/to/switchyard node --test sdk.test.mjs

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';

import {
    ANTHROPIC_KEY,
    MODELS,
    OPENAI_KEY,
    anthropicStreamViolations,
    fetchWithTimeout,
    openaiStreamViolations,
    readSse,
    startStack,
    tail,
    withContext,
} from './harness.mjs';
import { ANTHROPIC_USAGE, OPENAI_USAGE, THINKING_ANSWER, THINKING_TEXT } from './fakeupstream.mjs';

const CLIENT_KEY = 'sy-e2e-client-key-not-for-upstream';
const KINDS = ['anthropic', 'openai'];
const WEATHER_RESULT = '18°C and sunny'; // non-ASCII on purpose: UTF-8 must survive chunking
const WEATHER_PROMPT = 'What is the weather in Paris?';
const PARALLEL_PROMPT = 'What is the weather in Paris and Tokyo?';

const weatherToolAnthropic = {
    name: 'get_weather',
    description: 'Current weather for a city',
    input_schema: {
        type: 'object',
        properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
        required: ['city'],
    },
};
const weatherToolOpenAI = {
    type: 'function',
    function: {
        name: 'get_weather',
        description: 'Current weather for a city',
        parameters: weatherToolAnthropic.input_schema,
    },
};

let stack;
let anthropic;
let openai;

before(async () => {
    stack = await startStack();
    const common = { apiKey: CLIENT_KEY, maxRetries: 0, timeout: 30000 };
    // authToken: null so an ANTHROPIC_AUTH_TOKEN in the environment cannot add a second credential.
    anthropic = new Anthropic({ ...common, authToken: null, baseURL: stack.switchyard.url });
    openai = new OpenAI({ ...common, baseURL: `${stack.switchyard.url}/v1` });
});

after(async () => {
    const status = await stack?.stop();
    // A clean shutdown is part of the contract (cli.md: exit code 0 on SIGTERM).
    if (status) assert.deepEqual(status, { code: 0, signal: null }, 'switchyard did not exit cleanly on SIGTERM');
});

// Runs body(); on failure adds what the fake upstream saw and Switchyard's log tail to the error.
async function diagnosed(body) {
    const since = (await stack.fake.requests()).length;
    try {
        await body(since);
    } catch (e) {
        let extra = '';
        try {
            const seen = (await stack.fake.requests()).slice(since);
            extra += `\n--- upstream requests during the test (${seen.length}):\n`;
            for (const r of seen) extra += `${r.method} ${r.url} -> ${r.status} ${r.reply?.error ?? ''}\n  body: ${JSON.stringify(r.body)?.slice(0, 1500)}\n`;
            extra += `--- switchyard log (tail):\n${tail(stack.switchyard.logs(), 25)}`;
        } catch {}
        throw withContext(e, extra);
    }
}

// Upstream requests of one kind ("anthropic" or "openai") received since `since`.
async function upstream(since, kind) {
    return (await stack.fake.requests()).slice(since).filter((r) => r.kind === kind);
}

async function onlyUpstream(since, kind) {
    const seen = await upstream(since, kind);
    assert.equal(seen.length, 1, `expected exactly one ${kind} upstream request, got ${seen.length}`);
    assert.equal(seen[0].status, 200, `upstream answered ${seen[0].status}: ${seen[0].reply?.error}`);
    checkUpstreamHeaders(seen[0], kind);
    return seen[0];
}

// Switchyard must authenticate with the channel key and never pass the client's key or another
// protocol's headers upstream.
function checkUpstreamHeaders(record, kind) {
    if (process.env.E2E_FAKE_AS_SWITCHYARD === '1') return; // no proxy in between: nothing to check
    const headers = record.headers;
    const all = JSON.stringify(headers);
    assert.ok(!all.includes(CLIENT_KEY), `the client's key leaked upstream: ${all}`);
    if (kind === 'anthropic') {
        assert.equal(headers['x-api-key'], ANTHROPIC_KEY);
        assert.ok(headers['anthropic-version'], 'anthropic-version header missing upstream');
    } else {
        assert.equal(headers.authorization, `Bearer ${OPENAI_KEY}`);
        for (const h of ['anthropic-beta', 'anthropic-version', 'x-api-key'])
            assert.equal(headers[h], undefined, `${h} must not be sent to an OpenAI upstream`);
        assert.ok(!record.path.includes('/v1/v1/'), `doubled /v1 in ${record.path}`);
        assert.match(record.path, /\/v1\/chat\/completions$/);
    }
}

// Usage an Anthropic client must see for the fake's fixed numbers (protocols 4.8).
function checkAnthropicUsage(usage, kind) {
    if (kind === 'anthropic') {
        assert.equal(usage.input_tokens, ANTHROPIC_USAGE.input_tokens);
        assert.equal(usage.cache_creation_input_tokens, ANTHROPIC_USAGE.cache_creation_input_tokens);
        assert.equal(usage.cache_read_input_tokens, ANTHROPIC_USAGE.cache_read_input_tokens);
        assert.equal(usage.output_tokens, ANTHROPIC_USAGE.output_tokens);
    } else {
        const cached = OPENAI_USAGE.prompt_tokens_details.cached_tokens;
        assert.equal(usage.input_tokens, OPENAI_USAGE.prompt_tokens - cached, 'input_tokens = prompt_tokens - cached');
        assert.equal(usage.cache_read_input_tokens, cached);
        assert.ok(!usage.cache_creation_input_tokens, `cache_creation_input_tokens should be absent/0, got ${usage.cache_creation_input_tokens}`);
        assert.equal(usage.output_tokens, OPENAI_USAGE.completion_tokens);
    }
}

// Usage an OpenAI client must see.
function checkOpenAIUsage(usage, kind) {
    assert.ok(usage, 'usage missing');
    if (kind === 'openai') {
        assert.equal(usage.prompt_tokens, OPENAI_USAGE.prompt_tokens);
        assert.equal(usage.completion_tokens, OPENAI_USAGE.completion_tokens);
        assert.equal(usage.total_tokens, OPENAI_USAGE.total_tokens);
        assert.equal(usage.prompt_tokens_details?.cached_tokens, OPENAI_USAGE.prompt_tokens_details.cached_tokens);
    } else {
        const prompt = ANTHROPIC_USAGE.input_tokens + ANTHROPIC_USAGE.cache_read_input_tokens + ANTHROPIC_USAGE.cache_creation_input_tokens;
        assert.equal(usage.prompt_tokens, prompt, 'prompt_tokens = input + cache_read + cache_creation');
        assert.equal(usage.completion_tokens, ANTHROPIC_USAGE.output_tokens);
        assert.equal(usage.total_tokens, prompt + ANTHROPIC_USAGE.output_tokens);
        assert.equal(usage.prompt_tokens_details?.cached_tokens, ANTHROPIC_USAGE.cache_read_input_tokens);
    }
}

function textBlocks(message) {
    return message.content.filter((b) => b.type === 'text');
}

// ---------------------------------------------------------------------------------------------
// @anthropic-ai/sdk

for (const kind of KINDS) {
    const model = MODELS[kind];

    describe(`@anthropic-ai/sdk -> ${kind} upstream (${model})`, () => {
        test('streamed text: text events, finalMessage(), stop_reason, usage', () => diagnosed(async (since) => {
            const prompt = 'Please echo: grüße 🌍 from the e2e test';
            const stream = anthropic.messages.stream({ model, max_tokens: 256, messages: [{ role: 'user', content: prompt }] });
            let streamed = '';
            stream.on('text', (delta) => {
                streamed += delta;
            });
            const message = await stream.finalMessage();
            const expected = `You said: ${prompt}`;
            assert.equal(message.type, 'message');
            assert.equal(message.role, 'assistant');
            assert.equal(message.model, model);
            assert.equal(message.content.length, 1, JSON.stringify(message.content));
            assert.equal(message.content[0].type, 'text');
            assert.equal(message.content[0].text, expected);
            assert.equal(streamed, expected);
            assert.equal(message.stop_reason, 'end_turn');
            checkAnthropicUsage(message.usage, kind);

            const sent = await onlyUpstream(since, kind);
            assert.equal(sent.body.stream, true);
            if (kind === 'openai') {
                assert.deepEqual(sent.body.stream_options, { include_usage: true }, 'include_usage must be injected (protocols 4.1)');
                assert.deepEqual(sent.body.messages, [{ role: 'user', content: prompt }]);
                assert.equal(sent.body.max_tokens ?? sent.body.max_completion_tokens, 256);
            } else {
                assert.deepEqual(sent.body.messages, [{ role: 'user', content: prompt }]);
                assert.equal(sent.body.max_tokens, 256);
            }
        }));

        test('raw SSE stream conforms to the grammar (text + 2 parallel tool_use)', () => diagnosed(async () => {
            const res = await fetchWithTimeout(`${stack.switchyard.url}/v1/messages`, {
                method: 'POST',
                headers: { 'content-type': 'application/json', 'x-api-key': CLIENT_KEY, 'anthropic-version': '2023-06-01' },
                body: JSON.stringify({ model, max_tokens: 256, stream: true, tools: [weatherToolAnthropic], messages: [{ role: 'user', content: PARALLEL_PROMPT }] }),
            });
            assert.equal(res.status, 200);
            assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
            const events = await readSse(res);
            assert.deepEqual(anthropicStreamViolations(events), [], events.map((e) => e.raw).join('\n'));
            const starts = events.filter((e) => e.event === 'content_block_start').map((e) => e.data.content_block.type);
            assert.deepEqual(starts, ['text', 'tool_use', 'tool_use']);
            const jsonDeltas = events.filter((e) => e.data?.delta?.type === 'input_json_delta');
            assert.ok(jsonDeltas.length >= 1);
            const delta = events.find((e) => e.event === 'message_delta');
            assert.equal(delta.data.delta.stop_reason, 'tool_use');
        }));

        test('streamed tool call: tool_use block with name, id and parsed input', () => diagnosed(async (since) => {
            const stream = anthropic.messages.stream({ model, max_tokens: 256, tools: [weatherToolAnthropic], messages: [{ role: 'user', content: WEATHER_PROMPT }] });
            let jsonSnapshot;
            stream.on('inputJson', (_partial, snapshot) => {
                jsonSnapshot = snapshot;
            });
            const message = await stream.finalMessage();
            assert.equal(message.stop_reason, 'tool_use');
            assert.deepEqual(message.content.map((b) => b.type), ['text', 'tool_use']);
            assert.equal(message.content[0].text, 'Let me check the weather.');
            const toolUse = message.content[1];
            assert.equal(toolUse.name, 'get_weather');
            assert.deepEqual(toolUse.input, { city: 'Paris', unit: 'celsius' });
            assert.deepEqual(jsonSnapshot, { city: 'Paris', unit: 'celsius' });
            assert.match(toolUse.id, /^[A-Za-z0-9_-]+$/);
            checkAnthropicUsage(message.usage, kind);

            const sent = await onlyUpstream(since, kind);
            if (kind === 'anthropic') {
                assert.equal(toolUse.id, sent.reply.toolCalls[0].id, 'passthrough keeps the upstream tool id');
                assert.deepEqual(sent.body.tools, [weatherToolAnthropic]);
            } else {
                assert.deepEqual(sent.body.tools, [weatherToolOpenAI]);
            }
        }));

        test('non-streaming message', () => diagnosed(async (since) => {
            const prompt = 'Non-streaming hello';
            const message = await anthropic.messages.create({ model, max_tokens: 128, messages: [{ role: 'user', content: prompt }] });
            assert.equal(message.type, 'message');
            assert.match(message.id, /^msg_/);
            assert.equal(message.model, model);
            assert.equal(textBlocks(message).map((b) => b.text).join(''), `You said: ${prompt}`);
            assert.equal(message.content.length, 1);
            assert.equal(message.stop_reason, 'end_turn');
            assert.equal(message.stop_sequence, null);
            checkAnthropicUsage(message.usage, kind);
            const sent = await onlyUpstream(since, kind);
            assert.ok(!sent.body.stream, 'a non-streaming request must not be streamed upstream');
        }));

        test('tool-result round trip', () => diagnosed(async (since) => {
            const first = await anthropic.messages.create({ model, max_tokens: 256, tools: [weatherToolAnthropic], messages: [{ role: 'user', content: WEATHER_PROMPT }] });
            assert.equal(first.stop_reason, 'tool_use');
            const toolUse = first.content.find((b) => b.type === 'tool_use');
            assert.ok(toolUse, JSON.stringify(first.content));
            const [turn1] = await upstream(since, kind);
            const upstreamToolId = turn1.reply.toolCalls[0].id;

            const stream = anthropic.messages.stream({
                model,
                max_tokens: 256,
                tools: [weatherToolAnthropic],
                messages: [
                    { role: 'user', content: WEATHER_PROMPT },
                    { role: 'assistant', content: first.content },
                    { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: WEATHER_RESULT }] },
                ],
            });
            const second = await stream.finalMessage();
            assert.equal(second.stop_reason, 'end_turn');
            assert.deepEqual(second.content.map((b) => b.type), ['text']);
            assert.equal(second.content[0].text, `The weather in Paris is ${WEATHER_RESULT}.`);
            checkAnthropicUsage(second.usage, kind);

            const seen = await upstream(since, kind);
            assert.equal(seen.length, 2);
            const turn2 = seen[1];
            assert.equal(turn2.status, 200, turn2.reply?.error);
            if (kind === 'anthropic') {
                const last = turn2.body.messages.at(-1);
                assert.equal(last.role, 'user');
                assert.equal(last.content[0].type, 'tool_result');
                assert.equal(last.content[0].tool_use_id, upstreamToolId);
                assert.equal(last.content[0].content, WEATHER_RESULT);
            } else {
                const msgs = turn2.body.messages;
                const assistant = msgs.find((m) => m.role === 'assistant');
                assert.equal(assistant.content, 'Let me check the weather.');
                assert.equal(assistant.tool_calls.length, 1);
                assert.equal(assistant.tool_calls[0].id, upstreamToolId, 'the tool id must map back to the upstream id');
                assert.equal(assistant.tool_calls[0].function.name, 'get_weather');
                assert.deepEqual(JSON.parse(assistant.tool_calls[0].function.arguments), { city: 'Paris', unit: 'celsius' });
                const tool = msgs.at(-1);
                assert.deepEqual(tool, { role: 'tool', tool_call_id: upstreamToolId, content: WEATHER_RESULT });
            }
        }));

        test('thinking: streamed thinking block with signature, then replayed next turn', () => diagnosed(async (since) => {
            const prompt = 'What is 6 times 7? Think first.';
            const stream = anthropic.messages.stream({
                model,
                max_tokens: 2048,
                thinking: { type: 'enabled', budget_tokens: 1024 },
                messages: [{ role: 'user', content: prompt }],
            });
            let thinkingStreamed = '';
            let signatureEvent;
            stream.on('thinking', (delta) => {
                thinkingStreamed += delta;
            });
            stream.on('signature', (s) => {
                signatureEvent = s;
            });
            const message = await stream.finalMessage();
            assert.deepEqual(message.content.map((b) => b.type), ['thinking', 'text']);
            assert.equal(message.content[0].thinking, THINKING_TEXT);
            assert.equal(thinkingStreamed, THINKING_TEXT);
            assert.equal(typeof message.content[0].signature, 'string');
            assert.ok(message.content[0].signature.length > 0, 'thinking block needs a signature');
            assert.equal(signatureEvent, message.content[0].signature);
            assert.equal(message.content[1].text, THINKING_ANSWER);
            assert.equal(message.stop_reason, 'end_turn');
            checkAnthropicUsage(message.usage, kind);
            const [turn1] = await upstream(since, kind);
            if (kind === 'anthropic') {
                assert.equal(message.content[0].signature, turn1.reply.signature, 'passthrough keeps the signature');
                assert.deepEqual(turn1.body.thinking, { type: 'enabled', budget_tokens: 1024 });
            }

            // Replaying the thinking block must work: an Anthropic upstream gets its own signature
            // back, an OpenAI upstream gets no thinking fields it would reject.
            const second = await anthropic.messages.create({
                model,
                max_tokens: 2048,
                thinking: { type: 'enabled', budget_tokens: 1024 },
                messages: [
                    { role: 'user', content: prompt },
                    { role: 'assistant', content: message.content },
                    { role: 'user', content: 'Thanks, bye.' },
                ],
            });
            assert.equal(textBlocks(second).map((b) => b.text).join(''), 'You said: Thanks, bye.');
            const seen = await upstream(since, kind);
            assert.equal(seen.length, 2);
            assert.equal(seen[1].status, 200, seen[1].reply?.error);
            if (kind === 'anthropic') {
                const replayed = seen[1].body.messages[1].content[0];
                assert.equal(replayed.type, 'thinking');
                assert.equal(replayed.signature, turn1.reply.signature);
            }
        }));

        test('non-streaming thinking', () => diagnosed(async () => {
            const message = await anthropic.messages.create({
                model,
                max_tokens: 2048,
                thinking: { type: 'enabled', budget_tokens: 1024 },
                messages: [{ role: 'user', content: 'What is 6 times 7? Think first.' }],
            });
            assert.deepEqual(message.content.map((b) => b.type), ['thinking', 'text']);
            assert.equal(message.content[0].thinking, THINKING_TEXT);
            assert.ok(message.content[0].signature?.length > 0, 'thinking block needs a signature');
            assert.equal(message.content[1].text, THINKING_ANSWER);
        }));

        test('parallel tool calls: one block each, distinct ids, round trip', () => diagnosed(async (since) => {
            const message = await anthropic.messages.stream({ model, max_tokens: 256, tools: [weatherToolAnthropic], messages: [{ role: 'user', content: PARALLEL_PROMPT }] }).finalMessage();
            assert.equal(message.stop_reason, 'tool_use');
            assert.deepEqual(message.content.map((b) => b.type), ['text', 'tool_use', 'tool_use']);
            const calls = message.content.filter((b) => b.type === 'tool_use');
            assert.deepEqual(calls.map((c) => c.input), [{ city: 'Paris', unit: 'celsius' }, { city: 'Tokyo', unit: 'celsius' }]);
            assert.notEqual(calls[0].id, calls[1].id);
            // Results in completion order (reversed), as Claude Code sends them.
            const second = await anthropic.messages.create({
                model,
                max_tokens: 256,
                tools: [weatherToolAnthropic],
                messages: [
                    { role: 'user', content: PARALLEL_PROMPT },
                    { role: 'assistant', content: message.content },
                    {
                        role: 'user',
                        content: [
                            { type: 'tool_result', tool_use_id: calls[1].id, content: 'rainy' },
                            { type: 'tool_result', tool_use_id: calls[0].id, content: 'sunny' },
                        ],
                    },
                ],
            });
            assert.equal(textBlocks(second).map((b) => b.text).join(''), 'The weather in Tokyo is rainy. The weather in Paris is sunny.');
            const seen = await upstream(since, kind);
            assert.equal(seen.length, 2);
            assert.equal(seen[1].status, 200, seen[1].reply?.error);
        }));

        test('upstream HTTP 400 reaches the client as an Anthropic error', () => diagnosed(async () => {
            await assert.rejects(
                anthropic.messages.create({ model, max_tokens: 64, messages: [{ role: 'user', content: 'Please fail with 400' }] }),
                (e) => {
                    assert.ok(e instanceof Anthropic.BadRequestError, `expected BadRequestError, got ${e?.constructor?.name}: ${e?.message}`);
                    assert.equal(e.status, 400);
                    assert.equal(e.error?.type, 'error');
                    assert.equal(e.error?.error?.type, 'invalid_request_error');
                    assert.match(e.error?.error?.message ?? '', /scripted 400/, 'the upstream reason should reach the client');
                    return true;
                },
            );
        }));

        test('mid-stream upstream failure ends the stream with an error event', () => diagnosed(async () => {
            const res = await fetchWithTimeout(`${stack.switchyard.url}/v1/messages`, {
                method: 'POST',
                headers: { 'content-type': 'application/json', 'x-api-key': CLIENT_KEY, 'anthropic-version': '2023-06-01' },
                body: JSON.stringify({ model, max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'Please break the stream' }] }),
            });
            // Before anything was sent the proxy may still answer with an HTTP error; after the
            // 200 the failure must be an `error` event and no message_stop (protocols 1.7).
            if (res.status === 200) {
                const events = await readSse(res);
                const names = events.map((e) => e.event);
                assert.equal(names.at(-1), 'error', names.join(','));
                assert.ok(!names.includes('message_stop'), names.join(','));
                assert.ok(['overloaded_error', 'api_error'].includes(events.at(-1).data.error?.type), JSON.stringify(events.at(-1).data));
            } else {
                assert.ok(res.status >= 500, `status ${res.status}`);
                const body = await res.json();
                assert.equal(body.type, 'error');
            }
            await assert.rejects(
                anthropic.messages.stream({ model, max_tokens: 64, messages: [{ role: 'user', content: 'Please break the stream' }] }).finalMessage(),
                (e) => e instanceof Anthropic.APIError,
            );
        }));

        test('count_tokens returns a positive count', () => diagnosed(async () => {
            const count = await anthropic.messages.countTokens({
                model,
                system: 'You are a helpful assistant.',
                tools: [weatherToolAnthropic],
                messages: [{ role: 'user', content: 'How many tokens does this sentence take? Quite a few, probably.' }],
            });
            assert.ok(Number.isInteger(count.input_tokens), JSON.stringify(count));
            assert.ok(count.input_tokens > 0, `input_tokens must be > 0, got ${count.input_tokens}`);
        }));
    });
}

// ---------------------------------------------------------------------------------------------
// openai

async function collectChatStream(stream) {
    const out = { content: '', role: null, finish: [], usage: null, toolCalls: [], chunks: 0, reasoning: '' };
    for await (const chunk of stream) {
        out.chunks++;
        if (chunk.usage) out.usage = chunk.usage;
        for (const choice of chunk.choices ?? []) {
            const d = choice.delta ?? {};
            if (d.role) out.role = d.role;
            if (d.content) out.content += d.content;
            if (d.reasoning_content) out.reasoning += d.reasoning_content;
            for (const tc of d.tool_calls ?? []) {
                const slot = (out.toolCalls[tc.index] ??= { id: '', name: '', arguments: '' });
                if (tc.id) slot.id = tc.id;
                if (tc.function?.name) slot.name += tc.function.name;
                if (tc.function?.arguments) slot.arguments += tc.function.arguments;
            }
            if (choice.finish_reason) out.finish.push(choice.finish_reason);
        }
    }
    return out;
}

for (const kind of KINDS) {
    const model = MODELS[kind];

    describe(`openai -> ${kind} upstream (${model})`, () => {
        test('streaming with include_usage', () => diagnosed(async (since) => {
            const prompt = 'Stream me back: ünïcödé ✓';
            const stream = await openai.chat.completions.create({
                model,
                messages: [{ role: 'user', content: prompt }],
                stream: true,
                stream_options: { include_usage: true },
            });
            const got = await collectChatStream(stream);
            assert.equal(got.role, 'assistant');
            assert.equal(got.content, `You said: ${prompt}`);
            assert.deepEqual(got.finish, ['stop']);
            checkOpenAIUsage(got.usage, kind);
            const sent = await onlyUpstream(since, kind);
            assert.equal(sent.body.stream, true);
            if (kind === 'anthropic') assert.ok(Number.isInteger(sent.body.max_tokens) && sent.body.max_tokens > 0, 'Anthropic needs max_tokens');
        }));

        test('streaming without include_usage: no usage chunk', () => diagnosed(async (since) => {
            const res = await fetchWithTimeout(`${stack.switchyard.url}/v1/chat/completions`, {
                method: 'POST',
                headers: { 'content-type': 'application/json', authorization: `Bearer ${CLIENT_KEY}` },
                body: JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: 'No usage please' }] }),
            });
            assert.equal(res.status, 200);
            const events = await readSse(res);
            assert.deepEqual(openaiStreamViolations(events, { includeUsage: false }), [], events.map((e) => e.raw).join('\n'));
            const chunks = events.filter((e) => e.raw !== '[DONE]').map((e) => e.data);
            assert.ok(chunks.every((c) => c.choices?.length === 1), 'a client that did not ask for include_usage gets no choices:[] chunk');
            assert.equal(chunks.map((c) => c.choices[0].delta?.content ?? '').join(''), 'You said: No usage please');
            // Switchyard still asks an OpenAI upstream for usage, to record it (protocols 4.10 #4).
            const sent = await onlyUpstream(since, kind);
            if (kind === 'openai') assert.deepEqual(sent.body.stream_options, { include_usage: true });
            else assert.equal(sent.body.stream, true);
        }));

        test('raw chunk stream conforms (2 parallel tool calls, include_usage, [DONE])', () => diagnosed(async () => {
            const res = await fetchWithTimeout(`${stack.switchyard.url}/v1/chat/completions`, {
                method: 'POST',
                headers: { 'content-type': 'application/json', authorization: `Bearer ${CLIENT_KEY}` },
                body: JSON.stringify({ model, stream: true, stream_options: { include_usage: true }, tools: [weatherToolOpenAI], messages: [{ role: 'user', content: PARALLEL_PROMPT }] }),
            });
            assert.equal(res.status, 200);
            assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
            const events = await readSse(res);
            assert.deepEqual(openaiStreamViolations(events, { includeUsage: true }), [], events.map((e) => e.raw).join('\n'));
            const firstFragments = events.flatMap((e) => e.data?.choices?.[0]?.delta?.tool_calls ?? []).filter((tc) => tc.id);
            assert.deepEqual(firstFragments.map((tc) => [tc.index, tc.function.name]), [[0, 'get_weather'], [1, 'get_weather']]);
        }));

        test('non-streaming completion', () => diagnosed(async (since) => {
            const prompt = 'Plain request, no stream';
            const completion = await openai.chat.completions.create({ model, messages: [{ role: 'user', content: prompt }], max_tokens: 100 });
            assert.equal(completion.object, 'chat.completion');
            assert.equal(completion.model, model);
            assert.equal(completion.choices.length, 1);
            assert.equal(completion.choices[0].message.role, 'assistant');
            assert.equal(completion.choices[0].message.content, `You said: ${prompt}`);
            assert.equal(completion.choices[0].finish_reason, 'stop');
            checkOpenAIUsage(completion.usage, kind);
            const sent = await onlyUpstream(since, kind);
            assert.ok(!sent.body.stream);
            if (kind === 'anthropic') assert.equal(sent.body.max_tokens, 100);
        }));

        test('streamed tool call', () => diagnosed(async (since) => {
            const stream = await openai.chat.completions.create({
                model,
                messages: [{ role: 'user', content: WEATHER_PROMPT }],
                tools: [weatherToolOpenAI],
                stream: true,
                stream_options: { include_usage: true },
            });
            const got = await collectChatStream(stream);
            assert.equal(got.content, 'Let me check the weather.');
            assert.equal(got.toolCalls.length, 1, JSON.stringify(got.toolCalls));
            assert.equal(got.toolCalls[0].name, 'get_weather');
            assert.deepEqual(JSON.parse(got.toolCalls[0].arguments), { city: 'Paris', unit: 'celsius' });
            assert.ok(got.toolCalls[0].id.length > 0);
            assert.deepEqual(got.finish, ['tool_calls']);
            checkOpenAIUsage(got.usage, kind);
            const sent = await onlyUpstream(since, kind);
            if (kind === 'anthropic') {
                assert.equal(sent.body.tools.length, 1);
                assert.equal(sent.body.tools[0].name, 'get_weather');
                assert.deepEqual(sent.body.tools[0].input_schema, weatherToolAnthropic.input_schema);
                assert.equal(got.toolCalls[0].id, sent.reply.toolCalls[0].id);
            } else {
                assert.equal(got.toolCalls[0].id, sent.reply.toolCalls[0].id);
            }
        }));

        test('non-streaming tool call', () => diagnosed(async () => {
            const completion = await openai.chat.completions.create({ model, messages: [{ role: 'user', content: WEATHER_PROMPT }], tools: [weatherToolOpenAI] });
            const choice = completion.choices[0];
            assert.equal(choice.finish_reason, 'tool_calls');
            assert.equal(choice.message.content, 'Let me check the weather.');
            assert.equal(choice.message.tool_calls.length, 1);
            assert.equal(choice.message.tool_calls[0].type, 'function');
            assert.equal(choice.message.tool_calls[0].function.name, 'get_weather');
            assert.deepEqual(JSON.parse(choice.message.tool_calls[0].function.arguments), { city: 'Paris', unit: 'celsius' });
            checkOpenAIUsage(completion.usage, kind);
        }));

        test('tool-result round trip', () => diagnosed(async (since) => {
            const first = await openai.chat.completions.create({ model, messages: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: WEATHER_PROMPT }], tools: [weatherToolOpenAI] });
            const call = first.choices[0].message.tool_calls?.[0];
            assert.ok(call, JSON.stringify(first.choices[0].message));
            const [turn1] = await upstream(since, kind);
            const upstreamToolId = turn1.reply.toolCalls[0].id;

            const stream = await openai.chat.completions.create({
                model,
                tools: [weatherToolOpenAI],
                stream: true,
                stream_options: { include_usage: true },
                messages: [
                    { role: 'system', content: 'You are terse.' },
                    { role: 'user', content: WEATHER_PROMPT },
                    { role: 'assistant', content: first.choices[0].message.content, tool_calls: [{ id: call.id, type: 'function', function: call.function }] },
                    { role: 'tool', tool_call_id: call.id, content: WEATHER_RESULT },
                ],
            });
            const got = await collectChatStream(stream);
            assert.equal(got.content, `The weather in Paris is ${WEATHER_RESULT}.`);
            assert.deepEqual(got.finish, ['stop']);
            assert.equal(got.toolCalls.length, 0);
            checkOpenAIUsage(got.usage, kind);

            const seen = await upstream(since, kind);
            assert.equal(seen.length, 2);
            const turn2 = seen[1];
            assert.equal(turn2.status, 200, turn2.reply?.error);
            if (kind === 'anthropic') {
                const sys = typeof turn2.body.system === 'string' ? turn2.body.system : turn2.body.system.map((b) => b.text).join('\n');
                assert.equal(sys, 'You are terse.');
                const msgs = turn2.body.messages;
                assert.deepEqual(msgs.map((m) => m.role), ['user', 'assistant', 'user']);
                const toolUse = msgs[1].content.find((b) => b.type === 'tool_use');
                assert.equal(toolUse.id, upstreamToolId);
                assert.deepEqual(toolUse.input, { city: 'Paris', unit: 'celsius' });
                const result = msgs[2].content.find((b) => b.type === 'tool_result');
                assert.equal(result.tool_use_id, upstreamToolId);
                const resultText = typeof result.content === 'string' ? result.content : result.content.map((b) => b.text).join('');
                assert.equal(resultText, WEATHER_RESULT);
            } else {
                assert.deepEqual(turn2.body.messages.at(-1), { role: 'tool', tool_call_id: upstreamToolId, content: WEATHER_RESULT });
            }
        }));
        test('parallel tool calls (streamed) and their round trip', () => diagnosed(async (since) => {
            const stream = await openai.chat.completions.create({ model, messages: [{ role: 'user', content: PARALLEL_PROMPT }], tools: [weatherToolOpenAI], stream: true });
            const got = await collectChatStream(stream);
            assert.equal(got.content, 'Let me check both cities.');
            assert.deepEqual(got.toolCalls.map((c) => JSON.parse(c.arguments)), [{ city: 'Paris', unit: 'celsius' }, { city: 'Tokyo', unit: 'celsius' }]);
            assert.notEqual(got.toolCalls[0].id, got.toolCalls[1].id);
            assert.deepEqual(got.finish, ['tool_calls']);
            const second = await openai.chat.completions.create({
                model,
                tools: [weatherToolOpenAI],
                messages: [
                    { role: 'user', content: PARALLEL_PROMPT },
                    { role: 'assistant', content: got.content, tool_calls: got.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })) },
                    { role: 'tool', tool_call_id: got.toolCalls[1].id, content: 'rainy' },
                    { role: 'tool', tool_call_id: got.toolCalls[0].id, content: 'sunny' },
                ],
            });
            assert.equal(second.choices[0].message.content, 'The weather in Tokyo is rainy. The weather in Paris is sunny.');
            const seen = await upstream(since, kind);
            assert.equal(seen.length, 2);
            assert.equal(seen[1].status, 200, seen[1].reply?.error);
        }));

        test('upstream HTTP 400 reaches the client as an OpenAI error', () => diagnosed(async () => {
            await assert.rejects(
                openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'Please fail with 400' }] }),
                (e) => {
                    assert.ok(e instanceof OpenAI.BadRequestError, `expected BadRequestError, got ${e?.constructor?.name}: ${e?.message}`);
                    assert.equal(e.status, 400);
                    assert.equal(typeof e.error?.message, 'string', JSON.stringify(e.error));
                    assert.match(e.error.message, /scripted 400/, 'the upstream reason should reach the client');
                    return true;
                },
            );
        }));

        test('mid-stream upstream failure surfaces as a stream error', () => diagnosed(async () => {
            const res = await fetchWithTimeout(`${stack.switchyard.url}/v1/chat/completions`, {
                method: 'POST',
                headers: { 'content-type': 'application/json', authorization: `Bearer ${CLIENT_KEY}` },
                body: JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: 'Please break the stream' }] }),
            });
            if (res.status === 200) {
                const events = await readSse(res);
                assert.ok(events.at(-1)?.data?.error, `the stream must end with an error chunk: ${events.map((e) => e.raw).join(' | ')}`);
                assert.ok(!events.some((e) => e.raw === '[DONE]'), 'no [DONE] after an error (protocols 4.6)');
            } else {
                assert.ok(res.status >= 500, `status ${res.status}`);
            }
            await assert.rejects(
                (async () => {
                    const stream = await openai.chat.completions.create({ model, stream: true, messages: [{ role: 'user', content: 'Please break the stream' }] });
                    await collectChatStream(stream);
                })(),
                (e) => e instanceof OpenAI.APIError,
            );
        }));
    });
}

// ---------------------------------------------------------------------------------------------
// Surface shared by both SDKs

test('unknown model: 404 in each client\'s error shape', () => diagnosed(async () => {
    await assert.rejects(anthropic.messages.create({ model: 'no-such-model-e2e', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }), (e) => {
        assert.ok(e instanceof Anthropic.NotFoundError, `got ${e?.constructor?.name}: ${e?.message}`);
        assert.equal(e.error?.error?.type, 'not_found_error');
        return true;
    });
    await assert.rejects(openai.chat.completions.create({ model: 'no-such-model-e2e', messages: [{ role: 'user', content: 'hi' }] }), (e) => {
        assert.ok(e instanceof OpenAI.NotFoundError, `got ${e?.constructor?.name}: ${e?.message}`);
        assert.equal(typeof e.error?.message, 'string');
        return true;
    });
    assert.equal((await stack.fake.requests()).filter((r) => r.body?.model === 'no-such-model-e2e').length, 0, 'nothing may reach an upstream');
}));

test('HEAD /api/hello (Claude Code\'s connectivity probe) answers 200', () => diagnosed(async () => {
    const res = await fetchWithTimeout(`${stack.switchyard.url}/api/hello`, { method: 'HEAD' });
    assert.equal(res.status, 200);
}));

test('models.list() in both SDKs lists the configured models', () => diagnosed(async () => {
    const anthropicIds = [];
    for await (const m of anthropic.models.list()) anthropicIds.push(m.id);
    const openaiIds = [];
    for await (const m of openai.models.list()) openaiIds.push(m.id);
    for (const id of [MODELS.anthropic, MODELS.openai]) {
        assert.ok(anthropicIds.includes(id), `anthropic models.list() lacks ${id}: ${anthropicIds}`);
        assert.ok(openaiIds.includes(id), `openai models.list() lacks ${id}: ${openaiIds}`);
    }
}));

// A scripted fake LLM upstream for the end-to-end tests, speaking both the Anthropic Messages API
// (JSON and SSE) and OpenAI Chat Completions (JSON and SSE chunks) on one loopback port.
//
// Run it on its own:   node fakeupstream.mjs [--port N]
//   prints "Fake upstream listening on http://127.0.0.1:PORT" once it is ready.
// Or import startFakeUpstream() from a test.
//
// Routes (any prefix before them is accepted, so "/v1/messages" and "/messages" both work; the path
// as received is recorded so tests can assert what Switchyard actually requested):
//   POST .../messages               Anthropic Messages, JSON or SSE (stream:true)
//   POST .../messages/count_tokens  Anthropic token count
//   POST .../chat/completions       OpenAI Chat Completions, JSON or SSE chunks
//   GET  /__requests                every request received so far, with what was answered
//   POST /__reset                   forget the recorded requests
//
// The reply is scripted from the conversation, not canned per call, so multi-turn tasks work:
//   "create FILE containing TEXT"  turn 1: thinking + text + a Write tool call with an absolute
//                                  file_path in the working directory named in the system prompt
//                                  ("Primary working directory: ..."); turn 2 (with the
//                                  tool_result): final text.
//   "weather in CITY"              turn 1: text + get_weather({city}); turn 2: final text quoting the
//                                  tool result.
//   "weather in A and B"           the same with two parallel tool calls.
//   "fail with NNN"                an HTTP error NNN in the upstream's error format.
//   "break the stream"             a stream that fails after the first text: Anthropic `event:
//                                  error` (overloaded_error), OpenAI `data: {"error":...}`.
//   "think first"                  a thinking block (Anthropic: with a signature; OpenAI:
//                                  reasoning_content) followed by the answer.
//   anything else                  "You said: <last user text>".
//
// Like the real services, it rejects requests a real upstream would reject (400 in the upstream's
// error format): malformed messages, unknown OpenAI parameters or fields such as cache_control,
// OpenAI tool messages that do not answer the preceding tool_calls, Anthropic tool_results that do
// not answer the preceding tool_use, thinking signatures this upstream never issued, empty text
// blocks, a wrong API key (when FAKE_ANTHROPIC_KEY / FAKE_OPENAI_KEY are set).

import http from 'node:http';
import { pathToFileURL } from 'node:url';

// Fixed usage numbers, so tests can check how Switchyard maps them (protocols 4.8).
export const ANTHROPIC_USAGE = Object.freeze({
    input_tokens: 30,
    cache_creation_input_tokens: 5,
    cache_read_input_tokens: 20,
    output_tokens: 12,
});
export const OPENAI_USAGE = Object.freeze({
    prompt_tokens: 50,
    completion_tokens: 12,
    total_tokens: 62,
    prompt_tokens_details: { cached_tokens: 20 },
    completion_tokens_details: { reasoning_tokens: 3 },
});

export const WEATHER_RESULT_PREFIX = 'The weather in';
export const THINKING_TEXT = 'The user asks for 6 times 7. 6 times 7 is 42; answer briefly.';
export const THINKING_ANSWER = 'The answer is 42.';

const TEXT_CHUNK = 12; // text_delta / content fragment size, as Anthropic's own streams look
const JSON_CHUNK = 10; // input_json_delta / arguments fragment size

// ---------------------------------------------------------------------------------------------
// Request normalisation: both wire formats become one list of turns.

function textOf(content) {
    if (typeof content === 'string') return [content];
    if (!Array.isArray(content)) return [];
    return content.filter((b) => b && b.type === 'text' && typeof b.text === 'string').map((b) => b.text);
}

function anthropicConversation(body) {
    const turns = [];
    for (const m of body.messages ?? []) {
        const turn = { role: m.role, texts: textOf(m.content), toolUses: [], toolResults: [], thinking: [] };
        if (Array.isArray(m.content)) {
            for (const b of m.content) {
                if (b?.type === 'tool_use') turn.toolUses.push({ id: b.id, name: b.name, input: b.input });
                if (b?.type === 'tool_result') {
                    const c = typeof b.content === 'string' ? b.content : textOf(b.content).join('\n');
                    turn.toolResults.push({ id: b.tool_use_id, content: c, isError: !!b.is_error });
                }
                if (b?.type === 'thinking') turn.thinking.push(b);
            }
        }
        turns.push(turn);
    }
    const system = typeof body.system === 'string' ? [body.system] : textOf(body.system);
    return { turns, system, tools: (body.tools ?? []).map((t) => t.name) };
}

function openaiConversation(body) {
    const turns = [];
    const system = [];
    for (const m of body.messages ?? []) {
        if (m.role === 'system' || m.role === 'developer') {
            system.push(...textOf(m.content));
            continue;
        }
        if (m.role === 'tool') {
            let last = turns[turns.length - 1];
            if (!last || last.role !== 'user' || last.texts.length) {
                last = { role: 'user', texts: [], toolUses: [], toolResults: [], thinking: [] };
                turns.push(last);
            }
            const c = typeof m.content === 'string' ? m.content : textOf(m.content).join('\n');
            last.toolResults.push({ id: m.tool_call_id, content: c, isError: false });
            continue;
        }
        const turn = { role: m.role, texts: textOf(m.content), toolUses: [], toolResults: [], thinking: [] };
        for (const tc of m.tool_calls ?? []) {
            let input = {};
            try {
                input = JSON.parse(tc.function?.arguments || '{}');
            } catch {
                input = { __unparsable: tc.function?.arguments };
            }
            turn.toolUses.push({ id: tc.id, name: tc.function?.name, input });
        }
        turns.push(turn);
    }
    return { turns, system, tools: (body.tools ?? []).map((t) => t.function?.name) };
}

// ---------------------------------------------------------------------------------------------
// The script: what to answer for a conversation. Returns an abstract reply that the four renderers
// (Anthropic JSON/SSE, OpenAI JSON/SSE) turn into wire format.

function allStrings(value, out = []) {
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) value.forEach((v) => allStrings(v, out));
    else if (value && typeof value === 'object') Object.values(value).forEach((v) => allStrings(v, out));
    return out;
}

function plan(conv, ids, body) {
    const userTexts = conv.turns.filter((t) => t.role === 'user').flatMap((t) => t.texts);
    // Claude Code puts <system-reminder> blocks before the prompt; the prompt is the last plain text.
    const prompts = userTexts.filter((t) => !t.trimStart().startsWith('<system-reminder>'));
    const lastPrompt = prompts.length ? prompts[prompts.length - 1] : userTexts[userTexts.length - 1] ?? '';
    const last = conv.turns[conv.turns.length - 1];
    const results = last && last.role === 'user' ? last.toolResults : [];
    // The working directory is in the system prompt, or (Claude Code 2.1.330) in a role:"system"
    // message inside messages, or wherever a translation put it: search every string.
    const allText = allStrings([body.system, body.messages]).join('\n');

    const create = /create\s+(\S+)\s+containing\s+(\S+)/i.exec(lastPrompt);
    if (create) {
        const [, fileName, content] = create;
        if (results.length) {
            return {
                scenario: 'create-file',
                turn: 2,
                text: `Created ${fileName} containing ${content}. Tool said: ${firstLine(results[0].content)}`,
                stopReason: 'end_turn',
            };
        }
        const cwd = /Primary working directory:\s*(\/[^\s]+)/.exec(allText)?.[1];
        if (!cwd) return { scenario: 'create-file', turn: 1, text: 'fake upstream: no working directory in the prompt', stopReason: 'end_turn' };
        if (!conv.tools.includes('Write'))
            return { scenario: 'create-file', turn: 1, text: 'fake upstream: no Write tool offered', stopReason: 'end_turn' };
        const filePath = fileName.startsWith('/') ? fileName : `${cwd.replace(/\/+$/, '')}/${fileName}`;
        return {
            scenario: 'create-file',
            turn: 1,
            thinking: `The user wants ${fileName} with the text ${content}; the Write tool does that.`,
            text: `I'll create ${fileName} now.`,
            toolCalls: [{ id: ids.tool('write'), name: 'Write', input: { file_path: filePath, content } }],
            stopReason: 'tool_use',
        };
    }

    const weather = /weather in ([A-Z][A-Za-z]*(?:(?: and | )[A-Z][A-Za-z]*)*)/.exec(lastPrompt);
    if (weather) {
        const cities = weather[1].split(' and ');
        if (results.length) {
            // Answer each result by the city its tool call asked for (parallel calls may come back
            // in any order).
            const cityOf = new Map(conv.turns.flatMap((t) => t.toolUses).map((u) => [u.id, u.input?.city]));
            return {
                scenario: 'weather',
                turn: 2,
                text: results.map((r) => `${WEATHER_RESULT_PREFIX} ${cityOf.get(r.id) ?? '?'} is ${r.content}.`).join(' '),
                stopReason: 'end_turn',
            };
        }
        if (!conv.tools.includes('get_weather'))
            return { scenario: 'weather', turn: 1, text: 'fake upstream: no get_weather tool offered', stopReason: 'end_turn' };
        return {
            scenario: 'weather',
            turn: 1,
            text: cities.length > 1 ? 'Let me check both cities.' : 'Let me check the weather.',
            toolCalls: cities.map((city) => ({ id: ids.tool('weather'), name: 'get_weather', input: { city, unit: 'celsius' } })),
            stopReason: 'tool_use',
        };
    }

    const failure = /fail with (\d{3})/.exec(lastPrompt);
    if (failure) return { scenario: 'http-error', turn: 1, httpError: Number(failure[1]) };
    if (/break the stream/i.test(lastPrompt))
        return { scenario: 'broken-stream', turn: 1, text: 'Partial answer that never ends', stopReason: 'end_turn', breakStream: true };

    if (/think first/i.test(lastPrompt)) {
        return { scenario: 'thinking', turn: 1, thinking: THINKING_TEXT, text: THINKING_ANSWER, stopReason: 'end_turn' };
    }

    return { scenario: 'echo', turn: 1, text: `You said: ${lastPrompt}`, stopReason: 'end_turn' };
}

function firstLine(text) {
    return String(text).split('\n')[0].slice(0, 200);
}

// ---------------------------------------------------------------------------------------------
// Validation, in the spirit of the real services. Returns an error message or null.

const OPENAI_TOP_LEVEL = new Set([
    'model', 'messages', 'max_tokens', 'max_completion_tokens', 'temperature', 'top_p', 'n', 'stream',
    'stream_options', 'stop', 'presence_penalty', 'frequency_penalty', 'logit_bias', 'logprobs',
    'top_logprobs', 'user', 'tools', 'tool_choice', 'parallel_tool_calls', 'response_format', 'seed',
    'reasoning_effort', 'metadata', 'store', 'service_tier', 'prompt_cache_key', 'safety_identifier',
    'prompt_cache_retention', 'verbosity', 'web_search_options', 'modalities', 'audio', 'prediction',
    'functions', 'function_call',
]);
const OPENAI_MESSAGE_KEYS = new Set([
    'role', 'content', 'name', 'tool_calls', 'tool_call_id', 'refusal', 'function_call', 'audio',
    'reasoning_content',
]);
const OPENAI_PART_KEYS = {
    text: new Set(['type', 'text']),
    image_url: new Set(['type', 'image_url']),
    input_audio: new Set(['type', 'input_audio']),
    file: new Set(['type', 'file']),
    refusal: new Set(['type', 'refusal']),
};

function validateOpenAI(body) {
    if (typeof body.model !== 'string' || !body.model) return "'model' is required";
    for (const key of Object.keys(body)) {
        if (!OPENAI_TOP_LEVEL.has(key)) return `Unrecognized request argument supplied: ${key}`;
    }
    if (!Array.isArray(body.messages) || body.messages.length === 0) return "'messages' must be a non-empty array";
    if (body.stream_options !== undefined && body.stream !== true)
        return "The 'stream_options' parameter is only allowed when 'stream' is enabled.";
    let pending = null; // tool_call ids still to be answered
    for (const [i, m] of body.messages.entries()) {
        const where = `messages[${i}]`;
        if (!m || typeof m !== 'object') return `${where}: expected an object`;
        for (const key of Object.keys(m)) {
            if (!OPENAI_MESSAGE_KEYS.has(key)) return `${where}: Additional properties are not allowed ('${key}' was unexpected)`;
        }
        if (!['system', 'developer', 'user', 'assistant', 'tool'].includes(m.role)) return `${where}: invalid role '${m.role}'`;
        if (Array.isArray(m.content)) {
            for (const [j, part] of m.content.entries()) {
                const allowed = OPENAI_PART_KEYS[part?.type];
                if (!allowed) return `${where}.content[${j}]: invalid content part type '${part?.type}'`;
                for (const key of Object.keys(part)) {
                    if (!allowed.has(key)) return `${where}.content[${j}]: Additional properties are not allowed ('${key}' was unexpected)`;
                }
            }
        } else if (m.content !== null && m.content !== undefined && typeof m.content !== 'string') {
            return `${where}.content: expected a string, an array or null`;
        }
        if (m.role === 'tool') {
            if (!pending || !pending.has(m.tool_call_id))
                return `${where}: messages with role 'tool' must be a response to a preceding message with 'tool_calls' (tool_call_id ${m.tool_call_id})`;
            pending.delete(m.tool_call_id);
            continue;
        }
        if (pending && pending.size)
            return `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...pending].join(', ')}`;
        pending = null;
        if (m.role === 'assistant' && Array.isArray(m.tool_calls) && m.tool_calls.length) {
            pending = new Set();
            for (const tc of m.tool_calls) {
                if (!tc.id || tc.type !== 'function' || typeof tc.function?.name !== 'string' || typeof tc.function?.arguments !== 'string')
                    return `${where}.tool_calls: malformed tool call ${JSON.stringify(tc)}`;
                pending.add(tc.id);
            }
        }
    }
    if (pending && pending.size)
        return `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...pending].join(', ')}`;
    for (const [i, t] of (body.tools ?? []).entries()) {
        if (t?.type !== 'function' || !t.function) return `tools[${i}]: expected {type:"function", function:{...}}`;
        for (const key of Object.keys(t)) {
            if (key !== 'type' && key !== 'function') return `tools[${i}]: Additional properties are not allowed ('${key}' was unexpected)`;
        }
        for (const key of Object.keys(t.function)) {
            if (!['name', 'description', 'parameters', 'strict'].includes(key))
                return `tools[${i}].function: Additional properties are not allowed ('${key}' was unexpected)`;
        }
        if (!/^[a-zA-Z0-9_-]{1,64}$/.test(t.function.name ?? '')) return `tools[${i}].function.name: invalid name`;
    }
    const cc = findKey(body, 'cache_control');
    if (cc) return `${cc}: Additional properties are not allowed ('cache_control' was unexpected)`;
    return null;
}

function validateAnthropic(body, headers, issuedSignatures) {
    if (!headers['anthropic-version']) return 'anthropic-version: header is required';
    if (typeof body.model !== 'string' || !body.model) return 'model: Field required';
    if (!Number.isInteger(body.max_tokens) || body.max_tokens < 1) return 'max_tokens: Field required';
    if (!Array.isArray(body.messages) || body.messages.length === 0) return 'messages: at least one message is required';
    let previous = null;
    for (const [i, m] of body.messages.entries()) {
        const where = `messages.${i}`;
        if (!['user', 'assistant', 'system'].includes(m?.role)) return `${where}.role: Input should be 'user' or 'assistant'`;
        if (typeof m.content === 'string') {
            if (m.role !== 'system' && m.content.length === 0 && i !== body.messages.length - 1)
                return `${where}: text content blocks must be non-empty`;
        } else if (Array.isArray(m.content)) {
            for (const [j, b] of m.content.entries()) {
                if (b?.type === 'text' && (typeof b.text !== 'string' || b.text.trim() === ''))
                    return `${where}.content.${j}: text content blocks must contain non-whitespace text`;
                if (b?.type === 'thinking' && !issuedSignatures.has(b.signature))
                    return `${where}.content.${j}: Invalid \`signature\` in \`thinking\` block`;
                if (b?.type === 'tool_result') {
                    const answered = previous?.role === 'assistant' && Array.isArray(previous.content)
                        && previous.content.some((p) => p.type === 'tool_use' && p.id === b.tool_use_id);
                    if (!answered)
                        return `${where}.content.${j}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${b.tool_use_id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
                }
            }
        } else {
            return `${where}.content: Input should be a valid string or list`;
        }
        if (m.role !== 'system') previous = m;
    }
    return null;
}

// Path of the first object key named `name` anywhere in value, or null.
function findKey(value, name, path = '') {
    if (Array.isArray(value)) {
        for (const [i, v] of value.entries()) {
            const hit = findKey(v, name, `${path}[${i}]`);
            if (hit) return hit;
        }
    } else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) {
            const here = path ? `${path}.${k}` : k;
            if (k === name) return here;
            const hit = findKey(v, name, here);
            if (hit) return hit;
        }
    }
    return null;
}

// ---------------------------------------------------------------------------------------------
// Renderers

function chunks(text, size) {
    const out = [];
    const points = Array.from(text); // never split a code point
    for (let i = 0; i < points.length; i += size) out.push(points.slice(i, i + size).join(''));
    return out;
}

function anthropicBlocks(reply, signature) {
    const blocks = [];
    if (reply.thinking) blocks.push({ type: 'thinking', thinking: reply.thinking, signature });
    if (reply.text) blocks.push({ type: 'text', text: reply.text });
    for (const tc of reply.toolCalls ?? []) blocks.push({ type: 'tool_use', id: tc.id, name: tc.name, input: tc.input });
    return blocks;
}

function anthropicJson(reply, model, id, signature) {
    return {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: anthropicBlocks(reply, signature),
        stop_reason: reply.stopReason,
        stop_sequence: null,
        usage: { ...ANTHROPIC_USAGE },
    };
}

function anthropicSse(reply, model, id, signature) {
    const events = [];
    const ev = (data) => events.push(`event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`);
    ev({
        type: 'message_start',
        message: {
            id, type: 'message', role: 'assistant', content: [], model, stop_reason: null, stop_sequence: null,
            usage: {
                input_tokens: ANTHROPIC_USAGE.input_tokens,
                cache_creation_input_tokens: ANTHROPIC_USAGE.cache_creation_input_tokens,
                cache_read_input_tokens: ANTHROPIC_USAGE.cache_read_input_tokens,
                output_tokens: 1,
            },
        },
    });
    ev({ type: 'ping' });
    anthropicBlocks(reply, signature).forEach((block, index) => {
        if (block.type === 'thinking') {
            ev({ type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '' } });
            for (const c of chunks(block.thinking, TEXT_CHUNK))
                ev({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: c } });
            ev({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: block.signature } });
        } else if (block.type === 'text') {
            ev({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
            for (const c of chunks(block.text, TEXT_CHUNK))
                ev({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: c } });
        } else {
            ev({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
            ev({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: '' } });
            for (const c of chunks(JSON.stringify(block.input), JSON_CHUNK))
                ev({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: c } });
        }
        ev({ type: 'content_block_stop', index });
    });
    if (reply.breakStream) {
        // A mid-stream failure as Anthropic sends it: the text block never ends, an error event
        // replaces the tail and nothing follows.
        const cut = events.findIndex((e) => e.startsWith('event: content_block_stop'));
        events.length = cut;
        ev({ type: 'error', error: { type: 'overloaded_error', message: 'scripted mid-stream failure' } });
        return events;
    }
    ev({ type: 'message_delta', delta: { stop_reason: reply.stopReason, stop_sequence: null }, usage: { ...ANTHROPIC_USAGE } });
    ev({ type: 'message_stop' });
    return events;
}

export const ANTHROPIC_ERROR_TYPES = {
    400: 'invalid_request_error', 401: 'authentication_error', 402: 'billing_error', 403: 'permission_error',
    404: 'not_found_error', 413: 'request_too_large', 429: 'rate_limit_error', 500: 'api_error',
    504: 'timeout_error', 529: 'overloaded_error',
};

const FINISH = { end_turn: 'stop', tool_use: 'tool_calls', max_tokens: 'length' };

function openaiJson(reply, model, id, created) {
    const message = { role: 'assistant', content: reply.text ?? null, refusal: null };
    if (reply.thinking) message.reasoning_content = reply.thinking;
    if (reply.toolCalls?.length) {
        message.tool_calls = reply.toolCalls.map((tc) => ({
            id: tc.id, type: 'function', function: { name: tc.name, arguments: JSON.stringify(tc.input) },
        }));
    }
    return {
        id, object: 'chat.completion', created, model,
        choices: [{ index: 0, message, logprobs: null, finish_reason: FINISH[reply.stopReason] }],
        usage: structuredClone(OPENAI_USAGE),
        system_fingerprint: 'fp_fake',
    };
}

function openaiSse(reply, model, id, created, includeUsage) {
    const events = [];
    const chunk = (delta, finish = null) => {
        const c = { id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_fake', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] };
        if (includeUsage) c.usage = null;
        events.push(`data: ${JSON.stringify(c)}\n\n`);
    };
    chunk({ role: 'assistant', content: '', refusal: null });
    if (reply.thinking) for (const c of chunks(reply.thinking, TEXT_CHUNK)) chunk({ reasoning_content: c });
    if (reply.text) for (const c of chunks(reply.text, TEXT_CHUNK)) chunk({ content: c });
    (reply.toolCalls ?? []).forEach((tc, index) => {
        chunk({ tool_calls: [{ index, id: tc.id, type: 'function', function: { name: tc.name, arguments: '' } }] });
        for (const c of chunks(JSON.stringify(tc.input), JSON_CHUNK)) chunk({ tool_calls: [{ index, function: { arguments: c } }] });
    });
    if (reply.breakStream) {
        // openai-node throws on any data with an `error` object; the connection then closes.
        events.push(`data: ${JSON.stringify({ error: { message: 'scripted mid-stream failure', type: 'server_error', param: null, code: null } })}\n\n`);
        return events;
    }
    chunk({}, FINISH[reply.stopReason]);
    if (includeUsage) {
        events.push(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_fake', choices: [], usage: structuredClone(OPENAI_USAGE) })}\n\n`);
    }
    events.push('data: [DONE]\n\n');
    return events;
}

// ---------------------------------------------------------------------------------------------
// Server

export async function startFakeUpstream({ port = 0, host = '127.0.0.1', eventDelayMs = 2, anthropicKey, openaiKey } = {}) {
    const requests = [];
    const issuedSignatures = new Set();
    let counter = 0;
    const next = () => ++counter;
    const ids = { tool: (kind) => `toolu_fake_${kind}_${next()}` };
    const openaiIds = { tool: (kind) => `call_fake_${kind}_${next()}` };
    anthropicKey ??= process.env.FAKE_ANTHROPIC_KEY;
    openaiKey ??= process.env.FAKE_OPENAI_KEY;

    const sendJson = (res, status, obj) => {
        const body = JSON.stringify(obj);
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
    };
    const sendSse = async (res, events) => {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
        for (const e of events) {
            if (res.destroyed) return;
            res.write(e);
            if (eventDelayMs > 0) await new Promise((r) => setTimeout(r, eventDelayMs));
        }
        res.end();
    };
    const anthropicError = (res, status, type, message) => sendJson(res, status, { type: 'error', error: { type, message }, request_id: `req_fake_${next()}` });
    const openaiError = (res, status, type, message, code = null) => sendJson(res, status, { error: { message, type, param: null, code } });

    const handle = async (req, res, raw) => {
        const url = new URL(req.url, 'http://fake');
        const record = {
            seq: requests.length + 1,
            time: Date.now(),
            method: req.method,
            url: req.url,
            path: url.pathname,
            query: Object.fromEntries(url.searchParams),
            headers: req.headers,
            body: null,
            kind: null,
            status: null,
            reply: null,
        };
        if (url.pathname === '/__requests' && req.method === 'GET') return sendJson(res, 200, requests);
        if (url.pathname === '/__reset' && req.method === 'POST') {
            requests.length = 0;
            return sendJson(res, 200, { ok: true });
        }
        requests.push(record);
        const finish = (status, reply = null) => {
            record.status = status;
            record.reply = reply;
        };
        try {
            record.body = raw.length ? JSON.parse(raw) : null;
        } catch (e) {
            record.rawBody = raw;
        }
        const body = record.body;

        if (req.method === 'GET' && /\/models$/.test(url.pathname)) {
            finish(200);
            return sendJson(res, 200, { object: 'list', data: [{ id: 'fake-model', object: 'model', created: 0, owned_by: 'fake' }] });
        }
        if (req.method !== 'POST') {
            finish(404);
            return sendJson(res, 404, { error: { message: `no route ${req.method} ${url.pathname}` } });
        }

        if (/\/messages\/count_tokens$/.test(url.pathname)) {
            record.kind = 'anthropic-count';
            if (!body || !Array.isArray(body.messages)) {
                finish(400);
                return anthropicError(res, 400, 'invalid_request_error', 'messages: Field required');
            }
            const n = Math.max(1, Math.ceil(JSON.stringify([body.system ?? '', body.messages, body.tools ?? []]).length / 4));
            finish(200, { input_tokens: n });
            return sendJson(res, 200, { input_tokens: n });
        }

        if (/\/messages$/.test(url.pathname)) {
            record.kind = 'anthropic';
            if (anthropicKey && req.headers['x-api-key'] !== anthropicKey) {
                finish(401);
                return anthropicError(res, 401, 'authentication_error', 'invalid x-api-key');
            }
            if (!body || typeof body !== 'object') {
                finish(400);
                return anthropicError(res, 400, 'invalid_request_error', 'body is not JSON');
            }
            const problem = validateAnthropic(body, req.headers, issuedSignatures);
            if (problem) {
                finish(400, { error: problem });
                return anthropicError(res, 400, 'invalid_request_error', problem);
            }
            const reply = plan(anthropicConversation(body), ids, body);
            if (reply.httpError) {
                finish(reply.httpError, reply);
                return anthropicError(res, reply.httpError, ANTHROPIC_ERROR_TYPES[reply.httpError] ?? 'api_error', `fake upstream refused: scripted ${reply.httpError}`);
            }
            const id = `msg_fake_${next()}`;
            const signature = reply.thinking ? `fake-sig-${next()}` : undefined;
            if (signature) issuedSignatures.add(signature);
            finish(200, { ...reply, id, signature, stream: !!body.stream });
            if (body.stream) return sendSse(res, anthropicSse(reply, body.model, id, signature));
            return sendJson(res, 200, anthropicJson(reply, body.model, id, signature));
        }

        if (/\/chat\/completions$/.test(url.pathname)) {
            record.kind = 'openai';
            if (openaiKey && req.headers.authorization !== `Bearer ${openaiKey}`) {
                finish(401);
                return openaiError(res, 401, 'invalid_request_error', 'Incorrect API key provided', 'invalid_api_key');
            }
            if (!body || typeof body !== 'object') {
                finish(400);
                return openaiError(res, 400, 'invalid_request_error', 'We could not parse the JSON body of your request.');
            }
            const problem = validateOpenAI(body);
            if (problem) {
                finish(400, { error: problem });
                return openaiError(res, 400, 'invalid_request_error', problem);
            }
            const reply = plan(openaiConversation(body), openaiIds, body);
            if (reply.httpError) {
                finish(reply.httpError, reply);
                return openaiError(res, reply.httpError, reply.httpError >= 500 ? 'server_error' : 'invalid_request_error', `fake upstream refused: scripted ${reply.httpError}`);
            }
            const id = `chatcmpl-fake${next()}`;
            const created = Math.floor(Date.now() / 1000);
            finish(200, { ...reply, id, stream: !!body.stream });
            if (body.stream) return sendSse(res, openaiSse(reply, body.model, id, created, body.stream_options?.include_usage === true));
            return sendJson(res, 200, openaiJson(reply, body.model, id, created));
        }

        finish(404);
        return sendJson(res, 404, { error: { message: `no route ${req.method} ${url.pathname}` } });
    };

    const server = http.createServer((req, res) => {
        const parts = [];
        req.on('data', (d) => parts.push(d));
        req.on('end', () => {
            handle(req, res, Buffer.concat(parts).toString('utf8')).catch((e) => {
                if (!res.headersSent) sendJson(res, 500, { error: { message: String(e?.stack ?? e) } });
                else res.destroy();
            });
        });
    });
    server.keepAliveTimeout = 30000;
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, resolve);
    });
    const actual = server.address().port;
    return {
        port: actual,
        url: `http://${host}:${actual}`,
        requests,
        close: () => new Promise((resolve) => {
            server.closeAllConnections?.();
            server.close(() => resolve());
        }),
    };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
    const i = process.argv.indexOf('--port');
    const fake = await startFakeUpstream({ port: i > 0 ? Number(process.argv[i + 1]) : 0 });
    process.stdout.write(`Fake upstream listening on ${fake.url}\n`);
    const stop = () => fake.close().then(() => process.exit(0));
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
}

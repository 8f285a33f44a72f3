// Shared plumbing for the end-to-end tests: a fake upstream child process, a real `switchyard
// --headless` on a generated config, bounded waits, and cleanup that runs even when a test fails.
//
// Environment:
//   SWITCHYARD_BIN   the switchyard executable (set by tests/e2e/e2e.cmake)
//   E2E_KEEP_TMP=1   keep the temporary directories (data dir, logs) for a post-mortem

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

// Channel keys Switchyard must send upstream (the fake rejects anything else).
export const ANTHROPIC_KEY = 'sk-ant-e2e-fake-anthropic-key';
export const OPENAI_KEY = 'sk-e2e-fake-openai-key';

// Model names and which upstream kind they select (see makeConfig()).
export const MODELS = {
    anthropic: 'claude-opus-5-5', // listed by the Anthropic channel only (Claude Code's default model)
    openai: 'gpt-4o', // listed by the OpenAI channel only
};

const children = new Set();
const tempDirs = new Set();
// Last line of defence: a test runner that dies must not leave servers behind.
process.on('exit', () => {
    for (const child of children) {
        try {
            child.kill('SIGKILL');
        } catch {}
    }
    if (process.env.E2E_KEEP_TMP !== '1') {
        for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
    }
});
// A signal (ctest timeout, Ctrl+C) must run the cleanup above too: exit explicitly.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, () => process.exit(128 + constants.signals[signal]));

export function makeTempDir(prefix) {
    const dir = mkdtempSync(path.join(tmpdir(), `switchyard-e2e-${prefix}-`));
    tempDirs.add(dir);
    return dir;
}

// Spawns a child and resolves with {child, match} once `pattern` matches a stdout line, or rejects
// after timeoutMs (killing the child) or when the child exits first. stdout/stderr are kept in
// child.output for diagnostics.
function spawnAndWait(command, args, options, pattern, timeoutMs, what) {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
        children.add(child);
        child.output = { stdout: '', stderr: '' };
        let done = false;
        let lineBuffer = '';
        const timer = setTimeout(() => {
            if (done) return;
            done = true;
            child.kill('SIGKILL');
            reject(new Error(`${what} did not report ready within ${timeoutMs} ms\nstdout: ${child.output.stdout}\nstderr: ${tail(child.output.stderr)}`));
        }, timeoutMs);
        child.stdout.setEncoding('utf8');
        child.stderr.setEncoding('utf8');
        child.stdout.on('data', (d) => {
            child.output.stdout += d;
            if (done) return;
            lineBuffer += d;
            const lines = lineBuffer.split('\n');
            lineBuffer = lines.pop();
            for (const line of lines) {
                const match = pattern.exec(line);
                if (match) {
                    done = true;
                    clearTimeout(timer);
                    resolve({ child, match });
                    return;
                }
            }
        });
        child.stderr.on('data', (d) => {
            child.output.stderr += d;
            if (child.output.stderr.length > 4_000_000) child.output.stderr = child.output.stderr.slice(-2_000_000);
        });
        child.on('error', (e) => {
            if (done) return;
            done = true;
            clearTimeout(timer);
            reject(new Error(`${what} could not be started: ${e.message}`));
        });
        child.on('exit', (code, signal) => {
            children.delete(child);
            child.exited = { code, signal };
            if (done) return;
            done = true;
            clearTimeout(timer);
            reject(new Error(`${what} exited (code ${code}, signal ${signal}) before it was ready\nstdout: ${child.output.stdout}\nstderr: ${tail(child.output.stderr)}`));
        });
    });
}

// The error with diagnostics appended to its message and stack (reporters print the stack, which
// was captured with the original message).
export function withContext(error, context) {
    if (!(error instanceof Error)) return new Error(`${String(error)}${context}`);
    const firstLine = `${error.name}: ${error.message}`;
    error.message += context;
    if (typeof error.stack === 'string' && error.stack.startsWith(firstLine))
        error.stack = `${error.name}: ${error.message}${error.stack.slice(firstLine.length)}`;
    else error.stack = `${error.name}: ${error.message}\n${error.stack ?? ''}`;
    return error;
}

export function tail(text, lines = 60) {
    return String(text).split('\n').slice(-lines).join('\n');
}

// SIGTERM, then SIGKILL after graceMs. Resolves with the exit status.
export function stopChild(child, graceMs = 12000) {
    if (!child || child.exited) return Promise.resolve(child?.exited);
    return new Promise((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        child.once('exit', (code, signal) => {
            clearTimeout(timer);
            resolve({ code, signal });
        });
        child.kill('SIGTERM');
    });
}

// Fetch with a hard deadline.
export async function fetchWithTimeout(url, options = {}, timeoutMs = 30000) {
    return fetch(url, { ...options, signal: AbortSignal.timeout(timeoutMs) });
}

export async function startFake() {
    const { child, match } = await spawnAndWait(
        process.execPath,
        [path.join(here, 'fakeupstream.mjs')],
        { env: process.env.E2E_FAKE_AS_SWITCHYARD === '1' ? process.env : { ...process.env, FAKE_ANTHROPIC_KEY: ANTHROPIC_KEY, FAKE_OPENAI_KEY: OPENAI_KEY } },
        /^Fake upstream listening on (http:\/\/[\d.]+:(\d+))$/,
        15000,
        'fake upstream',
    );
    const url = match[1];
    return {
        url,
        port: Number(match[2]),
        child,
        async requests() {
            const res = await fetchWithTimeout(`${url}/__requests`, {}, 10000);
            return res.json();
        },
        async reset() {
            await fetchWithTimeout(`${url}/__reset`, { method: 'POST' }, 10000);
        },
        stop: () => stopChild(child, 3000),
    };
}

// The Switchyard configuration: an Anthropic-protocol provider and an OpenAI-protocol provider,
// both pointing at the fake. Model names select the upstream kind; "<channel>,<model>" targets
// work too ("anth,<model>", "oai,<model>").
export function makeConfig(fakeUrl, { anthropicModels = [], openaiModels = [] } = {}) {
    return {
        version: 1,
        providers: [
            {
                name: 'fake-anthropic',
                protocol: 'anthropic',
                baseUrl: fakeUrl,
                capabilities: ['tools', 'thinking'],
                channels: [
                    {
                        name: 'anth',
                        keys: [ANTHROPIC_KEY],
                        models: [MODELS.anthropic, ...anthropicModels],
                    },
                ],
            },
            {
                name: 'fake-openai',
                protocol: 'openai',
                baseUrl: `${fakeUrl}/v1`,
                capabilities: ['tools'],
                channels: [
                    {
                        name: 'oai',
                        keys: [OPENAI_KEY],
                        models: [MODELS.openai, ...openaiModels],
                    },
                ],
            },
        ],
    };
}

export async function startSwitchyard(config, { timeoutMs = 45000, logLevel = 'info' } = {}) {
    const bin = process.env.SWITCHYARD_BIN;
    if (!bin) throw new Error('SWITCHYARD_BIN is not set (it names the switchyard executable)');
    const root = makeTempDir('switchyard');
    const home = path.join(root, 'home');
    const dataDir = path.join(root, 'data');
    for (const d of [home, path.join(home, '.config'), path.join(home, '.local/share'), path.join(home, '.cache'), path.join(root, 'runtime')])
        mkdirSync(d, { recursive: true, mode: 0o700 });
    const configFile = path.join(root, 'config.json');
    writeFileSync(configFile, JSON.stringify(config, null, 2), { mode: 0o600 });
    const env = {
        PATH: process.env.PATH,
        LANG: 'C.UTF-8',
        HOME: home,
        XDG_CONFIG_HOME: path.join(home, '.config'),
        XDG_DATA_HOME: path.join(home, '.local/share'),
        XDG_CACHE_HOME: path.join(home, '.cache'),
        XDG_RUNTIME_DIR: path.join(root, 'runtime'),
        QT_QPA_PLATFORM: 'offscreen',
        // No session bus: Switchyard must not touch a real keychain; the insecure file is used.
        DBUS_SESSION_BUS_ADDRESS: 'disabled:',
    };
    // Sanitizer settings of an asan build (CMakePresets.json) must reach the binary.
    for (const name of ['ASAN_OPTIONS', 'UBSAN_OPTIONS', 'LSAN_OPTIONS']) {
        if (process.env[name]) env[name] = process.env[name];
    }
    const args = ['--headless', '--data-dir', dataDir, '--port', '0', '--insecure-secrets-file', '--config', configFile, '--log-level', logLevel];
    const { child, match } = await spawnAndWait(bin, args, { env, cwd: root }, /^Switchyard listening on (http:\/\/([\d.]+):(\d+))\s*$/, timeoutMs, 'switchyard');
    return {
        url: match[1],
        port: Number(match[3]),
        child,
        dataDir,
        logs: () => child.output.stderr,
        stop: () => stopChild(child, 15000),
    };
}

// Starts the fake and Switchyard together; stop() always stops both.
export async function startStack(configOptions) {
    const fake = await startFake();
    let sy;
    try {
        // E2E_FAKE_AS_SWITCHYARD=1 points the clients straight at the fake: a check of the tests
        // and the fake themselves (only the passthrough cases can pass that way).
        sy = process.env.E2E_FAKE_AS_SWITCHYARD === '1'
            ? { url: fake.url, logs: () => '', stop: async () => ({ code: 0, signal: null }) }
            : await startSwitchyard(makeConfig(fake.url, configOptions));
    } catch (e) {
        await fake.stop();
        throw e;
    }
    return {
        fake,
        switchyard: sy,
        async stop() {
            const status = await sy.stop();
            await fake.stop();
            return status;
        },
    };
}

// Reads a text/event-stream body into [{event, data}] (data JSON-parsed when possible).
export async function readSse(response, timeoutMs = 60000) {
    let timer;
    try {
        const text = await Promise.race([
            response.text(),
            new Promise((_, reject) => {
                timer = setTimeout(() => reject(new Error('SSE body not finished in time')), timeoutMs);
            }),
        ]);
        return parseSse(text);
    } finally {
        clearTimeout(timer);
    }
}

export function parseSse(text) {
    const events = [];
    for (const raw of text.split(/\r\n\r\n|\n\n|\r\r/)) {
        if (!raw.trim()) continue;
        let event = null;
        const data = [];
        for (const line of raw.split(/\r\n|\n|\r/)) {
            if (line.startsWith(':')) continue;
            if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        }
        if (!data.length && !event) continue;
        const joined = data.join('\n');
        let parsed = joined;
        try {
            parsed = JSON.parse(joined);
        } catch {}
        events.push({ event, data: parsed, raw: joined });
    }
    return events;
}

// Checks an Anthropic SSE event list against the grammar and invariants of protocols 1.7. Returns
// a list of violations (empty when conforming).
export function anthropicStreamViolations(events) {
    const problems = [];
    const real = events.filter((e) => e.event !== 'ping');
    for (const e of events) {
        if (e.data?.type !== e.event) problems.push(`event name ${e.event} but data.type ${e.data?.type}`);
    }
    if (real[0]?.event !== 'message_start') problems.push(`first event is ${real[0]?.event}, not message_start`);
    else {
        const m = real[0].data.message;
        if (!Array.isArray(m?.content) || m.content.length !== 0) problems.push('message_start.message.content is not []');
        if (!m?.usage) problems.push('message_start.message.usage missing');
    }
    if (real.filter((e) => e.event === 'message_start').length !== 1) problems.push('not exactly one message_start');
    const blocks = [];
    let open = null;
    let sawDelta = false;
    for (const e of real.slice(1)) {
        const d = e.data;
        if (sawDelta && e.event !== 'message_stop') problems.push(`${e.event} after message_delta`);
        switch (e.event) {
        case 'content_block_start':
            if (d.index !== blocks.length) problems.push(`content_block_start index ${d.index}, expected ${blocks.length}`);
            blocks.push({ type: d.content_block?.type, stopped: false, json: '' });
            open = d.index;
            break;
        case 'content_block_delta': {
            const b = blocks[d.index];
            if (!b) {
                problems.push(`delta for unknown block ${d.index}`);
                break;
            }
            if (b.stopped) problems.push(`delta for stopped block ${d.index}`);
            const ok = {
                text_delta: ['text'],
                input_json_delta: ['tool_use', 'server_tool_use'],
                thinking_delta: ['thinking'],
                signature_delta: ['thinking'],
                citations_delta: ['text'],
            }[d.delta?.type];
            if (!ok || !ok.includes(b.type)) problems.push(`${d.delta?.type} into a ${b.type} block`);
            if (d.delta?.type === 'input_json_delta') b.json += d.delta.partial_json;
            break;
        }
        case 'content_block_stop': {
            const b = blocks[d.index];
            if (!b) problems.push(`stop for unknown block ${d.index}`);
            else if (b.stopped) problems.push(`block ${d.index} stopped twice`);
            else {
                b.stopped = true;
                if (b.type === 'tool_use' && b.json !== '') {
                    try {
                        const v = JSON.parse(b.json);
                        if (!v || typeof v !== 'object' || Array.isArray(v)) problems.push(`tool_use ${d.index} input is not an object`);
                    } catch {
                        problems.push(`tool_use ${d.index} partial_json does not parse: ${b.json}`);
                    }
                }
            }
            if (open === d.index) open = null;
            break;
        }
        case 'message_delta':
            if (sawDelta) problems.push('second message_delta');
            sawDelta = true;
            if (!d.delta?.stop_reason) problems.push('message_delta without stop_reason');
            if (typeof d.usage?.output_tokens !== 'number') problems.push('message_delta.usage.output_tokens missing');
            if (blocks.some((b) => !b.stopped)) problems.push('message_delta before every block stopped');
            break;
        case 'message_stop':
            break;
        case 'error':
            problems.push(`error event: ${JSON.stringify(d)}`);
            break;
        default:
            problems.push(`unexpected event ${e.event}`);
        }
    }
    if (real[real.length - 1]?.event !== 'message_stop') problems.push(`last event is ${real[real.length - 1]?.event}, not message_stop`);
    if (real.filter((e) => e.event === 'message_stop').length !== 1) problems.push('not exactly one message_stop');
    return problems;
}

// Checks an OpenAI chunk stream (protocols 3.3). Returns violations.
export function openaiStreamViolations(events, { includeUsage }) {
    const problems = [];
    if (events[events.length - 1]?.raw !== '[DONE]') problems.push('stream does not end with [DONE]');
    const chunks = events.filter((e) => e.raw !== '[DONE]').map((e) => e.data);
    if (events.filter((e) => e.raw === '[DONE]').length !== 1) problems.push('not exactly one [DONE]');
    let finishes = 0;
    const toolIndexes = [];
    for (const c of chunks) {
        if (c?.object !== 'chat.completion.chunk') problems.push(`chunk object ${c?.object}`);
        if (c?.error) problems.push(`error chunk ${JSON.stringify(c.error)}`);
        for (const choice of c?.choices ?? []) {
            if (choice.finish_reason) finishes++;
            for (const tc of choice.delta?.tool_calls ?? []) {
                if (typeof tc.index !== 'number') problems.push('tool_call delta without index');
                else if (!toolIndexes.includes(tc.index)) {
                    if (tc.index !== toolIndexes.length) problems.push(`tool_call index ${tc.index} not contiguous`);
                    if (!tc.id || !tc.function?.name) problems.push(`first fragment of tool_call ${tc.index} lacks id or name`);
                    toolIndexes.push(tc.index);
                }
            }
        }
    }
    if (finishes !== 1) problems.push(`${finishes} chunks with a finish_reason, expected 1`);
    const usageChunks = chunks.filter((c) => c?.usage);
    if (includeUsage) {
        const last = chunks[chunks.length - 1];
        if (!last?.usage || (last.choices ?? []).length !== 0) problems.push('include_usage: last chunk is not the usage chunk with choices []');
        if (usageChunks.length !== 1) problems.push(`${usageChunks.length} chunks carry usage, expected 1`);
    }
    return problems;
}

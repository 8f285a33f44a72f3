// The real Claude Code CLI (@anthropic-ai/claude-code, pinned in package.json) driven through
// Switchyard against the scripted fake upstream, offline:
//
//   claude -p "create hello.txt containing hi" --dangerously-skip-permissions --output-format json
//
// Turn 1: the fake answers with a Write tool_use (absolute path in the CLI's working directory,
// content "hi"); Claude Code writes the file and sends turn 2 with the tool_result; the fake answers
// with final text. Runs once against the Anthropic upstream (passthrough) and twice against the
// OpenAI upstream (translation): once with a Claude model id that only the OpenAI channel lists
// (`--model sonnet` = claude-sonnet-5-5, the full Claude-shaped request) and once with an explicit
// "<channel>,<model>" target in ANTHROPIC_MODEL (a non-Claude id, which changes what the CLI sends).
//
//   SWITCHYARD_BIN=/path/to/switchyard CLAUDE_BIN=node_modules/.bin/claude node --test claudecode.test.mjs

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { MODELS, makeTempDir, startStack, tail, withContext } from './harness.mjs';
import { ANTHROPIC_USAGE, OPENAI_USAGE } from './fakeupstream.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const CLAUDE = process.env.CLAUDE_BIN || path.join(here, 'node_modules', '.bin', 'claude');
const RUN_TIMEOUT_MS = 120000;
const PROMPT = 'create hello.txt containing hi';
const FINAL_TEXT = 'Created hello.txt containing hi.';
const OPENAI_CLAUDE_MODEL = 'claude-sonnet-5-5'; // what `--model sonnet` sends (protocols C.3)

const RUNS = [
    { name: 'Anthropic upstream (passthrough), default model', kind: 'anthropic', args: [], env: {}, upstreamModel: MODELS.anthropic },
    { name: 'OpenAI upstream (translation), --model sonnet', kind: 'openai', args: ['--model', 'sonnet'], env: {}, upstreamModel: OPENAI_CLAUDE_MODEL },
    { name: 'OpenAI upstream (translation), ANTHROPIC_MODEL="oai,gpt-4o"', kind: 'openai', args: [], env: { ANTHROPIC_MODEL: `oai,${MODELS.openai}` }, upstreamModel: MODELS.openai },
];

let stack;

before(async () => {
    assert.ok(existsSync(CLAUDE), `Claude Code binary not found at ${CLAUDE} (run the e2e_npm_install test first)`);
    stack = await startStack({ openaiModels: [OPENAI_CLAUDE_MODEL] });
});

after(async () => {
    const status = await stack?.stop();
    if (status) assert.deepEqual(status, { code: 0, signal: null }, 'switchyard did not exit cleanly on SIGTERM');
});

// Runs the CLI in its own process group so a timeout kills it and anything it started.
function runClaude({ cwd, home, env, args }) {
    return new Promise((resolve) => {
        const started = Date.now();
        const child = spawn(CLAUDE, ['-p', PROMPT, '--dangerously-skip-permissions', '--output-format', 'json', ...args], {
            cwd,
            env,
            stdio: ['ignore', 'pipe', 'pipe'],
            detached: true,
        });
        let stdout = '';
        let stderr = '';
        let timedOut = false;
        child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
        child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
        const killGroup = (signal) => {
            try {
                process.kill(-child.pid, signal);
            } catch {}
        };
        const timer = setTimeout(() => {
            timedOut = true;
            killGroup('SIGTERM');
            setTimeout(() => killGroup('SIGKILL'), 3000).unref();
        }, RUN_TIMEOUT_MS);
        const onExit = () => killGroup('SIGKILL');
        process.once('exit', onExit);
        child.on('error', (e) => {
            stderr += `\nspawn error: ${e.message}`;
        });
        child.on('close', (code, signal) => {
            clearTimeout(timer);
            process.removeListener('exit', onExit);
            resolve({ code, signal, stdout, stderr, timedOut, ms: Date.now() - started });
        });
    });
}

function claudeEnv(home, extra) {
    const env = {
        PATH: process.env.PATH,
        HOME: home,
        USER: 'e2e',
        LANG: 'C.UTF-8',
        TERM: 'dumb',
        SHELL: '/bin/sh',
        XDG_CONFIG_HOME: path.join(home, '.config'),
        XDG_CACHE_HOME: path.join(home, '.cache'),
        XDG_DATA_HOME: path.join(home, '.local', 'share'),
        TMPDIR: path.join(home, 'tmp'),
        ANTHROPIC_BASE_URL: stack.switchyard.url,
        ANTHROPIC_AUTH_TOKEN: 'test',
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        IS_SANDBOX: '1', // the tests may run as root, where --dangerously-skip-permissions needs it
        DISABLE_AUTOUPDATER: '1',
        DISABLE_TELEMETRY: '1',
        DISABLE_ERROR_REPORTING: '1',
        // Safety net: anything that is not the local proxy goes to a dead proxy and fails at once,
        // so the CLI can never reach the internet from a test.
        HTTPS_PROXY: 'http://127.0.0.1:9',
        HTTP_PROXY: 'http://127.0.0.1:9',
        NO_PROXY: '127.0.0.1,localhost',
        ...extra,
    };
    for (const dir of [env.XDG_CONFIG_HOME, env.XDG_CACHE_HOME, env.XDG_DATA_HOME, env.TMPDIR]) mkdirSync(dir, { recursive: true });
    return env;
}

// Every string anywhere in a JSON value, for "is X mentioned anywhere" checks.
function strings(value, out = []) {
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
    else if (value && typeof value === 'object') Object.values(value).forEach((v) => strings(v, out));
    return out;
}

function findKeyPath(value, name, p = '') {
    if (Array.isArray(value)) {
        for (const [i, v] of value.entries()) {
            const hit = findKeyPath(v, name, `${p}[${i}]`);
            if (hit) return hit;
        }
    } else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) {
            const here = p ? `${p}.${k}` : k;
            if (k === name) return here;
            const hit = findKeyPath(v, name, here);
            if (hit) return hit;
        }
    }
    return null;
}

function toolResultIds(record) {
    if (record.kind === 'anthropic') {
        const ids = [];
        for (const m of record.body.messages) {
            if (m.role !== 'user' || !Array.isArray(m.content)) continue;
            for (const b of m.content) if (b.type === 'tool_result') ids.push(b.tool_use_id);
        }
        return ids;
    }
    return record.body.messages.filter((m) => m.role === 'tool').map((m) => m.tool_call_id);
}

for (const run of RUNS) {
    test(`claude -p "${PROMPT}" -> ${run.name}`, { timeout: RUN_TIMEOUT_MS + 30000 }, async () => {
        const root = makeTempDir('claude');
        const home = path.join(root, 'home');
        const cwd = path.join(root, 'work');
        mkdirSync(home, { recursive: true });
        mkdirSync(cwd, { recursive: true });
        const since = (await stack.fake.requests()).length;

        const result = await runClaude({ cwd, home, env: claudeEnv(home, run.env), args: run.args });
        const seen = (await stack.fake.requests()).slice(since);
        const explain = () =>
            `\n--- claude exit ${result.code} signal ${result.signal} after ${result.ms} ms${result.timedOut ? ' (TIMED OUT)' : ''}` +
            `\n--- claude stdout:\n${tail(result.stdout, 40)}\n--- claude stderr:\n${tail(result.stderr, 40)}` +
            `\n--- upstream requests (${seen.length}):\n` +
            seen.map((r) => `${r.method} ${r.url} [${r.kind}] -> ${r.status} ${r.reply?.error ?? ''} model=${r.body?.model} scenario=${r.reply?.scenario}/${r.reply?.turn}`).join('\n') +
            `\n--- switchyard log (tail):\n${tail(stack.switchyard.logs(), 30)}`;

        try {
            assert.ok(!result.timedOut, `the CLI did not finish within ${RUN_TIMEOUT_MS} ms`);
            assert.equal(result.code, 0, 'the CLI failed');

            // The task was done for real.
            const file = path.join(cwd, 'hello.txt');
            assert.ok(existsSync(file), 'hello.txt was not created');
            assert.equal(readFileSync(file, 'utf8'), 'hi');

            // The CLI printed the final answer.
            let output;
            try {
                output = JSON.parse(result.stdout);
            } catch {
                assert.fail(`--output-format json printed no JSON: ${result.stdout}`);
            }
            assert.equal(output.is_error, false, `CLI result is an error: ${JSON.stringify(output)}`);
            assert.ok(String(output.result).includes(FINAL_TEXT), `CLI result "${output.result}" lacks "${FINAL_TEXT}"`);

            // What the upstream saw: only the expected kind, at least the two scripted turns, all
            // streamed, the second answering the first's tool call.
            const other = seen.filter((r) => r.kind && r.kind !== run.kind && r.kind !== 'anthropic-count');
            assert.deepEqual(other.map((r) => `${r.method} ${r.url}`), [], `requests went to the wrong upstream kind`);
            const turns = seen.filter((r) => r.kind === run.kind);
            assert.ok(turns.length >= 2, `expected >= 2 ${run.kind} requests, got ${turns.length}`);
            for (const r of turns) {
                assert.equal(r.status, 200, `upstream rejected a request: ${r.reply?.error}`);
                assert.equal(r.body.stream, true, 'Claude Code streams, and so must the upstream call');
                assert.equal(r.body.model, run.upstreamModel);
            }
            const first = turns.find((r) => r.reply?.scenario === 'create-file' && r.reply.turn === 1);
            const second = turns.find((r) => r.reply?.scenario === 'create-file' && r.reply.turn === 2);
            assert.ok(first, 'no upstream turn 1 (tool call)');
            assert.ok(second, 'no upstream turn 2 (tool_result)');
            assert.ok(second.seq > first.seq);
            const toolId = first.reply.toolCalls[0].id;

            // The CLI's own usage totals: the fake's fixed numbers per turn, mapped per protocols 4.8
            // on the OpenAI path (input = prompt - cached, cache reads kept, no cache writes).
            const n = turns.length;
            const expectedUsage = run.kind === 'anthropic'
                ? { input_tokens: n * ANTHROPIC_USAGE.input_tokens, cache_creation_input_tokens: n * ANTHROPIC_USAGE.cache_creation_input_tokens, cache_read_input_tokens: n * ANTHROPIC_USAGE.cache_read_input_tokens, output_tokens: n * ANTHROPIC_USAGE.output_tokens }
                : { input_tokens: n * (OPENAI_USAGE.prompt_tokens - OPENAI_USAGE.prompt_tokens_details.cached_tokens), cache_creation_input_tokens: 0, cache_read_input_tokens: n * OPENAI_USAGE.prompt_tokens_details.cached_tokens, output_tokens: n * OPENAI_USAGE.completion_tokens };
            const reported = Object.fromEntries(Object.keys(expectedUsage).map((k) => [k, output.usage?.[k] ?? 0]));
            assert.deepEqual(reported, expectedUsage, 'usage the CLI accounted');
            assert.ok(toolResultIds(second).includes(toolId), `turn 2 does not answer tool id ${toolId}: ${JSON.stringify(toolResultIds(second))}`);

            if (run.kind === 'anthropic') {
                for (const r of turns) {
                    assert.match(r.path, /^\/v1\/messages$/);
                    assert.equal(r.query.beta, 'true', `?beta=true was not kept: ${r.url}`);
                    assert.match(r.headers['anthropic-beta'] ?? '', /claude-code-20250219/, 'anthropic-beta must pass through to an Anthropic upstream');
                }
                // Passthrough: the thinking block and its signature come back verbatim in turn 2.
                const assistant = second.body.messages.filter((m) => m.role === 'assistant').at(-1);
                const thinking = assistant.content.find((b) => b.type === 'thinking');
                assert.ok(thinking, 'the thinking block was not replayed');
                assert.equal(thinking.signature, first.reply.signature);
            } else {
                for (const r of turns) {
                    assert.match(r.path, /^\/v1\/chat\/completions$/);
                    assert.equal(r.headers['anthropic-beta'], undefined, 'anthropic-beta must not reach an OpenAI upstream');
                    assert.equal(findKeyPath(r.body, 'cache_control'), null, 'cache_control must be stripped');
                    const billing = strings(r.body.messages).find((s) => s.includes('x-anthropic-billing-header'));
                    assert.equal(billing, undefined, 'the x-anthropic-billing-header line must be stripped');
                    const toolNames = (r.body.tools ?? []).map((t) => t.function?.name);
                    assert.ok(toolNames.includes('Write'), `Write tool missing: ${toolNames}`);
                    assert.ok(!toolNames.includes('DeferredToolPlaceholder'), 'defer_loading placeholder tool must be dropped');
                    assert.deepEqual(r.body.stream_options, { include_usage: true });
                }
                // The tool call as the upstream made it, echoed back with the same id.
                const assistant = second.body.messages.find((m) => m.role === 'assistant' && m.tool_calls?.length);
                assert.ok(assistant, 'turn 2 lacks the assistant tool_calls message');
                assert.equal(assistant.tool_calls[0].id, toolId);
                assert.equal(assistant.tool_calls[0].function.name, 'Write');
                assert.deepEqual(JSON.parse(assistant.tool_calls[0].function.arguments), first.reply.toolCalls[0].input);
            }
        } catch (e) {
            throw withContext(e, explain());
        }
    });
}

#!/usr/bin/env bash
# tests/bench/run.sh - Switchyard against calling the upstream directly, in the same run.
#
#   tests/bench/run.sh                       # all scenarios, ~5 min; prints the table, writes OUT_DIR
#   SCENARIOS=anthropic-openai DURATION=3 tests/bench/run.sh
#
# For every measuring point the load driver runs twice, back to back: (a) against the mock
# upstream directly, in the protocol the client speaks, then (b) through Switchyard. The table
# shows both and their ratio. See tests/bench/README.md for what each number means.
#
# Knobs (environment):
#   BUILD_DIR=<repo>/build-bench  Release build tree (configured and built here when needed)
#   NO_BUILD=1                    use the binaries in BUILD_DIR as they are
#   SWITCHYARD_BIN=...            measure this switchyard binary instead of BUILD_DIR's
#   SCENARIOS="anthropic-anthropic anthropic-openai openai-openai"   client protocol - upstream protocol
#   POINTS="json stream paced big"  DURATION=5 (s per load run, at most 10)  WARMUP=1 (s, not recorded)
#   CONCS="1 16 64"  BIG_SIZE=460800 (bytes of the Claude-Code-shaped body)  MOCK_THREADS=1
#   MAX_TOTAL_S=900 (later points are skipped, never cut)  OUT_DIR=(a new /tmp/switchyard-bench.*)
#
# Everything listens on and talks to 127.0.0.1 only. Every load run is bounded by time and count.
# Only the processes started here are stopped, by PID.
# shellcheck disable=SC2034  # the *_HEADERS arrays are used through namerefs (point, preflight)
set -uo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$REPO/build-bench}"
SCENARIOS="${SCENARIOS:-anthropic-anthropic anthropic-openai openai-openai}"
POINTS="${POINTS:-json stream paced big}"
DURATION="${DURATION:-5}"
WARMUP="${WARMUP:-1}"
CONCS="${CONCS:-1 16 64}"
BIG_SIZE="${BIG_SIZE:-460800}"
MOCK_THREADS="${MOCK_THREADS:-1}"
MAX_TOTAL_S="${MAX_TOTAL_S:-900}"
OUT_DIR="${OUT_DIR:-$(mktemp -d /tmp/switchyard-bench.XXXXXX)}"
T_START=$(date +%s)

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "error: $*"; exit 1; }

awk -v d="$DURATION" 'BEGIN { exit !(d > 0 && d <= 10) }' || die "DURATION must be in (0, 10] seconds"
mkdir -p "$OUT_DIR" || die "cannot create $OUT_DIR"
RESULTS="$OUT_DIR/results.jsonl"
: > "$RESULTS"

# ------------------------------------------------------------------ processes (by PID only)
STARTED_PIDS=()
DATA_DIR=""
stop_pid() { # PID GRACE_S: TERM, wait, then KILL
    local pid="$1" grace="$2" i
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null
    for ((i = 0; i < grace * 10; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    return 0
}
cleanup() {
    local pid
    # Switchyard gives streams in flight up to 10 s on SIGTERM; nothing is in flight here.
    for pid in "${STARTED_PIDS[@]:-}"; do [ -n "$pid" ] && stop_pid "$pid" 12; done
    STARTED_PIDS=()
    [ -n "$DATA_DIR" ] && rm -rf "$DATA_DIR"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# wait_line FILE PID TIMEOUT_S SED_EXPR -> prints the first match of SED_EXPR in FILE
wait_line() {
    local file="$1" pid="$2" timeout="$3" expr="$4" i value
    for ((i = 0; i < timeout * 20; i++)); do
        value="$(sed -n "$expr" "$file" 2>/dev/null | head -1)"
        [ -n "$value" ] && { echo "$value"; return 0; }
        kill -0 "$pid" 2>/dev/null || return 1
        sleep 0.05
    done
    return 1
}

proc_kb() { awk -v k="$2:" '$1 == k { print $2; f = 1 } END { if (!f) print 0 }' "/proc/$1/status" 2>/dev/null || echo 0; }

# ------------------------------------------------------------------ build
SY_BIN="${SWITCHYARD_BIN:-$BUILD_DIR/app/switchyard}"
MOCK_BIN="$BUILD_DIR/tests/bench/mockupstream"
DRIVER_BIN="$BUILD_DIR/tests/bench/loaddriver"
if [ "${NO_BUILD:-0}" != 1 ]; then
    if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
        log "configuring a Release tree in $BUILD_DIR"
        cmake -S "$REPO" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release > "$OUT_DIR/cmake.log" 2>&1 ||
            die "cmake failed; see $OUT_DIR/cmake.log"
    fi
    build_type="$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD_DIR/CMakeCache.txt")"
    [ "$build_type" = Release ] || log "warning: $BUILD_DIR is a '$build_type' build; measure a Release build"
    targets=(mockupstream loaddriver)
    [ -z "${SWITCHYARD_BIN:-}" ] && targets+=(switchyard)
    log "building ${targets[*]} (log: $OUT_DIR/build.log)"
    cmake --build "$BUILD_DIR" --target "${targets[@]}" > "$OUT_DIR/build.log" 2>&1 ||
        die "build failed; see $OUT_DIR/build.log"
fi
for bin in "$SY_BIN" "$MOCK_BIN" "$DRIVER_BIN"; do
    [ -x "$bin" ] || die "missing $bin (unset NO_BUILD or set BUILD_DIR)"
done

# ------------------------------------------------------------------ mock and Switchyard
"$MOCK_BIN" -p 0 -t "$MOCK_THREADS" > "$OUT_DIR/mock.log" 2>&1 &
MOCK_PID=$!
STARTED_PIDS+=("$MOCK_PID")
MOCK_PORT="$(wait_line "$OUT_DIR/mock.log" "$MOCK_PID" 5 's/^mockupstream listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p')" ||
    die "the mock did not start: $(cat "$OUT_DIR/mock.log")"

DATA_DIR="$(mktemp -d /tmp/switchyard-bench-data.XXXXXX)"
CONFIG="$OUT_DIR/config.json"
# Port 0: Switchyard picks a free port and prints it, so nothing here can race for one.
sed -e "s#@PORT@#0#g" -e "s#@UPSTREAM_OPENAI@#http://127.0.0.1:$MOCK_PORT/v1#g" \
    -e "s#@UPSTREAM_ANTHROPIC@#http://127.0.0.1:$MOCK_PORT#g" "$HERE/configs/shared-harness.json" > "$CONFIG"
t0="$(date +%s.%N)"
"$SY_BIN" --headless --data-dir "$DATA_DIR" --port 0 --insecure-secrets-file --config "$CONFIG" \
    > "$OUT_DIR/switchyard.out" 2> "$OUT_DIR/switchyard.err" &
SY_PID=$!
STARTED_PIDS+=("$SY_PID")
SY_PORT="$(wait_line "$OUT_DIR/switchyard.out" "$SY_PID" 30 \
    's#^Switchyard listening on http://127\.0\.0\.1:\([0-9]*\)$#\1#p')" ||
    die "switchyard did not start; stderr: $(tail -5 "$OUT_DIR/switchyard.err")"
STARTUP_S="$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')"
sleep 1
IDLE_RSS_KB="$(proc_kb "$SY_PID" VmRSS)"
log "mock pid $MOCK_PID on :$MOCK_PORT; switchyard pid $SY_PID on :$SY_PORT (ready in ${STARTUP_S}s, idle RSS ${IDLE_RSS_KB} kB)"

# ------------------------------------------------------------------ bodies and headers
BODIES="$OUT_DIR/bodies"
mkdir -p "$BODIES"
gen() { "$DRIVER_BIN" gen-body "$@" > /dev/null || die "gen-body $*"; }
# body NAME KIND MODEL [gen-body options]: the direct variant carries the bare model, the proxy
# variant the explicit route "<channel>,<model>" (see configs/shared-harness.json).
body() {
    local name="$1" kind="$2" route="$3" model="$4"
    shift 4
    gen --kind "$kind" --model "$model" --out "$BODIES/$name.direct.json" "$@"
    gen --kind "$kind" --model "$route,$model" --out "$BODIES/$name.proxy.json" "$@"
}

ANTHROPIC_HEADERS=(-H "x-api-key: sk-bench-client" -H "anthropic-version: 2023-06-01")
OPENAI_HEADERS=(-H "Authorization: Bearer sk-bench-client")
# What Claude Code sends with every request (protocols.md C.2), for the big-body point.
CLAUDE_CODE_HEADERS=(-H "authorization: Bearer sk-bench-client" -H "anthropic-version: 2023-06-01"
    -H "anthropic-beta: claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27"
    -H "user-agent: claude-cli/2.1.330 (external, sdk-cli)" -H "x-app: cli"
    -H "x-claude-code-session-id: 86dc367d-fef4-4fd4-8c48-0c93fd732bad" -H "x-stainless-lang: js"
    -H "x-stainless-retry-count: 0" -H "x-stainless-timeout: 600" -H "accept: application/json")

# ------------------------------------------------------------------ measuring
time_left() { echo $((MAX_TOTAL_S - ($(date +%s) - T_START))); }

# drive SCENARIO POINT TARGET URL BODY CONC MODE [driver options...] -> one line in results.jsonl
drive() {
    local scen="$1" point="$2" target="$3" url="$4" bodyf="$5" conc="$6" mode="$7" line
    shift 7
    local watch=(--watch "mock=$MOCK_PID") before=""
    if [ "$target" = switchyard ]; then
        watch=(--watch "switchyard=$SY_PID" --watch "mock=$MOCK_PID")
        echo 5 > "/proc/$SY_PID/clear_refs" 2>/dev/null || true # VmHWM per run where permitted
        before="$(jget "$(mock_stats)" connections)"
    fi
    line="$("$DRIVER_BIN" run --url "$url" --mode "$mode" -c "$conc" -d "$DURATION" --timeout 10 \
        --body "$bodyf" --expect-tokens 100 --label "$scen $point $target" "${watch[@]}" "$@" 2> "$OUT_DIR/driver.err")"
    if [ -z "$line" ]; then
        line="{\"label\":\"$scen $point $target\",\"first_error\":\"driver failed: $(head -c 200 "$OUT_DIR/driver.err" | tr '"\n' "' ")\"}"
    elif [ -n "$before" ]; then
        # New connections the mock accepted while Switchyard was under load (warm-up included):
        # a pooled upstream client opens at most about as many as there are client connections.
        line="${line%\}},\"upstream_connections_opened\":$(($(jget "$(mock_stats)" connections) - before))}"
    fi
    printf '%s\n' "$line" >> "$RESULTS"
    printf '%s' "$line"
}

mock_stats() { curl -s --max-time 2 "http://127.0.0.1:$MOCK_PORT/stats"; }
jget() { sed -n "s/.*\"$2\":\([-0-9.]*\).*/\1/p" <<< "$1"; } # LINE KEY -> number
jstr() { sed -n "s/.*\"$2\":\"\(\([^\"\\]\|\\\\.\)*\)\".*/\1/p" <<< "$1" | sed 's/\\"/"/g'; } # LINE KEY -> string

# point SCENARIO POINT MODE CONC BODYNAME PATH HEADERS_ARRAY [driver options...]: direct, then switchyard
point() {
    local scen="$1" pt="$2" mode="$3" conc="$4" name="$5" path="$6" d s
    local -n headers="$7"
    shift 7
    if [ "$(time_left)" -lt $((2 * (DURATION + WARMUP) + 5)) ]; then
        log "  $scen $pt: skipped (MAX_TOTAL_S budget)"
        return
    fi
    d="$(drive "$scen" "$pt" direct "http://127.0.0.1:$MOCK_PORT$path" "$BODIES/$name.direct.json" "$conc" "$mode" \
        "${headers[@]}" "$@")"
    s="$(drive "$scen" "$pt" switchyard "http://127.0.0.1:$SY_PORT$path" "$BODIES/$name.proxy.json" "$conc" "$mode" \
        --warmup "$WARMUP" "${headers[@]}" "$@")"
    log "  $scen $pt: direct $(jget "$d" rps) req/s p50 $(jget "$d" p50_ms) ms | switchyard $(jget "$s" rps) req/s" \
        "p50 $(jget "$s" p50_ms) ms, errors $(jget "$s" errors), incomplete $(jget "$s" incomplete)" \
        "$( [ -n "$(jstr "$s" first_error)" ] && echo "- $(jstr "$s" first_error | head -c 160)")"
}

for scen in $SCENARIOS; do
    case "$scen" in
    anthropic-anthropic) api=anthropic route=mock-anthropic path=/v1/messages hv=ANTHROPIC_HEADERS ;;
    anthropic-openai) api=anthropic route=mock-openai path=/v1/messages hv=ANTHROPIC_HEADERS ;;
    openai-openai) api=openai route=mock-openai path=/v1/chat/completions hv=OPENAI_HEADERS ;;
    *) die "unknown scenario $scen (anthropic-anthropic, anthropic-openai, openai-openai)" ;;
    esac
    log "== $scen: $api client -> Switchyard -> ${scen#*-} upstream (direct = the mock's $path)"
    body "$scen-ns" "$api" "$route" mock-c100-d0
    body "$scen-stream" "$api" "$route" mock-c100-d0 --stream --include-usage
    body "$scen-paced" "$api" "$route" mock-c100-d1 --stream --include-usage

    # Preflight: streams must come back whole, or the scenario is skipped. The mock's counters
    # tell how many upstream requests each client request caused (1 unless something retries).
    declare -n scenario_headers="$hv"
    stats0="$(mock_stats)"
    pre="$("$DRIVER_BIN" run --url "http://127.0.0.1:$SY_PORT$path" --mode stream -c 1 -d 5 -n 4 --timeout 5 \
        --body "$BODIES/$scen-stream.proxy.json" --expect-tokens 100 "${scenario_headers[@]}" 2>&1)"
    stats1="$(mock_stats)"
    printf '{"label":"%s upstream-per-request switchyard","upstream_per_request":%s}\n' "$scen" \
        "$(awk -v a="$(jget "$stats0" requests)" -v b="$(jget "$stats1" requests)" 'BEGIN { printf "%.2f", (b - a) / 4 }')" \
        >> "$RESULTS"
    if [ "$(jget "$pre" ok)" != 4 ]; then
        why="$(jstr "$pre" first_error | head -c 300)"
        [ -n "$why" ] || why="$(head -c 300 <<< "$pre")"
        log "  preflight through switchyard failed, skipping $scen: $why"
        printf '%s\n' "{\"label\":\"$scen preflight switchyard\",\"first_error\":\"$(tr '"\\\n' "'  " <<< "$why")\"}" >> "$RESULTS"
        continue
    fi
    for pt in $POINTS; do
        case "$pt" in
        json) for c in $CONCS; do point "$scen" "json-c$c" json "$c" "$scen-ns" "$path" "$hv"; done ;;
        stream) for c in $CONCS; do point "$scen" "stream-c$c" stream "$c" "$scen-stream" "$path" "$hv"; done ;;
        paced)
            # 100 chunks 1 ms apart: does the proxy forward each chunk when it comes?
            point "$scen" paced-c1 stream 1 "$scen-paced" "$path" "$hv" -n 30
            point "$scen" paced-c16 stream 16 "$scen-paced" "$path" "$hv" -n 160 ;;
        big)
            [ "$api" = anthropic ] || continue # the Claude Code case: Anthropic clients only
            body "$scen-big" claude-code "$route" mock-c100-d0 --stream --size "$BIG_SIZE"
            point "$scen" big-c1 stream 1 "$scen-big" "$path?beta=true" CLAUDE_CODE_HEADERS
            point "$scen" big-c16 stream 16 "$scen-big" "$path?beta=true" CLAUDE_CODE_HEADERS ;;
        *) die "unknown point $pt (json, stream, paced, big)" ;;
        esac
    done
done
sleep 1
AFTER_RSS_KB="$(proc_kb "$SY_PID" VmRSS)"
LIFETIME_HWM_KB="$(proc_kb "$SY_PID" VmHWM)"

# ------------------------------------------------------------------ report
row() { grep -F "\"label\":\"$1 $2 $3\"" "$RESULTS" | tail -1; }
# metric SCEN POINT KEY -> "direct | switchyard | ratio"
cmp() {
    local d s
    d="$(jget "$(row "$1" "$2" direct)" "$3")"
    s="$(jget "$(row "$1" "$2" switchyard)" "$3")"
    awk -v d="$d" -v s="$s" -v kind="${4:-}" 'BEGIN {
        if (d == "" || s == "") { print "- | - | -"; exit }
        r = (d > 0) ? sprintf("%.3g×", s / d) : "-"
        extra = (kind == "ms") ? sprintf(" (%+.3f ms)", s - d) : ""
        printf "%s | %s | %s%s\n", d, s, r, extra }'
}
sy() { jget "$(row "$1" "$2" switchyard)" "$3"; }
okcount() { # SCEN POINT -> "ok/total" for the switchyard run
    local l
    l="$(row "$1" "$2" switchyard)"
    [ -n "$l" ] || return 0
    awk -v o="$(jget "$l" ok)" -v e="$(jget "$l" errors)" -v i="$(jget "$l" incomplete)" \
        'BEGIN { printf "%d/%d", o, o + e + i }'
}

{
    echo "# Switchyard benchmark $(date -u +%FT%TZ)"
    echo
    echo "host: $(nproc) cores, load average at end $(cut -d' ' -f1-3 /proc/loadavg); ${DURATION}s per run;" \
        "switchyard $("$SY_BIN" --version 2>/dev/null | head -1) ($SY_BIN)"
    echo
    echo "Ratio = Switchyard ÷ direct. For req/s higher is better (1 = as fast as no proxy); for times"
    echo "lower is better (the ms in brackets is what Switchyard adds). Times are ms."
    for scen in $SCENARIOS; do
        grep -q "\"label\":\"$scen " "$RESULTS" || continue
        echo
        echo "## $scen (${scen%%-*} client, ${scen#*-} upstream)"
        echo
        if [ -n "$(row "$scen" preflight switchyard)" ]; then
            echo "Not measured: a request through Switchyard failed: $(jstr "$(row "$scen" preflight switchyard)" first_error)"
            continue
        fi
        echo "| metric | direct | switchyard | ratio |"
        echo "|---|---|---|---|"
        for c in $CONCS; do echo "| json c$c req/s | $(cmp "$scen" "json-c$c" rps) |"; done
        echo "| json c1 p50 | $(cmp "$scen" json-c1 p50_ms ms) |"
        echo "| json c1 p99 | $(cmp "$scen" json-c1 p99_ms ms) |"
        echo "| json c64 p99 | $(cmp "$scen" json-c64 p99_ms ms) |"
        for c in $CONCS; do echo "| stream c$c req/s | $(cmp "$scen" "stream-c$c" rps) |"; done
        echo "| stream c1 full p50 | $(cmp "$scen" stream-c1 p50_ms ms) |"
        echo "| stream c64 full p99 | $(cmp "$scen" stream-c64 p99_ms ms) |"
        echo "| paced c1 TTFB p50 | $(cmp "$scen" paced-c1 ttfb_p50_ms ms) |"
        echo "| paced c1 first token p50 | $(cmp "$scen" paced-c1 first_token_p50_ms ms) |"
        echo "| paced c1 full p50 | $(cmp "$scen" paced-c1 p50_ms ms) |"
        echo "| paced c1 reads/stream | $(cmp "$scen" paced-c1 reads_per_resp) |"
        echo "| paced c16 first token p50 | $(cmp "$scen" paced-c16 first_token_p50_ms ms) |"
        echo "| paced c16 first token p99 | $(cmp "$scen" paced-c16 first_token_p99_ms ms) |"
        echo "| paced c16 full p50 | $(cmp "$scen" paced-c16 p50_ms ms) |"
        echo "| paced c16 reads/stream | $(cmp "$scen" paced-c16 reads_per_resp) |"
        if [ "${scen%%-*}" = anthropic ]; then
            echo "| big ($BIG_SIZE B, stream) c1 full p50 | $(cmp "$scen" big-c1 p50_ms ms) |"
            echo "| big c1 first token p50 | $(cmp "$scen" big-c1 first_token_p50_ms ms) |"
            echo "| big c16 req/s | $(cmp "$scen" big-c16 rps) |"
        fi
        echo
        echo "Switchyard CPU per request (µs) and cores used:" \
            "json c16 $(sy "$scen" json-c16 switchyard_cpu_us_per_req) ($(sy "$scen" json-c16 switchyard_cpu_cores) cores)," \
            "stream c16 $(sy "$scen" stream-c16 switchyard_cpu_us_per_req) ($(sy "$scen" stream-c16 switchyard_cpu_cores) cores)," \
            "big c16 $(sy "$scen" big-c16 switchyard_cpu_us_per_req). Mock per request: json c16" \
            "$(jget "$(row "$scen" json-c16 direct)" mock_cpu_us_per_req)."
        echo -n "Upstream requests per client request: $(sy "$scen" upstream-per-request upstream_per_request)." \
            "Upstream connections Switchyard opened per run:"
        for p in json-c1 json-c64 stream-c64 paced-c16 big-c16; do
            v="$(sy "$scen" "$p" upstream_connections_opened)"
            [ -n "$v" ] && echo -n " $p $v;"
        done
        echo
        echo
        echo -n "Complete answers through Switchyard (all 100 tokens, in order, stream terminated):"
        for p in json-c1 json-c16 json-c64 stream-c1 stream-c16 stream-c64 paced-c1 paced-c16 big-c1 big-c16; do
            v="$(okcount "$scen" "$p")"
            [ -n "$v" ] && echo -n " $p $v;"
        done
        echo
        errs="$(grep -F "\"label\":\"$scen " "$RESULTS" | grep -v '"first_error":""' | sed -n 's/.*"label":"\([^"]*\)".*"first_error":"\(.\{0,160\}\).*/\1: \2/p')"
        [ -n "$errs" ] && { printf '\nFirst errors:\n'; while read -r e; do echo "- $e"; done <<< "$errs"; }
    done
    peak=0
    while read -r l; do
        for k in switchyard_peak_rss_kb switchyard_hwm_kb; do
            v="$(jget "$l" "$k")"
            [ -n "$v" ] && [ "$v" -gt "$peak" ] && peak="$v"
        done
    done < <(grep '"switchyard_alive"' "$RESULTS")
    echo
    echo "## Process"
    echo
    echo "| startup s | idle RSS MB | peak RSS MB (during load) | RSS after load MB | VmHWM since start MB |"
    echo "|---|---|---|---|---|"
    awk -v s="$STARTUP_S" -v i="$IDLE_RSS_KB" -v p="$peak" -v a="$AFTER_RSS_KB" -v h="$LIFETIME_HWM_KB" \
        'BEGIN { printf "| %s | %.1f | %.1f | %.1f | %.1f |\n", s, i / 1024, p / 1024, a / 1024, h / 1024 }'
    echo
    echo "Raw results (one JSON line per run): $RESULTS"
} | tee "$OUT_DIR/summary.md"
log "done in $(($(date +%s) - T_START))s; summary: $OUT_DIR/summary.md"

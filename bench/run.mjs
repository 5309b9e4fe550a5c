#!/usr/bin/env node
/**
 * `npm run bench`: stream throughput, call overhead, time to first token, memory on a 100 MB stream and
 * Worker bundle size of workers-ai-provider, each next to a baseline measured in the same run.
 *
 *   npm run bench                      full run; prints the table, writes bench/results.json
 *   npm run bench -- --quick           smaller sizes and fewer repeats (CI); writes bench/results.local.json
 *   npm run bench -- --check           exit 1 when a budget is missed (prints which); a missed time
 *                                      budget is measured once more first
 *   npm run bench -- --waive=<id>,…    with --check: report these budgets' misses without failing
 *   npm run bench -- --only=legacy,ttft  run some workloads: legacy chat tools generate embed ttft memory bundle
 *                                      startup
 *   npm run bench -- --src=<dir>       measure a patched copy of src/ (to try a fix before applying it)
 *
 * Speed workloads run the provider from TypeScript source, bundled with esbuild into
 * node_modules/.cache/wai-bench/. Worker bundles are measured on the package as users install it: built
 * with tsup (tsup.config.mjs, without declarations) into the same cache folder (a `--src` copy is measured
 * from source instead).
 */
import { spawn, spawnSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createFakeBinding, streamOfChunks, timedStream } from "./lib/binding.mjs";
import { buildProvider, measureBundles, providerModules } from "./lib/bundle.mjs";
import { consumeProvider, consumeRaw, consumeStreamText } from "./lib/consumers.mjs";
import {
  chatEvents,
  countEvents,
  cutChunks,
  encodeEvents,
  legacyEvents,
  makeProseTokens,
  makeTokens,
  responsesEvents,
  TOOL_NAMES,
  toolCallEvents,
} from "./lib/fixtures.mjs";
import { runMemoryChild } from "./lib/memory.mjs";
import { hasValgrind, measureStartup, workerdBinary } from "./lib/startup.mjs";
import { fixed, formatBytes, formatTable, interleave, percentile, ratio, summarize } from "./lib/stats.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CACHE = path.join(ROOT, "node_modules/.cache/wai-bench");
const WORKLOADS = ["legacy", "chat", "tools", "generate", "embed", "ttft", "memory", "bundle", "startup"];

const { values: flags } = parseArgs({
  options: {
    check: { type: "boolean", default: false },
    waive: { type: "string" },
    quick: { type: "boolean", default: false },
    only: { type: "string" },
    out: { type: "string" },
    src: { type: "string" },
    "memory-child": { type: "string" },
  },
});

if (flags["memory-child"]) {
  await runMemoryChild(JSON.parse(flags["memory-child"]));
  process.exit(0);
}

// timing needs gc() between samples, so run under --expose-gc
if (typeof globalThis.gc !== "function") {
  const child = spawnSync(process.execPath, ["--expose-gc", ...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
  });
  process.exit(child.status ?? 1);
}

/**
 * Every budget has an id for `--waive=<id>,…`: a waived budget is still measured and printed, but a miss
 * does not fail `--check`. CI waives only budgets an open issue tracks, and a regression guard then gates.
 */
const BUDGETS = [
  {
    id: "legacy-ratio",
    name: "legacy stream ≤ 1.5× raw",
    workload: "legacy",
    value: (w) => w.ratio.provider,
    max: 1.5,
    unit: "×",
  },
  {
    id: "chat-ratio",
    name: "chat-completions stream ≤ 1.5× raw",
    workload: "chat",
    value: (w) => w.ratio.provider,
    max: 1.5,
    unit: "×",
  },
  {
    id: "tools-ratio",
    name: "tool-call stream ≤ 1.5× raw",
    workload: "tools",
    value: (w) => w.ratio.provider,
    max: 1.5,
    unit: "×",
  },
  {
    id: "generate-ratio",
    name: "doGenerate, small reply ≤ 60× raw binding call",
    workload: "generate",
    value: (w) => w.ratio.provider,
    max: 60,
    unit: "×",
  },
  {
    id: "embed-ratio",
    name: "doEmbed, 16 × 768 ≤ 5× raw binding call",
    workload: "embed",
    value: (w) => w.ratio.provider,
    max: 5,
    unit: "×",
  },
  {
    id: "ttft-p99",
    name: "TTFT added p99 ≤ 0.5 ms",
    workload: "ttft",
    value: (w) => w.addedMs.provider.p99,
    max: 0.5,
    unit: " ms",
  },
  {
    id: "ttft-p99-tool",
    name: "TTFT added p99, tool forced ≤ 0.5 ms",
    workload: "ttft",
    value: (w) => w.addedMs["provider, tool forced"].p99,
    max: 0.5,
    unit: " ms",
  },
  {
    id: "chat-bundle",
    name: "provider gzip share of chat Worker ≤ 8 KiB",
    workload: "bundle",
    value: (w) => w.rows.find((row) => row.name === "chat").shareGzip / 1024,
    max: 8,
    unit: " KiB",
  },
  {
    // issue 18: the README's chat Worker and an embeddings-only Worker carry only what they call
    id: "chat-bundle-20",
    name: "provider gzip share of chat Worker ≤ 20 KiB",
    workload: "bundle",
    value: (w) => w.rows.find((row) => row.name === "chat").shareGzip / 1024,
    max: 20,
    unit: " KiB",
  },
  {
    id: "embed-bundle",
    name: "provider gzip share of embeddings-only Worker ≤ 12 KiB",
    workload: "bundle",
    value: (w) => w.rows.find((row) => row.name === "embed").shareGzip / 1024,
    max: 12,
    unit: " KiB",
  },
  {
    id: "startup",
    name: "workerd startup instructions added by the provider (chat Worker) ≤ 12 M",
    workload: "startup",
    value: (w) => w.addedByProvider / 1e6,
    max: 12,
    unit: " M",
  },
  {
    id: "no-gateway-code",
    name: "no gateway code in chat Worker",
    workload: "bundle",
    value: (w) =>
      w.gatewayCheck.markersInGatewayBundle.length === 0
        ? Number.POSITIVE_INFINITY // the markers no longer identify gateway code: the check would be blind
        : w.gatewayCheck.markersInChat.length,
    max: 0,
    unit: " markers",
  },
  {
    id: "stream-memory",
    name: "100 MB stream peak heap growth ≤ 32 MiB",
    workload: "memory",
    // a shorter stream could not show a leak of the budget's size
    value: (w) =>
      w.runs.provider.bytes >= 100 * 1024 * 1024 ? w.runs.provider.peakHeapGrowth / 1024 / 1024 : Number.NaN,
    max: 32,
    unit: " MiB",
  },
];
/**
 * Guards of budgets not met yet (issue 9: chat bundle; issue 18: the rest), which CI waives: each gates at
 * the level measured when its budget was set plus headroom, so that the value cannot grow back while
 * the budget is open. A guard's id is its budget's id with `-no-regression`.
 */
const GUARDS = {
  // 35.8 / 36.5 KiB when set; 40.7 / 41.2 KiB after issues 15-17 (49 published models more in the catalog,
  // requests built to the published schemas, the 4.x slug models); 37.2 / 37.7 KiB after issue 18's diet
  "chat-bundle": 38.5,
  "embed-bundle": 39,
  startup: 30, // 35.3 M when set; 19.3-26.0 M since the catalog is compact and decoded per kind on first lookup (baseline ±3 M)
  "legacy-ratio": 2.0, // 1.5–1.6× on a loaded machine
  "chat-ratio": 2.0, // 1.5–1.9×
  "tools-ratio": 2.0, // 1.8× before issue 18; 1.14–1.54× since
  // time ratios move ±50% with the machine's load (load average 10–12: 52–79× and 16–35×)
  "generate-ratio": 120, // ~140× before issue 18
  "embed-ratio": 25, // ~225× before issue 18; 6.5-16.6× since the per-call work went (quick runs, idle to loaded)
};
for (const [id, max] of Object.entries(GUARDS)) {
  const budget = BUDGETS.find((candidate) => candidate.id === id);
  const limit = (value) => `${value}${budget.unit}`;
  BUDGETS.push({
    ...budget,
    id: `${id}-no-regression`,
    name: `${budget.name.replace(/ ≤ .*/, ` ≤ ${limit(max)}`)} (guard while ${limit(budget.max)} is open)`,
    max,
  });
}
const waived = new Set(flags.waive ? flags.waive.split(",").map((id) => id.trim()) : []);
for (const id of waived) {
  if (!BUDGETS.some((budget) => budget.id === id)) {
    process.stderr.write(
      `unknown budget id in --waive: ${id} (ids: ${BUDGETS.map((b) => b.id).join(", ")})\n`,
    );
    process.exit(2);
  }
}

const QUICK = flags.quick;
const SIZES = QUICK
  ? {
      streamEvents: 20_000,
      streamWarmup: 3,
      streamRepeats: 15,
      streamTextWarmup: 1,
      streamTextRepeats: 1,
      toolEvents: 2_000,
      toolBatch: 5,
      callWarmup: 1_000,
      callBatches: 21,
      callBatchMs: 1,
      // cachegrind counts the same instructions run after run: one run per Worker is enough
      startupRuns: 1,
      ttftRounds: 3,
      ttftEvents: 40,
      ttftStreamText: false,
      // the raw baseline has no budget; streamText keeps every part (≈ 10× the stream in heap): both left out
      memoryRuns: [["provider", 100 * 1024 * 1024]],
    }
  : {
      streamEvents: 50_000,
      streamWarmup: 5,
      streamRepeats: 25,
      streamTextWarmup: 1,
      streamTextRepeats: 5,
      toolEvents: 2_000,
      toolBatch: 5,
      callWarmup: 3_000,
      callBatches: 41,
      callBatchMs: 2,
      startupRuns: 3,
      ttftRounds: 10,
      ttftEvents: 40,
      ttftStreamText: true,
      // streamText records every part for its result (≈ 10× the stream in heap, ~100 µs a part): 10 MiB shows it
      memoryRuns: [
        ["raw", 100 * 1024 * 1024],
        ["provider", 100 * 1024 * 1024],
        ["streamText", 10 * 1024 * 1024],
      ],
    };
const selected = flags.only ? flags.only.split(",").map((name) => name.trim()) : WORKLOADS;
for (const name of selected) {
  if (!WORKLOADS.includes(name)) throw new Error(`unknown workload ${name}; one of ${WORKLOADS.join(", ")}`);
}

// the AI SDK logs warnings to the console by default; the numbers are the output here
globalThis.AI_SDK_LOG_WARNINGS = false;

const started = performance.now();
const SRC = path.resolve(flags.src ?? path.join(ROOT, "src"));
const providerFile = await buildProvider(SRC, CACHE);
const { createWorkersAI } = await import(pathToFileURL(providerFile).href);
const { embedMany, generateText, jsonSchema, streamText } = await import("ai");

const binding = createFakeBinding(() => {
  throw new Error("no reply scripted");
});
const workersai = createWorkersAI({ binding });
const PROMPT = [{ role: "user", content: [{ type: "text", text: "Tell me a story." }] }];
const failures = [];
const fail = (message) => {
  if (!failures.includes(message)) failures.push(message);
};
const results = {
  meta: {
    mode: QUICK ? "quick" : "full",
    date: new Date().toISOString(),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.availableParallelism?.() ?? os.cpus().length,
    commit: gitCommit(),
    // other processes on the machine make latency tails and absolute times noisy
    loadAverageAtStart: loadAverage(),
    ...(flags.src ? { src: flags.src } : {}),
  },
  workloads: {},
};

const gc = () => globalThis.gc();

/** Checks a consumer's output against the expected answer; a mismatch is recorded as a failure. */
function verify(workload, subject, output, expected) {
  const problems = [];
  if (output.errors?.length)
    problems.push(`error parts: ${output.errors.map(String).join("; ").slice(0, 300)}`);
  if (expected.text !== undefined && output.text !== expected.text) {
    problems.push(`text differs (${output.text.length} vs ${expected.text.length} characters)`);
  }
  if (expected.toolInputs !== undefined) {
    const got = JSON.stringify(output.toolInputs);
    if (got !== JSON.stringify(expected.toolInputs))
      problems.push(`tool inputs differ: ${got.slice(0, 200)}`);
  }
  if (problems.length) fail(`${workload}/${subject}: wrong output — ${problems.join(", ")}`);
}

/**
 * One stream workload: raw baseline, provider (`doStream`) and `streamText`, interleaved; each sample
 * reads `batch` whole streams.
 */
async function streamWorkload({
  key,
  label,
  family,
  modelId,
  events,
  expected,
  callOptions = {},
  textArgs = {},
  batch = 1,
}) {
  const bytes = encodeEvents(events);
  const chunks = cutChunks(bytes);
  const model = workersai(modelId);
  const subjects = [
    { name: "raw", run: () => consumeRaw(streamOfChunks(chunks), family) },
    {
      name: "provider",
      run: () => {
        binding.reply = () => streamOfChunks(chunks);
        return consumeProvider(model, { prompt: PROMPT, ...callOptions });
      },
    },
    {
      name: "streamText",
      // the AI SDK spends ~100 µs per part, so fewer rounds (it has no budget)
      warmup: SIZES.streamTextWarmup,
      repeats: SIZES.streamTextRepeats,
      run: () => {
        binding.reply = () => streamOfChunks(chunks);
        return consumeStreamText(streamText, { model, prompt: "Tell me a story.", ...textArgs });
      },
    },
  ];
  // process CPU time next to wall time: it does not count time the machine gave to other processes
  const cpuSamples = Object.fromEntries(subjects.map((subject) => [subject.name, []]));
  const samples = await interleave(subjects, {
    warmup: SIZES.streamWarmup,
    repeats: SIZES.streamRepeats,
    async measure(subject, warm) {
      gc();
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      let output;
      for (let i = 0; i < batch; i++) output = await subject.run();
      const elapsed = performance.now() - start;
      const cpu = process.cpuUsage(cpuStart);
      if (warm) verify(key, subject.name, output, expected);
      else cpuSamples[subject.name].push((cpu.user + cpu.system) / 1000);
      return elapsed;
    },
  });
  const stats = Object.fromEntries(Object.entries(samples).map(([name, list]) => [name, summarize(list)]));
  const cpuStats = Object.fromEntries(
    Object.entries(cpuSamples).map(([name, list]) => [name, summarize(list)]),
  );
  const eventCount = countEvents(events) * batch;
  results.workloads[key] = {
    label,
    events: eventCount,
    bytes: bytes.length * batch,
    chunks: chunks.length * batch,
    ms: stats,
    nsPerEvent: Object.fromEntries(
      Object.entries(stats).map(([name, stat]) => [name, Math.round((stat.median * 1e6) / eventCount)]),
    ),
    ratio: {
      provider: ratio(stats.provider.median, stats.raw.median),
      streamText: ratio(stats.streamText.median, stats.raw.median),
    },
    cpuMs: cpuStats,
    cpuRatio: {
      provider: ratio(cpuStats.provider.median, cpuStats.raw.median),
      streamText: ratio(cpuStats.streamText.median, cpuStats.raw.median),
    },
  };
}

/**
 * Sequential calls on a JSON reply: raw binding call, provider method, AI SDK function; µs per call.
 * Each subject first makes `SIZES.callWarmup` unmeasured calls, so that the ratios compare optimised code
 * rather than a JIT warming up. Every sample is then a batch of about `SIZES.callBatchMs` whatever the
 * subject (sized from the fastest of a few trial batches): short enough to fit in a scheduler time slice
 * and as long for a 0.2 µs baseline as for a 20 µs provider call, so that time the machine gives to other
 * processes hits every subject alike (fixed call counts made the slow subject's batches long enough to be
 * preempted and the baseline's short enough not to be). No forced gc() between batches, unlike the stream
 * samples: a full collection costs the next provider call about 300 µs of re-optimisation (measured), a
 * toll a 1 ms batch would pay and the baseline would not; each subject's own garbage is collected as it
 * goes and is part of its cost.
 */
async function callWorkload({ key, label, subjects }) {
  const batchSize = {};
  for (const subject of subjects) {
    for (let i = 0; i < SIZES.callWarmup; i++) await subject.run();
    // trial batches of a quarter of the batch duration at least (a 20-call trial of a 0.1 µs call is noise)
    const timeCalls = async (calls) => {
      const start = performance.now();
      for (let i = 0; i < calls; i++) await subject.run();
      return (performance.now() - start) / calls;
    };
    let trialCalls = 1;
    while ((await timeCalls(trialCalls)) * trialCalls < SIZES.callBatchMs / 4) trialCalls *= 2;
    let fastest = Number.POSITIVE_INFINITY;
    for (let trial = 0; trial < 5; trial++) fastest = Math.min(fastest, await timeCalls(trialCalls));
    batchSize[subject.name] = Math.max(1, Math.round(SIZES.callBatchMs / fastest));
  }
  const samples = await interleave(subjects, {
    warmup: 1,
    repeats: SIZES.callBatches,
    async measure(subject) {
      const calls = batchSize[subject.name];
      const start = performance.now();
      for (let i = 0; i < calls; i++) await subject.run();
      return ((performance.now() - start) * 1000) / calls;
    },
  });
  const stats = Object.fromEntries(Object.entries(samples).map(([name, list]) => [name, summarize(list)]));
  const [raw, provider] = subjects.map((subject) => subject.name);
  results.workloads[key] = {
    label,
    callsPerBatch: batchSize,
    usPerCall: stats,
    ratio: { provider: ratio(stats[provider].median, stats[raw].median) },
  };
}

/**
 * Time from the release of each event to the consumer seeing its text, with events released every
 * 20 ms. Matching is by text length: event i is seen when the text read so far reaches its end.
 */
async function latencyRun(subject, chunks, tokens, firstTextChunk) {
  const releases = [];
  const arrivals = [];
  let length = 0;
  const onText = (delta) => {
    length += delta.length;
    arrivals.push([length, performance.now()]);
  };
  const stream = () => timedStream(chunks, 20, releases);
  const output = await subject.run(stream, onText);
  const delays = [];
  let target = 0;
  let cursor = 0;
  for (let i = 0; i < tokens.length; i++) {
    target += tokens[i].length;
    while (cursor < arrivals.length && arrivals[cursor][0] < target) cursor++;
    if (cursor === arrivals.length) break;
    delays.push(arrivals[cursor][1] - releases[firstTextChunk + i]);
  }
  return { output, delays };
}

async function ttftWorkload() {
  const tokens = makeProseTokens(SIZES.ttftEvents);
  const text = tokens.join("");
  const legacyChunks = legacyEvents(tokens).map((event) => new TextEncoder().encode(event));
  // gpt-oss with a forced tool: a prose preamble, then the call (the leak guard must let the prose through)
  const toolCall = { name: "get_weather", arguments: JSON.stringify({ city: "Paris" }) };
  const responsesChunks = responsesEvents(tokens, { toolCall }).map((event) =>
    new TextEncoder().encode(event),
  );
  const llama = workersai("@cf/meta/llama-3.1-8b-instruct");
  const gptOss = workersai("@cf/openai/gpt-oss-120b");
  const forcedOptions = {
    tools: [
      {
        type: "function",
        name: "get_weather",
        description: "Weather of a city",
        inputSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
      },
    ],
    toolChoice: { type: "tool", toolName: "get_weather" },
  };
  const forcedTextArgs = {
    tools: {
      get_weather: {
        description: "Weather of a city",
        inputSchema: jsonSchema({
          type: "object",
          properties: { city: { type: "string" } },
          required: ["city"],
        }),
      },
    },
    toolChoice: { type: "tool", toolName: "get_weather" },
  };
  // the binding answers with the timed stream, then the consumer runs
  const through = (stream, consume) => {
    binding.reply = () => stream();
    return consume();
  };
  const allSubjects = [
    {
      name: "raw",
      chunks: legacyChunks,
      first: 0,
      run: (stream, onText) => consumeRaw(stream(), "legacy", onText),
    },
    {
      name: "provider",
      chunks: legacyChunks,
      first: 0,
      run: (stream, onText) => through(stream, () => consumeProvider(llama, { prompt: PROMPT }, onText)),
    },
    {
      name: "streamText",
      chunks: legacyChunks,
      first: 0,
      run: (stream, onText) =>
        through(stream, () => consumeStreamText(streamText, { model: llama, prompt: "Hi" }, onText)),
    },
    {
      name: "raw (Responses)",
      chunks: responsesChunks,
      first: 1,
      run: (stream, onText) => consumeRaw(stream(), "responses", onText),
    },
    {
      name: "provider, tool forced",
      chunks: responsesChunks,
      first: 1,
      run: (stream, onText) =>
        through(stream, () => consumeProvider(gptOss, { prompt: PROMPT, ...forcedOptions }, onText)),
    },
    {
      name: "streamText, tool forced",
      chunks: responsesChunks,
      first: 1,
      run: (stream, onText) =>
        through(stream, () =>
          consumeStreamText(streamText, { model: gptOss, prompt: "Hi", ...forcedTextArgs }, onText),
        ),
    },
  ];
  // streamText has no latency budget: quick runs leave it out
  const subjects = allSubjects.filter(
    (subject) => SIZES.ttftStreamText || !subject.name.startsWith("streamText"),
  );
  const delays = Object.fromEntries(subjects.map((subject) => [subject.name, []]));
  const firsts = Object.fromEntries(subjects.map((subject) => [subject.name, []]));
  await interleave(subjects, {
    warmup: 1,
    repeats: SIZES.ttftRounds,
    async measure(subject, warm) {
      gc();
      const run = await latencyRun(subject, subject.chunks, tokens, subject.first);
      const forced = subject.chunks === responsesChunks && subject.name !== "raw (Responses)";
      verify("ttft", subject.name, run.output, forced ? { text, toolInputs: [{ city: "Paris" }] } : { text });
      if (run.delays.length !== tokens.length)
        fail(`ttft/${subject.name}: only ${run.delays.length} of ${tokens.length} tokens matched`);
      if (!warm) {
        delays[subject.name].push(...run.delays);
        firsts[subject.name].push(run.delays[0]);
      }
      return 0;
    },
  });
  const stat = (list) => ({
    n: list.length,
    median: percentile(list, 50),
    p95: percentile(list, 95),
    p99: percentile(list, 99),
    max: Math.max(...list),
    over1ms: list.filter((delay) => delay > 1).length,
  });
  const delayStats = Object.fromEntries(Object.entries(delays).map(([name, list]) => [name, stat(list)]));
  const firstStats = Object.fromEntries(Object.entries(firsts).map(([name, list]) => [name, stat(list)]));
  const added = (name, base) => ({
    median: delayStats[name].median - delayStats[base].median,
    p99: delayStats[name].p99 - delayStats[base].p99,
  });
  results.workloads.ttft = {
    label: "time to first token (events every 20 ms)",
    eventsPerRun: tokens.length,
    ms: delayStats,
    firstTokenMs: firstStats,
    addedMs: {
      provider: added("provider", "raw"),
      "provider, tool forced": added("provider, tool forced", "raw (Responses)"),
      ...(SIZES.ttftStreamText
        ? {
            streamText: added("streamText", "raw"),
            "streamText, tool forced": added("streamText, tool forced", "raw (Responses)"),
          }
        : {}),
    },
  };
}

async function memoryWorkload() {
  const runs = {};
  for (const [subject, bytes] of SIZES.memoryRuns) {
    runs[subject] = await spawnMemoryChild({ subject, bytes, providerFile });
  }
  results.workloads.memory = { label: "legacy stream read by one consumer: heap growth", runs };
}

function spawnMemoryChild(config) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--expose-gc", fileURLToPath(import.meta.url), `--memory-child=${JSON.stringify(config)}`],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    child.stdout.on("data", (data) => {
      out += data;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`memory child (${config.subject}) exited with ${code}`));
      else resolve(JSON.parse(out));
    });
  });
}

function loadAverage() {
  return os.loadavg().map((load) => Math.round(load * 100) / 100);
}

function gitCommit() {
  const result = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

// ---------------------------------------------------------------------------------------------- run

let lastLog;
/** Progress on stderr: each step's name, and how long the previous step took. */
const log = (message) => {
  const now = performance.now();
  if (lastLog !== undefined) process.stderr.write(` (${((now - lastLog) / 1000).toFixed(1)} s)\n`);
  if (message) process.stderr.write(message);
  lastLog = now;
};
const streamTokens = makeTokens(SIZES.streamEvents);
const streamText_ = streamTokens.join("");

/** Workloads with a time budget, as functions: `--check` measures a missed one again (see below). */
const TIMED = {
  async legacy() {
    log(`• legacy stream (${SIZES.streamEvents} events)`);
    await streamWorkload({
      key: "legacy",
      label: "1. legacy stream",
      family: "legacy",
      modelId: "@cf/meta/llama-3.1-8b-instruct",
      events: legacyEvents(streamTokens),
      expected: { text: streamText_ },
    });
  },
  async chat() {
    log(`• chat-completions stream (${SIZES.streamEvents} events)`);
    await streamWorkload({
      key: "chat",
      label: "2. chat-completions stream",
      family: "chat",
      modelId: "@cf/moonshotai/kimi-k2.5",
      events: chatEvents(streamTokens),
      expected: { text: streamText_ },
    });
  },
  async tools() {
    log(`• three streamed tool calls (${SIZES.toolEvents} events × ${SIZES.toolBatch} per sample)`);
    const { events, expected } = toolCallEvents(SIZES.toolEvents);
    const schema = { type: "object", properties: { query: { type: "string" }, limit: { type: "number" } } };
    await streamWorkload({
      key: "tools",
      label: "3. three streamed tool calls",
      family: "chat",
      modelId: "@cf/moonshotai/kimi-k2.5",
      events,
      batch: SIZES.toolBatch,
      expected: { text: "", toolInputs: expected.map((args) => JSON.parse(args)) },
      callOptions: { tools: TOOL_NAMES.map((name) => ({ type: "function", name, inputSchema: schema })) },
      textArgs: {
        tools: Object.fromEntries(TOOL_NAMES.map((name) => [name, { inputSchema: jsonSchema(schema) }])),
      },
    });
  },
  async generate() {
    log(`• doGenerate (batches of ~${SIZES.callBatchMs} ms)`);
    const reply = {
      response: "Hello! How can I help you today?",
      usage: { prompt_tokens: 12, completion_tokens: 9, total_tokens: 21 },
    };
    const model = workersai("@cf/meta/llama-3.1-8b-instruct");
    const expected = reply.response;
    let checked = false;
    const check = (subject, text) => {
      if (!checked && text !== expected) fail(`generate/${subject}: wrong text ${JSON.stringify(text)}`);
    };
    await callWorkload({
      key: "generate",
      label: "4. doGenerate, small reply",
      subjects: [
        {
          name: "raw",
          run: async () => {
            binding.reply = () => reply;
            const value = await binding.run("@cf/meta/llama-3.1-8b-instruct", {
              messages: [],
              stream: false,
            });
            check("raw", value.response);
          },
        },
        {
          name: "provider",
          run: async () => {
            binding.reply = () => reply;
            const result = await model.doGenerate({ prompt: PROMPT });
            check("provider", result.content[0]?.text);
          },
        },
        {
          name: "generateText",
          run: async () => {
            binding.reply = () => reply;
            const result = await generateText({ model, prompt: "Hi" });
            check("generateText", result.text);
          },
        },
      ],
    });
    checked = true;
  },
  async embed() {
    log(`• doEmbed of 16 values (batches of ~${SIZES.callBatchMs} ms)`);
    const values = Array.from({ length: 16 }, (_, i) => `document number ${i} about Workers AI`);
    const vector = Array.from({ length: 768 }, (_, i) => Math.sin(i) / 10);
    const reply = { shape: [16, 768], data: values.map(() => vector.slice()), pooling: "mean" };
    const model = workersai.textEmbedding("@cf/baai/bge-base-en-v1.5");
    const check = (subject, embeddings) => {
      if (embeddings?.length !== 16 || embeddings[0].length !== 768)
        fail(`embed/${subject}: wrong embeddings`);
    };
    await callWorkload({
      key: "embed",
      label: "5. doEmbed, 16 values × 768",
      subjects: [
        {
          name: "raw",
          run: async () => {
            binding.reply = () => reply;
            check("raw", (await binding.run("@cf/baai/bge-base-en-v1.5", { text: values })).data);
          },
        },
        {
          name: "provider",
          run: async () => {
            binding.reply = () => reply;
            check("provider", (await model.doEmbed({ values })).embeddings);
          },
        },
        {
          name: "embedMany",
          run: async () => {
            binding.reply = () => reply;
            check("embedMany", (await embedMany({ model, values })).embeddings);
          },
        },
      ],
    });
  },
  async ttft() {
    log(`• time to first token (${SIZES.ttftRounds} rounds × ${SIZES.ttftEvents} events, 20 ms apart)`);
    await ttftWorkload();
  },
};
for (const key of ["legacy", "chat", "tools"]) if (selected.includes(key)) await TIMED[key]();
for (const key of ["generate", "embed"]) if (selected.includes(key)) await TIMED[key]();
if (selected.includes("ttft")) await TIMED.ttft();
if (selected.includes("memory")) {
  log(
    `• stream memory (${SIZES.memoryRuns.map(([name, bytes]) => `${name} ${formatBytes(bytes)}`).join(", ")}; child processes)`,
  );
  await memoryWorkload();
}
let scripts;
if (selected.includes("bundle") || selected.includes("startup")) {
  log("• Worker bundles (esbuild, workerd conditions, minified)");
  const { scripts: bundled, ...bundle } = await measureBundles(ROOT, SRC, CACHE);
  scripts = bundled;
  if (selected.includes("bundle")) {
    // where the share comes from, per provider folder and module (bundled from source), to plan a split
    bundle.providerModules = {
      chat: await providerModules(ROOT, SRC, "chat"),
      embed: await providerModules(ROOT, SRC, "embed"),
    };
    results.workloads.bundle = bundle;
  }
}
if (selected.includes("startup")) {
  const binary = workerdBinary(ROOT);
  if (!binary || !hasValgrind()) {
    const reason = binary ? "valgrind is not installed" : "no workerd binary in node_modules";
    log(`• Worker startup: not measured (${reason})`);
    // its budget is then not evaluated; the report says so
    results.notMeasured = { startup: reason };
  } else {
    log(`• Worker startup (workerd under valgrind, ${SIZES.startupRuns} run(s) per Worker)`);
    const counts = await measureStartup(binary, scripts, SIZES.startupRuns);
    results.workloads.startup = {
      label: "workerd startup instructions (load the Worker, run its top level, exit)",
      instructions: counts,
      addedByProvider: counts.chat.median - counts["chat-without-provider"].median,
    };
  }
}

// ---------------------------------------------------------------------------------------------- budgets

const evaluateBudgets = () =>
  BUDGETS.filter((budget) => results.workloads[budget.workload]).map((budget) => {
    const value = budget.value(results.workloads[budget.workload]);
    return {
      id: budget.id,
      workload: budget.workload,
      name: budget.name,
      value,
      max: budget.max,
      unit: budget.unit.trim(),
      pass: value <= budget.max,
      waived: waived.has(budget.id),
    };
  });
let budgetResults = evaluateBudgets();
// A time ratio on a shared 2-core machine has outliers: under --check, a missed time budget is measured
// once more and fails only if it is missed again (the second measurement is the one reported).
results.remeasured = [];
if (flags.check) {
  const again = [
    ...new Set(
      budgetResults
        .filter((budget) => !budget.pass && !budget.waived && budget.workload in TIMED)
        .map((budget) => budget.workload),
    ),
  ];
  for (const workload of again) {
    await TIMED[workload]();
    results.remeasured.push(workload);
  }
  if (again.length) budgetResults = evaluateBudgets();
}
log("");
results.meta.loadAverageAtEnd = loadAverage();
results.meta.seconds = Math.round((performance.now() - started) / 100) / 10;
results.budgets = budgetResults;
results.failures = failures;

// ---------------------------------------------------------------------------------------------- report

const ms = (value) => fixed(value, value < 10 ? 2 : 1);
const sections = [];
const streamRows = ["legacy", "chat", "tools"]
  .filter((key) => results.workloads[key])
  .map((key) => {
    const w = results.workloads[key];
    return [
      w.label,
      w.events.toLocaleString("en-US"),
      ms(w.ms.raw.median),
      ms(w.ms.provider.median),
      `${fixed(w.ratio.provider)}×`,
      ms(w.ms.streamText.median),
      `${fixed(w.ratio.streamText)}×`,
      `${fixed(w.cpuRatio.provider)}× / ${fixed(w.cpuRatio.streamText)}×`,
      `${w.nsPerEvent.raw} / ${w.nsPerEvent.provider} / ${w.nsPerEvent.streamText}`,
    ];
  });
if (streamRows.length) {
  sections.push(
    formatTable(
      [
        "Stream (median ms)",
        "events",
        "raw",
        "doStream",
        "×raw",
        "streamText",
        "×raw",
        "CPU-time ×raw",
        "ns/event raw/doStream/streamText",
      ],
      streamRows,
    ),
  );
}
const callRows = [
  ["generate", "raw", "provider", "generateText"],
  ["embed", "raw", "provider", "embedMany"],
]
  .filter(([key]) => results.workloads[key])
  .map(([key, ...names]) => {
    const w = results.workloads[key];
    return [
      w.label,
      names.map((name) => w.callsPerBatch[name]).join(" / "),
      ...names.map((name) => fixed(w.usPerCall[name].median, name === "raw" ? 2 : 1)),
      `${fixed(w.ratio.provider, 1)}×`,
    ];
  });
if (callRows.length) {
  sections.push(
    formatTable(
      ["Calls (median µs/call)", "calls per batch", "raw binding", "do*", "AI SDK", "do* ×raw"],
      callRows,
    ),
  );
}
if (results.workloads.ttft) {
  const w = results.workloads.ttft;
  sections.push(
    formatTable(
      [
        "6. Release → text part (ms)",
        "samples",
        "median",
        "p95",
        "p99",
        "max",
        "> 1 ms",
        "first token median",
        "added median",
        "added p99",
      ],
      Object.entries(w.ms).map(([name, stat]) => [
        name,
        stat.n,
        fixed(stat.median, 3),
        fixed(stat.p95, 3),
        fixed(stat.p99, 3),
        fixed(stat.max, 3),
        stat.over1ms,
        fixed(w.firstTokenMs[name].median, 3),
        w.addedMs[name] ? fixed(w.addedMs[name].median, 3) : "",
        w.addedMs[name] ? fixed(w.addedMs[name].p99, 3) : "",
      ]),
    ),
  );
}
if (results.workloads.memory) {
  const w = results.workloads.memory;
  sections.push(
    formatTable(
      [
        "7. Stream memory",
        "stream",
        // raw: SSE events; provider and streamText: text-delta parts (one per network read at most)
        "text pieces read",
        "seconds",
        "peak heap growth",
        "peak live (after gc)",
        "peak arrayBuffers growth",
      ],
      Object.entries(w.runs).map(([name, run]) => [
        name,
        formatBytes(run.bytes),
        run.events.toLocaleString("en-US"),
        fixed(run.seconds, 1),
        formatBytes(run.peakHeapGrowth),
        formatBytes(run.peakLiveGrowth),
        formatBytes(run.peakArrayBuffersGrowth),
      ]),
    ),
  );
}
if (results.workloads.bundle) {
  const w = results.workloads.bundle;
  sections.push(
    formatTable(
      [
        "Worker bundle (minified)",
        "raw",
        "gzip",
        "without provider raw/gzip",
        "provider share raw",
        "share gzip",
      ],
      w.rows.map((row) => [
        row.label,
        formatBytes(row.raw),
        formatBytes(row.gzip),
        `${formatBytes(row.baseRaw)} / ${formatBytes(row.baseGzip)}`,
        formatBytes(row.shareRaw),
        formatBytes(row.shareGzip),
      ]),
    ) +
      `\n  provider measured: ${w.measured}${w.buildSeconds === undefined ? "" : ` (built in ${w.buildSeconds} s)`}` +
      `\n  share by origin (minified bytes): ${w.rows
        .map(
          (row) =>
            `${row.name}: ${Object.entries(row.addedByOrigin)
              .filter(([, bytes]) => Math.abs(bytes) >= 512)
              .map(([origin, bytes]) => `${origin} ${formatBytes(bytes)}`)
              .join(", ")}`,
        )
        .join(" | ")}` +
      `\n  gateway markers in chat Worker: ${w.gatewayCheck.markersInChat.length ? w.gatewayCheck.markersInChat.join(", ") : "none"}` +
      ` (present in gateway code: ${w.gatewayCheck.markersInGatewayBundle.length})${w.note ? `\n  note: ${w.note}` : ""}`,
  );
}
if (results.workloads.bundle?.providerModules) {
  const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
  sections.push(
    Object.entries(results.workloads.bundle.providerModules)
      .map(
        ([name, { folders, modules }]) =>
          `Provider code in the ${name} Worker (minified, from source): ${folders
            .map(([folder, bytes]) => `${folder} ${kib(bytes)}`)
            .join(", ")}\n  largest modules: ${modules
            .slice(0, 8)
            .map(([module, bytes]) => `${module} ${kib(bytes)}`)
            .join(", ")}`,
      )
      .join("\n"),
  );
}
if (results.workloads.startup) {
  const w = results.workloads.startup;
  sections.push(
    `${formatTable(
      ["8. Worker startup (instructions, cachegrind)", "median", "runs"],
      Object.entries(w.instructions).map(([name, { median, counts }]) => [
        name,
        `${fixed(median / 1e6, 1)} M`,
        counts.map((count) => fixed(count / 1e6, 1)).join(" / "),
      ]),
    )}\n  added by the provider: ${fixed(w.addedByProvider / 1e6, 1)} M`,
  );
} else if (results.notMeasured?.startup) {
  sections.push(
    `8. Worker startup: not measured (${results.notMeasured.startup}); its budget was not evaluated`,
  );
}
sections.push(
  formatTable(
    ["Budget", "measured", "limit", ""],
    budgetResults.map((budget) => [
      budget.name,
      `${fixed(budget.value)}${budget.unit === "×" ? "×" : ` ${budget.unit}`}`,
      `${budget.max}${budget.unit === "×" ? "×" : ` ${budget.unit}`}`,
      budget.pass ? "pass" : budget.waived ? "MISS (waived)" : "MISS",
    ]),
  ),
);
process.stdout.write(
  `\nworkers-ai-provider benchmark (${results.meta.mode}, node ${results.meta.node}, ${results.meta.cores} cores, ${results.meta.cpu}, ${results.meta.seconds} s, load average ${results.meta.loadAverageAtStart[0]} → ${results.meta.loadAverageAtEnd[0]})\n\n${sections.join("\n\n")}\n`,
);
if (failures.length) process.stdout.write(`\nWrong output:\n${failures.map((f) => `  - ${f}`).join("\n")}\n`);

const partial = QUICK || flags.only || flags.src;
const outFile = flags.out ?? path.join(ROOT, "bench", partial ? "results.local.json" : "results.json");
await writeFile(outFile, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`\nwritten to ${path.relative(ROOT, outFile)}\n`);

if (flags.check) {
  const missed = budgetResults.filter((budget) => !budget.pass && !budget.waived);
  if (results.remeasured.length)
    process.stdout.write(`measured again after a miss: ${results.remeasured.join(", ")}\n`);
  for (const budget of budgetResults.filter((b) => !b.pass && b.waived)) {
    process.stdout.write(`budget missed, waived (--waive=${budget.id}): ${budget.name}\n`);
  }
  if (missed.length || failures.length) {
    for (const budget of missed) {
      process.stdout.write(
        `budget missed: ${budget.name} (measured ${fixed(budget.value)} ${budget.unit})\n`,
      );
    }
    for (const failure of failures) process.stdout.write(`wrong output: ${failure}\n`);
    process.exit(1);
  }
  process.stdout.write(waived.size ? "all budgets met but the waived ones\n" : "all budgets met\n");
}

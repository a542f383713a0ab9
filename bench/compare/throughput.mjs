#!/usr/bin/env node
// Peer throughput: every scenario of a JSON Lines file through
// @cloud-copilot/iam-simulate's runSimulation, N times over.
//
// Usage: node throughput.mjs FILE.jsonl [--iterations N | --seconds S (default 10)]
//
// One unit of work is what `whydenied simulate --batch` does per line:
// parse the JSON line, build the peer's input, evaluate, map the result back.
// The last line printed is JSON:
//   {"engine":"iam-simulate","version":"...","scenarios":K,"perSecond":X, ...}

import { runSimulation } from '@cloud-copilot/iam-simulate'
import { toPeer, fromPeer } from './translate.mjs'
import { readJsonl, peerVersion, parseArgs, die } from './lib.mjs'

async function once(texts) {
  let sink = 0
  for (const text of texts) {
    const t = toPeer(JSON.parse(text))
    const r = fromPeer(await runSimulation(t.simulation, {}), t.meta)
    sink += r.decision ? r.decision.length : 1
  }
  return sink
}

async function main() {
  let args
  try {
    args = parseArgs(process.argv.slice(2), { iterations: 'int', seconds: 'int' })
  } catch (e) {
    die(`throughput.mjs: ${e.message}`)
  }
  const [file] = args.positional
  if (!file || args.positional.length !== 1) die('usage: node throughput.mjs FILE.jsonl [--iterations N] [--seconds S]')
  const target = args.opts.seconds ?? 10

  const entries = readJsonl(file)
  const texts = []
  const skipped = {}
  for (const e of entries) {
    const reason = e.parseError ? 'invalid: not JSON' : toPeer(e.scenario).skip
    if (reason) skipped[reason] = (skipped[reason] ?? 0) + 1
    else texts.push(e.text)
  }
  if (texts.length === 0) die(`throughput.mjs: no scenario of ${file} can be run by the peer (skipped: ${JSON.stringify(skipped)})`)

  // The first pass warms the JIT and the peer's lazily loaded service data.
  const w0 = process.hrtime.bigint()
  await once(texts)
  const warm = Number(process.hrtime.bigint() - w0) / 1e9

  // Without --iterations, whole passes run until `target` seconds are spent.
  let sink = 0
  let iterations = 0
  const t0 = process.hrtime.bigint()
  const elapsed = () => Number(process.hrtime.bigint() - t0) / 1e9
  while (args.opts.iterations !== undefined ? iterations < args.opts.iterations : iterations === 0 || elapsed() < target) {
    sink += await once(texts)
    iterations++
  }
  const seconds = elapsed()
  const runs = iterations * texts.length
  const perSecond = runs / seconds
  const meanMicros = (seconds / runs) * 1e6

  console.log(`file: ${file}`)
  console.log(`scenarios run by the peer: ${texts.length} (skipped ${entries.length - texts.length}: ${JSON.stringify(skipped)})`)
  console.log(`iterations: ${iterations}, evaluations: ${runs}, seconds: ${seconds.toFixed(3)} (warm-up pass ${warm.toFixed(3)} s not counted)`)
  console.log(`per scenario: ${meanMicros.toFixed(1)} µs mean; ${perSecond.toFixed(1)} scenarios/s`)
  if (sink < 0) console.log('unreachable') // keeps the work observable
  console.log(
    JSON.stringify({
      engine: 'iam-simulate',
      version: peerVersion(),
      scenarios: texts.length,
      skipped: entries.length - texts.length,
      iterations,
      seconds: Number(seconds.toFixed(3)),
      meanMicros: Number(meanMicros.toFixed(2)),
      perSecond: Number(perSecond.toFixed(1))
    })
  )
}

main().catch((e) => die(`throughput.mjs: ${e.stack ?? e}`))

#!/usr/bin/env node
// Differential check: every scenario of a JSON Lines file through the peer
// (@cloud-copilot/iam-simulate) and through `whydenied simulate --batch`,
// then every disagreement and a summary.
//
// Usage: node diff.mjs FILE.jsonl [--show-scenario] [--max N] [--peer-only]
//   WHYDENIED=/path/to/whydenied   our binary (default: `go run ./cmd/whydenied`
//                                  in the repository that holds this script)
//
// Exit status: 0 when every compared decision agrees, 1 when some disagree or
// our CLI rejected a scenario the peer ran, 2 when the harness itself failed.

import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { dirname, resolve } from 'node:path'
import { runSimulation } from '@cloud-copilot/iam-simulate'
import { toPeer, fromPeer } from './translate.mjs'
import { readJsonl, peerVersion, parseArgs, die } from './lib.mjs'

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

function ourCommand() {
  const bin = process.env.WHYDENIED
  const args = ['simulate', '--batch', '--format', 'json']
  if (bin) return { cmd: bin, args }
  return { cmd: 'go', args: ['run', './cmd/whydenied', ...args] }
}

// Runs our CLI once over all lines; returns one parsed result per line.
function runOurs(texts) {
  const { cmd, args } = ourCommand()
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] })
    const out = []
    const err = []
    child.stdout.on('data', (c) => out.push(c))
    child.stderr.on('data', (c) => err.push(c))
    child.on('error', (e) => reject(new Error(`cannot start ${cmd}: ${e.message}`)))
    child.stdin.on('error', () => {}) // an early exit is reported below
    child.on('close', (code, signal) => {
      const stderr = Buffer.concat(err).toString('utf8').trim()
      const lines = Buffer.concat(out).toString('utf8').split('\n').filter((l) => l.trim() !== '')
      if (lines.length !== texts.length) {
        reject(
          new Error(
            `${cmd} ${args.join(' ')} wrote ${lines.length} result lines for ${texts.length} scenarios ` +
              `(exit ${code ?? signal})${stderr ? `; stderr: ${stderr.slice(0, 2000)}` : ''}`
          )
        )
        return
      }
      resolvePromise(
        lines.map((l, i) => {
          try {
            const v = JSON.parse(l)
            if (v && typeof v.error === 'string') return { error: v.error }
            if (!v || typeof v.decision !== 'string') return { error: `result line ${i + 1} has no "decision": ${l.slice(0, 200)}` }
            return { decision: v.decision, deniedBy: Array.isArray(v.deniedBy) ? [...v.deniedBy].sort() : [] }
          } catch (e) {
            return { error: `result line ${i + 1} is not JSON: ${l.slice(0, 200)}` }
          }
        })
      )
    })
    child.stdin.end(texts.map((t) => t + '\n').join(''))
  })
}

async function runPeer(entry) {
  if (entry.parseError) return { skip: 'invalid: not JSON' }
  const t = toPeer(entry.scenario)
  if (t.skip) return { skip: t.skip }
  try {
    return fromPeer(await runSimulation(t.simulation, {}), t.meta)
  } catch (e) {
    return { error: `peer threw: ${e.message}` }
  }
}

function show(r) {
  if (!r) return '-'
  if (r.error) return `error(${r.error.length > 160 ? r.error.slice(0, 160) + '...' : r.error})`
  return `${r.decision} [${r.deniedBy.join(',')}]`
}

function bump(map, key) {
  map[key] = (map[key] ?? 0) + 1
}

async function main() {
  let args
  try {
    args = parseArgs(process.argv.slice(2), { 'show-scenario': 'bool', max: 'int', 'peer-only': 'bool' })
  } catch (e) {
    die(`diff.mjs: ${e.message}`)
  }
  const [file] = args.positional
  if (!file || args.positional.length !== 1) die('usage: node diff.mjs FILE.jsonl [--show-scenario] [--max N] [--peer-only]')
  const maxShown = args.opts.max ?? Infinity

  const entries = readJsonl(file)
  const peer = []
  for (const e of entries) peer.push(await runPeer(e))

  if (args.opts['peer-only']) {
    const tally = {}
    for (const p of peer) bump(tally, p.skip ? `skipped: ${p.skip}` : p.error ? `error: ${p.error.slice(0, 120)}` : `${p.decision} [${p.deniedBy.join(',')}]`)
    for (const [k, n] of Object.entries(tally).sort((a, b) => b[1] - a[1])) console.log(`${String(n).padStart(6)}  ${k}`)
    console.log(JSON.stringify({ engine: 'iam-simulate', version: peerVersion(), scenarios: entries.length }))
    return
  }

  let ours
  try {
    ours = await runOurs(entries.map((e) => e.text))
  } catch (e) {
    die(`diff.mjs: ${e.message}`)
  }

  const summary = {
    file,
    scenarios: entries.length,
    compared: 0,
    agree: 0,
    decisionDisagree: 0,
    deniedByDisagree: 0,
    oursErrorOnly: 0,
    peerErrorOnly: 0,
    bothError: 0,
    // Scenarios that carry "expect": how often each engine's decision meets it.
    withExpect: 0,
    oursMeetExpect: 0,
    peerMeetExpect: 0,
    skipped: {},
    peerVersion: peerVersion()
  }
  let shown = 0
  const report = (kind, e, o, p) => {
    if (shown++ >= maxShown) return
    const name = typeof e.scenario?.name === 'string' ? `${JSON.stringify(e.scenario.name)} ` : ''
    // A scenario's own "expect" (written from the IAM User Guide) says which
    // side the documentation supports.
    const ex = e.scenario?.expect
    const expected = ex && typeof ex.decision === 'string' ? ` expect=${ex.decision}${Array.isArray(ex.deniedBy) ? ` [${ex.deniedBy.join(',')}]` : ''}` : ''
    console.log(`${kind} ${file}:${e.line} ${name}ours=${show(o)} theirs=${show(p)}${expected}${p?.notes?.length ? ` (${p.notes.join('; ')})` : ''}`)
    if (args.opts['show-scenario']) console.log(`  scenario: ${e.text}`)
  }

  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]
    const o = ours[i]
    const p = peer[i]
    if (p.skip) {
      bump(summary.skipped, p.skip)
      continue
    }
    summary.compared++
    if (o.error && p.error) {
      summary.bothError++
      continue
    }
    if (o.error) {
      summary.oursErrorOnly++
      report('OURS-ERROR', e, o, p)
      continue
    }
    if (p.error) {
      summary.peerErrorOnly++
      report('PEER-ERROR', e, o, p)
      continue
    }
    const want = e.scenario?.expect?.decision
    if (typeof want === 'string') {
      summary.withExpect++
      if (o.decision === want) summary.oursMeetExpect++
      if (p.decision === want) summary.peerMeetExpect++
      if (o.decision === p.decision && o.decision !== want) report('BOTH-MISS-EXPECT', e, o, p)
    }
    if (o.decision !== p.decision) {
      summary.decisionDisagree++
      report('DECISION', e, o, p)
      continue
    }
    if (o.deniedBy.join(',') !== p.deniedBy.join(',')) {
      summary.deniedByDisagree++
      report('DENIED-BY', e, o, p)
      continue
    }
    summary.agree++
  }
  if (shown > maxShown) console.log(`... ${shown - maxShown} more not shown (--max ${maxShown})`)
  console.log(
    `summary: ${summary.compared} compared, ${summary.agree} agree, ${summary.decisionDisagree} decision disagreements, ` +
      `${summary.deniedByDisagree} deniedBy-only disagreements, ${summary.oursErrorOnly} rejected by ours only, ` +
      `${summary.peerErrorOnly} rejected by the peer only, ${summary.bothError} rejected by both, ` +
      `${entries.length - summary.compared} skipped` +
      (summary.withExpect
        ? `; of ${summary.withExpect} with "expect", ours meets ${summary.oursMeetExpect}, the peer ${summary.peerMeetExpect}`
        : '')
  )
  console.log(JSON.stringify(summary))
  process.exitCode = summary.decisionDisagree > 0 || summary.oursErrorOnly > 0 ? 1 : 0
}

main().catch((e) => die(`diff.mjs: ${e.stack ?? e}`))

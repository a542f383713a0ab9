// Small helpers shared by the comparison scripts.

import { readFileSync } from 'node:fs'

/**
 * Reads a JSON Lines file. Blank lines are dropped (neither engine is given
 * them); a line that is not JSON is kept as {line, text, parseError}.
 */
export function readJsonl(file) {
  const text = readFileSync(file, 'utf8')
  const out = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].replace(/\r$/, '')
    if (raw.trim() === '') continue
    const entry = { line: i + 1, text: raw }
    try {
      entry.scenario = JSON.parse(raw)
    } catch (e) {
      entry.parseError = e.message
    }
    out.push(entry)
  }
  return out
}

export function peerVersion() {
  // The package's "exports" hide its package.json from require().
  const url = new URL('./node_modules/@cloud-copilot/iam-simulate/package.json', import.meta.url)
  return JSON.parse(readFileSync(url, 'utf8')).version
}

/** Parses "--flag value" pairs and positional arguments. */
export function parseArgs(argv, spec) {
  const opts = {}
  const positional = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (!a.startsWith('--')) {
      positional.push(a)
      continue
    }
    const name = a.slice(2)
    if (!(name in spec)) throw new Error(`unknown option ${a}; expected one of ${Object.keys(spec).map((k) => '--' + k).join(', ')}`)
    if (spec[name] === 'bool') {
      opts[name] = true
      continue
    }
    const v = argv[++i]
    if (v === undefined) throw new Error(`${a} needs a value`)
    if (spec[name] === 'int') {
      if (!/^\d+$/.test(v)) throw new Error(`${a} expects a non-negative integer, got ${JSON.stringify(v)}`)
      opts[name] = Number(v)
    } else {
      opts[name] = v
    }
  }
  return { opts, positional }
}

export function die(msg, code = 2) {
  process.stderr.write(msg.endsWith('\n') ? msg : msg + '\n')
  process.exit(code)
}

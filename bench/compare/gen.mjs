#!/usr/bin/env node
// Random scenario generator for differential fuzzing against the peer.
//
// Usage: node gen.mjs --seed S --count N [--shape mixed|typical] > FILE.jsonl
//
// Writes N scenarios in whydenied's JSON Lines format (shared DESIGN.md), the
// same N for the same seed and shape on every machine. "mixed" varies every
// layer; "typical" gives every scenario the shape of an ordinary production
// request (5 identity policies, a permissions boundary, 3 SCP levels, a
// resource policy, conditions) for throughput measurements.
//
// Scenarios stay inside what both engines express (see README.md, "What the
// generator leaves out").

import { parseArgs, die } from './lib.mjs'

// --- PRNG --------------------------------------------------------------
// A 32-bit state advanced by a Weyl sequence and finished by an
// avalanche mix: tiny, fast, and identical in every JavaScript engine.
function makeRng(seed) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x9e3779b9) >>> 0
    let z = state
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad)
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97)
    return (z ^ (z >>> 15)) >>> 0
  }
  const rng = {
    float: () => next() / 4294967296,
    int: (n) => Math.floor(rng.float() * n),
    chance: (p) => rng.float() < p,
    pick: (xs) => xs[rng.int(xs.length)],
    // [[weight, value], ...]
    weighted: (pairs) => {
      let total = 0
      for (const [w] of pairs) total += w
      let r = rng.float() * total
      for (const [w, v] of pairs) {
        if ((r -= w) < 0) return v
      }
      return pairs[pairs.length - 1][1]
    },
    some: (xs, min, max) => {
      const n = min + rng.int(max - min + 1)
      const pool = [...xs]
      const out = []
      while (out.length < n && pool.length) out.push(pool.splice(rng.int(pool.length), 1)[0])
      return out
    }
  }
  return rng
}

function seedOf(text) {
  if (/^\d+$/.test(text)) return Number(BigInt(text) & 0xffffffffn)
  let h = 2166136261
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619)
  return h >>> 0
}

// --- the world ---------------------------------------------------------
const V = '2012-10-17'
const HOME = '111122223333'
const OTHER = '444455556666'
const REGION = 'us-east-1'

// Services and actions whose ARNs the peer's catalog resolves. rcp marks the
// services RCPs govern; rp marks those with resource-based policies.
const TARGETS = [
  { svc: 's3', actions: ['GetObject', 'PutObject', 'DeleteObject'], arn: () => 'arn:aws:s3:::artifacts-bucket/build/app.zip', others: ['arn:aws:s3:::artifacts-bucket/logs/run.txt', 'arn:aws:s3:::other-bucket/build/app.zip'], globalArn: true, rp: true, rcp: true },
  { svc: 's3', actions: ['ListBucket'], arn: () => 'arn:aws:s3:::artifacts-bucket', others: ['arn:aws:s3:::other-bucket'], globalArn: true, rp: true, rcp: true },
  { svc: 's3', actions: ['ListAllMyBuckets'], wildcardOnly: true },
  { svc: 'sqs', actions: ['SendMessage', 'ReceiveMessage'], arn: (a) => `arn:aws:sqs:${REGION}:${a}:orders`, others: [`arn:aws:sqs:${REGION}:${HOME}:payments`], rp: true, rcp: true },
  { svc: 'sns', actions: ['Publish'], arn: (a) => `arn:aws:sns:${REGION}:${a}:alerts`, others: [`arn:aws:sns:${REGION}:${HOME}:billing`], rp: true },
  { svc: 'dynamodb', actions: ['GetItem', 'PutItem', 'Query'], arn: (a) => `arn:aws:dynamodb:${REGION}:${a}:table/Orders`, others: [`arn:aws:dynamodb:${REGION}:${HOME}:table/Users`], rp: true, rcp: true },
  { svc: 'secretsmanager', actions: ['GetSecretValue'], arn: (a) => `arn:aws:secretsmanager:${REGION}:${a}:secret:db-pass-AbCdEf`, others: [`arn:aws:secretsmanager:${REGION}:${HOME}:secret:api-key-XyZ123`], rp: true, rcp: true },
  { svc: 'lambda', actions: ['InvokeFunction'], arn: (a) => `arn:aws:lambda:${REGION}:${a}:function:build`, others: [`arn:aws:lambda:${REGION}:${HOME}:function:deploy`], rp: true },
  { svc: 'ec2', actions: ['StartInstances', 'TerminateInstances'], arn: (a) => `arn:aws:ec2:${REGION}:${a}:instance/i-0abc123def4567890`, others: [`arn:aws:ec2:${REGION}:${HOME}:instance/i-0fff000eee1112223`] },
  { svc: 'ec2', actions: ['DescribeInstances'], wildcardOnly: true },
  { svc: 'iam', actions: ['GetRole'], arn: (a) => `arn:aws:iam::${a}:role/deploy`, others: [`arn:aws:iam::${HOME}:role/admin`] }
]
const UNRELATED_ACTIONS = ['ec2:RebootInstances', 'kms:Decrypt', 'sqs:DeleteQueue', 'iam:CreateUser', 'logs:PutLogEvents', 's3:PutBucketPolicy']

// Condition keys by type, each with the values a policy compares against
// and the values a request may carry. Pools overlap so that conditions both
// match and miss.
const KEYS = {
  'aws:SourceIp': { type: 'ip', policy: ['203.0.113.0/24', '10.0.0.0/8', '198.51.100.20/32', '2001:db8::/32', '203.0.113.7'], request: ['203.0.113.7', '10.1.2.3', '198.51.100.20', '192.0.2.44', '2001:db8::1'] },
  'aws:SecureTransport': { type: 'bool', always: true, policy: ['true', 'false'], request: ['true', 'false'] },
  'aws:MultiFactorAuthPresent': { type: 'bool', policy: ['true', 'false'], request: ['true', 'false'] },
  'aws:MultiFactorAuthAge': { type: 'numeric', policy: ['300', '3600', '86400'], request: ['60', '300', '7200', '100000'] },
  'aws:CurrentTime': { type: 'date', always: true, policy: ['2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z', '2024-06-01T12:00:00Z'], request: ['2023-12-31T23:59:59Z', '2024-06-01T12:00:00Z', '2025-03-15T08:30:00Z'] },
  'aws:PrincipalTag/team': { type: 'string', policy: ['platform', 'data', 'plat*', 'PLATFORM'], request: ['platform', 'data', 'security', 'Platform'] },
  'aws:RequestedRegion': { type: 'string', always: true, policy: ['us-east-1', 'eu-west-1', 'us-*'], request: ['us-east-1', 'us-west-2', 'eu-west-1'] },
  'aws:PrincipalOrgID': { type: 'string', policy: ['o-abc123def4', 'o-zzz999yyy8'], request: ['o-abc123def4', 'o-other00000'] },
  'aws:RequestTag/env': { type: 'string', policy: ['prod', 'dev', 'prod-*'], request: ['prod', 'dev', 'prod-eu', 'test'] },
  'aws:SourceVpce': { type: 'string', policy: ['vpce-1a2b3c4d', 'vpce-9z8y7x6w'], request: ['vpce-1a2b3c4d', 'vpce-0000aaaa'] },
  'aws:TagKeys': { type: 'multi', policy: ['team', 'env', 'owner', 'cost-*'], request: [['team'], ['team', 'env'], ['owner'], ['cost-center', 'env'], []] },
  // Set by AWS from the caller on every signed request: the scenario always
  // states the true value when a policy reads it, never a random one.
  'aws:PrincipalArn': { type: 'arn', derived: true },
  'aws:PrincipalAccount': { type: 'string', derived: true, policy: [HOME, OTHER] }
}
const KEY_NAMES = Object.keys(KEYS)

const OPS = {
  string: ['StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringEqualsIfExists', 'StringNotEqualsIfExists', 'StringLikeIfExists'],
  ip: ['IpAddress', 'NotIpAddress', 'IpAddressIfExists', 'NotIpAddressIfExists'],
  bool: ['Bool', 'BoolIfExists'],
  numeric: ['NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals', 'NumericEquals', 'NumericNotEquals', 'NumericLessThanIfExists'],
  date: ['DateLessThan', 'DateGreaterThan', 'DateGreaterThanEquals', 'DateLessThanEquals', 'DateEquals'],
  multi: ['ForAnyValue:StringEquals', 'ForAnyValue:StringLike', 'ForAllValues:StringEquals', 'ForAllValues:StringLike', 'ForAnyValue:StringNotEquals', 'ForAllValues:StringNotLike'],
  arn: ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'StringEquals', 'StringLike', 'ArnLikeIfExists']
}

// --- principals --------------------------------------------------------
function makePrincipal(rng, kind, account) {
  switch (kind) {
    case 'user': {
      const name = rng.pick(['alice', 'bob', 'ci-bot'])
      const path = rng.chance(0.3) ? 'engineering/' : ''
      return { kind, arn: `arn:aws:iam::${account}:user/${path}${name}`, account, name, roleArn: null }
    }
    case 'role': {
      const role = rng.pick(['deploy', 'reader'])
      const arn = `arn:aws:iam::${account}:role/${role}`
      return { kind, arn, account, name: role, roleArn: arn }
    }
    case 'session': {
      const role = rng.pick(['deploy', 'reader'])
      const session = rng.pick(['ci-run-42', 'alice@example.com'])
      return { kind, arn: `arn:aws:sts::${account}:assumed-role/${role}/${session}`, account, name: session, roleArn: `arn:aws:iam::${account}:role/${role}` }
    }
    case 'federated': {
      const name = rng.pick(['bob', 'carol'])
      return { kind, arn: `arn:aws:sts::${account}:federated-user/${name}`, account, name, roleArn: null }
    }
    default:
      return { kind: 'anonymous', arn: 'anonymous', account: null, name: null, roleArn: null }
  }
}

// aws:PrincipalArn as AWS sets it: a session reports its role.
function principalArnKey(p) {
  return p.roleArn ?? p.arn
}

// --- policy elements ---------------------------------------------------
function caseMangle(rng, s) {
  return rng.chance(0.5) ? s.toLowerCase() : s.replace(/^(\w+):(\w)/, (m, svc, c) => `${svc.toUpperCase()}:${c.toLowerCase()}`)
}

function actionMatching(rng, req) {
  const [svc, name] = req.action.split(':')
  return rng.weighted([
    [5, req.action],
    [2, `${svc}:*`],
    [2, `${svc}:${name.slice(0, 3)}*`],
    [1, `${svc}:${name.slice(0, 2)}?${name.slice(3)}`],
    [1, '*'],
    [1, caseMangle(rng, req.action)],
    [1, `${svc}:*${name.slice(-4)}`]
  ])
}

function actionMissing(rng, req) {
  const [svc, name] = req.action.split(':')
  const sameSvc = TARGETS.filter((t) => t.svc === svc).flatMap((t) => t.actions).filter((a) => a !== name)
  return rng.weighted([
    [3, rng.pick(UNRELATED_ACTIONS)],
    [sameSvc.length ? 2 : 0, `${svc}:${rng.pick(sameSvc.length ? sameSvc : ['X'])}`],
    [1, `${svc}:${name}Extra`],
    [1, `${svc === 's3' ? 'sqs' : 's3'}:*`]
  ])
}

function actionElement(rng, req, matchBias) {
  const one = () => (rng.chance(matchBias) ? actionMatching(rng, req) : actionMissing(rng, req))
  if (rng.chance(0.25)) {
    const list = [one(), one()]
    if (rng.chance(0.5)) list.push(actionMissing(rng, req))
    return [...new Set(list)]
  }
  return one()
}

function resourceMatching(rng, req) {
  const r = req.resource
  if (r === '*') return '*'
  const parts = r.split(':')
  const opts = [
    [5, r],
    [2, '*'],
    [2, r.slice(0, Math.max(r.indexOf('/') + 1, r.lastIndexOf(':') + 1)) + '*'],
    [1, r.slice(0, r.length - 2) + '?' + r.slice(-1)]
  ]
  opts.push([1, ['arn', parts[1], parts[2], '*', '*', ...parts.slice(5)].join(':')])
  if (req.username && r.startsWith('arn:aws:s3:::artifacts-bucket/')) opts.push([1, 'arn:aws:s3:::artifacts-bucket/*'])
  return rng.weighted(opts)
}

function resourceMissing(rng, req) {
  if (req.target.wildcardOnly) return `arn:aws:s3:::unrelated-bucket/*`
  return rng.pick(req.target.others)
}

function resourceElement(rng, req, matchBias) {
  const one = () => (rng.chance(matchBias) ? resourceMatching(rng, req) : resourceMissing(rng, req))
  if (rng.chance(0.2)) return [...new Set([one(), one()])]
  return one()
}

function conditionBlock(rng, req, usedKeys, keyFilter) {
  const block = {}
  const n = rng.chance(0.25) ? 2 : 1
  for (let i = 0; i < n; i++) {
    const candidates = KEY_NAMES.filter((k) => keyFilter(k) && !(KEYS[k].derived && req.principal.kind === 'anonymous'))
    const key = rng.pick(candidates)
    const spec = KEYS[key]
    let op
    let values
    if (rng.chance(0.08) && !spec.derived && !spec.always) {
      op = 'Null'
      values = [rng.pick(['true', 'false'])]
    } else {
      op = rng.pick(OPS[spec.type])
      if (key === 'aws:PrincipalArn') {
        const p = req.principal
        const pool = [principalArnKey(p), `arn:aws:iam::${p.account}:role/*`, `arn:aws:iam::*:user/*`, `arn:aws:iam::${OTHER}:role/deploy`, `arn:aws:iam::${p.account}:*`, 'arn:aws:iam::*:user/${aws:username}']
        values = rng.some(pool, 1, 2)
      } else if (op === 'Bool' || op === 'BoolIfExists') {
        values = [rng.pick(spec.policy)]
      } else {
        values = rng.some(spec.policy, 1, 2)
      }
    }
    // Like operators take wildcards; the exact ones compare them literally,
    // which is still valid and worth comparing.
    block[op] ??= {}
    block[op][key] = values.length === 1 && rng.chance(0.5) ? values[0] : values
    usedKeys.add(key)
  }
  return block
}

function statement(rng, req, usedKeys, { effect, matchBias, principal, condChance, keyFilter = () => true, allowNot = true }) {
  const s = {}
  if (rng.chance(0.3)) s.Sid = `S${rng.int(1000)}`
  s.Effect = effect
  if (principal) Object.assign(s, principal)
  if (allowNot && rng.chance(0.07)) s.NotAction = rng.chance(0.5) ? actionMissing(rng, req) : actionMatching(rng, req)
  else s.Action = actionElement(rng, req, matchBias)
  if (allowNot && rng.chance(0.05)) s.NotResource = rng.chance(0.5) ? resourceMissing(rng, req) : resourceMatching(rng, req)
  else s.Resource = resourceElement(rng, req, matchBias)
  if (rng.chance(condChance)) s.Condition = conditionBlock(rng, req, usedKeys, keyFilter)
  return s
}

// Sids must be unique within a policy (reference_policies_elements_sid.md);
// whydenied rejects duplicates, so the random part is made unique here.
function policy(statements) {
  const seen = new Set()
  for (const st of statements) {
    if (st.Sid === undefined) continue
    while (seen.has(st.Sid)) st.Sid += 'x'
    seen.add(st.Sid)
  }
  return { Version: V, Statement: statements }
}

function maybeNamed(rng, doc, name) {
  return rng.chance(0.3) ? { name, document: doc } : doc
}

// --- layers ------------------------------------------------------------
function identityPolicies(rng, req, used, count) {
  const out = []
  for (let i = 0; i < count; i++) {
    const n = 1 + rng.int(3)
    const stmts = []
    for (let j = 0; j < n; j++) {
      const deny = rng.chance(0.15)
      stmts.push(statement(rng, req, used, { effect: deny ? 'Deny' : 'Allow', matchBias: deny ? 0.5 : 0.65, condChance: 0.35 }))
    }
    out.push(maybeNamed(rng, policy(stmts), `identity-${i + 1}`))
  }
  return out
}

function resourcePrincipal(rng, req) {
  const p = req.principal
  const anon = p.kind === 'anonymous'
  const home = p.account ?? OTHER
  const choices = [
    [anon ? 0 : 3, { AWS: p.arn }],
    [p.roleArn && p.kind === 'session' ? 2 : 0, { AWS: p.roleArn }],
    [anon ? 0 : 2, { AWS: `arn:aws:iam::${home}:root` }],
    [anon ? 0 : 1, { AWS: home }],
    [anon ? 4 : 1, '*'],
    [1, { AWS: '*' }],
    [1, { AWS: `arn:aws:iam::${home === HOME ? OTHER : HOME}:root` }],
    [1, { AWS: `arn:aws:iam::${home}:user/mallory` }],
    [1, { Service: 'lambda.amazonaws.com' }]
  ]
  let principal = rng.weighted(choices)
  if (rng.chance(0.2) && typeof principal === 'object' && principal.AWS) {
    principal = { AWS: [principal.AWS, `arn:aws:iam::${OTHER}:role/partner`] }
  }
  return principal
}

function resourcePolicy(rng, req, used) {
  const n = 1 + rng.int(3)
  const stmts = []
  for (let i = 0; i < n; i++) {
    const deny = rng.chance(0.25)
    let principal = { Principal: resourcePrincipal(rng, req) }
    if (deny && rng.chance(0.15) && req.principal.kind !== 'anonymous') {
      // NotPrincipal with Deny: AWS wants the session, its role and the
      // account all listed to exempt a session; sometimes only some are.
      const p = req.principal
      const list = [p.arn]
      if (p.roleArn && p.roleArn !== p.arn && rng.chance(0.5)) list.push(p.roleArn)
      if (rng.chance(0.5)) list.push(`arn:aws:iam::${p.account}:root`)
      principal = { NotPrincipal: { AWS: rng.chance(0.2) ? `arn:aws:iam::${OTHER}:user/mallory` : list } }
    }
    stmts.push(statement(rng, req, used, { effect: deny ? 'Deny' : 'Allow', matchBias: 0.7, principal, condChance: 0.35, allowNot: false }))
  }
  return maybeNamed(rng, policy(stmts), 'resource-policy')
}

function boundary(rng, req, used) {
  const stmts = [statement(rng, req, used, { effect: 'Allow', matchBias: 0.75, condChance: 0.2 })]
  if (rng.chance(0.3)) stmts.push(statement(rng, req, used, { effect: rng.chance(0.5) ? 'Deny' : 'Allow', matchBias: 0.5, condChance: 0.3 }))
  return maybeNamed(rng, policy(stmts), 'boundary')
}

function sessionPolicy(rng, req, used) {
  const stmts = [statement(rng, req, used, { effect: 'Allow', matchBias: 0.75, condChance: 0.2 })]
  if (rng.chance(0.2)) stmts.push(statement(rng, req, used, { effect: 'Deny', matchBias: 0.5, condChance: 0.3 }))
  return maybeNamed(rng, policy(stmts), 'session-policy')
}

const FULL_ACCESS = { Version: V, Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }

function scpLevels(rng, req, used, levels) {
  const out = []
  for (let i = 0; i < levels; i++) {
    const level = []
    const svc = req.action.split(':')[0]
    level.push(
      rng.weighted([
        [8, { name: 'FullAWSAccess', document: FULL_ACCESS }],
        [2, { name: 'AllowList', document: policy([{ Effect: 'Allow', Action: rng.some([`${svc}:*`, 'ec2:*', 'iam:*', 'sts:*', 's3:*'], 1, 3), Resource: '*' }]) }],
        [1, { name: 'OnlyOthers', document: policy([{ Effect: 'Allow', Action: ['ec2:*', 'cloudwatch:*'], Resource: '*' }]) }]
      ])
    )
    if (rng.chance(0.45)) {
      const stmts = [statement(rng, req, used, { effect: 'Deny', matchBias: 0.6, condChance: 0.6, allowNot: false })]
      if (rng.chance(0.3)) stmts.push({ Effect: 'Deny', NotAction: rng.pick(['ec2:*', `${svc}:*`, ['iam:*', 'sts:*']]), Resource: '*', Condition: conditionBlock(rng, req, used, (k) => k === 'aws:RequestedRegion' || k === 'aws:PrincipalTag/team') })
      level.push({ name: `Guardrail-${i}`, document: policy(stmts) })
    }
    out.push(level)
  }
  return out
}

// RCP statements are Deny with Principal "*", no NotAction, and an Action
// naming a service (the peer rejects a bare "*").
function rcpLevels(rng, req, used, levels) {
  const out = []
  const svc = req.action.split(':')[0]
  for (let i = 0; i < levels; i++) {
    if (rng.chance(0.4)) {
      out.push([])
      continue
    }
    const stmt = {
      Effect: 'Deny',
      Principal: '*',
      Action: rng.pick([`${svc}:*`, req.action, [`${svc}:*`, 'sqs:*'], `${svc}:${req.action.split(':')[1].slice(0, 3)}*`, 'sts:*']),
      Resource: rng.chance(0.8) ? '*' : resourceElement(rng, req, 0.6),
      Condition: conditionBlock(rng, req, used, (k) => ['aws:PrincipalOrgID', 'aws:SecureTransport', 'aws:PrincipalAccount', 'aws:SourceIp', 'aws:SourceVpce'].includes(k))
    }
    if (rng.chance(0.1)) delete stmt.Condition
    out.push([{ name: `rcp-${i}`, document: policy([stmt]) }])
  }
  return out
}

function endpointPolicy(rng, req, used) {
  return policy([statement(rng, req, used, { effect: 'Allow', matchBias: 0.75, principal: { Principal: '*' }, condChance: 0.15, allowNot: false })])
}

// --- context -----------------------------------------------------------
function context(rng, req, used) {
  const ctx = {}
  const p = req.principal
  for (const key of [...used].sort()) {
    const spec = KEYS[key]
    if (spec.derived) {
      if (p.kind === 'anonymous') continue
      ctx[key] = key === 'aws:PrincipalArn' ? principalArnKey(p) : p.account
      continue
    }
    // Absent exercises IfExists, Null and ForAllValues; keys AWS puts in
    // every request (their "Availability" says "always") are never absent.
    if (!spec.always && rng.chance(0.15)) continue
    ctx[key] = rng.pick(spec.request)
  }
  if (req.usesUsername) ctx['aws:username'] = p.name
  return ctx
}

// --- one scenario -------------------------------------------------------
function scenario(rng, shape) {
  const typical = shape === 'typical'
  const target = rng.pick(typical ? TARGETS.filter((t) => t.rp) : TARGETS)
  const action = `${target.svc}:${rng.pick(target.actions)}`
  const kind = typical
    ? rng.pick(['user', 'role', 'session'])
    : rng.weighted([
        [3, 'user'],
        [2, 'role'],
        [3, 'session'],
        [1, 'federated'],
        [target.rp && !target.wildcardOnly ? 1 : 0, 'anonymous']
      ])
  const crossAccount = !target.wildcardOnly && (kind === 'anonymous' || rng.chance(typical ? 0.2 : target.rp ? 0.3 : 0.05))
  const principal = makePrincipal(rng, kind, crossAccount && kind !== 'anonymous' && rng.chance(0.5) ? OTHER : HOME)
  const resourceAccount = target.wildcardOnly ? principal.account : crossAccount ? (principal.account === HOME ? OTHER : HOME) : principal.account
  const resource = target.wildcardOnly ? '*' : target.arn(resourceAccount)
  const req = { target, action, resource, principal, username: kind === 'user' ? principal.name : null }
  const used = new Set()
  const anon = kind === 'anonymous'

  const sc = { principal: principal.arn, action, resource }
  if (target.globalArn || anon) {
    // S3 ARNs carry no account; state it whenever it is not the caller's own,
    // and sometimes even then, as real callers do both.
    if (resourceAccount !== principal.account || rng.chance(0.5)) sc.resourceAccount = resourceAccount
  }

  if (!anon) {
    const count = typical ? 5 : rng.weighted([[1, 0], [4, 1], [3, 2], [2, 3], [1, 5]])
    if (count) sc.identityPolicies = identityPolicies(rng, req, used, count)
    if (req.username && target.svc === 's3' && !target.wildcardOnly && rng.chance(0.15)) {
      // A policy variable in Resource: the user's own prefix.
      sc.identityPolicies ??= []
      sc.identityPolicies.push(policy([{ Effect: 'Allow', Action: 's3:*Object', Resource: `arn:aws:s3:::artifacts-bucket/\${aws:username}/*` }]))
      req.usesUsername = true
    }
  }
  if (target.rp && !target.wildcardOnly && (typical || anon || rng.chance(crossAccount ? 0.8 : 0.4))) {
    sc.resourcePolicy = resourcePolicy(rng, req, used)
  }
  if (!anon && kind !== 'federated' && (typical || rng.chance(0.25))) sc.permissionsBoundary = boundary(rng, req, used)
  // A federated user (GetFederationToken) without a session policy has no
  // permissions; the peer does not model that, so one is always given.
  if (kind === 'federated' || (!typical && (kind === 'session' || kind === 'role') && rng.chance(0.25))) sc.sessionPolicy = sessionPolicy(rng, req, used)
  if (!anon && (typical || rng.chance(0.4))) sc.scps = scpLevels(rng, req, used, typical ? 3 : 1 + rng.int(3))
  // RCPs govern only some services; the peer applies them to every one.
  if (target.rcp && !target.wildcardOnly && rng.chance(typical ? 0.3 : 0.25)) sc.rcps = rcpLevels(rng, req, used, 1 + rng.int(3))
  if (!typical && !target.wildcardOnly && rng.chance(0.08)) sc.vpcEndpointPolicy = endpointPolicy(rng, req, used)
  if (typical) {
    // The typical request always carries conditions somewhere.
    const first = sc.identityPolicies[0]
    ;(first.document ?? first).Statement.push({ Effect: 'Allow', Action: `${target.svc}:*`, Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': REGION }, BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } } })
    used.add('aws:RequestedRegion')
    used.add('aws:MultiFactorAuthPresent')
  }

  const ctx = context(rng, req, used)
  if (Object.keys(ctx).length) sc.context = ctx
  return sc
}

function main() {
  let args
  try {
    args = parseArgs(process.argv.slice(2), { seed: 'string', count: 'int', shape: 'string' })
  } catch (e) {
    die(`gen.mjs: ${e.message}`)
  }
  if (args.positional.length) die(`gen.mjs: unexpected argument ${args.positional[0]}`)
  const seed = seedOf(args.opts.seed ?? '1')
  const count = args.opts.count ?? 100
  const shape = args.opts.shape ?? 'mixed'
  if (shape !== 'mixed' && shape !== 'typical') die(`gen.mjs: --shape expects "mixed" or "typical", got ${JSON.stringify(shape)}`)
  const rng = makeRng(seed)
  const lines = []
  for (let i = 0; i < count; i++) lines.push(JSON.stringify(scenario(rng, shape)))
  process.stdout.write(lines.join('\n') + (lines.length ? '\n' : ''))
}

main()

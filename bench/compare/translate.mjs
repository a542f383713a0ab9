// Translation between whydenied's scenario/result contract (shared DESIGN.md)
// and the input/output of the peer simulator @cloud-copilot/iam-simulate.
//
// The peer is used strictly as a black box through its published API; nothing
// of its code is copied here.
//
// toPeer(scenario)         -> { simulation, meta } | { skip: "reason" }
// fromPeer(response, meta) -> { decision, deniedBy, notes } | { error: "..." }

import { getDenialReasons } from '@cloud-copilot/iam-simulate'

const KNOWN_FIELDS = new Set([
  // Annotations that whydenied's loader accepts and neither engine evaluates.
  'name',
  'source',
  'why',
  'description',
  'expect',
  'principal',
  'action',
  'resource',
  'resourceAccount',
  'context',
  'identityPolicies',
  'resourcePolicy',
  'permissionsBoundary',
  'sessionPolicy',
  'vpcEndpointPolicy',
  'scps',
  'rcps'
])

// The peer's layer names, mapped onto ours (DESIGN.md "deniedBy").
const LAYER = {
  identity: 'identity',
  resource: 'resource',
  scp: 'scp',
  rcp: 'rcp',
  pb: 'permissionsBoundary',
  vpce: 'vpcEndpoint',
  session: 'session',
  's3-bpa': 's3BlockPublicAccess'
}

// Our layer name -> the peer's RequestAnalysis field for it.
const LAYER_ANALYSIS = {
  identity: 'identityAnalysis',
  resource: 'resourceAnalysis',
  permissionsBoundary: 'permissionBoundaryAnalysis',
  session: 'sessionAnalysis',
  scp: 'scpAnalysis',
  rcp: 'rcpAnalysis',
  vpcEndpoint: 'endpointAnalysis'
}

const DECISION = {
  Allowed: 'allowed',
  ExplicitlyDenied: 'explicitDeny',
  ImplicitlyDenied: 'implicitDeny'
}

function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

// A policy may be a bare document or {name, document} (DESIGN.md).
function namedPolicy(p, fallbackName, used) {
  if (!isObject(p)) return { error: `${fallbackName}: expected a policy object` }
  let name = fallbackName
  let doc = p
  if ('document' in p) {
    if (!isObject(p.document)) return { error: `${fallbackName}: "document" must be an object` }
    doc = p.document
    if (typeof p.name === 'string' && p.name !== '') name = p.name
  }
  // The peer keys its validation errors by name, so names must be unique.
  let unique = name
  for (let i = 2; used.has(unique); i++) unique = `${name}#${i}`
  used.add(unique)
  return { name: unique, policy: doc }
}

function orgLevels(levels, kind) {
  if (!Array.isArray(levels)) return { error: `${kind}: expected a list of levels` }
  const out = []
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i]
    if (!Array.isArray(level)) return { error: `${kind}[${i}]: expected a list of policies` }
    const used = new Set()
    const policies = []
    for (let j = 0; j < level.length; j++) {
      const np = namedPolicy(level[j], `${kind}-${i}-${j}`, used)
      if (np.error) return np
      policies.push(np)
    }
    // Root first, account last, as both contracts require.
    out.push({ orgIdentifier: `${kind}-level-${i}`, policies })
  }
  return { levels: out }
}

const ACCOUNT_RE = /^\d{12}$/
const UNKNOWN_ACCOUNT = '000000000000'
// A service principal such as cloudtrail.amazonaws.com (reference_policies_elements_principal.md).
const SERVICE_RE = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/

function accountOf(arn) {
  if (typeof arn !== 'string' || !arn.startsWith('arn:')) return undefined
  const parts = arn.split(':')
  if (parts.length < 6) return undefined
  return ACCOUNT_RE.test(parts[4]) ? parts[4] : undefined
}

// Keys that AWS puts in every request's context, from the request alone
// (reference_policies_condition-keys.md: each key's "Availability"). The peer
// derives none of them and whydenied's engine derives them, so a scenario
// that leaves them out would otherwise read as "key absent" on the peer's
// side only. A value stated in the scenario always wins.
export function derivedKeys(principal, resource, resourceAccount, now = new Date()) {
  const keys = {}
  const iso = new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z')
  keys['aws:CurrentTime'] = iso
  keys['aws:EpochTime'] = String(Math.floor(now.getTime() / 1000))
  if (resourceAccount) keys['aws:ResourceAccount'] = resourceAccount
  // The region the request went to; a regional resource's ARN names it.
  const region = typeof resource === 'string' && resource.startsWith('arn:') ? resource.split(':')[3] : ''
  if (region) keys['aws:RequestedRegion'] = region
  if (principal === 'anonymous') {
    keys['aws:PrincipalAccount'] = 'anonymous'
    keys['aws:PrincipalType'] = 'Anonymous'
    keys['aws:userid'] = 'anonymous'
    return keys
  }
  if (SERVICE_RE.test(principal)) {
    keys['aws:PrincipalIsAWSService'] = 'true'
    keys['aws:PrincipalServiceName'] = principal
    return keys
  }
  keys['aws:PrincipalIsAWSService'] = 'false'
  const account = accountOf(principal)
  if (!account) return keys
  const partition = principal.split(':')[1]
  const rest = principal.split(':').slice(5).join(':')
  keys['aws:PrincipalAccount'] = account
  let m
  if ((m = rest.match(/^user\/(?:.*\/)?([^/]+)$/)) && principal.includes(':iam::')) {
    keys['aws:PrincipalArn'] = principal
    keys['aws:PrincipalType'] = 'User'
    keys['aws:username'] = m[1]
  } else if ((m = rest.match(/^assumed-role\/([^/]+)\/([^/]+)$/))) {
    // For a role session, aws:PrincipalArn is the role's ARN, not the
    // session's; the session ARN drops the role's path, so "/" is assumed.
    keys['aws:PrincipalArn'] = `arn:${partition}:iam::${account}:role/${m[1]}`
    keys['aws:PrincipalType'] = 'AssumedRole'
    keys['aws:RoleSessionName'] = m[2]
  } else if (/^role\//.test(rest) && principal.includes(':iam::')) {
    // DESIGN.md: a role ARN stands for a session of that role.
    keys['aws:PrincipalArn'] = principal
    keys['aws:PrincipalType'] = 'AssumedRole'
  } else if ((m = rest.match(/^federated-user\/(.+)$/))) {
    keys['aws:PrincipalArn'] = principal
    keys['aws:PrincipalType'] = 'FederatedUser'
    keys['aws:userid'] = `${account}:${m[1]}`
  }
  return keys
}

function isSessionPrincipal(principal) {
  const resource = principal.split(':').slice(5).join(':')
  return /^(assumed-role|federated-user)\//.test(resource) || (principal.includes(':iam::') && resource.startsWith('role/'))
}

/**
 * Turns one whydenied scenario into the peer's Simulation.
 * @param {object} scenario a scenario object (DESIGN.md "the scenario file")
 * @param {{deriveContext?: boolean, now?: Date}} [opts] deriveContext (default true)
 *   fills the keys AWS always sets (see derivedKeys); now is their clock
 * @returns {{simulation: object, meta: object} | {skip: string}} meta goes to fromPeer
 */
export function toPeer(scenario, opts = {}) {
  const derive = opts.deriveContext !== false
  if (!isObject(scenario)) return { skip: 'invalid: scenario is not an object' }
  for (const k of Object.keys(scenario)) {
    if (!KNOWN_FIELDS.has(k)) return { skip: `unsupported field: ${k}` }
  }
  const { principal, action, resource } = scenario
  if (typeof principal !== 'string' || principal === '') return { skip: 'invalid: principal missing' }
  if (typeof action !== 'string' || action === '') return { skip: 'invalid: action missing' }
  if (typeof resource !== 'string' || resource === '') return { skip: 'invalid: resource missing' }
  if (/[*?]/.test(action)) return { skip: 'wildcard in request action' }
  // The peer expands a wildcard request resource into every pattern its
  // policies mention; whydenied evaluates the literal string. Only the bare
  // "*" of wildcard-only actions means the same on both sides.
  if (resource !== '*' && /[*?]/.test(resource)) return { skip: 'wildcard in request resource' }

  const anonymous = principal === 'anonymous'
  if (/^arn:[^:]+:iam::\d{12}:root$/.test(principal)) {
    // The root user holds every permission in its account without any
    // policy; the peer evaluates it like a user with no policies.
    return { skip: 'account root principal (peer does not grant its implicit permissions)' }
  }
  let resourceAccount = scenario.resourceAccount
  if (resourceAccount !== undefined && (typeof resourceAccount !== 'string' || !ACCOUNT_RE.test(resourceAccount))) {
    return { skip: 'invalid: resourceAccount is not a 12-digit account' }
  }
  resourceAccount ??= accountOf(resource) ?? (anonymous ? undefined : accountOf(principal))
  // An unsigned or service-principal request to an S3 ARN names no account
  // at all; the peer needs one, and for a caller with no account any other
  // account is as good.
  const peerAccount = resourceAccount ?? (anonymous || SERVICE_RE.test(principal) ? UNKNOWN_ACCOUNT : undefined)
  if (!peerAccount) return { skip: 'resource account unknown' }

  if (anonymous) {
    for (const k of ['identityPolicies', 'permissionsBoundary', 'sessionPolicy', 'scps']) {
      const v = scenario[k]
      if (v !== undefined && !(Array.isArray(v) && v.length === 0)) {
        return { skip: `anonymous request with ${k} (peer rejects principal-side policies)` }
      }
    }
  }

  if (scenario.sessionPolicy !== undefined && !isSessionPrincipal(principal)) {
    // Session policies exist only for role sessions and federated users
    // (access_policies.md, "Session policies"); the peer rejects any other.
    return { skip: 'session policy for a principal that has no session' }
  }

  const contextVariables = {}
  if (scenario.context !== undefined) {
    if (!isObject(scenario.context)) return { skip: 'invalid: context is not an object' }
    for (const [k, v] of Object.entries(scenario.context)) {
      const ok = typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'))
      if (!ok) return { skip: `invalid: context value of ${k} is not a string or list of strings` }
      contextVariables[k] = v
    }
  }
  const derivedNames = []
  if (derive) {
    // Context keys are case-insensitive in IAM; a stated key in any case wins.
    const stated = new Set(Object.keys(contextVariables).map((k) => k.toLowerCase()))
    for (const [k, v] of Object.entries(derivedKeys(principal, resource, resourceAccount, opts.now))) {
      if (stated.has(k.toLowerCase())) continue
      contextVariables[k] = v
      derivedNames.push(k)
    }
  }

  const simulation = {
    request: {
      principal: anonymous ? { type: 'Anonymous' } : principal,
      action,
      resource: { resource, accountId: peerAccount },
      contextVariables
    },
    identityPolicies: [],
    serviceControlPolicies: [],
    resourceControlPolicies: []
  }

  if (scenario.identityPolicies !== undefined) {
    if (!Array.isArray(scenario.identityPolicies)) return { skip: 'invalid: identityPolicies is not a list' }
    const used = new Set()
    for (let i = 0; i < scenario.identityPolicies.length; i++) {
      const np = namedPolicy(scenario.identityPolicies[i], `identity-${i}`, used)
      if (np.error) return { skip: `invalid: ${np.error}` }
      simulation.identityPolicies.push(np)
    }
  }
  for (const [field, target, kind] of [
    ['permissionsBoundary', 'permissionBoundaryPolicies', 'boundary'],
    ['vpcEndpointPolicy', 'vpcEndpointPolicies', 'vpce']
  ]) {
    if (scenario[field] === undefined) continue
    const np = namedPolicy(scenario[field], kind, new Set())
    if (np.error) return { skip: `invalid: ${np.error}` }
    simulation[target] = [np]
  }
  for (const field of ['resourcePolicy', 'sessionPolicy']) {
    if (scenario[field] === undefined) continue
    const np = namedPolicy(scenario[field], field, new Set())
    if (np.error) return { skip: `invalid: ${np.error}` }
    simulation[field] = np.policy
  }
  for (const [field, target] of [
    ['scps', 'serviceControlPolicies'],
    ['rcps', 'resourceControlPolicies']
  ]) {
    if (scenario[field] === undefined) continue
    const r = orgLevels(scenario[field], field.slice(0, 3))
    if (r.error) return { skip: `invalid: ${r.error}` }
    simulation[target] = r.levels
  }
  return { simulation, meta: { anonymous, service: SERVICE_RE.test(principal), derivedKeys: derivedNames } }
}

function analysesOf(response) {
  if (response.resultType === 'single') return [response.result]
  return response.results ?? []
}

/**
 * Turns the peer's runSimulation response into our result vocabulary.
 * deniedBy lists, for an explicit deny, the layers the peer names with an
 * explicit denial; for an implicit deny, the layers it names with an implicit
 * one (DESIGN.md "the result").
 * @param {object} response what runSimulation returned
 * @param {{anonymous?: boolean, service?: boolean, derivedKeys?: string[]}} [meta] toPeer's meta
 * @returns {{decision: string, deniedBy: string[], notes: string[]} | {error: string}}
 */
export function fromPeer(response, meta = {}) {
  if (!response || response.resultType === 'error') {
    const errs = response?.errors ?? {}
    const detail = JSON.stringify(errs)
    return { error: `peer rejected the simulation: ${detail.length > 400 ? detail.slice(0, 400) + '...' : detail}` }
  }
  const decision = DECISION[response.overallResult]
  if (!decision) return { error: `peer returned unknown result ${response.overallResult}` }
  const notes = []
  const results = analysesOf(response)
  if (response.resultType === 'wildcard' && results.length !== 1) {
    notes.push(`peer ran ${results.length} wildcard simulations`)
  }
  const layers = new Set()
  for (const r of results) {
    // Only keys the scenario stated are worth a note; the peer drops some
    // derived ones for actions it does not list them for.
    const derived = new Set(meta.derivedKeys ?? [])
    const ignored = (r.ignoredContextKeys ?? []).filter((k) => !derived.has(k))
    if (ignored.length) notes.push(`peer ignored context keys: ${ignored.join(', ')}`)
    if (!r.analysis || DECISION[r.analysis.result] !== decision) continue
    const wanted = decision === 'explicitDeny' ? 'Explicit' : 'Implicit'
    for (const d of getDenialReasons(r.analysis)) {
      if (d.denialType === wanted) layers.add(LAYER[d.policyType] ?? d.policyType)
    }
    const a = r.analysis
    // The peer's denial reasons leave out the session policy, and a resource
    // policy Deny that names the whole account ("DeniedForAccount"); its
    // per-layer analyses still say which layers denied.
    const session = a.sessionAnalysis?.result
    if (session && DECISION[session] === decision) layers.add('session')
    if (decision === 'explicitDeny') {
      for (const [layer, analysis] of Object.entries(LAYER_ANALYSIS)) {
        const res = a[analysis]?.result
        if (res === 'ExplicitlyDenied' || res === 'DeniedForAccount') layers.add(layer)
      }
    } else if (!a.sameAccount && !/^Allowed/.test(a.resourceAnalysis?.result ?? '')) {
      // Cross-account, the resource's account must allow too
      // (reference_policies_evaluation-logic-cross-account.md).
      layers.add('resource')
    }
  }
  if ((meta.anonymous || meta.service) && decision === 'implicitDeny') {
    // An unsigned request, or one by a service principal, has no
    // principal-side layers whose missing Allow could block it; the peer
    // still names the identity layer.
    for (const l of ['identity', 'permissionsBoundary', 'session', 'scp']) layers.delete(l)
  }
  return { decision, deniedBy: decision === 'allowed' ? [] : [...layers].sort(), notes }
}

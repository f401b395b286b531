/**
 * The Ceph RGW STS cluster the integration suites share: ./ceph-rgw-sts.sh on 127.0.0.1 (one per machine,
 * fixed ports, so the suites run one file at a time). The tester user's keys are the script's defaults.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';

export const SCRIPT = path.join(__dirname, 'ceph-rgw-sts.sh');
export const DIR = process.env.STS_LENS_CEPH_DIR || '/tmp/ceph-sts-lens';
export const PORT = process.env.STS_LENS_CEPH_PORT || '8000';
export const ENDPOINT = `http://127.0.0.1:${PORT}`;
export const REGION = 'us-east-1';
export const USER = { accessKeyId: 'TESTERACCESSKEY00001', secretAccessKey: 'testersecretkey0000000000000000000000001' };

/** Why the Ceph suites cannot run here (not installed and not root to apt-install it), or false. */
export function cephSkipReason(): string | false {
  const isRoot = process.getuid?.() === 0;
  const hasCeph = spawnSync('sh', ['-c', 'command -v radosgw && command -v ceph-mon && command -v ceph-osd'], { stdio: 'ignore' }).status === 0;
  return !isRoot && !hasCeph ? 'NOT RUN: Ceph RGW is not installed and this user is not root, so it cannot be apt-installed' : false;
}

export function cephRunning(): boolean {
  return spawnSync('bash', [SCRIPT, 'status', DIR], { stdio: 'ignore' }).status === 0;
}

/** Starts the cluster (or reuses a running one); returns the milliseconds it took. */
export function startCeph(): number {
  const t0 = Date.now();
  execFileSync('bash', [SCRIPT, 'start', DIR, PORT], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 10 * 60_000 });
  return Date.now() - t0;
}

/** Stops what the script started, unless STS_LENS_CEPH_KEEP=1 asks to keep it for the next suite. */
export function stopCeph(): void {
  if (process.env.STS_LENS_CEPH_KEEP !== '1') execFileSync('bash', [SCRIPT, 'stop', DIR], { stdio: ['ignore', 'ignore', 'inherit'] });
}

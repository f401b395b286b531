/**
 * The outside half of the "no secret anywhere" e2e check. The suite inside VS Code learns the secret keys
 * and session tokens STS issued in the run (from a terminal the user asked to get them) and posts them to
 * a sink on 127.0.0.1 that keeps them in memory only; afterwards every file the run wrote, the driver's
 * output (extension-host console included) and the CLI's output are searched for them in every encoding
 * they could take (raw, URL-encoded in either hex case, form-encoded, base64, a 32-character slice).
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';

export interface SecretSink {
  url: string;
  /** Secret keys and session tokens posted by the suite. */
  values: string[];
  /** Texts the suite read from the workbench DOM (notifications, status bar, the whole page). */
  domTexts: string[];
  close(): void;
}

export async function startSecretSink(): Promise<SecretSink> {
  const sink: SecretSink = { url: '', values: [], domTexts: [], close: () => server.close() };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      try {
        const v = JSON.parse(body) as { secrets?: string[]; dom?: string[] };
        for (const s of v.secrets ?? []) if (typeof s === 'string' && s.length >= 16) sink.values.push(s);
        for (const t of v.dom ?? []) if (typeof t === 'string') sink.domTexts.push(t);
        res.writeHead(204).end();
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  sink.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return sink;
}

/** Every form a secret could take in a log, a URL, a settings file or a state database. */
export function secretForms(secret: string): string[] {
  const encoded = encodeURIComponent(secret);
  const mid = Math.max(0, Math.floor(secret.length / 2) - 16);
  return [
    secret,
    encoded,
    encoded.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
    new URLSearchParams({ v: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
    Buffer.from(secret).toString('base64'),
    secret.length > 48 ? secret.slice(mid, mid + 32) : secret,
  ].filter((f, i, all) => all.indexOf(f) === i);
}

export interface Leak {
  where: string;
  form: number;
}

export interface ScanReport {
  files: number;
  bytes: number;
  texts: number;
  leaks: Leak[];
}

export function scanForSecrets(opts: { secrets: string[]; roots: string[]; exclude: string[]; texts: Record<string, string> }): ScanReport {
  const needles = opts.secrets.flatMap((s) => secretForms(s).map((f, form) => ({ bytes: Buffer.from(f), form })));
  const report: ScanReport = { files: 0, bytes: 0, texts: 0, leaks: [] };
  const excluded = new Set(opts.exclude.map((p) => path.resolve(p)));
  const check = (where: string, data: Buffer) => {
    for (const n of needles) if (data.includes(n.bytes)) report.leaks.push({ where, form: n.form });
  };
  const walk = (p: string) => {
    if (excluded.has(path.resolve(p))) return;
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(p)) walk(path.join(p, e));
    } else if (st.isFile()) {
      const data = fs.readFileSync(p);
      report.files++;
      report.bytes += data.length;
      check(p, data);
    }
  };
  for (const r of opts.roots) walk(r);
  for (const [name, text] of Object.entries(opts.texts)) {
    report.texts++;
    check(name, Buffer.from(text));
  }
  return report;
}

/** Files under `root` whose text contains `needle` (to prove a sink was really scanned). */
export function filesContaining(root: string, needle: string): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const st = fs.lstatSync(p);
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) walk(path.join(p, e));
    else if (st.isFile() && st.size < 50_000_000 && fs.readFileSync(p).includes(needle)) out.push(p);
  };
  if (fs.existsSync(root)) walk(root);
  return out;
}

/**
 * Deterministic benchmark inputs at realistic sizes (seeded PRNG, same bytes every run):
 * 5,000-line TypeScript / Python / Go / Java / C# / Ruby / PowerShell files with 40 STS calls, a 2,000-line ~/.aws/config with chained
 * profiles, a 300-line CloudFormation template, a 2,000-character policy, and a workspace of files of
 * which 1% mention STS.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** mulberry32: small, fast, good enough for shuffling test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DURATIONS = [900, 3600, 7200, 43200, 50000, 600];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

/** Filler that looks like ordinary application code, without any STS trigger word. */
function tsFiller(r: () => number, i: number): string[] {
  const n = Math.floor(r() * 1000);
  return [
    `export interface Order${i} { id: string; total: number; items: string[]; createdAt: Date }`,
    `export function computeTotal${i}(order: Order${i}, taxRate = 0.${(n % 9) + 1}): number {`,
    `  const subtotal = order.items.reduce((sum, item) => sum + item.length * ${n}, 0);`,
    `  if (subtotal > ${n * 10}) { console.log('large order', order.id); }`,
    `  return Math.round(subtotal * (1 + taxRate) * 100) / 100;`,
    `}`,
  ];
}

function tsCall(r: () => number, i: number): string[] {
  const d = pick(r, DURATIONS);
  return [
    `export async function assume${i}(client: STSClient) {`,
    `  const out = await client.send(`,
    `    new AssumeRoleCommand({`,
    `      RoleArn: 'arn:aws:iam::111122223333:role/service-${i}',`,
    `      RoleSessionName: 'svc-${i}',`,
    `      DurationSeconds: ${d},`,
    `      Tags: [{ Key: 'team', Value: 'platform' }],`,
    `    }),`,
    `  );`,
    `  return out.Credentials;`,
    `}`,
  ];
}

function pyFiller(r: () => number, i: number): string[] {
  const n = Math.floor(r() * 1000);
  return [
    `def compute_total_${i}(order, tax_rate=0.${(n % 9) + 1}):`,
    `    subtotal = sum(len(item) * ${n} for item in order["items"])`,
    `    if subtotal > ${n * 10}:`,
    `        print("large order", order["id"])`,
    `    return round(subtotal * (1 + tax_rate), 2)`,
    ``,
  ];
}

function pyCall(r: () => number, i: number): string[] {
  return [
    `def assume_${i}():`,
    `    resp = sts.assume_role(`,
    `        RoleArn="arn:aws:iam::111122223333:role/service-${i}",`,
    `        RoleSessionName="svc-${i}",`,
    `        DurationSeconds=${pick(r, DURATIONS)},`,
    `    )`,
    `    return resp["Credentials"]`,
    ``,
  ];
}

function goFiller(r: () => number, i: number): string[] {
  const n = Math.floor(r() * 1000);
  return [
    `func computeTotal${i}(items []string, taxRate float64) float64 {`,
    `\tsubtotal := 0.0`,
    `\tfor _, item := range items {`,
    `\t\tsubtotal += float64(len(item) * ${n})`,
    `\t}`,
    `\treturn subtotal * (1 + taxRate)`,
    `}`,
    ``,
  ];
}

function goCall(r: () => number, i: number): string[] {
  return [
    `func assume${i}(ctx context.Context, client *sts.Client) (*sts.AssumeRoleOutput, error) {`,
    `\treturn client.AssumeRole(ctx, &sts.AssumeRoleInput{`,
    `\t\tRoleArn:         aws.String("arn:aws:iam::111122223333:role/service-${i}"),`,
    `\t\tRoleSessionName: aws.String("svc-${i}"),`,
    `\t\tDurationSeconds: aws.Int32(${pick(r, DURATIONS)}),`,
    `\t})`,
    `}`,
    ``,
  ];
}

function javaFiller(r: () => number, i: number): string[] {
  const n = Math.floor(r() * 1000);
  return [
    `  public double computeTotal${i}(List<String> items, double taxRate) {`,
    `    double subtotal = 0.0;`,
    `    for (String item : items) {`,
    `      subtotal += item.length() * ${n};`,
    `    }`,
    `    if (subtotal > ${n * 10}) { System.out.println("large order " + items.size()); }`,
    `    return subtotal * (1 + taxRate);`,
    `  }`,
    ``,
  ];
}

function javaCall(r: () => number, i: number): string[] {
  return [
    `  public AssumeRoleResponse assume${i}(StsClient sts) {`,
    `    return sts.assumeRole(AssumeRoleRequest.builder()`,
    `        .roleArn("arn:aws:iam::111122223333:role/service-${i}")`,
    `        .roleSessionName("svc-${i}")`,
    `        .durationSeconds(${pick(r, DURATIONS)})`,
    `        .build());`,
    `  }`,
    ``,
  ];
}

function csharpFiller(r: () => number, i: number): string[] {
  const n = Math.floor(r() * 1000);
  return [
    `        public double ComputeTotal${i}(List<string> items, double taxRate)`,
    `        {`,
    `            var subtotal = 0.0;`,
    `            foreach (var item in items)`,
    `            {`,
    `                subtotal += item.Length * ${n};`,
    `            }`,
    `            if (subtotal > ${n * 10}) { Console.WriteLine("large order " + items.Count); }`,
    `            return subtotal * (1 + taxRate);`,
    `        }`,
    ``,
  ];
}

function csharpCall(r: () => number, i: number): string[] {
  return [
    `        public async Task<AssumeRoleResponse> Assume${i}(IAmazonSecurityTokenService sts)`,
    `        {`,
    `            return await sts.AssumeRoleAsync(new AssumeRoleRequest`,
    `            {`,
    `                RoleArn = "arn:aws:iam::111122223333:role/service-${i}",`,
    `                RoleSessionName = "svc-${i}",`,
    `                DurationSeconds = ${pick(r, DURATIONS)},`,
    `            });`,
    `        }`,
    ``,
  ];
}

/** A file of about `lines` lines with `calls` STS calls spread evenly. */
function codeFile(lines: number, calls: number, header: string[], filler: typeof tsFiller, call: typeof tsCall | null, seed: number): string {
  const r = rng(seed);
  const out = [...header];
  let i = 0;
  let made = 0;
  const every = call ? Math.floor(lines / calls) : Infinity;
  while (out.length < lines) {
    if (call && made < calls && out.length >= (made + 0.5) * every) {
      out.push(...call(r, i));
      made++;
    } else out.push(...filler(r, i));
    i++;
  }
  return out.slice(0, lines).join('\n') + '\n';
}

const TS_HEADER = [`import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';`, ``];
const TS_PLAIN_HEADER = [`import { readFile } from 'node:fs/promises';`, ``];
const PY_HEADER = [`import boto3`, ``, `sts = boto3.client("sts")`, ``];
const GO_HEADER = [`package main`, ``, `import (`, `\t"context"`, ``, `\t"github.com/aws/aws-sdk-go-v2/aws"`, `\t"github.com/aws/aws-sdk-go-v2/service/sts"`, `)`, ``];

export function typescriptFile(lines = 5000, calls = 40, seed = 1): string {
  return codeFile(lines, calls, TS_HEADER, tsFiller, tsCall, seed);
}

/** The same shape with no STS content at all (the prefilter case). */
export function plainTypescriptFile(lines = 5000, seed = 2): string {
  return codeFile(lines, 0, TS_PLAIN_HEADER, tsFiller, null, seed);
}

export function pythonFile(lines = 5000, calls = 40, seed = 3): string {
  return codeFile(lines, calls, PY_HEADER, pyFiller, pyCall, seed);
}

export function goFile(lines = 5000, calls = 40, seed = 4): string {
  return codeFile(lines, calls, GO_HEADER, goFiller, goCall, seed);
}

const JAVA_HEADER = [`import java.util.List;`, `import software.amazon.awssdk.services.sts.StsClient;`, `import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;`, `import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;`, ``, `public class Bench {`];
const CSHARP_HEADER = [`using System;`, `using System.Collections.Generic;`, `using System.Threading.Tasks;`, `using Amazon.SecurityToken;`, `using Amazon.SecurityToken.Model;`, ``, `namespace Bench`, `{`, `    public class Orders`, `    {`];

/** A class of about `lines` lines (closing braces included) with `calls` SDK v2 builder requests. */
export function javaFile(lines = 5000, calls = 40, seed = 8): string {
  return codeFile(lines - 1, calls, JAVA_HEADER, javaFiller, javaCall, seed) + '}\n';
}

/** A class in a namespace, about `lines` lines, with `calls` request initializers. */
export function csharpFile(lines = 5000, calls = 40, seed = 9): string {
  return codeFile(lines - 2, calls, CSHARP_HEADER, csharpFiller, csharpCall, seed) + '    }\n}\n';
}

function rubyFiller(r: () => number, i: number): string[] {
  const n = Math.floor(r() * 1000);
  return [
    `def compute_total_${i}(order, tax_rate = 0.${(n % 9) + 1})`,
    `  subtotal = order[:items].sum { |item| item.length * ${n} }`,
    `  puts "large order #{order[:id]}" if subtotal > ${n * 10}`,
    `  (subtotal * (1 + tax_rate)).round(2)`,
    `end`,
    ``,
  ];
}

function rubyCall(r: () => number, i: number): string[] {
  return [
    `def assume_${i}`,
    `  resp = sts.assume_role(`,
    `    role_arn: 'arn:aws:iam::111122223333:role/service-${i}',`,
    `    role_session_name: 'svc-${i}',`,
    `    duration_seconds: ${pick(r, DURATIONS)},`,
    `  )`,
    `  resp.credentials`,
    `end`,
    ``,
  ];
}

function powershellFiller(r: () => number, i: number): string[] {
  const n = Math.floor(r() * 1000);
  return [
    `function Get-OrderTotal${i} {`,
    `    param([string[]]$Items, [double]$TaxRate = 0.${(n % 9) + 1})`,
    `    $subtotal = 0`,
    `    foreach ($item in $Items) { $subtotal += $item.Length * ${n} }`,
    `    if ($subtotal -gt ${n * 10}) { Write-Host "large order $($Items.Count)" }`,
    `    return [math]::Round($subtotal * (1 + $TaxRate), 2)`,
    `}`,
    ``,
  ];
}

function powershellCall(r: () => number, i: number): string[] {
  return [
    `function Get-ServiceCredential${i} {`,
    `    $creds = Use-STSRole -RoleArn 'arn:aws:iam::111122223333:role/service-${i}' \``,
    `        -RoleSessionName 'svc-${i}' -DurationInSeconds ${pick(r, DURATIONS)}`,
    `    return $creds.Credentials`,
    `}`,
    ``,
  ];
}

/** Methods on a module-level aws-sdk-sts client, about `lines` lines. */
export function rubyFile(lines = 5000, calls = 40, seed = 10): string {
  return codeFile(lines, calls, [`require 'aws-sdk-sts'`, ``, `sts = Aws::STS::Client.new(region: 'us-east-1')`, ``], rubyFiller, rubyCall, seed);
}

/** Functions calling Use-STSRole (AWS.Tools.SecurityToken), about `lines` lines. */
export function powershellFile(lines = 5000, calls = 40, seed = 11): string {
  return codeFile(lines, calls, [`Import-Module AWS.Tools.SecurityToken`, ``], powershellFiller, powershellCall, seed);
}

/** ~/.aws/config with chains: every third profile sources the previous role profile. */
export function awsConfig(lines = 2000, seed = 5): string {
  const r = rng(seed);
  const out = ['[default]', 'region = us-east-1', ''];
  let i = 0;
  while (out.length < lines) {
    const chained = i % 3 === 2;
    out.push(
      `[profile p${i}]`,
      `role_arn = arn:aws:iam::111122223333:role/role-${i}`,
      chained ? `source_profile = p${i - 1}` : 'source_profile = default',
      `duration_seconds = ${pick(r, DURATIONS)}`,
      `role_session_name = session-${i}`,
      '',
    );
    i++;
  }
  return out.slice(0, lines).join('\n') + '\n';
}

export function cloudFormationTemplate(lines = 300, seed = 6): string {
  const r = rng(seed);
  const out = ['AWSTemplateFormatVersion: "2010-09-09"', 'Description: Benchmark template', 'Resources:'];
  let i = 0;
  while (out.length < lines) {
    out.push(
      `  Role${i}:`,
      `    Type: AWS::IAM::Role`,
      `    Properties:`,
      `      RoleName: role-${i}`,
      `      MaxSessionDuration: ${pick(r, [3600, 7200, 43200, 50000])}`,
      `      AssumeRolePolicyDocument:`,
      `        Version: "2012-10-17"`,
      `        Statement:`,
      `          - Effect: Allow`,
      `            Principal: { Service: lambda.amazonaws.com }`,
      `            Action: sts:AssumeRole`,
      `  Bucket${i}:`,
      `    Type: AWS::S3::Bucket`,
      `    Properties:`,
      `      BucketName: !Sub "\${AWS::StackName}-bucket-${i}"`,
    );
    i++;
  }
  return out.slice(0, lines).join('\n') + '\n';
}

/** A realistic session policy of about `chars` characters (pretty-printed like a hand-written file). */
export function policy(chars = 2000): string {
  const actions = ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 'dynamodb:GetItem', 'dynamodb:Query', 'sqs:SendMessage', 'sqs:ReceiveMessage', 'logs:PutLogEvents', 'kms:Decrypt', 'ssm:GetParameter'];
  const statements: object[] = [];
  let text = '';
  for (let i = 0; ; i++) {
    statements.push({
      Sid: `Stmt${i}`,
      Effect: 'Allow',
      Action: [actions[i % actions.length], actions[(i + 3) % actions.length]],
      Resource: [`arn:aws:s3:::bucket-${i}/*`],
    });
    const next = JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
    if (next.length > chars) break;
    text = next;
  }
  return text + '\n';
}

/**
 * A workspace of `files` files (about 2.6 KB each), `stsShare` of them with an STS call. Written once per
 * directory: a marker file records the parameters so reruns reuse it.
 */
export function writeWorkspace(dir: string, files = 10000, stsShare = 0.01, seed = 7): void {
  const marker = path.join(dir, '.bench-workspace');
  const want = JSON.stringify({ files, stsShare, seed, v: 1 });
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === want) return;
  fs.rmSync(dir, { recursive: true, force: true });
  const r = rng(seed);
  const every = Math.round(1 / stsShare);
  for (let i = 0; i < files; i++) {
    const sub = path.join(dir, `pkg${Math.floor(i / 100)}`, 'src');
    if (i % 100 === 0) fs.mkdirSync(sub, { recursive: true });
    const lines: string[] = [];
    const sts = i % every === every - 1;
    if (sts) lines.push(...TS_HEADER, ...tsCall(r, i));
    else lines.push(...TS_PLAIN_HEADER);
    while (lines.join('\n').length < 2600) lines.push(...tsFiller(r, i * 10 + lines.length));
    fs.writeFileSync(path.join(sub, `file${i}.ts`), lines.join('\n') + '\n');
  }
  fs.writeFileSync(marker, want);
}

/** Trigger words for the `rg -l` / indexOf baseline: the same words the prefilter looks for. */
export const TRIGGER_WORDS = ['STS', 'AssumeRole', 'assume_role', 'assume-role', 'SessionToken', 'session_token', 'Federation', 'DurationSeconds', 'role_arn', 'AKIA'];

/** One language of the mixed workspace: file extension, header/filler without trigger words, an STS call. */
interface MixedLanguage {
  ext: string;
  header: string[];
  filler: (r: () => number, i: number) => string[];
  call: (r: () => number, i: number) => string[];
}

const MIXED: MixedLanguage[] = [
  { ext: 'ts', header: TS_PLAIN_HEADER, filler: tsFiller, call: (r, i) => [...TS_HEADER, ...tsCall(r, i)] },
  { ext: 'js', header: [`const fs = require('node:fs');`, ``], filler: (r, i) => tsFiller(r, i).map((l) => l.replace(/: (string|number|Date|Order\d+)(\[\])?/g, '').replace(/^export interface.*$/, `// order ${i}`)), call: (r, i) => [`const { STSClient, AssumeRoleCommand } = require('@aws-sdk/client-sts');`, ...tsCall(r, i).map((l) => l.replace('(client: STSClient)', '(client)'))] },
  { ext: 'py', header: [`import json`, ``], filler: pyFiller, call: (r, i) => [...PY_HEADER, ...pyCall(r, i)] },
  { ext: 'go', header: [`package main`, ``], filler: goFiller, call: (r, i) => [...GO_HEADER, ...goCall(r, i)] },
  { ext: 'java', header: [`import java.util.List;`, ``, `public class Orders {`], filler: javaFiller, call: (r, i) => [`import software.amazon.awssdk.services.sts.StsClient;`, `import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;`, `import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;`, `public class Creds {`, ...javaCall(r, i), `}`] },
  { ext: 'cs', header: [`using System;`, `using System.Collections.Generic;`, ``], filler: csharpFiller, call: (r, i) => [`using Amazon.SecurityToken;`, `using Amazon.SecurityToken.Model;`, `public class Creds {`, ...csharpCall(r, i), `}`] },
  { ext: 'rb', header: [`require 'json'`, ``], filler: rubyFiller, call: (r, i) => [`require 'aws-sdk-sts'`, `sts = Aws::STS::Client.new(region: 'us-east-1')`, ...rubyCall(r, i)] },
  { ext: 'ps1', header: [`Set-StrictMode -Version Latest`, ``], filler: powershellFiller, call: (r, i) => [`Import-Module AWS.Tools.SecurityToken`, ...powershellCall(r, i)] },
  {
    ext: 'sh',
    header: [`#!/usr/bin/env bash`, `set -euo pipefail`, ``],
    filler: (r, i) => [`build_${i}() {`, `  local out="build/${i}"`, `  mkdir -p "$out" && cp -r src/* "$out"/`, `  echo "built ${Math.floor(r() * 1000)} files into $out"`, `}`, ``],
    call: (r, i) => [`aws sts assume-role --role-arn arn:aws:iam::111122223333:role/ci-${i} --role-session-name ci-${i} --duration-seconds ${pick(r, DURATIONS)}`],
  },
  {
    ext: 'tf',
    header: [`terraform {`, `  required_version = ">= 1.5"`, `}`, ``],
    filler: (r, i) => [`resource "aws_s3_bucket" "b${i}" {`, `  bucket = "bucket-${i}-${Math.floor(r() * 1000)}"`, `  tags = { team = "platform" }`, `}`, ``],
    call: (r, i) => [`provider "aws" {`, `  assume_role {`, `    role_arn = "arn:aws:iam::111122223333:role/tf-${i}"`, `    session_name = "tf-${i}"`, `    duration = "${pick(r, [1, 2, 13])}h"`, `  }`, `}`],
  },
  {
    ext: 'yaml',
    header: [`apiVersion: apps/v1`, `kind: Deployment`, `spec:`, `  containers:`],
    filler: (r, i) => [`    - name: web-${i}`, `      image: nginx:1.${Math.floor(r() * 30)}`, `      ports:`, `        - containerPort: ${8000 + i}`],
    call: (r) => cloudFormationTemplate(20, Math.floor(r() * 1000)).trimEnd().split('\n'),
  },
  {
    ext: 'json',
    header: [],
    filler: () => [],
    call: () => policy(600).trimEnd().split('\n'),
  },
];

function mixedFile(lang: MixedLanguage, r: () => number, i: number, sts: boolean): string {
  if (lang.ext === 'json') {
    if (sts) return policy(600);
    const deps = Object.fromEntries(Array.from({ length: 80 }, (_, k) => [`package-${i}-${k}`, `^${Math.floor(r() * 10)}.${k}.0`]));
    return JSON.stringify({ name: `app-${i}`, version: '1.0.0', dependencies: deps }, null, 2) + '\n';
  }
  const lines = [...(sts ? lang.call(r, i) : []), ...lang.header];
  while (lines.join('\n').length < 2600) lines.push(...lang.filler(r, i * 10 + lines.length));
  return lines.join('\n') + '\n';
}

/**
 * A workspace mixing every language the analysis reads (about 2.6 KB a file), `stsShare` of the files
 * with an STS call, 100 files a folder. Written once per directory (a marker records the parameters).
 */
export function writeMixedWorkspace(dir: string, files = 10000, stsShare = 0.01, seed = 12): void {
  const marker = path.join(dir, '.bench-workspace');
  const want = JSON.stringify({ files, stsShare, seed, mixed: MIXED.map((l) => l.ext), v: 1 });
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === want) return;
  fs.rmSync(dir, { recursive: true, force: true });
  const r = rng(seed);
  const every = Math.round(1 / stsShare);
  for (let i = 0; i < files; i++) {
    const sub = path.join(dir, `pkg${Math.floor(i / 1000)}`, `mod${Math.floor(i / 100) % 10}`);
    if (i % 100 === 0) fs.mkdirSync(sub, { recursive: true });
    const lang = MIXED[i % MIXED.length] as MixedLanguage;
    // Every 100th file mentions STS, rotating through the languages (i / every picks a different one each time).
    const sts = i % every === every - 1;
    const chosen = sts ? (MIXED[Math.floor(i / every) % MIXED.length] as MixedLanguage) : lang;
    fs.writeFileSync(path.join(sub, `file${i}.${chosen.ext}`), mixedFile(chosen, r, i, sts));
  }
  fs.writeFileSync(marker, want);
}

/**
 * Code embedded in another document: a shell step in a CI workflow, a Makefile recipe, a fenced block
 * in a README, a command line in a string of another language. The host's extractor finds each piece
 * of embedded text and says where every one of its characters came from (a {@link Region}); the
 * embedded language's own extractor runs on the piece as if it were a file, and {@link remapSites}
 * moves every offset of the sites it found back into the host document. One interpreter per language,
 * reused wherever that language is embedded.
 */
import type { Argument, CallSite, Extractor, Span, StringValue, Value } from '../types';

export interface Region {
  /** The embedded text, as the embedded language sees it (indentation, quoting, continuations removed). */
  text: string;
  /**
   * The host offset of each character of `text`; `offsets[text.length]` is the host offset just past
   * the region's last character.
   */
  offsets: number[];
  /**
   * Host spans whose text is filled in before the embedded code runs (`${{ github.ref }}` in a
   * workflow): a value that touches one is not a literal.
   */
  unknownZones?: Span[];
}

/** A region for a stretch of the host text that is embedded verbatim (a Markdown fence body). */
export function verbatimRegion(host: string, start: number, end: number): Region {
  const offsets: number[] = [];
  for (let i = start; i <= end; i++) offsets.push(i);
  return { text: host.slice(start, end), offsets };
}

/**
 * Builds a region piece by piece: `take` appends host characters that stand for themselves, `put`
 * appends text that stands for a host position (a folded line break, a joined continuation).
 */
export class RegionBuilder {
  private text = '';
  private readonly offsets: number[] = [];

  take(host: string, start: number, end: number): this {
    this.text += host.slice(start, end);
    for (let i = start; i < end; i++) this.offsets.push(i);
    return this;
  }

  put(s: string, at: number): this {
    this.text += s;
    for (let i = 0; i < s.length; i++) this.offsets.push(at);
    return this;
  }

  get length(): number {
    return this.text.length;
  }

  finish(end: number, unknownZones?: Span[]): Region {
    return { text: this.text, offsets: [...this.offsets, end], unknownZones };
  }
}

/** Runs `extractor` on each region and returns its sites with every offset in host terms. */
export function extractRegions(extractor: Extractor, regions: readonly Region[], host: string, uri?: string): CallSite[] {
  const out: CallSite[] = [];
  for (const region of regions) {
    if (region.text.trim() === '') continue;
    out.push(...remapSites(extractor.extract(region.text, uri), region, host));
  }
  return out;
}

/**
 * Moves sites found in a region's text into the host document: spans, key spans, string maps and
 * insertion points. Values touching an unknown zone become unknown. A "line N" in a chaining
 * explanation is renumbered to the host's line.
 */
export function remapSites(sites: CallSite[], region: Region, host: string): CallSite[] {
  const { offsets } = region;
  const last = offsets.length - 1;
  const at = (o: number): number => offsets[Math.min(Math.max(Math.trunc(o), 0), last)] ?? offsets[last] ?? 0;
  const spanOf = (s: Span): Span => {
    const start = at(s.offset);
    const end = s.length > 0 ? at(s.offset + s.length - 1) + 1 : start;
    return { offset: start, length: Math.max(end - start, 0) };
  };
  const zones = region.unknownZones ?? [];
  const touchesZone = (s: Span): boolean => zones.some((z) => s.offset < z.offset + z.length && z.offset < s.offset + Math.max(s.length, 1));
  const value = (v: Value): Value => {
    const s = spanOf(v);
    switch (v.kind) {
      case 'string': {
        if (touchesZone(s)) return { kind: 'unknown', ...s };
        const inner = v.map;
        const contentStart = v.offset + 1;
        const mapped: StringValue = { ...v, ...s, map: inner ? (i) => at(inner(i)) : (i) => at(contentStart + i) };
        return mapped;
      }
      case 'number':
      case 'boolean':
        return touchesZone(s) ? { kind: 'unknown', ...s } : { ...v, ...s };
      case 'array':
        return { ...v, ...s, items: v.items.map(value) };
      case 'object':
        return { ...v, ...s, props: v.props.map((p) => ({ ...p, keySpan: spanOf(p.keySpan), value: value(p.value) })) };
      default:
        return { ...v, ...s };
    }
  };
  const argument = (a: Argument): Argument => ({ ...a, span: spanOf(a.span), keySpan: spanOf(a.keySpan), value: value(a.value) });
  const hostLine = (regionLine: number): number => {
    let index = 0;
    for (let line = 1; line < regionLine; line++) {
      const nl = region.text.indexOf('\n', index);
      if (nl < 0) break;
      index = nl + 1;
    }
    const offset = at(index);
    let n = 1;
    for (let i = host.indexOf('\n'); i >= 0 && i < offset; i = host.indexOf('\n', i + 1)) n++;
    return n;
  };
  return sites.map((site) => {
    const moved: CallSite = { ...site, span: spanOf(site.span), args: site.args.map(argument) };
    if (site.insertAt) moved.insertAt = { ...site.insertAt, offset: site.insertAt.offset > 0 ? at(site.insertAt.offset - 1) + 1 : at(0) };
    if (site.chainedVia) moved.chainedVia = site.chainedVia.replace(/\bline (\d+)/g, (_, n: string) => `line ${hostLine(Number(n))}`);
    return moved;
  });
}

/** One extractor made of several, each run on the whole text (a YAML file may be a template and a workflow). */
export function combinedExtractor(...parts: Extractor[]): Extractor {
  return {
    grammars: [...new Set(parts.flatMap((p) => p.grammars))],
    extract: (text, uri) => parts.flatMap((p) => p.extract(text, uri)),
  };
}

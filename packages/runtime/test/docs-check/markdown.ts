/** One markdown file split into what a reader sees as prose and what is code. */
export interface MarkdownParts {
  /** The text outside fenced code blocks, with code spans blanked out (same line count). */
  prose: string;
  /** Every code span's and fenced block's text. */
  code: string[];
  /** The anchors GitHub gives its headings. */
  anchors: Set<string>;
}

/** A relative link of a markdown file: its target path (may be empty) and anchor (may be empty). */
export interface RelativeLink {
  path: string;
  anchor: string;
  line: number;
}

/** GitHub's anchor for a heading's text (github-slugger): lower case, punctuation dropped, spaces to hyphens. */
export function headingAnchor(heading: string): string {
  const text = heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*]/g, '')
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** Splits `text` into prose, code and heading anchors. */
export function parseMarkdown(text: string): MarkdownParts {
  const code: string[] = [];
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const proseLines: string[] = [];
  let fence: string | undefined;
  let block: string[] = [];
  for (const line of text.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== undefined) {
      if (marker !== undefined && marker.startsWith(fence)) {
        code.push(block.join('\n'));
        fence = undefined;
        block = [];
      } else block.push(line);
      proseLines.push('');
      continue;
    }
    if (marker !== undefined) {
      fence = marker;
      proseLines.push('');
      continue;
    }
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading !== undefined) {
      const anchor = headingAnchor(heading);
      const count = seen.get(anchor) ?? 0;
      seen.set(anchor, count + 1);
      anchors.add(count === 0 ? anchor : `${anchor}-${count}`);
    }
    proseLines.push(
      line.replace(/(`+)(.+?)\1/g, (span: string, _ticks: string, inner: string) => {
        code.push(inner);
        return ' '.repeat(span.length);
      }),
    );
  }
  return { prose: proseLines.join('\n'), code, anchors };
}

/** The links of `prose` that point inside the repository: inline `[text](target)` and `[ref]: target`. */
export function relativeLinks(prose: string): RelativeLink[] {
  const links: RelativeLink[] = [];
  prose.split('\n').forEach((line, index) => {
    const targets = [
      ...[...line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1] ?? ''),
      ...[...line.matchAll(/^\s*\[[^\]]+\]:\s+(\S+)/g)].map((match) => match[1] ?? ''),
    ];
    for (const target of targets) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
      const hash = target.indexOf('#');
      links.push({
        path: decodeURIComponent(hash === -1 ? target : target.slice(0, hash)),
        anchor: hash === -1 ? '' : decodeURIComponent(target.slice(hash + 1)),
        line: index + 1,
      });
    }
  });
  return links;
}

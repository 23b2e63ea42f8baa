// The Open Packaging Conventions model of an OOXML file (ECMA-376 Part 2): part names, the
// relationship parts that link them (§9.3), and the content types that say what each is (§10.1).
import type { Document, Element } from '@xmldom/xmldom';
import { childElements, is } from './xml-dom.ts';
import { NS, relationshipTypeName } from './ooxml-names.ts';

/** Part names compare case-insensitively (ECMA-376 Part 2 §9.1.1.1); keys are lower case. */
export const partKey = (name: string) => name.toLowerCase();

export const CONTENT_TYPES_PART = '[content_types].xml';

/** "word/_rels/document.xml.rels" -> "word/document.xml"; "_rels/.rels" -> "" (the package). */
export function sourceOfRelationshipPart(name: string): string | null {
  const match = /^(.*?)_rels\/([^/]*)\.rels$/i.exec(name);
  if (!match || (match[1] !== '' && !match[1]!.endsWith('/'))) return null;
  return match[1]! + match[2]!;
}

/** The relationship part of a source part (Part 2 §9.3.3). */
export function relationshipPartOf(source: string): string {
  const slash = source.lastIndexOf('/');
  return `${source.slice(0, slash + 1)}_rels/${source.slice(slash + 1)}.rels`;
}

/**
 * The part a relative or absolute internal target names, or null if it leaves the package.
 * Targets are URIs: fragments go, %-escapes are decoded (Part 2 §9.1.1, §9.3.2.2).
 */
export function resolveTarget(source: string, target: string): string | null {
  let path = target.replace(/[#?].*$/, '');
  try {
    path = decodeURIComponent(path);
  } catch {
    // Keep the raw name: a malformed escape is looked up as written.
  }
  path = path.replace(/\\/g, '/');
  const base = path.startsWith('/') ? [] : source.split('/').slice(0, -1);
  const segments = [...base];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) return null;
      segments.pop();
    } else {
      segments.push(segment);
    }
  }
  return segments.length ? segments.join('/') : null;
}

export interface Relationship {
  element: Element;
  id: string;
  typeName: string;
  target: string;
  external: boolean;
  /** Key of the target part for internal relationships that stay inside the package. */
  targetKey: string | null;
}

export function readRelationships(doc: Document, source: string): Relationship[] {
  const root = doc.documentElement!;
  if (!is(root, NS.relationships, 'Relationships')) return [];
  return childElements(root)
    .filter((el) => is(el, NS.relationships, 'Relationship'))
    .map((element) => {
      const target = element.getAttribute('Target') ?? '';
      const external = element.getAttribute('TargetMode') === 'External';
      const resolved = external ? null : resolveTarget(source, target);
      return {
        element,
        id: element.getAttribute('Id') ?? '',
        typeName: relationshipTypeName(element.getAttribute('Type') ?? ''),
        target,
        external,
        targetKey: resolved === null ? null : partKey(resolved),
      };
    });
}

/** [Content_Types].xml: Default by extension, Override by part name (Part 2 §10.1.2). */
export class ContentTypes {
  private readonly defaults = new Map<string, string>();
  private readonly overrides = new Map<string, { element: Element; type: string }>();

  constructor(private readonly doc: Document) {
    for (const el of childElements(doc.documentElement!)) {
      if (is(el, NS.contentTypes, 'Default')) this.defaults.set((el.getAttribute('Extension') ?? '').toLowerCase(), el.getAttribute('ContentType') ?? '');
      if (is(el, NS.contentTypes, 'Override')) {
        this.overrides.set(partKey((el.getAttribute('PartName') ?? '').replace(/^\//, '')), { element: el, type: el.getAttribute('ContentType') ?? '' });
      }
    }
  }

  typeOf(name: string): string {
    const override = this.overrides.get(partKey(name));
    if (override) return override.type;
    const dot = name.lastIndexOf('.');
    return dot > name.lastIndexOf('/') ? (this.defaults.get(name.slice(dot + 1).toLowerCase()) ?? '') : '';
  }

  /** Removes the Override of every part in `dropped` (keys); Defaults are shared and stay. */
  removeOverrides(dropped: ReadonlySet<string>): void {
    for (const [key, { element }] of this.overrides) {
      if (dropped.has(key)) {
        element.parentNode?.removeChild(element);
        this.overrides.delete(key);
      }
    }
  }

  get document(): Document {
    return this.doc;
  }
}

/** XML parts by content type (…xml, …+xml) or, failing that, by extension. */
export function isXmlPart(name: string, contentType: string): boolean {
  return /[/+]xml$/i.test(contentType) || /\.(?:xml|rels|vml)$/i.test(name);
}

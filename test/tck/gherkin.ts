// A parser for the Gherkin subset the openCypher kit uses: Feature, Background, Scenario, Scenario
// Outline with Examples tables, steps, doc strings and data tables. `expandScenarios` turns a
// feature into runnable scenarios ("pickles" in Cucumber's terms): background steps first, one
// scenario per Examples row, `<placeholders>` substituted in names, step text, doc strings and
// table cells. Cell unescaping follows Cucumber's gherkin (`\|`, `\\`, `\n`; other escapes kept).

/** One step as written: `keyword` is `Given`/`When`/`Then`/`And`/`But`/`*`. */
export interface Step {
  readonly keyword: string;
  readonly text: string;
  readonly line: number;
  readonly docString?: string;
  /** Rows of cells; a row may have no cells (a lone `|`). */
  readonly table?: readonly (readonly string[])[];
}

export interface ExamplesBlock {
  readonly line: number;
  readonly tags: readonly string[];
  /** Header row first. */
  readonly table: readonly (readonly string[])[];
}

export interface ScenarioDefinition {
  readonly kind: 'Scenario' | 'Outline';
  readonly name: string;
  readonly line: number;
  readonly tags: readonly string[];
  readonly steps: readonly Step[];
  readonly examples: readonly ExamplesBlock[];
}

export interface Feature {
  readonly name: string;
  readonly tags: readonly string[];
  readonly background: readonly Step[];
  readonly scenarios: readonly ScenarioDefinition[];
}

/** A runnable scenario: background plus scenario steps, outline rows expanded. */
export interface Pickle {
  readonly feature: string;
  readonly name: string;
  readonly line: number;
  readonly tags: readonly string[];
  readonly steps: readonly Step[];
  /** 1-based index over all Examples rows of an outline; absent for plain scenarios. */
  readonly exampleIndex?: number;
}

export class GherkinError extends Error {
  constructor(message: string, readonly line: number) {
    super(`line ${line}: ${message}`);
    this.name = 'GherkinError';
  }
}

const STEP_KEYWORD = /^(Given|When|Then|And|But|\*)\s+(.*)$/;
const SECTION = /^(Feature|Background|Scenario Outline|Scenario Template|Scenario|Example|Examples|Scenarios|Rule):\s*(.*)$/;

/** Splits a table row into cells, unescaping as Cucumber does. */
export function parseTableRow(line: string): string[] {
  const text = line.trim();
  if (!text.startsWith('|')) throw new Error(`not a table row: ${line}`);
  const cells: string[] = [];
  let cell = '';
  for (let i = 1; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '|') {
      cells.push(trimCell(cell));
      cell = '';
    } else if (ch === '\\' && i + 1 < text.length) {
      const next = text[++i]!;
      if (next === 'n') cell += '\n';
      else if (next === '|' || next === '\\') cell += next;
      else cell += '\\' + next;
    } else {
      cell += ch;
    }
  }
  // Text after the last unescaped pipe is not a cell.
  return cells;
}

/** Trims spaces and tabs but keeps newlines that came from `\n` escapes. */
function trimCell(cell: string): string {
  return cell.replace(/^[^\S\n]+/, '').replace(/[^\S\n]+$/, '');
}

/** Parses one .feature file. */
export function parseFeature(source: string): Feature {
  const lines = source.split(/\r\n|\r|\n/);
  let featureName = '';
  let featureTags: string[] = [];
  const background: Step[] = [];
  const scenarios: ScenarioDefinition[] = [];

  let pendingTags: string[] = [];
  // Where steps go: the background, a scenario, or nowhere (feature description).
  let section: 'none' | 'background' | 'scenario' | 'examples' = 'none';
  let current: { kind: 'Scenario' | 'Outline'; name: string; line: number; tags: string[]; steps: Step[]; examples: ExamplesBlock[] } | null = null;
  let currentExamples: { line: number; tags: string[]; table: string[][] } | null = null;
  let lastStep: { keyword: string; text: string; line: number; docString?: string; table?: string[][] } | null = null;

  const flushExamples = (): void => {
    if (currentExamples && current) current.examples.push(currentExamples);
    currentExamples = null;
  };
  const flushScenario = (): void => {
    flushExamples();
    if (current) scenarios.push(current);
    current = null;
  };

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i]!;
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) continue;

    if (text.startsWith('"""') || text.startsWith('```')) {
      const fence = text.slice(0, 3);
      const indent = raw.indexOf(fence);
      const body: string[] = [];
      let j = i + 1;
      for (; j < lines.length; j++) {
        const l = lines[j]!;
        if (l.trim() === fence) break;
        body.push(stripIndent(l, indent).split(`\\${fence[0]}\\${fence[0]}\\${fence[0]}`).join(fence));
      }
      if (j >= lines.length) throw new GherkinError('unterminated doc string', lineNo);
      if (!lastStep) throw new GherkinError('doc string outside a step', lineNo);
      lastStep.docString = body.join('\n');
      i = j;
      continue;
    }

    if (text.startsWith('|')) {
      const row = parseTableRow(text);
      if (section === 'examples' && currentExamples) currentExamples.table.push(row);
      else if (lastStep) (lastStep.table ??= []).push(row);
      else throw new GherkinError('table outside a step or Examples', lineNo);
      continue;
    }

    if (text.startsWith('@')) {
      pendingTags.push(...text.split(/\s+/).filter((t) => t.startsWith('@')));
      continue;
    }

    const sectionMatch = SECTION.exec(text);
    if (sectionMatch) {
      const keyword = sectionMatch[1]!;
      const name = sectionMatch[2]!.trim();
      lastStep = null;
      switch (keyword) {
        case 'Feature':
          featureName = name;
          featureTags = pendingTags;
          section = 'none';
          break;
        case 'Rule':
          flushScenario();
          section = 'none';
          break;
        case 'Background':
          flushScenario();
          section = 'background';
          break;
        case 'Scenario':
        case 'Example':
        case 'Scenario Outline':
        case 'Scenario Template':
          flushScenario();
          current = {
            kind: keyword === 'Scenario' || keyword === 'Example' ? 'Scenario' : 'Outline',
            name,
            line: lineNo,
            tags: pendingTags,
            steps: [],
            examples: [],
          };
          section = 'scenario';
          break;
        case 'Examples':
        case 'Scenarios':
          if (!current) throw new GherkinError('Examples outside a Scenario Outline', lineNo);
          flushExamples();
          currentExamples = { line: lineNo, tags: pendingTags, table: [] };
          section = 'examples';
          break;
      }
      pendingTags = [];
      continue;
    }

    const stepMatch = STEP_KEYWORD.exec(text);
    if (stepMatch && (section === 'background' || section === 'scenario')) {
      lastStep = { keyword: stepMatch[1]!, text: stepMatch[2]!.trim(), line: lineNo };
      if (section === 'background') background.push(lastStep);
      else current!.steps.push(lastStep);
      continue;
    }
    // Anything else is free-form description text.
  }
  flushScenario();
  return { name: featureName, tags: featureTags, background, scenarios };
}

function stripIndent(line: string, indent: number): string {
  let k = 0;
  while (k < indent && k < line.length && (line[k] === ' ' || line[k] === '\t')) k++;
  return line.slice(k);
}

/** Replaces `<name>` by the example's value for every header name. */
function substitute(text: string, values: ReadonlyMap<string, string>): string {
  return text.replace(/<([^<>\n]+)>/g, (whole, name: string) => values.get(name) ?? whole);
}

function substituteStep(step: Step, values: ReadonlyMap<string, string>): Step {
  return {
    keyword: step.keyword,
    text: substitute(step.text, values),
    line: step.line,
    ...(step.docString !== undefined ? { docString: substitute(step.docString, values) } : {}),
    ...(step.table !== undefined ? { table: step.table.map((row) => row.map((c) => substitute(c, values))) } : {}),
  };
}

/** Every runnable scenario of a feature, in file order. */
export function expandScenarios(feature: Feature): Pickle[] {
  const out: Pickle[] = [];
  for (const sc of feature.scenarios) {
    const tags = [...feature.tags, ...sc.tags];
    if (sc.kind === 'Scenario') {
      out.push({ feature: feature.name, name: sc.name, line: sc.line, tags, steps: [...feature.background, ...sc.steps] });
      continue;
    }
    let index = 0;
    for (const block of sc.examples) {
      const [header, ...rows] = block.table;
      if (!header) continue;
      for (const row of rows) {
        index++;
        const values = new Map<string, string>();
        header.forEach((name, k) => values.set(name, row[k] ?? ''));
        out.push({
          feature: feature.name,
          name: substitute(sc.name, values),
          line: sc.line,
          tags: [...tags, ...block.tags],
          steps: [...feature.background, ...sc.steps].map((s) => substituteStep(s, values)),
          exampleIndex: index,
        });
      }
    }
  }
  return out;
}

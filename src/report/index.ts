import type { Result } from '../analysis/result.js';
import { renderCsv } from './csv.js';
import { renderJson } from './json.js';
import { renderResultMarkdown } from './markdown.js';
import { type TextOptions, renderTable } from './table.js';

/** Output formats: name -> pure renderer of a Result. */
export const RENDERERS = {
  table: renderTable,
  json: (result: Result) => renderJson(result),
  csv: (result: Result) => renderCsv(result),
  markdown: (result: Result) => renderResultMarkdown(result),
} as const satisfies Record<string, (result: Result, options: TextOptions) => string>;

export type FormatName = keyof typeof RENDERERS;
export const FORMAT_NAMES = Object.keys(RENDERERS) as FormatName[];

import { createRequire } from 'node:module';

/**
 * Typed access to the parts of Nunjucks 3.2.4 that its public typings do not describe: the lexer, parser,
 * transformer, compiler, node classes and runtime. opp compiles templates itself (so it can emit its own
 * runtime calls and cache the generated code) and renders them with its own runtime object; nothing here
 * patches Nunjucks' modules or any global prototype.
 */
const require = createRequire(import.meta.url);

/* eslint-disable @typescript-eslint/no-explicit-any */
export interface NjNode {
  readonly typename: string;
  lineno: number;
  colno: number;
  fields: string[];
  children?: NjNode[];
  [field: string]: any;
  findAll(type: unknown, results?: NjNode[]): NjNode[];
}

export interface NjNodes {
  Node: any;
  Root: any;
  NodeList: any;
  Output: any;
  TemplateData: any;
  Symbol: any;
  Literal: any;
  FunCall: any;
  LookupVal: any;
  Macro: any;
  Caller: any;
  KeywordArgs: any;
  CallExtension: any;
  Dict: any;
  Pair: any;
  Array: any;
  [name: string]: any;
}

export interface NjToken {
  type: string;
  value: any;
  lineno: number;
  colno: number;
}

export interface NjTokenizer {
  lineno: number;
  colno: number;
  index: number;
  nextToken(): NjToken | null;
}

export interface NjParser {
  tokens: NjTokenizer;
  nextToken(withWhitespace?: boolean): NjToken | null;
  peekToken(): NjToken | null;
  parsePrimary(noPostfix?: boolean): NjNode;
  parseExpression(): NjNode;
  parseSignature(tolerant?: boolean, noParens?: boolean): NjNode;
  parseUntilBlocks(...names: string[]): NjNode;
  advanceAfterBlockEnd(name?: string): NjToken;
  fail(msg: string, lineno?: number, colno?: number): never;
}

export interface NjRuntime {
  Frame: any;
  SafeString: any;
  makeMacro: (...args: any[]) => any;
  makeKeywordArgs: (obj: any) => any;
  suppressValue: (val: any, autoescape: boolean) => any;
  memberLookup: (obj: any, val: any) => any;
  contextOrFrameLookup: (context: any, frame: any, name: string) => any;
  callWrap: (obj: any, name: string, context: any, args: any[]) => any;
  handleError: (error: any, lineno: number, colno: number) => any;
  inOperator: (key: any, val: any) => boolean;
  fromIterator: (arr: any) => any;
  isArray: (v: any) => boolean;
  keys: (v: any) => string[];
  copySafeness: (dest: any, target: any) => any;
  markSafe: (val: any) => any;
  [name: string]: any;
}

export interface NunjucksModule {
  Environment: any;
  compiler: { Compiler: any; compile: (...args: any[]) => string };
  parser: { Parser: any; parse: (src: string, extensions?: unknown[], opts?: unknown) => NjNode };
  lexer: { lex: (src: string, opts?: unknown) => NjTokenizer; [k: string]: any };
  runtime: NjRuntime;
  lib: { TemplateError: any; isObject: (v: any) => boolean; [k: string]: any };
  nodes: NjNodes;
}

export const nunjucks = require('nunjucks') as NunjucksModule;
export const njTransformer = require('nunjucks/src/transformer') as {
  transform: (ast: NjNode, asyncFilters: string[], name?: string) => NjNode;
};
export const njContextClass = (require('nunjucks/src/environment') as { Context: any }).Context;
export const { runtime: njRuntime, nodes: njNodes, lib: njLib } = nunjucks;
